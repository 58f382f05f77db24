/**
 * Issue 16 §10: output is escaped for where it goes. Names and values with terminal escape
 * sequences, C1 controls, newlines and bidi overrides print as visible `\uXXXX` in text output;
 * SVG stays well-formed XML for any topic or app name; markdown shows HTML and markdown syntax
 * instead of interpreting it; findings and files are ordered by code point whatever the locale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../checks/types';
import { runCli, tempDir, writeManifests } from './support/cli';

/** Clears the screen, sets the window title, moves the cursor (C1 CSI), fakes a line, reverses text. */
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\r\n0 objects checked: 0 errors, 0 warnings.\u202egnp.exe';

/** Characters that must never reach a terminal raw (newline and tab are the output's own). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const deployment = (name: string, appId: string, env: Record<string, string> = {}): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: {
      metadata: { labels: { app: 'x' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, 'dapr.io/app-port': '8080' } },
      spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }], env: Object.entries(env).map(([n, v]) => ({ name: n, value: v })) }] },
    },
  },
});
const subscription = (name: string, pubsub: string, topic: string): Manifest => ({ apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription', metadata: { name, namespace: 'shop' }, spec: { pubsubname: pubsub, topic, routes: { default: '/events' } } });
const component = (name: string, type = 'pubsub.redis'): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name, namespace: 'shop' }, spec: { type, version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }] } });

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-escaping-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('text output escapes control characters', () => {
  beforeAll(() => {
    writeManifests(path.join(work, 'before', 'app.yaml'), [deployment(`orders${ESCAPES}`, `orders${ESCAPES}`, { [`LOG${ESCAPES}`]: 'x' })]);
    writeManifests(path.join(work, 'after', 'app.yaml'), [deployment(`orders${ESCAPES}`, `orders${ESCAPES}`, { [`LOG${ESCAPES}`]: `y${ESCAPES}` }), deployment('plain', 'plain', { [`LOG${ESCAPES}`]: 'x' })]);
  });

  test.each([
    ['lint', ['lint', 'after']],
    ['lint --format json', ['lint', 'after', '--format', 'json']],
    ['diff', ['diff', 'before', 'after']],
    ['diff --format json', ['diff', 'before', 'after', '--format', 'json']],
    ['graph', ['graph', 'after']],
    ['graph --format dot', ['graph', 'after', '--format', 'dot']],
    ['graph --format json', ['graph', 'after', '--format', 'json']],
    ['dev (refused: the names are invalid)', ['dev', 'after', '--out', 'local']],
  ])('%s prints no raw control character, and a name cannot fake a line', (_label, args) => {
    const run = runCli(args, { cwd: work });
    expect([0, 1, 2]).toContain(run.code);
    for (const stream of [run.stdout, run.stderr]) {
      expect(stream).not.toMatch(RAW_CONTROL);
      expect(stream.split('\n').filter((line) => line.startsWith('0 objects checked'))).toEqual([]);
    }
    // Shown visibly instead (`\u001b` in text, the same with its backslash escaped in DOT and JSON strings).
    expect(run.stdout + run.stderr).toMatch(/u001b\]0;pwned\\+u0007\\+u001b\[2J\\+u009b31m\\+(u000d\\+u000a|r\\+n)0 objects checked/);
  });

  test('dev: env names from the manifests are escaped in its notes', () => {
    writeManifests(path.join(work, 'dev', 'app.yaml'), [{ ...deployment('orders', 'orders'), spec: { ...(deployment('orders', 'orders').spec as object), template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders' } }, spec: { containers: [{ name: 'app', image: 'x', env: [{ name: `FROM${ESCAPES}`, valueFrom: { fieldRef: { fieldPath: 'x' } } }] }] } } } }]);
    const run = runCli(['dev', 'dev', '--out', 'local-dev'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('env FROM\\u001b]0;pwned');
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });
});

/** Strict XML 1.0 well-formedness: a parser that throws on any error, and only XML characters. */
function expectWellFormedXml(xml: string): void {
  expect(xml).not.toMatch(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\ud800-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: new (o?: unknown) => { parseFromString(s: string, t: string): { documentElement: { nodeName: string } } } };
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'image/svg+xml');
  expect(doc.documentElement.nodeName).toBe('svg');
}

