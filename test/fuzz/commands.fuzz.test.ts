/**
 * Fuzzing the commands that show and write manifests — diff, dev and graph (and lint beside them)
 * — with random manifest sets: realistic Dapr objects with hostile values in random fields, hostile
 * keys (Object.prototype names, path traversal, control characters, huge strings) added anywhere,
 * hostile object names and app-ids, and a canary secret in every sensitive position. Properties:
 * - every command exits 0, 1 or 2 (3 is a bug);
 * - the canary never appears in any output: stdout, stderr, or any file dev writes;
 * - dev writes nothing outside --out.
 * The commands run in-process through the CLI's `main` (the spawned CLI would cost seconds per run).
 * `DAPRKIT_FUZZ_RUNS` sets the number of runs (CI: 1,000).
 */
import { randomBytes } from 'crypto';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import { hostileValue, replaced, TEMPLATES, valuePaths } from './hostile-manifests';

const FUZZ_RUNS = Number(process.env.DAPRKIT_FUZZ_RUNS ?? 25);

const CANARY = `CANARY${randomBytes(6).toString('hex')}`;
/** Names a file written outside --out would carry (checked for everywhere around the sandbox). */
const VICTIM = `daprkit-victim-${randomBytes(4).toString('hex')}`;

const item = (name: string, value: unknown) => ({ name, value });
const c = (position: string) => `${CANARY}-${position}`;

/** Objects holding the canary in every sensitive position issue 16 names. */
function secretTemplates(): Record<string, unknown>[] {
  return [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { p: c('last-applied') } }) } }, stringData: { password: c('stringData') }, data: { token: c('data') } },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'cosmos', namespace: 'shop' }, spec: { type: 'state.azure.cosmosdb', version: 'v1', metadata: [item('url', 'https://x'), item('masterKey', c('masterKey')), item('database', 'd'), item('collection', 'c')] }, scopes: ['orders'] },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'kafka', namespace: 'shop' }, spec: { type: 'pubsub.kafka', version: 'v1', metadata: [item('brokers', 'k:9092'), item('clientKey', c('clientKey')), item('saslPassword', c('saslPassword'))] }, scopes: ['orders'] },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'blobs', namespace: 'shop' }, spec: { type: 'bindings.azure.blobstorage', version: 'v1', metadata: [item('accountName', 'a'), item('spnCertificate', c('alias')), item('storageAccessKey', c('alias2'))] } },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'sql', namespace: 'shop' }, spec: { type: 'state.sqlserver', version: 'v1', metadata: [item('connectionString', `Server=db;User Id=sa;Password=${c('connection-string')};`)] } },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'rabbit', namespace: 'shop' }, spec: { type: 'pubsub.rabbitmq', version: 'v1', metadata: [item('connectionString', `amqp://user:${c('url')}@rabbit:5672`)] } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'payments', namespace: 'shop' },
      spec: {
        template: {
          metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'payments', 'dapr.io/app-port': '8080', 'dapr.io/env': `LOG=debug,DB_PASSWORD=${c('dapr-env')},${c('dapr-env-tail')}` } },
          spec: { containers: [{ name: 'payments', image: 'p:1', env: [item('API_TOKEN', c('env-token')), item('STRIPE_KEY', c('env-key')), item('DB_PASS', c('env-pass')), item('DATABASE_URL', `postgres://u:${c('env-url')}@db/x`), item('LOG', 'info')] }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { DB_PASSWORD: c('configmap'), 'app.properties': `db.password=${c('properties')}\n` } },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'HTTPEndpoint', metadata: { name: 'billing', namespace: 'shop' }, spec: { baseUrl: `https://svc:${c('endpoint-url')}@billing.example`, headers: [item('Authorization', `Bearer ${c('endpoint-header')}`)] } },
    { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'redis', namespace: 'shop' }, spec: { values: { auth: { password: c('helm') } } } },
    { apiVersion: 'dapr.io/v1alpha1', kind: 'MCPServer', metadata: { name: 'tools', namespace: 'shop' }, spec: { endpoint: { streamableHTTP: { url: `https://t.example/mcp?token=${c('mcp-url')}`, headers: [item('X-Custom', `Bearer ${c('mcp-bearer')}`), item('Cookie', c('mcp-cookie'))] } } } },
  ];
}

