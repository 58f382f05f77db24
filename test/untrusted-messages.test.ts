/**
 * Issue 16 §11, the reader's messages say what happened: nesting past the limit says so with the
 * limit (not "Invalid regular expression … Maximum call stack size exceeded"), an alias whose
 * anchor is in another document says that (not "expands to more than 100 nodes"), and a number too
 * large for a double is named as written (1e400, not null).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runChecks } from '../checks';
import { readManifests } from '../checks/read-manifests';
import { LINT_CHECKS } from '../cli/lint';
import { runCli, tempDir } from './support/cli';

const DEEP = 1_000;
const TOO_DEEP = "the document is nested too deeply (limit 256 levels of maps and lists); nothing of the file was read.";

describe('nesting past the limit', () => {
  test.each([
    ['flow lists', `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`, 'line 3, column 263'],
    ['flow maps', `apiVersion: v1\nkind: ConfigMap\ndata: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`, 'line 3, column 1028'],
    ['block maps', `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: DEEP }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`, 'line 259, column 259'],
    ['compact lists', `apiVersion: v1\nkind: ConfigMap\ndata:\n${'- '.repeat(DEEP)}x\n`, 'line 4, column 512'],
  ])('%s, 1,000 levels deep: "nested too deeply (limit 256 …)" where the limit is crossed', (_, text, field) => {
    const { findings, manifests } = readManifests(text, 'deep.yaml');
    expect(manifests).toEqual([]);
    expect(findings.map((f) => [f.field, f.message, f.hint])).toEqual([[field, TOO_DEEP, 'No real manifest nests this deep: check how the file was generated.']]);
  });

  test('255 levels under the root map are read', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(255)}${']'.repeat(255)}\n`;
    expect(readManifests(text, 'deep.yaml').manifests).toHaveLength(1);
  });

  test('aliases cannot nest a document past the limit either', () => {
    const lines = [`l0: &l0 ${'['.repeat(200)}x${']'.repeat(200)}`];
    for (let i = 1; i <= 3; i++) lines.push(`l${i}: &l${i} ${'['.repeat(200)}*l${i - 1}${']'.repeat(200)}`);
    const { findings } = readManifests(`apiVersion: v1\nkind: ConfigMap\n${lines.join('\n')}\n`, 'deep.yaml');
    expect(findings.map((f) => f.message)).toEqual(['the document is nested too deeply once its aliases are expanded (limit 256 levels).']);
  });

  test('through the CLI: a finding and exit 1, no stack overflow and no regular-expression error', () => {
    const dir = tempDir('daprkit-deep-');
    try {
      fs.writeFileSync(path.join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\ndata:\n${'- '.repeat(DEEP)}x\n`);
      const run = runCli(['lint', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(TOO_DEEP);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('aliases without their anchor', () => {
  test('an anchor defined in another document: the message says so', () => {
    const text = 'defaults: &labels {app: orders}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orders\n  labels: *labels\n';
    const { findings } = readManifests(text, 'aliases.yaml');
    expect(findings.map((f) => [f.field, f.message, f.hint])).toEqual([
      [
        'line 7, column 11',
        'the alias *labels refers to the anchor &labels of an earlier document; anchors hold only within their own document (between two ---).',
        'Anchors hold within one document: define the anchor earlier in the same document (after its ---), or write the value out.',
      ],
    ]);
  });

  test('an anchor defined nowhere, or after its alias, and an alias inside its own anchor', () => {
    const message = (text: string) => readManifests(text, 'aliases.yaml').findings.map((f) => f.message);
    expect(message('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: *n}\n')).toEqual(['the alias *n refers to no anchor &n before it in this document.']);
    expect(message('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: *n}\ndata: {a: &n x}\n')).toEqual(['the alias *n refers to no anchor &n before it in this document.']);
    expect(message('apiVersion: v1\nkind: ConfigMap\ndata: &d {self: *d}\n')).toEqual(['the alias *d is inside the value it refers to (a cycle).']);
  });
});

describe('numbers too large for a double are named as written', () => {
  const service = (port: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: ${port}, targetPort: ${port}}]\n`;

  test.each(['1e400', '-1e400', '9e99999'])('%s as a port', (port) => {
    const { manifests, findings } = readManifests(service(port), 'svc.yaml');
    expect(findings).toEqual([]);
    // What Kubernetes' YAML reader (go-yaml) does with a number it cannot hold: it stays the text.
    expect(manifests[0].manifest.spec).toMatchObject({ ports: [{ port, targetPort: port }] });
    const messages = runChecks(manifests.map((m) => m.manifest), LINT_CHECKS).map((f) => `${f.field}: ${f.message}`);
    expect(messages).toContain(`spec.ports[0].port: port "${port}" is not a valid port number.`);
    expect(messages.join('\n')).not.toMatch(/null|Infinity/);
  });

  test('YAML\'s own spellings of infinity and not-a-number stay numbers', () => {
    const [m] = readManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\nvalues: [.inf, -.Inf, .NaN, 1e308]\n', 'n.yaml').manifests;
    expect(m.manifest.values).toEqual([Infinity, -Infinity, NaN, 1e308]);
  });
});