describe('SVG stays well-formed XML for any name', () => {
  const hostile = ['\u0001\u0002\u001f', '&foo;', '&#1;', '&amp', '<svg onload=alert(1)>', ']]>', '-->', '"\'', '\ud800', '\ufffe\uffff', '\\N \\G \\l', ESCAPES];
  test.each(hostile.map((h) => [JSON.stringify(h).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), h]))('topic and app names holding %s', (_label, h) => {
    const dir = path.join(work, `svg-${Buffer.from(h).toString('hex').slice(0, 16)}`);
    writeManifests(path.join(dir, 'system.yaml'), [deployment('orders', `app${h}`), component(`pubsub${h}`), subscription('sub', `pubsub${h}`, `topic${h}`)]);
    const run = runCli(['graph', dir, '--format', 'svg'], { cwd: work });
    expect(run.code).toBe(0);
    expectWellFormedXml(run.stdout);
  });
});

describe('markdown escapes HTML and markdown', () => {
  test('diff --format markdown: names and values cannot open comments, close details, link, mention or break the table', () => {
    const evil = '<!-- x --> </details> <img src=x onerror=alert(1)> @octocat [click](https://evil.example) `code` *b* | pipe \n newline www.evil.example';
    writeManifests(path.join(work, 'md-before', 'c.yaml'), [{ ...component('c'), metadata: { name: 'c', namespace: 'shop', annotations: { note: 'old' } } }]);
    writeManifests(path.join(work, 'md-after', 'c.yaml'), [{ ...component('c'), metadata: { name: 'c', namespace: 'shop', annotations: { note: evil, [evil]: 'x' } } }, { ...component(evil), metadata: { name: evil, namespace: evil } }]);
    const run = runCli(['diff', 'md-before', 'md-after', '--format', 'markdown'], { cwd: work });
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('<img');
    expect(md.match(/<\/details>/g)?.length).toBe(md.match(/<details>/g)?.length);
    expect(md).not.toMatch(/(^|[^\\])@octocat/);
    expect(md).not.toMatch(/[^\\]\]\(https/);
    expect(md).not.toMatch(/https:\/\//);
    expect(md).not.toMatch(/www\.evil/);
    expect(md).not.toMatch(RAW_CONTROL);
    // Every row of a table has its header's column count: pipes and newlines from input are escaped.
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length - 2;
    const tables = md.split(/\n(?!\|)/).map((block) => block.split('\n').filter((l) => l.startsWith('|'))).filter((rows) => rows.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const rows of tables) for (const row of rows) expect({ row, cells: cells(row) }).toEqual({ row, cells: cells(rows[0]) });
  });
});

describe('order by code point, whatever the locale', () => {
  test('lint orders files and findings the same under LANG=C and LANG=sv_SE.UTF-8', () => {
    const names = ['z.yaml', 'å.yaml', 'a.yaml', 'ä.yaml', 'B.yaml', 'Ö.yaml'];
    for (const n of names) writeManifests(path.join(work, 'order', n), [component(`c-${names.indexOf(n)}`, 'state.nope')]);
    const runs = ['C', 'sv_SE.UTF-8', 'de_DE.UTF-8'].map((lang) => runCli(['lint', 'order', '--format', 'json'], { cwd: work, env: { LANG: lang, LC_ALL: lang } }));
    const files = runs.map((r) => [...new Set((JSON.parse(r.stdout).findings as { file: string }[]).map((f) => path.basename(f.file)))]);
    expect(files[0]).toEqual(['B.yaml', 'a.yaml', 'z.yaml', 'Ö.yaml', 'ä.yaml', 'å.yaml']);
    expect(files[1]).toEqual(files[0]);
    expect(files[2]).toEqual(files[0]);
    const texts = ['C', 'sv_SE.UTF-8'].map((lang) => runCli(['lint', 'order'], { cwd: work, env: { LANG: lang, LC_ALL: lang } }).stdout);
    expect(texts[1]).toBe(texts[0]);
  });
});
