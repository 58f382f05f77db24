/**
 * `daprkit import` in process: hostile names and values become valid identifiers and safe literals,
 * the output is deterministic, findings become suppressions, access control becomes invokes edges
 * where it says exactly that, and the importer's own rendering rules agree with daprkit's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { Duration, Size } from 'cdk8s';
import { Manifest } from '../checks/types';
import { importSystem } from '../cli/import';
import { Inputs } from '../cli/inputs';
import { readManifests } from '../checks/read-manifests';
import * as daprkit from '../index';
import { allFactories } from '../import/component-factories';
import { durationExpr, goDurationNanos, renderNanos, sizeExpr } from '../import/values';
import { commentText, IdentifierPool, stringLiteral } from '../import/source-text';
import { Expr } from '../import/ir';
import { goDuration } from '../constructs/duration';
import { sizeQuantity } from '../constructs/quantity';
import { runProgram, typeErrors, writeProgram } from './support/import-harness';

function inputsOf(manifests: readonly unknown[], source = 'system.yaml'): Inputs {
  const read = readManifests(manifests.map((m) => stringify(m)).join('---\n'), source);
  return { manifests: read.manifests, findings: read.findings, notices: read.notices };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-import-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Systems compiled together once (a TypeScript program costs seconds). */
const programs = new Map<string, { originals: Manifest[]; files: Map<string, string>; dir: string }>();
function program(name: string, manifests: readonly Record<string, unknown>[]) {
  const result = importSystem(inputsOf(manifests), { systemName: name });
  const dir = path.join(work, name);
  writeProgram(dir, result.files);
  programs.set(name, { originals: manifests as Manifest[], files: result.files, dir });
  return result;
}

const HOSTILE = ['*/ end of comment', 'back`tick ${injected}', "it's \"quoted\"", 'line\nbreak\r\n', 'tab\there', 'ünïcödé ✓ 日本', 'emoji 🚀', 'line\u2028separator', 'rtl \u202e override', 'nul \u0000 char', '\\backslash\\'];

const deployment = (name: string, appId: string, extra: Record<string, string> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, 'dapr.io/app-port': '8080', ...extra } },
      spec: { containers: [{ name: 'main', image: 'example.com/app:1.0', ports: [{ containerPort: 8080 }], env: HOSTILE.map((v, i) => ({ name: `VALUE_${i}`, value: v })) }] },
    },
  },
});

const hostileSystem = [
  // Reserved words, digits first, unicode and prototype names as object names.
  ...['class', 'default', 'delete', 'new', 'this', '123abc', 'toString', 'hasownproperty'].map((name) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { app: name } },
    data: Object.fromEntries(HOSTILE.map((v, i) => [`key-${i}`, v])),
  })),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ünïcödé' }, data: { 'a*/b': '`${x}`' } },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', annotations: { 'example.com/x': HOSTILE.join('|') } }, spec: { '*/': { '${a}': ['`', "'", '"'] } } },
  deployment('new', 'new', { 'example.com/note': HOSTILE.join(' ') }),
  deployment('class-app', 'constructor'),
  // Object.prototype names as values where the importer looks values up in its tables.
  {
    ...deployment('proto-values', 'proto-values', { 'dapr.io/app-protocol': 'toString', 'dapr.io/log-level': 'constructor', 'dapr.io/sidecar-seccomp-profile-type': 'valueOf', 'dapr.io/env': 'toString=1,hasOwnProperty=2' }),
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'proto-values' },
    spec: { type: 'toString', selector: { app: 'proto-values' }, ports: [{ port: 80, targetPort: 8080, protocol: 'valueOf' }] },
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'statestore' },
    spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, { name: 'redisPassword', value: 'hunter2 */ `${x}`' }] },
    scopes: ['new'],
  },
];

