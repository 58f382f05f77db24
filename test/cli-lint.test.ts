/** `daprkit lint` through its real entry point, on files copied to a temp dir. */
import * as fs from 'fs';
import * as path from 'path';
import { checkIds } from '../checks/catalog-of-checks';
import { REPO_ROOT, runCli, tempDir } from './support/cli';
import { expectValidSarif } from './support/sarif';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

interface JsonFinding {
  check: string;
  severity: string;
  resource: string;
  field: string;
  message: string;
  hint: string;
  file: string;
  line: number;
}
interface JsonReport {
  objects: number;
  exitCode: number;
  findings: JsonFinding[];
  notices: { source: string; message: string }[];
}

let work: string;
beforeAll(() => {
  work = tempDir();
  fs.cpSync(path.join(FIXTURES, 'tutorials'), path.join(work, 'tutorials'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'broken'), path.join(work, 'broken'), { recursive: true });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('daprkit lint on correct tutorial manifests', () => {
  test('finds no error in any of the six tutorial sets and exits 0', () => {
    // Each set is its own system (two tutorials may both name a Component "statestore" in "default").
    const sets = fs.readdirSync(path.join(work, 'tutorials')).sort();
    expect(sets).toEqual(['bindings', 'distributed-calculator', 'hello-kubernetes', 'observability', 'pub-sub', 'secret-store']);
    let objects = 0;
    for (const set of sets) {
      const run = runCli(['lint', path.join('tutorials', set), '--format', 'json'], { cwd: work });
      const report = JSON.parse(run.stdout) as JsonReport;
      expect({ set, errors: report.findings.filter((f) => f.severity === 'error') }).toEqual({ set, errors: [] });
      expect({ set, code: run.code }).toEqual({ set, code: 0 });
      objects += report.objects;
    }
    expect(objects).toBeGreaterThanOrEqual(25);
  });
});

describe('daprkit lint on the classic mistakes', () => {
  let report: JsonReport;
  let code: number | null;
  beforeAll(() => {
    const run = runCli(['lint', 'broken', '--format', 'json'], { cwd: work });
    code = run.code;
    report = JSON.parse(run.stdout) as JsonReport;
  });
  const findingsIn = (file: string) => report.findings.filter((f) => f.file === path.join('broken', file));

  test('fails with exit 1 when any error is found', () => {
    expect(code).toBe(1);
  });

  test.each([
    ['wrong-app-port.yaml', 'app-port-not-declared', 'error', 'spec.template.metadata.annotations["dapr.io/app-port"]', /app-port 3001 is not declared.*3000/],
    ['annotation-typo.yaml', 'unknown-annotation', 'error', 'spec.template.metadata.annotations["dapr.io/app-protocl"]', /Did you mean "dapr.io\/app-protocol"/],
    ['annotations-on-deployment.yaml', 'misplaced-annotation', 'error', 'metadata.annotations["dapr.io/app-id"]', /on the Deployment itself/],
    ['component-scoped-away.yaml', 'subscription-pubsub', 'error', 'scopes[0]', /scoped to "react-form" only/],
    ['unknown-resiliency-target.yaml', 'resiliency-target-exists', 'warning', 'spec.targets.apps["order-processer"]', /"order-processer" is not an app-id/],
    ['plaintext-password.yaml', 'component-sensitive-plaintext', 'error', 'spec.metadata[name=redisPassword]', /plaintext/],
    ['subscription-unknown-pubsub.yaml', 'subscription-pubsub', 'error', 'spec.pubsubname', /"orderpubsub" is not a Component/],
    ['closed-set-verb.yaml', 'closed-set-value', 'error', 'spec.accessControl.policies[0].operations[0].httpVerb[1]', /"FETCH" is not one of/],
    ['crd-misspelt-field.yaml', 'crd-schema', 'error', 'spec.metdata', /unknown field "metdata"/],
  ])('%s → %s', (file, check, severity, field, message) => {
    const found = findingsIn(file).filter((f) => f.check === check && f.field === field);
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe(severity);
    expect(found[0].message).toMatch(message);
    expect(found[0].hint).not.toBe('');
  });

  test('the plaintext password itself never appears in the output', () => {
    expect(JSON.stringify(findingsIn('plaintext-password.yaml'))).not.toContain('S3cr3t!');
  });

  test('each finding carries the line its object starts on', () => {
    const scopedAway = findingsIn('component-scoped-away.yaml');
    // The file holds a Deployment (line 1), the Component (line 26) and the Subscription (line 44).
    expect(scopedAway.find((f) => f.resource === 'Subscription/component-scoped-away/orders')?.line).toBe(44);
    expect(scopedAway.find((f) => f.resource === 'Component/component-scoped-away/pubsub')?.line).toBe(26);
  });

  test('invalid YAML is a yaml-syntax finding with the parser line and column, not a crash', () => {
    const [finding] = findingsIn('invalid-yaml.yaml');
    expect(finding).toMatchObject({ check: 'yaml-syntax', severity: 'error', field: 'line 7, column 1' });
    expect(finding.message).toMatch(/^invalid YAML: Flow sequence/);
  });
});

describe('daprkit lint exit codes, suppressions and formats', () => {
  test('warnings alone exit 0, and 1 with --strict', () => {
    expect(runCli(['lint', 'broken/unknown-resiliency-target.yaml'], { cwd: work }).code).toBe(0);
    expect(runCli(['lint', '--strict', 'broken/unknown-resiliency-target.yaml'], { cwd: work }).code).toBe(1);
  });

  test('--ignore <check-id> drops those findings; the daprkit.io/ignore annotation drops them on one object', () => {
    const ignored = runCli(['lint', '--ignore', 'app-port-not-declared', 'broken/wrong-app-port.yaml'], { cwd: work });
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toContain('0 errors');
    const annotated = path.join(work, 'annotated.yaml');
    const text = fs.readFileSync(path.join(work, 'broken', 'wrong-app-port.yaml'), 'utf8').replace('dapr.io/enabled: "true"', 'dapr.io/enabled: "true"\n        daprkit.io/ignore: app-port-not-declared');
    fs.writeFileSync(annotated, text);
    expect(runCli(['lint', annotated], { cwd: work }).code).toBe(0);
  });

  test('fails with exit 2 and a did-you-mean for an --ignore id no check has', () => {
    const run = runCli(['lint', '--ignore', 'app-port-not-declard', 'tutorials'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--ignore app-port-not-declard: no check has that id. Did you mean "app-port-not-declared"?');
  });

  test('fails with a finding, without reading it, on a file far over the size bound', () => {
    const big = path.join(work, 'big.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 40 * 1024 * 1024); // sparse: 40 MB of NUL bytes
    const run = runCli(['lint', big, '--format', 'json'], { cwd: work });
    fs.rmSync(big);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: JsonFinding) => f.message)).toEqual([`the file is ${40 * 1024 * 1024} bytes long, over the reader's limit of 8000000 bytes; it was not read.`]);
  });

  test('fails with exit 2 on a path that does not exist', () => {
    const run = runCli(['lint', 'nowhere.yaml'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nowhere.yaml: no such file or folder.');
  });

  test('reads stdin with -, and skips Helm templates with a notice', () => {
    const stdin = fs.readFileSync(path.join(work, 'broken', 'wrong-app-port.yaml'), 'utf8');
    const run = runCli(['lint', '-', '--format', 'json', '--ignore', 'pod-security-restricted'], { cwd: work, input: stdin });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => [f.file, f.check])).toEqual([['-', 'app-port-not-declared']]);
    const chart = path.join(work, 'chart', 'templates');
    fs.mkdirSync(chart, { recursive: true });
    fs.writeFileSync(path.join(chart, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    fs.writeFileSync(path.join(work, 'chart', 'kustomization.yaml'), 'resources:\n- templates/deployment.yaml\n');
    const helm = JSON.parse(runCli(['lint', 'chart', '--format', 'json'], { cwd: work }).stdout) as JsonReport;
    expect(helm.findings).toEqual([]);
    expect(helm.notices.map((n) => n.message)).toEqual([expect.stringMatching(/not a Kubernetes object/), expect.stringMatching(/^skipped: a template/)]);
  });

  test('text output is grouped by file, errors first, uncoloured off a TTY', () => {
    const run = runCli(['lint', 'broken/component-scoped-away.yaml', '--ignore', 'pod-security-restricted'], { cwd: work });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(path.join('broken', 'component-scoped-away.yaml'));
    expect(lines[1]).toMatch(/^ {2}44: error Subscription\/component-scoped-away\/orders scopes\[0\]/);
    expect(lines[3]).toMatch(/^ {2}26: warning Component\/component-scoped-away\/pubsub/);
    expect(run.stdout).not.toContain('\u001b[');
    expect(lines.at(-2)).toBe('3 objects checked: 1 error, 1 warning.');
  });

  test('--format sarif gives SARIF 2.1.0 with rule ids and the object line', () => {
    const out = runCli(['lint', 'broken/wrong-app-port.yaml', '--format', 'sarif', '--ignore', 'pod-security-restricted'], { cwd: work }).stdout;
    expectValidSarif(out);
    const sarif = JSON.parse(out);
    expect(sarif.version).toBe('2.1.0');
    const [result] = sarif.runs[0].results;
    expect(result).toMatchObject({ ruleId: 'app-port-not-declared', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'broken/wrong-app-port.yaml' }, region: { startLine: 1 } } }] });
    expect(sarif.runs[0].tool.driver.rules).toEqual([{ id: 'app-port-not-declared', shortDescription: { text: expect.stringContaining('app-port') } }]);
  });

  test('--help lists every command; --list-checks lists the registry', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['lint', 'diff', 'dev', 'graph']) expect(run.stdout).toContain(command);
    const list = JSON.parse(runCli(['lint', '--list-checks', '--format', 'json']).stdout) as { id: string; severity: string }[];
    expect(list.map((c) => c.id)).toEqual(checkIds());
    expect(list.find((c) => c.id === 'yaml-syntax')?.severity).toBe('error');
  });

  test('SARIF locates a syntax error at the parser line and column', () => {
    const out = runCli(['lint', 'broken/invalid-yaml.yaml', '--format', 'sarif'], { cwd: work }).stdout;
    expectValidSarif(out);
    const sarif = JSON.parse(out);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 1 });
  });
});
