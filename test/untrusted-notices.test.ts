/**
 * Issue 16 §5 (output) and §11 (graph): nothing is skipped silently. Every file or document the
 * reader skips is listed by every command and format (text notice, JSON `notices`, SARIF
 * notifications — see untrusted-sarif.test.ts), `lint --strict` fails when anything was skipped,
 * and `graph` on invalid YAML gives lint's finding and exit code instead of an empty picture.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir } from './support/cli';

/** A ConfigMap that lints clean. */
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {LOG_LEVEL: info}\n';

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-notices-');
  fs.mkdirSync(path.join(work, 'skipping'));
  fs.writeFileSync(path.join(work, 'skipping', 'settings.yaml'), CLEAN);
  fs.writeFileSync(path.join(work, 'skipping', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [settings.yaml]\n');
  fs.writeFileSync(path.join(work, 'skipping', 'list.yaml'), '- just\n- a list\n');
  fs.mkdirSync(path.join(work, 'clean'));
  fs.writeFileSync(path.join(work, 'clean', 'settings.yaml'), CLEAN);
  fs.mkdirSync(path.join(work, 'broken'));
  fs.writeFileSync(path.join(work, 'broken', 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const SKIPPED = [expect.stringMatching(/kustomization\.yaml:1: skipped: a Kustomization/), expect.stringMatching(/list\.yaml:1: skipped: a document that is not a Kubernetes object/)];

describe('lint lists what it skipped, and --strict fails on it', () => {
  test('text: a notice per skipped file or document and a count in the summary; exit 0, and 1 with --strict', () => {
    const run = runCli(['lint', 'skipping'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('notice: '))).toEqual(SKIPPED);
    expect(run.stdout).toContain('1 objects checked: 0 errors, 0 warnings, 2 skipped.');
    const strict = runCli(['lint', 'skipping', '--strict'], { cwd: work });
    expect(strict.code).toBe(1);
    expect(runCli(['lint', 'clean', '--strict'], { cwd: work }).code).toBe(0);
  });

  test('JSON: notices with file, line and message; the exit code in the report follows --strict', () => {
    const report = JSON.parse(runCli(['lint', 'skipping', '--format', 'json', '--strict'], { cwd: work }).stdout);
    expect(report.notices.map((n: { source: string; line: number; message: string }) => `${n.source}:${n.line}: ${n.message}`)).toEqual(SKIPPED);
    expect(report.exitCode).toBe(1);
  });
});

describe('diff, dev and graph list what they skipped', () => {
  test('diff: text and markdown list the notices; JSON has them under "notices"', () => {
    const text = runCli(['diff', 'clean', 'skipping'], { cwd: work });
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('notice: '))).toEqual(SKIPPED);
    const json = JSON.parse(runCli(['diff', 'clean', 'skipping', '--format', 'json'], { cwd: work }).stdout);
    expect(json.notices).toHaveLength(2);
    const markdown = runCli(['diff', 'clean', 'skipping', '--format', 'markdown'], { cwd: work }).stdout;
    expect(markdown).toContain('**Skipped** (2):');
    expect(markdown).toMatch(/- skipping\/kustomization\.yaml\\:1\\: skipped\\: a Kustomization/);
  });

  test('dev: text and JSON list the notices', () => {
    const text = runCli(['dev', 'skipping', '--out', 'local'], { cwd: work });
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('notice: '))).toEqual(SKIPPED);
    const json = JSON.parse(runCli(['dev', 'skipping', '--out', 'local', '--format', 'json'], { cwd: work }).stdout);
    expect(json.notices).toHaveLength(2);
  });

  test('graph: notices on stderr (stdout is the picture), and under "notices" in JSON', () => {
    const run = runCli(['graph', 'skipping'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^flowchart LR\n/);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('notice: '))).toEqual(SKIPPED);
    expect(JSON.parse(runCli(['graph', 'skipping', '--format', 'json'], { cwd: work }).stdout).notices).toHaveLength(2);
  });
});

test('graph on invalid YAML: the same finding and exit code as lint, no picture', () => {
  const lint = runCli(['lint', 'broken'], { cwd: work });
  expect(lint.code).toBe(1);
  const finding = lint.stdout.split('\n').find((l) => /error line \d+, column \d+: invalid YAML/.test(l));
  expect(finding).toBeDefined();
  for (const format of ['mermaid', 'dot', 'svg', 'json']) {
    const graph = runCli(['graph', 'broken', '--format', format], { cwd: work });
    expect({ format, code: graph.code, stdout: graph.stdout }).toEqual({ format, code: 1, stdout: '' });
    expect(graph.stderr).toContain(finding!);
    expect(graph.stderr).toContain('[yaml-syntax]');
  }
});