describe('hostile input becomes valid, faithful code', () => {
  const result = program('hostile', hostileSystem);

  test('every object is imported; the program compiles under strict and synthesizes every object as written', () => {
    expect(result.report.objects).toHaveLength(hostileSystem.length);
    expect(typeErrors([programs.get('hostile')!.dir])).toEqual([]);
    const out = runProgram(programs.get('hostile')!.dir, path.join(programs.get('hostile')!.dir, 'dist'));
    const strip = (m: any) => {
      const copy = JSON.parse(JSON.stringify(m));
      for (const holder of [copy, copy.spec?.template]) {
        const a = holder?.metadata?.annotations;
        if (a) for (const k of Object.keys(a)) if (k.startsWith('daprkit.io/')) delete a[k];
        if (a && Object.keys(a).length === 0) delete holder.metadata.annotations;
      }
      if (copy.kind === 'Component') copy.spec.metadata.sort((x: any, y: any) => (x.name < y.name ? -1 : 1));
      return copy;
    };
    for (const original of hostileSystem) {
      const match = out.find((o) => o.kind === original.kind && o.metadata?.name === original.metadata.name);
      expect(match && strip(match)).toEqual(strip(original));
    }
  });

  test('hostile names become readable, valid variables; reserved words and prototype names never are variables', () => {
    const code = [...result.files.values()].join('\n');
    for (const word of ['class', 'default', 'delete', 'new', 'this', 'constructor']) expect(code).not.toMatch(new RegExp(`const ${word} =`));
    expect(code).toMatch(/const newApp = new DaprApp\(this, 'new'/);
    // A value never ends a comment or a string early: `*/` and backticks stay inside single-quoted literals.
    expect(code).toContain("'*/ end of comment'");
    expect(code).toContain("'back`tick ${injected}'");
    expect(code).toContain("'line\\u2028separator'");
    expect(code).toContain("'rtl \\u202e override'");
  });

  test('plaintext in a sensitive field is the explicit SecretValue.unsafePlainText, and the report never prints it', () => {
    const code = [...result.files.values()].join('\n');
    expect(code).toContain("redisPassword: SecretValue.unsafePlainText('hunter2 */ `${x}`')");
    expect(JSON.stringify(result.report)).not.toContain('hunter2');
  });
});

describe('determinism and what cannot be imported', () => {
  test('the same input gives the same bytes', () => {
    const a = importSystem(inputsOf(hostileSystem), { systemName: 'x' });
    const b = importSystem(inputsOf(hostileSystem), { systemName: 'x' });
    expect([...a.files.entries()]).toEqual([...b.files.entries()]);
  });

  test('an app whose dapr.io/config is empty (Dapr reads it as none) stays a raw object with the reason; the importer does not fail', () => {
    // Found by the import fuzzer: Configuration.fromName('') made the program fail its own synthesis.
    const result = importSystem(inputsOf([deployment('orders', 'orders', { 'dapr.io/config': '' })]), { systemName: 'x' });
    const orders = result.report.objects.find((o) => o.resource === 'Deployment/default/orders');
    expect(orders).toEqual(expect.objectContaining({ as: 'ApiObject', dapr: true }));
    expect(orders?.reason).toContain('its dapr.io/config "" is not a Configuration name');
  });

  test('an object with a key cdk8s cannot write (constructor) is skipped and listed, not dropped silently', () => {
    const result = importSystem(inputsOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'proto' }, data: { constructor: 'x' } }, hostileSystem[0]]), { systemName: 'x' });
    expect(result.report.objects.map((o) => o.resource)).toEqual(['ConfigMap/default/class']);
    expect(result.report.skipped).toEqual([expect.objectContaining({ reason: expect.stringMatching(/ConfigMap\/default\/proto has a key named "constructor"/) })]);
  });

  test('invalid YAML is not imported: the read findings come back, no file', () => {
    const read = readManifests('kind: [unclosed', 'broken.yaml');
    const result = importSystem({ manifests: read.manifests, findings: read.findings, notices: read.notices });
    expect(result.files.size).toBe(0);
    expect(result.readFindings.map((f) => f.check)).toEqual(['yaml-syntax']);
  });
});

