/**
 * Issue 16 §3: time and memory grow with the input and stop at the bounds. Hostile inputs are made
 * here, at test time. No clock is read: linearity is the work counted in array elements walked
 * (test/support/work-counter.ts), and the inputs that used to hang or exhaust memory either finish
 * or are killed by the timeouts below. The speed itself is measured as a ratio by `npm run bench`
 * (section "read").
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readManifests } from '../checks/read-manifests';
import { readInputs } from '../cli/inputs';
import { judgeGoals } from '../scripts/bench/goals';
import { keyCounts, oneMapOf, smallMapsOf } from '../scripts/bench/read';
import { tempDir } from './support/cli';
import { spawnCli } from './support/cli-spawn';
import { elementsWalked } from './support/work-counter';

const LIMIT = 8_000_000;

describe('reading is linear in a map\'s keys', () => {
  const aliases = (n: number) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: &a${i} v${i}`).join('\n')}\nbinaryData:\n${Array.from({ length: n }, (_, i) => `  k${i}: *a${i}`).join('\n')}\n`;

  test.each([
    ['keys of one map (the duplicate-key check compared each key with every earlier one)', oneMapOf],
    ['anchors and aliases (each alias scanned every earlier anchor)', aliases],
  ])('4x the %s is about 4x the work', (_, text) => {
    const [small, large] = [text(2_000), text(8_000)];
    const work = [elementsWalked(() => readManifests(small, 'small.yaml')), elementsWalked(() => readManifests(large, 'large.yaml'))];
    expect(readManifests(large, 'large.yaml').findings).toEqual([]);
    expect(work[1] / work[0]).toBeLessThan(4.6);
  });

  test('the counter sees a quadratic reading', () => {
    const quadratic = (text: string) => text.split('\n').map((line, i, lines) => lines.slice(0, i).includes(line));
    const [small, large] = [oneMapOf(2_000), oneMapOf(8_000)];
    expect(elementsWalked(() => quadratic(large)) / elementsWalked(() => quadratic(small))).toBeGreaterThan(12);
  });

  test('a broken document holding a million "{{" without "}}" is told from a template in one pass', () => {
    // A lazy regular expression rescanned to the end from every "{{": 600 KB took 39 s.
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n    c: d\n# ${'{{ '.repeat(1_000_000)}\n`;
    const { findings, notices } = readManifests(text, 'broken.yaml');
    expect(notices).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0].message).toMatch(/^invalid YAML: /);
  }, 30_000);

  test('a duplicate at the end of a map of 20,000 keys is found, naming both lines', () => {
    const keys = 20_000;
    const { manifests, findings } = readManifests(oneMapOf(keys) + '  key-7: again\n', 'big.yaml');
    expect(manifests).toEqual([]);
    expect(findings.map((f) => [f.field, f.message])).toEqual([[`line ${keys + 6}, column 3`, 'invalid YAML: the key "key-7" appears twice in one map (first on line 13).']]);
    expect(Object.keys(readManifests(oneMapOf(keys), 'big.yaml').manifests[0].manifest.data as object)).toHaveLength(keys);
  });

  test('the bench corpora hold the same keys, read clean, and the read goal is judged from the rows', () => {
    for (const keys of [2_500, 10_000]) {
      const one = readManifests(oneMapOf(keys), 'one.yaml');
      const small = readManifests(smallMapsOf(keys), 'small.yaml');
      expect([one.findings, small.findings]).toEqual([[], []]);
      const count = (r: typeof one) => r.manifests.reduce((n, m) => n + Object.keys(m.manifest.data as object).length, 0);
      expect([count(one), count(small)]).toEqual([keys, keys]);
      expect(small.manifests).toHaveLength(Math.ceil(keys / 1000));
    }
    expect(keyCounts({ ns: [100, 1000, 5000], runs: 5, memory: false })).toEqual([10_000, 100_000, 300_000]);
    const row = (n: number, ratio: number) => ({ section: 'read', n, label: `one map of ${n} keys`, medianMs: 1, perAppMs: 1, ratios: { 'one map/maps of 1,000': ratio } });
    expect(judgeGoals([row(10_000, 1.1), row(300_000, 1.7)]).map((g) => [g.goal, g.met])).toEqual([
      ['read: one map of 10000 keys / the same keys in maps of 1,000 (issue 16)', true],
      ['read: one map of 300000 keys / the same keys in maps of 1,000 (issue 16)', false],
    ]);
  });
});

describe('the document bound applies while parsing', () => {
  test('8 MB of empty documents stop at the first document over 20,000, with nothing kept', () => {
    // Parsed whole first, this took 36 s and 2 GB.
    const text = '---\n'.repeat(LIMIT / 4 - 1);
    const { manifests, findings } = readManifests(text, 'dashes.yaml');
    expect(manifests).toEqual([]);
    expect(findings.map((f) => [f.field, f.message])).toEqual([['line 20001, column 1', "the file holds more than 20000 documents, over the reader's limit; nothing of it was read."]]);
  }, 30_000);
});

describe('files, standard input and git reads are bounded in bytes', () => {
  const dir = tempDir('daprkit-bounds-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a FIFO named on the command line is refused with exit 2 before it is opened (it used to hang)', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const run = spawnCli(['lint', fifo], { timeoutMs: 30_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`daprkit: ${fifo}: not a regular file or folder (a FIFO, socket or device); to read a stream, give it on standard input: daprkit lint - < ${fifo}\n`);
  }, 40_000);

  test('/dev/zero named on the command line is refused with exit 2 (it ran 197 s to 16.8 GB)', () => {
    const run = spawnCli(['lint', '/dev/zero'], { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^daprkit: \/dev\/zero: not a regular file or folder/);
  }, 40_000);

  test('standard input that never ends (/dev/zero as -) is read up to the bound, then refused with a finding', () => {
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const run = spawnCli(['lint', '-', '--format', 'json'], { stdin: zero, timeoutMs: 30_000 });
      expect(run.code).toBe(1);
      const out = JSON.parse(run.stdout) as { objects: number; findings: { file: string; message: string }[] };
      expect(out.objects).toBe(0);
      expect(out.findings.map((f) => [f.file, f.message])).toEqual([['-', `standard input is longer than the reader's limit of ${LIMIT} bytes; reading stopped there.`]]);
    } finally {
      fs.closeSync(zero);
    }
  }, 40_000);

  test('standard input within the bound is read whole (UTF-16 too); in-process stdin stands in for tests', () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-stdin}\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]);
    expect(readInputs(['-'], () => utf16).manifests.map((m) => [m.source, m.manifest.metadata?.name])).toEqual([['-', 'from-stdin']]);
    expect(readInputs(['-'], () => Buffer.alloc(LIMIT + 1, 0x20)).findings[0].message).toMatch(/^standard input is longer than the reader's limit/);
  });

  test('a file over the bound is refused from its size; at the bound it is read', () => {
    const over = path.join(dir, 'over.yaml');
    fs.writeFileSync(over, Buffer.alloc(LIMIT + 1, 0x0a));
    expect(readInputs([over]).findings.map((f) => f.message)).toEqual([`the file is ${LIMIT + 1} bytes long, over the reader's limit of ${LIMIT} bytes; it was not read.`]);
    const at = path.join(dir, 'at.yaml');
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: at}\n# ';
    fs.writeFileSync(at, head + 'x'.repeat(LIMIT - head.length));
    expect(readInputs([at]).manifests).toHaveLength(1);
  });

  test('a git blob over the bound is refused from its size, with a clear finding (it was "spawnSync git ENOBUFS")', () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    // 70 MB: over the 64 MB buffer git reads used to get.
    const big = path.join(repo, 'big.yaml');
    const fd = fs.openSync(big, 'w');
    const line = Buffer.from('# ' + 'x'.repeat(1021) + '\n');
    for (let i = 0; i < 70 * 1024; i++) fs.writeSync(fd, line);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(repo, 'small.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n');
    git('add', '.');
    git('commit', '-q', '-m', 'big');
    fs.rmSync(big);
    const run = spawnCli(['lint', 'git:HEAD:', '--format', 'json'], { cwd: repo, timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { objects: number; findings: { file: string; message: string }[] };
    expect(out.objects).toBe(1);
    expect(out.findings.map((f) => [f.file, f.message])).toEqual([['git:HEAD:big.yaml', `the file is ${70 * 1024 * 1024} bytes long, over the reader's limit of ${LIMIT} bytes; it was not read.`]]);
  }, 90_000);
});