/** Keys and names an attacker would choose. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', `../../../../${VICTIM}`, `/tmp/${VICTIM}`, `a/../../${VICTIM}`, '..', '.', '\u001b]0;x\u0007\u001b[2J', '\u0000', '\u202e', 'x'.repeat(300), '$(touch pwned)', '{{ .Values.x }}', 'dapr.io/app-id', 'name', 'value', 'metadata'),
  fc.string({ maxLength: 12 }),
);

/** True when the subtree holds the canary: edits keep off it, so the canary stays in a sensitive position. */
const holdsCanary = (v: unknown) => JSON.stringify(v)?.includes(CANARY) ?? false;

/** Paths an edit may replace: not what makes a position sensitive (kind, type, a secret's name) nor the secret itself. */
function editablePaths(object: Record<string, unknown>): Array<Array<string | number>> {
  return valuePaths(object).filter((at) => {
    let node: unknown = object;
    let parent: unknown;
    for (const step of at) {
      parent = node;
      node = (node as Record<string | number, unknown>)[step];
    }
    const last = at[at.length - 1];
    if (holdsCanary(node)) return false;
    if (holdsCanary(object) && (last === 'kind' || last === 'apiVersion' || last === 'type' || (last === 'name' && holdsCanary(parent)))) return false;
    return true;
  });
}

interface Edit {
  readonly kind: 'replace' | 'add-key' | 'rename';
  readonly which: number;
  readonly where: number;
  readonly key: string;
  readonly value: unknown;
}

const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom('replace', 'add-key', 'rename'), which: fc.nat(), where: fc.nat(), key: hostileKey, value: hostileValue });

/** Sets an own property whatever the key (`__proto__` included). */
const setOwn = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

function applyEdits(edits: readonly Edit[]): Record<string, unknown>[] {
  const objects = [...TEMPLATES, ...secretTemplates()].map((t) => JSON.parse(JSON.stringify(t)) as Record<string, unknown>);
  for (const e of edits) {
    const i = e.which % objects.length;
    if (e.kind === 'rename') {
      // A hostile object name, or a hostile app-id on a workload.
      const meta = objects[i].metadata as Record<string, unknown> | undefined;
      const template = (objects[i].spec as { template?: { metadata?: { annotations?: Record<string, unknown> } } } | undefined)?.template;
      if (template?.metadata?.annotations && e.where % 2 === 0) template.metadata.annotations['dapr.io/app-id'] = e.key;
      else if (meta && typeof meta === 'object') meta.name = e.key;
      continue;
    }
    const paths = editablePaths(objects[i]);
    if (paths.length === 0) continue;
    const at = paths[e.where % paths.length];
    if (e.kind === 'replace') {
      objects[i] = replaced(objects[i], at, e.value);
      continue;
    }
    let node: unknown = objects[i];
    for (const step of at.slice(0, -1)) node = (node as Record<string | number, unknown>)[step];
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) setOwn(node as Record<string, unknown>, e.key, e.value);
  }
  return objects;
}

const manifestSet = fc.array(edit, { minLength: 1, maxLength: 5 }).map(applyEdits);

