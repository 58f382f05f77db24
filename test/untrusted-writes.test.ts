/**
 * Issue 16 §1: `daprkit dev` writes only inside `--out`, never replaces a file it did not write or
 * that was edited since, merges `.gitignore`, keeps `secrets.json` (mode 0600), reports exactly what
 * happened to each file, and turns a bad `--out` into exit 2 naming it. Hostile names and folders
 * are made at test time. The safe writer's rules are also tested directly (init and import use it).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { devFiles } from '../cli/dev';
import { OutputError, safeSegment, writeOutputFolder, WRITTEN_RECORD } from '../cli/safe-write';
import { Manifest } from '../checks/types';
import { runCli, tempDir, writeManifests } from './support/cli';

const component = (name: string, extra: Record<string, unknown> = {}): Manifest => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, { name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } }] },
  ...extra,
});
const configuration = (name: string): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name }, spec: { tracing: { samplingRate: '1' } } });
const app = (appId: string, config?: string): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: appId },
  spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, 'dapr.io/app-port': '8080', ...(config ? { 'dapr.io/config': config } : {}) } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
});

/** Every file under a folder, relative, with its content (links listed as links). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, entry.name);
      if (entry.isSymbolicLink()) out[r] = `-> ${fs.readlinkSync(path.join(dir, r))}`;
      else if (entry.isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

let work: string;
beforeEach(() => {
  work = tempDir('daprkit-writes-');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe('daprkit dev writes only inside --out', () => {
  test('a Configuration named ../../../../<temp folder>/victim is refused by the name check (exit 2), nothing is written anywhere', () => {
    const victim = `daprkit-victim-${randomBytes(6).toString('hex')}`;
    const target = os.tmpdir();
    const name = `../../../../../../../..${target}/${victim}`;
    writeManifests(path.join(work, 'in.yaml'), [configuration(name), app('orders', name)]);
    const run = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Configuration/default/../../../../../../../..${target}/`);
    expect(run.stderr).toMatch(/metadata\.name: name ".*" is invalid for a Configuration/);
    expect(fs.existsSync(path.join(target, victim))).toBe(false);
    expect(fs.existsSync(path.join(target, `${victim}.yaml`))).toBe(false);
    expect(fs.existsSync(path.join(work, 'local'))).toBe(false);
  });

  test('names that got past the checks still become one safe file name each, inside the folder', () => {
    const hostile = ['../../etc/passwd', '/abs/path', 'a/b', 'a_b', '..', '.hidden', 'con\u0000trol', 'x'.repeat(300), 'Upper', 'upper'];
    const { files } = devFiles([...hostile.map((n) => configuration(n)), ...hostile.map((n) => component(n))]);
    const paths = files.map((f) => f.path);
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length);
    for (const p of paths) {
      expect(p).toMatch(/^(\.gitignore|\.daprkit\.yaml|secrets\.json|dapr\.yaml|(config|resources)\/[A-Za-z0-9_][A-Za-z0-9._-]*)$/);
      expect(p.length).toBeLessThan(200);
    }
    const report = writeOutputFolder(path.join(work, 'out'), files, { tool: 'dev' });
    expect(report.written.sort()).toEqual(paths.sort());
    expect(Object.keys(snapshot(work)).every((f) => f.startsWith(`out${path.sep}`))).toBe(true);
  });

  test('a symbolic link inside --out is never written through (exit 2), the folder it points to stays untouched', () => {
    const outside = path.join(work, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'mine');
    fs.mkdirSync(path.join(work, 'local'));
    fs.symlinkSync(outside, path.join(work, 'local', 'resources'));
    writeManifests(path.join(work, 'in.yaml'), [component('statestore'), app('orders')]);
    const before = snapshot(outside);
    const run = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path.join('local', 'resources')}: is a symbolic link`);
    expect(snapshot(outside)).toEqual(before);
    expect(fs.readdirSync(path.join(work, 'local'))).toEqual(['resources']);

    // A link in place of a file: the file it points to is not replaced either.
    fs.rmSync(path.join(work, 'local', 'resources'));
    fs.symlinkSync(path.join(outside, 'keep.txt'), path.join(work, 'local', 'dapr.yaml'));
    expect(runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work }).code).toBe(2);
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

describe('daprkit dev never silently replaces a user file', () => {
  beforeEach(() => writeManifests(path.join(work, 'in.yaml'), [component('statestore'), configuration('appconfig'), app('orders', 'appconfig')]));

  test('a rerun replaces only what daprkit wrote; an edited file is refused (exit 2, nothing written) until --force', () => {
    expect(runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work }).code).toBe(0);
    const again = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`unchanged ${path.join('local', 'dapr.yaml')}`);
    expect(again.stdout).not.toMatch(/^wrote /m);

    fs.appendFileSync(path.join(work, 'local', 'dapr.yaml'), '# my edit\n');
    writeManifests(path.join(work, 'in.yaml'), [component('statestore'), component('pubsub'), configuration('appconfig'), app('orders', 'appconfig')]);
    const before = snapshot(path.join(work, 'local'));
    const refused = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(path.join('local', 'dapr.yaml'));
    expect(refused.stderr).toMatch(/Nothing was written.*--force/);
    expect(snapshot(path.join(work, 'local'))).toEqual(before);

    const forced = runCli(['dev', 'in.yaml', '--out', 'local', '--force'], { cwd: work });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`wrote ${path.join('local', 'dapr.yaml')}`);
    expect(forced.stdout).toContain(`wrote ${path.join('local', 'resources', 'component-pubsub.yaml')}`);
    expect(fs.readFileSync(path.join(work, 'local', 'dapr.yaml'), 'utf8')).not.toContain('# my edit');
  });

  test("a dapr.yaml daprkit did not write is refused, whatever it holds", () => {
    fs.mkdirSync(path.join(work, 'local'));
    fs.writeFileSync(path.join(work, 'local', 'dapr.yaml'), 'version: 1\napps: []\n# hand-written\n');
    const run = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(run.code).toBe(2);
    expect(fs.readFileSync(path.join(work, 'local', 'dapr.yaml'), 'utf8')).toContain('# hand-written');
    expect(fs.existsSync(path.join(work, 'local', 'resources'))).toBe(false);
  });

  test("--out . merges into the project's own .gitignore (its lines kept) and says so", () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.copyFileSync(path.join(work, 'in.yaml'), path.join(project, 'in.yaml'));
    fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules\n.env\n*.key');
    const run = runCli(['dev', 'in.yaml', '--out', '.'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('merged .gitignore');
    expect(run.stdout).not.toContain('wrote .gitignore');
    expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8')).toBe('node_modules\n.env\n*.key\n# Local secrets for the file secret store: never commit them.\nsecrets.json\n');
    const again = runCli(['dev', 'in.yaml', '--out', '.'], { cwd: project });
    expect(again.stdout).toContain('kept .gitignore (it already lists secrets.json)');
    expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8').match(/secrets\.json/g)).toHaveLength(1);
  });

  test('secrets.json is created with mode 0600, then kept (reported as kept, not written)', () => {
    const first = runCli(['dev', 'in.yaml', '--out', 'local', '--format', 'json'], { cwd: work });
    expect(JSON.parse(first.stdout).written).toContain('secrets.json');
    const file = path.join(work, 'local', 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, '{"redis": {"password": "my-real-value"}}\n');
    const again = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(again.stdout).toContain(`kept ${path.join('local', 'secrets.json')}`);
    expect(again.stdout).not.toContain(`wrote ${path.join('local', 'secrets.json')}`);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"redis": {"password": "my-real-value"}}\n');
  });

  test('a file daprkit no longer produces is removed when unedited, kept when edited', () => {
    writeManifests(path.join(work, 'in.yaml'), [component('statestore'), component('pubsub'), app('orders')]);
    expect(runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work }).code).toBe(0);
    writeManifests(path.join(work, 'in.yaml'), [app('orders')]);
    fs.appendFileSync(path.join(work, 'local', 'resources', 'component-pubsub.yaml'), '# mine\n');
    const run = runCli(['dev', 'in.yaml', '--out', 'local'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`removed ${path.join('local', 'resources', 'component-statestore.yaml')}`);
    expect(run.stdout).toContain(`kept ${path.join('local', 'resources', 'component-pubsub.yaml')}`);
    expect(fs.existsSync(path.join(work, 'local', 'resources', 'component-statestore.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(work, 'local', 'resources', 'component-pubsub.yaml'), 'utf8')).toContain('# mine');
  });
});

describe('a bad --out is exit 2 naming it', () => {
  beforeEach(() => writeManifests(path.join(work, 'in.yaml'), [component('statestore'), app('orders')]));

  test('--out naming a file, or a folder under a file', () => {
    fs.writeFileSync(path.join(work, 'afile'), 'x');
    for (const out of ['afile', path.join('afile', 'sub')]) {
      const run = runCli(['dev', 'in.yaml', '--out', out], { cwd: work });
      expect({ out, code: run.code }).toEqual({ out, code: 2 });
      expect(run.stderr).toContain(out);
      expect(run.stderr).not.toContain('internal error');
    }
    expect(fs.readFileSync(path.join(work, 'afile'), 'utf8')).toBe('x');
  });

  test('an unwritable folder', () => {
    const unwritable: string[] = [];
    if (process.getuid?.() !== 0) {
      fs.mkdirSync(path.join(work, 'ro'), { mode: 0o500 });
      unwritable.push(path.join(work, 'ro'), path.join(work, 'ro', 'sub'));
    } else if (fs.existsSync('/sys/kernel')) {
      // Root may write anywhere except where the file system refuses: sysfs takes no new files.
      unwritable.push('/sys', `/sys/daprkit-${randomBytes(4).toString('hex')}`);
    }
    expect(unwritable.length).toBeGreaterThan(0);
    for (const out of unwritable) {
      const run = runCli(['dev', 'in.yaml', '--out', out], { cwd: work });
      expect({ out, code: run.code }).toEqual({ out, code: 2 });
      expect(run.stderr).toContain(out);
      expect(run.stderr).not.toContain('internal error');
    }
  });
});

describe('the safe writer (shared by dev, init and import)', () => {
  test('safeSegment keeps safe names, and makes every other name safe and distinct', () => {
    expect(safeSegment('statestore')).toBe('statestore');
    expect(safeSegment('my.app-v2_x')).toBe('my.app-v2_x');
    const hostile = ['../x', '..', '.', '', 'a/b', 'a_b', 'a\\b', '-rf', '.git', '\u001b[2J', '__proto__', 'é'];
    const safe = hostile.map(safeSegment);
    for (const s of safe) expect(s).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
    expect(new Set(safe).size).toBe(hostile.length);
  });

  test('refuses paths that are not made of safe segments (a bug in the caller, never written)', () => {
    for (const bad of ['../x', '/abs', 'a//b', 'a/../b', '.', 'a/./b', 'x\u0000', WRITTEN_RECORD]) {
      expect(() => writeOutputFolder(path.join(work, 'out'), [{ path: bad, content: 'x' }], { tool: 't' })).toThrow(/unsafe output path/);
    }
    expect(() => writeOutputFolder(path.join(work, 'out'), [{ path: 'A.yaml', content: 'x' }, { path: 'a.yaml', content: 'y' }], { tool: 't' })).toThrow(/share the path/);
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  test('records what it wrote, reports each file once, leaves no temporary file, and refuses before writing anything', () => {
    const out = path.join(work, 'out');
    const first = writeOutputFolder(out, [{ path: 'a.txt', content: 'A' }, { path: 'dir/b.txt', content: 'B', mode: 0o600 }, { path: 'keep.json', content: '{}', policy: 'keep' }], { tool: 't' });
    expect(first).toEqual({ out, written: ['a.txt', 'dir/b.txt', 'keep.json'], unchanged: [], merged: [], kept: [], removed: [] });
    expect(fs.statSync(path.join(out, 'dir', 'b.txt')).mode & 0o777).toBe(0o600);
    const record = JSON.parse(fs.readFileSync(path.join(out, WRITTEN_RECORD), 'utf8'));
    expect(Object.keys(record.files)).toEqual(['a.txt', 'dir/b.txt']);
    fs.writeFileSync(path.join(out, 'a.txt'), 'edited');
    expect(() => writeOutputFolder(out, [{ path: 'a.txt', content: 'A2' }, { path: 'dir/b.txt', content: 'B2' }, { path: 'new.txt', content: 'N' }], { tool: 't' })).toThrow(OutputError);
    expect(snapshot(out)).toEqual({ 'a.txt': 'edited', [path.join('dir', 'b.txt')]: 'B', 'keep.json': '{}', [WRITTEN_RECORD]: expect.any(String) });
    const forced = writeOutputFolder(out, [{ path: 'a.txt', content: 'A2' }, { path: 'dir/b.txt', content: 'B' }, { path: 'keep.json', content: '{"new": 1}', policy: 'keep' }], { tool: 't', force: true });
    expect(forced).toMatchObject({ written: ['a.txt'], unchanged: ['dir/b.txt'], kept: ['keep.json'] });
    expect(Object.keys(snapshot(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  test('a record claiming files outside the folder, or edited by hand, cannot make the writer remove or replace them', () => {
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(work, 'precious.txt'), 'mine');
    fs.writeFileSync(path.join(out, 'user.txt'), 'mine');
    const sha = require('crypto').createHash('sha256').update('mine').digest('hex');
    fs.writeFileSync(path.join(out, WRITTEN_RECORD), JSON.stringify({ files: { '../precious.txt': { sha256: sha, tool: 't' }, __proto__: { sha256: sha, tool: 't' } } }));
    writeOutputFolder(out, [{ path: 'a.txt', content: 'A' }], { tool: 't', removeStale: true });
    expect(fs.readFileSync(path.join(work, 'precious.txt'), 'utf8')).toBe('mine');
    expect(() => writeOutputFolder(out, [{ path: 'user.txt', content: 'theirs' }], { tool: 't' })).toThrow(/refusing to replace/);
    expect(fs.readFileSync(path.join(out, 'user.txt'), 'utf8')).toBe('mine');
  });
});