describe('findings become explicit suppressions', () => {
  const system = [
    deployment('orders', 'orders', { 'dapr.io/id': 'orders', 'dapr.io/config': 'missing-config' }),
    { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'pubsub' }, spec: { type: 'pubsub.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }] } },
  ];
  const result = program('findings', system);

  test('each finding is listed, put on its object as daprkit.io/ignore and explained in a comment; the program synthesizes', () => {
    const checks = result.report.suppressed.map((s) => `${s.resource} ${s.check}`);
    expect(checks).toEqual(expect.arrayContaining(['Deployment/default/orders unknown-annotation', 'Deployment/default/orders configuration-exists', 'Component/default/pubsub component-unscoped']));
    const code = [...result.files.values()].join('\n');
    expect(code).toMatch(/\/\/ - unknown-annotation \(error\) at spec\.template\.metadata\.annotations\["dapr\.io\/id"\]:/);
    expect(code).toMatch(/orders\.deployment\.metadata\.addAnnotation\(\s*'daprkit\.io\/ignore',\s*'[a-z,-]*unknown-annotation/);
    // The pre-1.0 annotation is not one DaprApp writes: it stays, through the escape hatch, and the report says why.
    expect(result.report.objects.find((o) => o.resource === 'Deployment/default/orders')?.reason).toMatch(/dapr\.io\/id/);
  });
});

describe('access control', () => {
  // A system written with daprkit's invocation graph, synthesized, then imported again.
  const app = new daprkit.DaprkitApp({ onWarnings: () => undefined });
  const chart = new daprkit.Chart(app, 'shop');
  const orders = new daprkit.DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1.0', appPort: 8080, config: new daprkit.Configuration(chart, 'orders-config') });
  const checkout = new daprkit.DaprApp(chart, 'checkout', { appId: 'checkout', image: 'checkout:1.0', appPort: 8080 });
  checkout.invokes(orders, { operations: [{ path: '/orders', verbs: [daprkit.HttpVerb.POST, daprkit.HttpVerb.GET] }] });
  const synthesized = app.synthManifests();
  const result = program('invokes', synthesized as Record<string, unknown>[]);

  test('policies that say exactly what invokes compiles become invokes edges', () => {
    const code = [...result.files.values()].join('\n');
    expect(code).toMatch(/checkout\.invokes\(orders, \{ operations: \[\{ path: '\/orders', verbs: \[HttpVerb\.GET, HttpVerb\.POST\] \}\] \}\)/);
    expect(code).not.toContain('addAccessControlPolicy');
  });

  test('other policies are explicit, with callers defined elsewhere by app-id', () => {
    const manual = program('policies', [
      {
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'Configuration',
        metadata: { name: 'appconfig' },
        spec: { accessControl: { defaultAction: 'allow', trustDomain: 'public', policies: [{ appId: 'app1', defaultAction: 'deny', trustDomain: 'public', namespace: 'default', operations: [{ name: '/op1', httpVerb: ['POST'], action: 'allow' }] }] } },
      },
    ]);
    const code = [...manual.files.values()].join('\n');
    expect(code).toContain("appconfig.addAccessControlPolicy(DaprApp.fromAppId(this, 'app1-default-caller', 'app1'), {");
    expect(code).toContain('accessControl: { defaultAction: AccessAction.ALLOW }');
  });
});

describe("the pod's identity and shutdown are kept", () => {
  const named = deployment('orders', 'orders');
  const spec = (named.spec.template as { spec: Record<string, unknown> }).spec;
  spec.serviceAccountName = 'orders-sa';
  spec.terminationGracePeriodSeconds = 60;
  const result = program('identity', [named, deployment('billing', 'billing')]);
  const code = [...result.files.values()].join('\n');

  test("a named ServiceAccount is the app's serviceAccount; none is the namespace's default one, said explicitly", () => {
    expect(code).toContain("serviceAccount: ServiceAccount.fromServiceAccountName(this, 'orders-sa-service-account', 'orders-sa'),");
    expect(code).toMatch(/\/\/ daprkit would give the app a ServiceAccount of its own, named after the app-id\n\s*serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT,/);
    expect(result.report.objects.filter((o) => o.resource.startsWith('Deployment/')).map((o) => o.as)).toEqual(['DaprApp', 'DaprApp']);
  });

  test('a grace period other than the one DaprApp writes is the terminationGracePeriod prop, not an escape hatch', () => {
    expect(code).toContain('terminationGracePeriod: Duration.seconds(60),');
    expect(code).not.toContain('patchWorkload');
  });
});

describe('every program of this file compiles and reproduces its system', () => {
  test('compiles under strict', () => {
    expect(typeErrors([...programs.values()].map((p) => p.dir))).toEqual([]);
  });

  test('synthesizes (DaprkitApp checks pass with the suppressions) the same objects', () => {
    for (const [name, p] of programs) {
      const out = runProgram(p.dir, path.join(p.dir, 'dist'));
      expect({ name, count: out.filter((m) => m.kind !== 'Namespace').length }).toEqual({ name, count: p.originals.length });
    }
  });
});

describe("the importer's rendering rules agree with daprkit's", () => {
  test('a duration is typed only when daprkit writes it back the same (Go syntax, compact)', () => {
    const typed = ['5s', '1m', '1m30s', '1h', '500ms', '1.5s', '0s', '2h45m10s'];
    const kept = ['90s', '1h0m', '10m0s', '250us', 'abc', '-5s', ''];
    for (const text of typed) {
      expect(durationExpr(text)).toBeDefined();
      expect(goDuration(Duration.millis(goDurationNanos(text)! / 1e6))).toBe(text);
    }
    for (const text of kept) expect(durationExpr(text)).toBeUndefined();
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (ms) => renderNanos(ms * 1e6) === goDuration(Duration.millis(ms))));
  });

  test('a size is typed only when daprkit writes it back the same', () => {
    for (const [text, typed] of [['4Mi', true], ['1Gi', true], ['1024Mi', false], ['1536Ki', true], ['100', false], ['0Mi', false]] as const) {
      const expr = sizeExpr(text);
      expect(expr !== undefined).toBe(typed);
      if (expr && expr.kind === 'call' && expr.callee.kind === 'member') {
        const arg = (expr.args[0] as Extract<Expr, { kind: 'json' }>).value as number;
        const size = (Size as unknown as Record<string, (n: number) => Size>)[expr.callee.name]!(arg);
        expect(sizeQuantity(size)).toBe(text);
      }
    }
  });

  test("every typed factory the importer names exists on daprkit's classes", () => {
    const factories = allFactories();
    expect(factories.length).toBeGreaterThan(100);
    for (const f of factories) {
      const owner = (daprkit as unknown as Record<string, Record<string, unknown>>)[f.className];
      expect({ factory: `${f.className}.${f.method}`, exists: typeof owner?.[f.method] }).toEqual({ factory: `${f.className}.${f.method}`, exists: 'function' });
    }
  });
});

describe('source text', () => {
  test('string literals evaluate to exactly the string, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const literal = stringLiteral(s);
        expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
        return new Function(`return ${literal};`)() === s;
      }),
      { numRuns: 500 },
    );
  });

  test('comment text never ends its line, nor hides a direction change', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !/[\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(commentText(s))), { numRuns: 500 });
  });

  test('identifiers are valid, never reserved, never the same twice', () => {
    const pool = new IdentifierPool();
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('app', 'component', 'config'), (name, hint) => {
        const id = pool.take(name, hint);
        const fresh = !seen.has(id);
        seen.add(id);
        return fresh && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(id) && !['class', 'new', 'default', 'this', 'constructor', '__proto__'].includes(id);
      }),
      { numRuns: 500 },
    );
  });
});

describe('objects cdk8s cannot write even raw are skipped and listed', () => {
  test('an object without a name (generateName) and one with a null under a key named prototype', () => {
    const result = importSystem(
      inputsOf([
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd' }, data: { prototype: null } },
        hostileSystem[0],
      ]),
      { systemName: 'x' },
    );
    expect(result.report.objects.map((o) => o.resource)).toEqual(['ConfigMap/default/class']);
    expect(result.report.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^Job\/default\/<unnamed>: cdk8s cannot write it as it is .*keep this object in YAML\.$/),
      expect.stringMatching(/^ConfigMap\/default\/odd: it holds a value under a key named "prototype"/),
    ]);
  });
});