/** The documents as one multi-document file (JSON documents are YAML; own `__proto__` keys stay keys). */
const asFile = (objects: readonly unknown[]) => objects.map((o) => JSON.stringify(o) ?? 'null').join('\n---\n') + '\n';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI's main in-process, with stdout and stderr captured; an exception is exit 3 (a bug). */
async function runMain(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  const saved = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(args);
  } catch (e) {
    code = 3;
    err.push(`internal error: ${(e as Error).stack}`);
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    process.exitCode = saved;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Every file under a folder (relative paths), links included as entries. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Any file named after the victim in the folders a traversal from the sandbox reaches. */
function victims(sandbox: string): string[] {
  const places = [os.tmpdir(), path.dirname(sandbox), sandbox, '/tmp', '/'];
  return places.flatMap((p) => {
    try {
      return fs.readdirSync(p).filter((f) => f.includes(VICTIM)).map((f) => path.join(p, f));
    } catch {
      return [];
    }
  });
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-fuzz-commands-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const expectNoCanary = (what: string, text: string) => {
  if (text.includes(CANARY)) throw new Error(`${what} holds the canary:\n${text.slice(Math.max(0, text.indexOf(CANARY) - 300), text.indexOf(CANARY) + 100)}`);
};

describe('diff, dev, graph and lint on random hostile manifests', () => {
  test('the canary templates themselves: every command runs, prints no secret, writes only inside --out', async () => {
    const sandbox = fs.mkdtempSync(path.join(root, 'plain-'));
    fs.writeFileSync(path.join(sandbox, 'before.yaml'), asFile([...TEMPLATES, ...secretTemplates()]));
    fs.writeFileSync(path.join(sandbox, 'after.yaml'), asFile(secretTemplates()));
    for (const args of [['lint', 'after.yaml'], ['diff', 'before.yaml', 'after.yaml', '--format', 'markdown'], ['dev', 'after.yaml', '--out', 'out'], ['graph', 'after.yaml', '--format', 'json']]) {
      const run = await runMain(args.map((a) => (a.endsWith('.yaml') || a === 'out' ? path.join(sandbox, a) : a)));
      expect({ args, code: [0, 1, 2].includes(run.code) ? 'ok' : run.stderr }).toEqual({ args, code: 'ok' });
      expectNoCanary(args.join(' '), run.stdout + run.stderr);
    }
    for (const f of filesUnder(path.join(sandbox, 'out'))) expectNoCanary(f, fs.readFileSync(path.join(sandbox, 'out', f), 'utf8'));
  }, 120_000);

  test('random edits: exit codes 0-2, no canary in any output or written file, nothing outside --out', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(manifestSet, manifestSet, fc.constantFrom('text', 'json', 'markdown'), fc.constantFrom('mermaid', 'dot', 'json', 'svg'), fc.boolean(), async (before, after, diffFormat, graphFormat, force) => {
        const sandbox = path.join(root, `run-${n++}`);
        fs.mkdirSync(sandbox);
        const input = (name: string) => path.join(sandbox, name);
        fs.writeFileSync(input('before.yaml'), asFile(before));
        fs.writeFileSync(input('after.yaml'), asFile(after));
        const out = path.join(sandbox, 'out');
        const runs: [string, Run][] = [
          ['lint', await runMain(['lint', input('after.yaml'), '--format', diffFormat === 'markdown' ? 'sarif' : diffFormat])],
          ['diff', await runMain(['diff', input('before.yaml'), input('after.yaml'), '--format', diffFormat])],
          ['dev', await runMain(['dev', input('after.yaml'), '--out', out, ...(force ? ['--force'] : [])])],
          // Once more over what it wrote: the rerun must also stay inside and keep what it should.
          ['dev again', await runMain(['dev', input('before.yaml'), '--out', out])],
          ['graph', await runMain(['graph', input('after.yaml'), '--format', graphFormat === 'svg' && n % 10 !== 0 ? 'dot' : graphFormat])],
        ];
        for (const [what, run] of runs) {
          if (![0, 1, 2].includes(run.code)) throw new Error(`${what} exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
          expectNoCanary(`${what} output`, run.stdout + run.stderr);
        }
        const written = filesUnder(sandbox);
        const outside = written.filter((f) => !['before.yaml', 'after.yaml'].includes(f) && !f.startsWith(`out${path.sep}`));
        expect(outside).toEqual([]);
        expect(victims(sandbox)).toEqual([]);
        for (const f of filesUnder(out)) expectNoCanary(`written ${f}`, fs.readFileSync(path.join(out, f), 'utf8'));
        fs.rmSync(sandbox, { recursive: true, force: true });
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 120_000 + FUZZ_RUNS * 3_000);
});
