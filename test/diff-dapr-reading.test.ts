/**
 * `daprkit diff` compares Dapr objects as daprd 1.18.3 reads them (issue 21 §5): lists Dapr reads as
 * sets or as maps keyed by a name are no change when only their order differs, and a number or a
 * boolean where Dapr reads text is the same as its text. `--exact` gives the structural diff.
 * Each rule names the Dapr source it stands on (see cli/diff-reading.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../checks/types';
import { diffManifests, REDACTED } from '../cli/diff';
import { runCli, tempDir, writeManifests } from './support/cli';

const dapr = (kind: string, name: string, body: Record<string, unknown>): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind, metadata: { name, namespace: 'default' }, ...body }) as Manifest;

const component = (metadata: unknown[], scopes: string[]) => dapr('Component', 'statestore', { spec: { type: 'state.redis', version: 'v1', metadata }, scopes });
const before = component(
  [
    { name: 'redisHost', value: 'redis:6379' },
    { name: 'ttlInSeconds', value: 25 },
    { name: 'enableTLS', value: false },
  ],
  ['orders', 'checkout'],
);
const reordered = component(
  [
    { name: 'enableTLS', value: 'false' },
    { name: 'ttlInSeconds', value: '25' },
    { name: 'redisHost', value: 'redis:6379' },
  ],
  ['checkout', 'orders'],
);

const fields = (a: Manifest[], b: Manifest[], exact = false) => diffManifests(a, b, { exact }).changes.flatMap((c) => c.fields.map((f) => f.path));

describe('a Component as daprd reads it', () => {
  test('reordered scopes and metadata, and 25 versus "25", are no change', () => {
    const d = diffManifests([before], [reordered]);
    expect(d.changes).toEqual([]);
    expect(d.counts.unchanged).toBe(1);
  });

  test('--exact shows the structural differences', () => {
    const paths = fields([before], [reordered], true);
    expect(paths).toEqual(expect.arrayContaining(['scopes[0]', 'scopes[1]', 'spec.metadata[0].name', 'spec.metadata[1].value']));
  });

  test('a real change of scopes shows the whole set, before and after', () => {
    const d = diffManifests([before], [component([], ['orders', 'shipping'])]);
    expect(d.changes[0].fields).toContainEqual({ path: 'scopes', before: ['orders', 'checkout'], after: ['orders', 'shipping'] });
  });

  test('repeated scopes, and an empty list versus none, read the same', () => {
    expect(diffManifests([component([], ['a', 'b'])], [component([], ['b', 'a', 'b'])]).changes).toEqual([]);
    const none = dapr('Component', 'statestore', { spec: { type: 'state.redis', version: 'v1', metadata: [] } });
    expect(diffManifests([component([], [])], [none]).changes).toEqual([]);
  });

  test('a metadata name given twice: the last one is what daprd reads', () => {
    const twice = component([{ name: 'redisHost', value: 'old:6379' }, { name: 'redisHost', value: 'redis:6379' }], []);
    const once = component([{ name: 'redisHost', value: 'redis:6379' }], []);
    expect(diffManifests([twice], [once]).changes).toEqual([]);
    const swapped = component([{ name: 'redisHost', value: 'redis:6379' }, { name: 'redisHost', value: 'old:6379' }], []);
    expect(diffManifests([once], [swapped]).changes[0].fields).toEqual([{ path: 'spec.metadata[name=redisHost].value', before: 'redis:6379', after: 'old:6379' }]);
  });

  test('a value that really changes still shows, with its own type', () => {
    const changed = component([{ name: 'ttlInSeconds', value: 26 }], []);
    const was = component([{ name: 'ttlInSeconds', value: '25' }], []);
    expect(diffManifests([was], [changed]).changes[0].fields).toEqual([{ path: 'spec.metadata[name=ttlInSeconds].value', before: '25', after: 26 }]);
  });

  test('a secret value is compared as text too, and never shown', () => {
    const secret = (value: unknown) => component([{ name: 'redisPassword', value }], []);
    expect(diffManifests([secret(1234)], [secret('1234')]).changes).toEqual([]);
    const d = diffManifests([secret(1234)], [secret(1235)]);
    expect(d.changes[0].fields).toEqual([{ path: 'spec.metadata[name=redisPassword].value', before: REDACTED, after: REDACTED, redacted: true }]);
    expect(JSON.stringify(d)).not.toMatch(/123/);
  });

  test('outside Dapr objects, a number is not its text and list order is kept', () => {
    const configMap = (value: unknown, list: string[]) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: value }, scopes: list }) as unknown as Manifest;
    expect(fields([configMap(25, ['a', 'b'])], [configMap('25', ['b', 'a'])])).toEqual(['data.a', 'scopes[0]', 'scopes[1]']);
  });
});

describe('other Dapr objects as daprd reads them', () => {
  test('HTTPEndpoint headers: keyed by name, whatever its case; values read as text', () => {
    const endpoint = (headers: unknown[], scopes: string[]) => dapr('HTTPEndpoint', 'api', { spec: { baseUrl: 'https://api.example.com', headers }, scopes });
    const a = endpoint([{ name: 'X-Retries', value: 3 }, { name: 'Accept', value: 'application/json' }], ['a', 'b']);
    const b = endpoint([{ name: 'accept', value: 'application/json' }, { name: 'x-retries', value: '3' }], ['b', 'a']);
    expect(diffManifests([a], [b]).changes).toEqual([]);
    const c = endpoint([{ name: 'accept', value: 'text/plain' }, { name: 'x-retries', value: '3' }], ['b', 'a']);
    expect(diffManifests([a], [c]).changes[0].fields).toEqual([{ path: 'spec.headers[name=accept].value', before: 'application/json', after: 'text/plain' }]);
  });

  test('Subscription, Resiliency, MCPServer and WorkflowAccessPolicy scopes are sets', () => {
    for (const kind of ['Subscription', 'Resiliency', 'MCPServer', 'WorkflowAccessPolicy']) {
      const a = dapr(kind, 'x', { spec: {}, scopes: ['a', 'b', 'c'] });
      const b = dapr(kind, 'x', { spec: {}, scopes: ['c', 'a', 'b'] });
      expect({ kind, changes: diffManifests([a], [b]).changes }).toEqual({ kind, changes: [] });
    }
  });

  test('Configuration: policies keyed by appId and namespace, verbs, secret scopes, API rules, denied components, path matching and tracing headers', () => {
    const configuration = (reverse: boolean) => {
      const r = <T>(list: T[]) => (reverse ? [...list].reverse() : list);
      return dapr('Configuration', 'appconfig', {
        spec: {
          features: r([{ name: 'HotReload', enabled: true }, { name: 'SchedulerReminders', enabled: false }]),
          accessControl: {
            defaultAction: 'deny',
            trustDomain: 'public',
            policies: r([
              { appId: 'checkout', namespace: 'default', defaultAction: 'deny', operations: [{ name: '/orders', httpVerb: r(['GET', 'POST']), action: 'allow' }] },
              { appId: 'checkout', namespace: 'shop', defaultAction: 'allow' },
            ]),
          },
          secrets: { scopes: r([{ storeName: 'vault', defaultAccess: 'deny', allowedSecrets: r(['a', 'b']) }, { storeName: 'kubernetes', deniedSecrets: r(['c', 'd']) }]) },
          api: { allowed: r([{ name: 'state', version: 'v1.0', protocol: 'http' }, { name: 'invoke', version: 'v1.0', protocol: 'grpc' }]) },
          components: { deny: r(['bindings.smtp', 'state.redis/v1']) },
          metric: { http: { pathMatching: r(['/orders/{id}', '/items/{id}']) } },
          tracing: { otel: { endpointAddress: 'otel:4317', headers: r([{ name: 'x-tenant', value: reverse ? '7' : 7 }, { name: 'x-env', value: 'prod' }]) } },
        },
      });
    };
    expect(diffManifests([configuration(false)], [configuration(true)]).changes).toEqual([]);
    expect(fields([configuration(false)], [configuration(true)], true).length).toBeGreaterThan(10);
  });

  test('a changed access-control policy is named by its appId and namespace', () => {
    const config = (action: string) =>
      dapr('Configuration', 'appconfig', { spec: { accessControl: { defaultAction: 'deny', policies: [{ appId: 'checkout', namespace: 'shop', defaultAction: action }, { appId: 'checkout', namespace: 'default', defaultAction: 'deny' }] } } });
    expect(diffManifests([config('deny')], [config('allow')]).changes[0].fields).toEqual([{ path: 'spec.accessControl.policies[appId=checkout,namespace=shop].defaultAction', before: 'deny', after: 'allow' }]);
  });

  test('WorkflowAccessPolicy rules, callers, workflows, operations and activities are sets', () => {
    const policy = (reverse: boolean) => {
      const r = <T>(list: T[]) => (reverse ? [...list].reverse() : list);
      return dapr('WorkflowAccessPolicy', 'orders', {
        spec: {
          rules: r([
            { callers: r([{ appID: 'checkout' }, { appID: 'admin' }]), workflows: r([{ name: 'order-*', operations: r(['schedule', 'terminate']) }, { name: 'refund', operations: ['get'] }]) },
            { callers: [{ appID: 'batch' }], activities: r([{ name: 'charge' }, { name: 'ship' }]) },
          ]),
        },
        scopes: ['orders'],
      });
    };
    expect(diffManifests([policy(false)], [policy(true)]).changes).toEqual([]);
  });

  test('where daprd reads in order, order is a change: pipeline handlers, subscription rules, access-control operations with wildcards', () => {
    const pipeline = (names: string[]) => dapr('Configuration', 'pipeline', { spec: { httpPipeline: { handlers: names.map((name) => ({ name, type: `middleware.http.${name}` })) } } });
    expect(fields([pipeline(['oauth2', 'ratelimit'])], [pipeline(['ratelimit', 'oauth2'])])).toEqual(['spec.httpPipeline.handlers[0].name', 'spec.httpPipeline.handlers[0].type', 'spec.httpPipeline.handlers[1].name', 'spec.httpPipeline.handlers[1].type']);
    const ops = (names: string[]) => dapr('Configuration', 'acl', { spec: { accessControl: { policies: [{ appId: 'a', namespace: 'default', operations: names.map((name) => ({ name, action: name.includes('*') ? 'deny' : 'allow' })) }] } } });
    expect(fields([ops(['/orders/*', '/orders/list'])], [ops(['/orders/list', '/orders/*'])]).length).toBeGreaterThan(0);
    // Without a wildcard, operations are looked up by exact name: reordering them is no change.
    expect(fields([ops(['/orders', '/items'])], [ops(['/items', '/orders'])])).toEqual([]);
  });
});

describe('daprkit diff --exact', () => {
  let work: string;
  beforeAll(() => {
    work = tempDir();
    writeManifests(path.join(work, 'a.yaml'), [before]);
    writeManifests(path.join(work, 'b.yaml'), [reordered]);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('no change as Dapr reads it; --exact shows the raw differences', () => {
    const read = runCli(['diff', 'a.yaml', 'b.yaml', '--exit-code'], { cwd: work });
    expect(read).toMatchObject({ code: 0, stdout: '0 added, 0 removed, 0 changed, 1 unchanged.\n' });
    const exact = runCli(['diff', 'a.yaml', 'b.yaml', '--exact', '--exit-code'], { cwd: work });
    expect(exact.code).toBe(1);
    expect(exact.stdout).toContain('    spec.metadata[1].value: 25 → "25"');
    expect(exact.stdout).toContain('    scopes[0]: "orders" → "checkout"');
  });
});
