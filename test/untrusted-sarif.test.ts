/**
 * Issue 16 §9: SARIF that every consumer accepts, for any file name. Every output is validated
 * against the SARIF 2.1.0 JSON schema with RFC 3986 URI formats (test/support/sarif.ts); URIs are
 * percent-encoded, relative to originalUriBaseIds.SRCROOT (the working directory) for files under
 * it, absolute `file:` URIs outside it; stdin and git inputs get stable URIs; skipped files are tool
 * execution notifications. File names are made at test time.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { runCli, tempDir } from './support/cli';
import { expectValidSarif, RFC3986_RELATIVE_REF, sarifProblems } from './support/sarif';

/** A Component with a plaintext password: one error finding on line 1 of its file. */
const plaintext = (name: string) =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - {name: redisHost, value: "redis:6379"}\n  - {name: redisPassword, value: "pw-${name}"}\nscopes: [orders]\n`;

/** File names that break naive URIs: spaces, `%`, `#`, `?`, brackets, non-ASCII, a newline, a backslash, a colon first. */
const HOSTILE_NAMES = ['a b.yaml', '100%.yaml', 'hash#1.yaml', 'q?x.yaml', '[br]{ce}.yaml', 'ünïcödé 😀.yaml', 'new\nline.yaml', 'back\\slash.yaml', 'colon:first.yaml', `quote'"<>.yaml`];

interface Sarif {
  runs: {
    originalUriBaseIds: Record<string, { uri?: string; description?: { text: string } }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[] }[];
  }[];
}

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-sarif-');
  fs.mkdirSync(path.join(work, 'k8s'));
  HOSTILE_NAMES.forEach((name, i) => fs.writeFileSync(path.join(work, 'k8s', name), plaintext(`c${i}`)));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The absolute path a result's artifact location stands for, resolved the way the SARIF spec says. */
function resolve(sarif: Sarif, location: { uri: string; uriBaseId?: string }): string {
  const base = location.uriBaseId === undefined ? undefined : sarif.runs[0].originalUriBaseIds[location.uriBaseId]?.uri;
  return fileURLToPath(new URL(location.uri, base));
}

describe('SARIF file locations', () => {
  test('any file name under the working directory: a valid, percent-encoded URI relative to SRCROOT that resolves to the file', () => {
    const run = runCli(['lint', 'k8s', '--format', 'sarif', '--ignore', 'component-unscoped'], { cwd: work });
    expect(run.code).toBe(1);
    expectValidSarif(run.stdout);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(sarif.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(pathToFileURL(fs.realpathSync(work)).href.replace(/\/?$/, '/'));
    const plaintextResults = sarif.runs[0].results.filter((r) => r.ruleId === 'component-sensitive-plaintext');
    expect(plaintextResults).toHaveLength(HOSTILE_NAMES.length);
    const files = plaintextResults.map((r) => {
      const location = r.locations[0].physicalLocation.artifactLocation;
      expect(location.uriBaseId).toBe('SRCROOT');
      expect(location.uri).toMatch(RFC3986_RELATIVE_REF);
      expect(location.uri).not.toMatch(/[\s#?\\\u0080-\uffff]/);
      return path.relative(fs.realpathSync(work), resolve(sarif, location));
    });
    expect(files.sort()).toEqual(HOSTILE_NAMES.map((n) => path.join('k8s', n)).sort());
  });

  test('a file outside the working directory: an absolute file URI, no base id', () => {
    const elsewhere = tempDir('daprkit-sarif-outside-');
    try {
      const file = path.join(elsewhere, 'out side #1.yaml');
      fs.writeFileSync(file, plaintext('far'));
      const run = runCli(['lint', file, '--format', 'sarif'], { cwd: work });
      expectValidSarif(run.stdout);
      const sarif = JSON.parse(run.stdout) as Sarif;
      const location = sarif.runs[0].results.find((r) => r.ruleId === 'component-sensitive-plaintext')!.locations[0].physicalLocation.artifactLocation;
      expect(location.uriBaseId).toBeUndefined();
      expect(location.uri).toMatch(/^file:\/\/\//);
      expect(fileURLToPath(location.uri)).toBe(path.resolve(work, file));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('stdin: a stable URI under the STDIN base id, described, byte-identical across runs', () => {
    const runs = [1, 2].map(() => runCli(['lint', '-', '--format', 'sarif'], { cwd: work, input: plaintext('piped') }));
    expect(runs[0].stdout).toBe(runs[1].stdout);
    expectValidSarif(runs[0].stdout);
    const sarif = JSON.parse(runs[0].stdout) as Sarif;
    const location = sarif.runs[0].results.find((r) => r.ruleId === 'component-sensitive-plaintext')!.locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'stdin', uriBaseId: 'STDIN' });
    expect(sarif.runs[0].originalUriBaseIds.STDIN).toEqual({ description: { text: expect.stringMatching(/standard input/) } });
  });

  test('git:<ref>:<path>: the repository path, percent-encoded, under a base id naming the revision; stable across runs', () => {
    const repo = path.join(work, 'repo');
    fs.mkdirSync(path.join(repo, 'deploy dir'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'deploy dir', 'state store#1.yaml'), plaintext('ingit'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    const runs = [1, 2].map(() => runCli(['lint', 'git:HEAD:deploy dir', '--format', 'sarif'], { cwd: repo }));
    expect(runs[0].stdout).toBe(runs[1].stdout);
    expectValidSarif(runs[0].stdout);
    const sarif = JSON.parse(runs[0].stdout) as Sarif;
    const location = sarif.runs[0].results.find((r) => r.ruleId === 'component-sensitive-plaintext')!.locations[0].physicalLocation.artifactLocation;
    expect(location.uriBaseId).toBe('GIT:HEAD');
    expect(location.uri).toMatch(RFC3986_RELATIVE_REF);
    expect(decodeURIComponent(location.uri)).toMatch(/(^|\/)deploy dir\/state store#1\.yaml$/);
    expect(sarif.runs[0].originalUriBaseIds['GIT:HEAD']).toEqual({ description: { text: expect.stringMatching(/revision HEAD/) } });
  });

  test('skipped files and documents are tool execution notifications of the invocation', () => {
    const dir = path.join(work, 'with-skipped');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- app.yaml\n');
    fs.writeFileSync(path.join(dir, 'app.yaml'), plaintext('app'));
    const run = runCli(['lint', 'with-skipped', '--format', 'sarif'], { cwd: work });
    expectValidSarif(run.stdout);
    const [invocation] = (JSON.parse(run.stdout) as Sarif).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].message.text).toMatch(/kustomization\.yaml:1: skipped/);
    expect(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'with-skipped/kustomization.yaml', uriBaseId: 'SRCROOT' });
  });

  test('the validator itself rejects what old output held: a raw space or "#" in a URI', () => {
    const log = (uri: string) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri } } }] }] }] });
    expect(sarifProblems(log('k8s/a%20b.yaml'))).toEqual([]);
    expect(sarifProblems(log('k8s/a b.yaml'))).not.toEqual([]);
    expect(sarifProblems(log('k8s/hash#1#2.yaml'))).not.toEqual([]);
    expect(sarifProblems(log('colon:first.yaml'))).toEqual([]); // a valid absolute URI, scheme "colon" — why ":" is encoded in relative paths
  });
});
