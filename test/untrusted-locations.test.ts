/**
 * Issue 16 §6: findings name the right file. When the same object is in two files, each finding is
 * located at the copy whose content it is about (text, JSON and SARIF); the duplicate itself is one
 * finding naming every copy; an object whose metadata.name is not a string is reported at its own
 * file, not "(unknown)".
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { runCli, tempDir } from './support/cli';
import { expectValidSarif } from './support/sarif';

interface JsonFinding {
  check: string;
  resource: string;
  field: string;
  message: string;
  file: string;
  line: number;
  related?: { file: string; line: number }[];
}

/** A statestore Component; with `password` it holds it in plain text (an error about this copy only). */
const statestore = (password?: string) => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'statestore', namespace: 'shop' },
  spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, password === undefined ? { name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } } : { name: 'redisPassword', value: password }] },
  scopes: ['orders'],
});
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data: { a: 'b' } });

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-locations-');
  const write = (file: string, docs: unknown[]) => {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), docs.map((d) => stringify(d)).join('---\n'));
  };
  // base/ holds the reference; prod/ the same object with a plaintext password, not on line 1.
  write('overlay/base/statestore.yaml', [statestore()]);
  write('overlay/prod/statestore.yaml', [configMap('first'), statestore('hunter2')]);
  // The other way round: the bad copy comes first.
  write('reversed/a/statestore.yaml', [statestore('hunter2')]);
  write('reversed/b/statestore.yaml', [statestore()]);
  // Three copies, only the last one bad.
  write('three/1.yaml', [statestore()]);
  write('three/2.yaml', [statestore()]);
  write('three/3.yaml', [configMap('x'), configMap('y'), statestore('hunter2')]);
  // A name that is not a string, in its own file next to another file.
  write('unnamed/good.yaml', [configMap('good')]);
  write('unnamed/numbered.yaml', [configMap('good2'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 12345, namespace: 'shop' }, data: {} }]);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const lintJson = (dir: string) => JSON.parse(runCli(['lint', dir, '--format', 'json'], { cwd: work }).stdout) as { findings: JsonFinding[] };
/** Line of the statestore document in a file (documents are separated by ---). */
const lineOf = (file: string) => {
  const lines = fs.readFileSync(path.join(work, file), 'utf8').split('\n');
  const at = lines.findIndex((l, i) => l === 'kind: Component' && (i === 0 || lines[i - 1].startsWith('apiVersion')));
  return at; // the object starts on its apiVersion line, one above (1-based: same number)
};

describe('a finding about one copy of a duplicated object is located at that copy', () => {
  test.each([
    ['overlay', 'overlay/prod/statestore.yaml', ['overlay/base/statestore.yaml', 'overlay/prod/statestore.yaml']],
    ['reversed', 'reversed/a/statestore.yaml', ['reversed/a/statestore.yaml', 'reversed/b/statestore.yaml']],
    ['three', 'three/3.yaml', ['three/1.yaml', 'three/2.yaml', 'three/3.yaml']],
  ])('%s: the plaintext password is reported at the copy holding it; the duplicate once, naming every copy', (dir, bad, all) => {
    const report = lintJson(dir);
    const plaintext = report.findings.filter((f) => f.check === 'component-sensitive-plaintext');
    expect(plaintext.map((f) => [f.file, f.line])).toEqual([[bad, lineOf(bad)]]);
    const duplicates = report.findings.filter((f) => f.check === 'duplicate-object');
    expect(duplicates).toHaveLength(1);
    const [dup] = duplicates;
    expect([{ file: dup.file, line: dup.line }, ...(dup.related ?? [])].map((l) => l.file)).toEqual(all);
    for (const file of all) expect(dup.message).toContain(`${file}:${lineOf(file)}`);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  test('SARIF: the result sits at the bad copy, the duplicate names the others as related locations', () => {
    const out = runCli(['lint', 'overlay', '--format', 'sarif'], { cwd: work }).stdout;
    expectValidSarif(out);
    const results = JSON.parse(out).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const plaintext = results.find((r) => r.ruleId === 'component-sensitive-plaintext')!;
    expect(plaintext.locations[0].physicalLocation.artifactLocation.uri).toBe('overlay/prod/statestore.yaml');
    expect(plaintext.locations[0].physicalLocation.region.startLine).toBe(lineOf('overlay/prod/statestore.yaml'));
    const dup = results.find((r) => r.ruleId === 'duplicate-object')!;
    expect(dup.locations[0].physicalLocation.artifactLocation.uri).toBe('overlay/base/statestore.yaml');
    expect(dup.relatedLocations?.map((l) => l.physicalLocation.artifactLocation.uri)).toEqual(['overlay/prod/statestore.yaml']);
  });

  test('text output groups the finding under the bad copy', () => {
    const text = runCli(['lint', 'overlay'], { cwd: work }).stdout;
    const prod = text.indexOf('overlay/prod/statestore.yaml\n');
    expect(prod).toBeGreaterThanOrEqual(0);
    expect(text.slice(prod)).toMatch(/^overlay\/prod\/statestore\.yaml\n {2}\d+: error Component\/shop\/statestore spec\.metadata\[name=redisPassword\]: sensitive field/);
  });
});

test('an object whose metadata.name is not a string is reported at its own file and line', () => {
  const report = lintJson('unnamed');
  const shape = report.findings.filter((f) => f.check === 'manifest-shape');
  expect(shape.length).toBeGreaterThan(0);
  for (const f of shape) expect([f.file, f.line]).toEqual(['unnamed/numbered.yaml', 9]);
  expect(report.findings.map((f) => f.file)).not.toContain('(unknown)');
});
