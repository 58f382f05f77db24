/**
 * `daprkit import` through the command line's `main`: what it writes, where, its report, and its
 * exit codes. In process (a spawned CLI costs seconds), but one run spawns the real entry point.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../cli/main';
import { REPO_ROOT, runCli } from './support/cli';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `daprkit <args>` in this process, capturing its output. */
async function daprkit(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main([...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}

const TUTORIAL = path.join(REPO_ROOT, 'test', 'fixtures', 'import-corpus', 'quickstarts-hello-kubernetes');
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-cli-import-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file under a folder, relative, sorted. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tree(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name])).sort();
}

describe('daprkit import', () => {
  test('writes main.ts and the chart file into --out only, and reports each object with its construct (the real entry point)', () => {
    const out = path.join(work, 'program');
    const run = runCli(['import', TUTORIAL, '--out', out]);
    expect(run.code).toBe(0);
    expect(tree(work)).toEqual(['program/.daprkit-files.json', 'program/main.ts', 'program/quickstarts-hello-kubernetes.ts']);
    expect(run.stdout).toMatch(/^Imported 4 objects: 4 as typed constructs, 0 as ApiObject; 3 of 3 Dapr objects typed\./);
    expect(run.stdout).toMatch(/Component\/default\/statestore\s+\S+redis\.yaml:1\s+StateStore\.redis/);
    expect(run.stdout).toMatch(/suppressed \(\d+; each a daprkit\.io\/ignore/);
    expect(run.stdout).toContain(`wrote ${path.join(out, 'main.ts')}`);
    expect(fs.readFileSync(path.join(out, 'main.ts'), 'utf8')).toContain("import { QuickstartsHelloKubernetesChart } from './quickstarts-hello-kubernetes';");
  });

  test('--format json: objects (resource, file, line, as, dapr), skipped, suppressed, files', async () => {
    const run = await daprkit(['import', TUTORIAL, '--out', path.join(work, 'p'), '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual(['files', 'objects', 'skipped', 'suppressed']);
    expect(report.objects).toContainEqual({ resource: 'Deployment/default/nodeapp', file: path.join(TUTORIAL, 'node.yaml'), line: 17, as: 'DaprApp', dapr: true });
    expect(report.suppressed).toContainEqual(expect.objectContaining({ resource: 'Component/default/statestore', check: 'component-unscoped' }));
  });

  test('fails with exit 2, writing nothing, when a file it would write exists; the existing file is untouched', async () => {
    const out = path.join(work, 'p');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'main.ts'), 'my own main\n');
    const run = await daprkit(['import', TUTORIAL, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to replace what daprkit did not write, or what changed since it wrote it: .*main\.ts\. Nothing was written/);
    expect(tree(out)).toEqual(['main.ts']);
    expect(fs.readFileSync(path.join(out, 'main.ts'), 'utf8')).toBe('my own main\n');
  });

  test('importing again refreshes its own unedited files; an edited one is refused unless --force', async () => {
    const out = path.join(work, 'p');
    expect((await daprkit(['import', TUTORIAL, '--out', out])).code).toBe(0);
    const again = await daprkit(['import', TUTORIAL, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged \S*main\.ts/);
    fs.appendFileSync(path.join(out, 'main.ts'), '// mine\n');
    expect((await daprkit(['import', TUTORIAL, '--out', out])).code).toBe(2);
    expect(fs.readFileSync(path.join(out, 'main.ts'), 'utf8')).toMatch(/\/\/ mine\n$/);
    const forced = await daprkit(['import', TUTORIAL, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'main.ts'), 'utf8')).not.toContain('// mine');
  });

  test('fails with exit 2 on a link where a file would go, and never writes through it', async () => {
    const out = path.join(work, 'p');
    fs.mkdirSync(out);
    const victim = path.join(work, 'victim.txt');
    fs.writeFileSync(victim, 'victim\n');
    fs.symlinkSync(victim, path.join(out, 'main.ts'));
    expect((await daprkit(['import', TUTORIAL, '--out', out])).code).toBe(2);
    expect(fs.readFileSync(victim, 'utf8')).toBe('victim\n');
  });

  test('fails with exit 2 when --out is a file, or an input does not exist', async () => {
    const file = path.join(work, 'file');
    fs.writeFileSync(file, 'x');
    const asFile = await daprkit(['import', TUTORIAL, '--out', file]);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toMatch(/--out .*file: is a file, not a folder/);
    const missing = await daprkit(['import', path.join(work, 'nope'), '--out', path.join(work, 'p')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    expect(tree(work)).toEqual(['file']);
  });

  test('invalid YAML gets lint\'s report and exit code 1, and nothing is written', async () => {
    const broken = path.join(work, 'broken.yaml');
    fs.writeFileSync(broken, 'apiVersion: v1\nkind: [unclosed\n');
    const run = await daprkit(['import', broken, '--out', path.join(work, 'p')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/yaml-syntax/);
    expect(tree(work)).toEqual(['broken.yaml']);
  });

  test('reads stdin with - (the real entry point)', () => {
    const yaml = fs.readFileSync(path.join(TUTORIAL, 'redis.yaml'), 'utf8');
    const run = runCli(['import', '-', '--out', path.join(work, 'p'), '--format', 'json'], { input: yaml });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).objects).toEqual([expect.objectContaining({ resource: 'Component/default/statestore', file: '-', as: 'StateStore.redis' })]);
    expect(tree(work)).toEqual(['p/.daprkit-files.json', 'p/main.ts', 'p/system.ts']);
  });

  test('an input without Kubernetes objects is a usage error (exit 2)', async () => {
    const empty = path.join(work, 'values.yaml');
    fs.writeFileSync(empty, 'replicas: 3\n');
    const run = await daprkit(['import', empty, '--out', path.join(work, 'p')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing to import/);
  });

  test('control characters in names are escaped in the text report', async () => {
    const hostile = path.join(work, 'hostile.yaml');
    fs.writeFileSync(hostile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "evil\\u001b]0;pwned\\u0007"\ndata: {}\n');
    const run = await daprkit(['import', hostile, '--out', path.join(work, 'p')]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b/);
    expect(run.stdout).toContain('evil\\u001b]0;pwned\\u0007');
  });
});
