import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { subscriptionChecks } from '../checks/subscriptions';
import { Finding, Manifest } from '../checks/types';
import { daprDeployment } from './support/manifests';

/** Hand-written YAML, the way a user would write it. */
type Item = { name: string; value?: unknown; secretKeyRef?: { name: string; key: string }; envRef?: string };

interface Extra {
  readonly namespace?: string;
  readonly scopes?: string[];
  readonly secretStore?: string;
  readonly version?: string;
  readonly annotations?: Record<string, string>;
}

function component(name: string, type: string, items: Item[], extra: Extra = {}): Manifest {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}), ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    ...(extra.secretStore ? { auth: { secretStore: extra.secretStore } } : {}),
    ...(extra.scopes ? { scopes: extra.scopes } : {}),
    spec: { type, version: extra.version ?? 'v1', metadata: items },
  };
}

const app = (appId: string, namespace?: string): Manifest => daprDeployment(appId, {}, namespace);

function subscription(name: string, spec: Record<string, unknown>, extra: { scopes?: string[]; apiVersion?: string } = {}): Manifest {
  return {
    apiVersion: extra.apiVersion ?? 'dapr.io/v2alpha1',
    kind: 'Subscription',
    metadata: { name },
    ...(extra.scopes ? { scopes: extra.scopes } : {}),
    spec: { pubsubname: 'pubsub', topic: 'orders', routes: { default: '/orders' }, ...spec },
  };
}

const redis = (items: Item[] = [], extra: Extra = {}) =>
  component('statestore', 'state.redis', [{ name: 'redisHost', value: 'redis:6379' }, ...items], { scopes: ['orders'], ...extra });
const pubsub = (extra: Extra = {}) => component('pubsub', 'pubsub.redis', [{ name: 'redisHost', value: 'redis:6379' }], { scopes: ['orders'], ...extra });

function check(manifests: Manifest[], id: string): Finding[] {
  return runChecks([app('orders'), ...manifests], [...componentChecks, ...subscriptionChecks]).filter((f) => f.check === id);
}

describe('component checks', () => {
  test('a well-formed system has no findings', () => {
    const manifests = [
      app('orders'),
      component('vault', 'secretstores.hashicorp.vault', [{ name: 'vaultAddr', value: 'https://vault:8200' }, { name: 'vaultTokenMountPath', value: '/var/run/vault/token' }], {
        scopes: ['orders'],
      }),
      redis([{ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } }, { name: 'actorStateStore', value: true }, { name: 'enableTLS', value: 'True' }], {
        secretStore: 'vault',
      }),
      pubsub(),
      subscription('orders', { routes: { rules: [{ match: 'event.type == "big"', path: '/big' }], default: '/orders' } }, { scopes: ['orders'] }),
    ];
    expect(runChecks(manifests, [...componentChecks, ...subscriptionChecks])).toEqual([]);
  });

  test('accepts runtime aliases of a type and skips types marked custom', () => {
    const pg = component('pg', 'state.postgres', [{ name: 'connectionString', secretKeyRef: { name: 'pg', key: 'dsn' } }], { scopes: ['orders'] });
    const mine = component('mine', 'state.mystore', [{ name: 'whatever', value: 1 }], { scopes: ['orders'], annotations: { 'daprkit.io/custom-type': 'true' } });
    expect(runChecks([app('orders'), pg, mine], componentChecks)).toEqual([]);
  });

  test('fails on an unknown component type, suggesting the closest one', () => {
    const [finding] = check([component('cache', 'state.rediss', [], { scopes: ['orders'] })], 'component-type');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/cache', field: 'spec.type' });
    expect(finding.message).toContain('"state.rediss"');
    expect(finding.hint).toContain('Did you mean "state.redis"?');
  });

  test('fails on an unknown version, listing the known ones', () => {
    const [finding] = check([component('pg', 'state.postgresql', [{ name: 'connectionString', secretKeyRef: { name: 'pg', key: 'dsn' } }], { version: 'v3' })], 'component-version');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/pg', field: 'spec.version' });
    expect(finding.message).toContain('"v3"');
    expect(finding.hint).toContain('v1, v2 (preferred: v2)');
  });

  test('fails with a warning on a deprecated version', () => {
    const [finding] = check([component('etcd', 'state.etcd', [{ name: 'endpoints', value: 'etcd:2379' }], { version: 'v1' })], 'component-version');
    expect(finding).toMatchObject({ severity: 'warning', field: 'spec.version' });
    expect(finding.hint).toContain('v2');
  });

  test('fails when a required field is missing', () => {
    const [finding] = check([component('statestore', 'state.redis', [{ name: 'redisPassword', secretKeyRef: { name: 'r', key: 'p' } }])], 'component-required-field');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/statestore', field: 'spec.metadata[name=redisHost]' });
    expect(finding.message).toContain('"redisHost"');
  });

  test('fails when no authentication profile is complete, naming the closest one', () => {
    const blob = (items: Item[]) => component('blobs', 'bindings.azure.blobstorage', [{ name: 'containerName', value: 'c' }, ...items]);
    const [finding] = check([blob([{ name: 'accountKey', secretKeyRef: { name: 'k', key: 'k' } }])], 'component-required-field');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/blobs', field: 'spec.metadata[name=accountName]' });
    expect(finding.message).toContain('"Account Key"');
    expect(finding.message).toContain('"accountName"');
    expect(finding.hint).toContain('"Connection string" ("connectionString")');
    // One complete profile suffices.
    expect(check([blob([{ name: 'accountName', value: 'acct' }, { name: 'accountKey', secretKeyRef: { name: 'k', key: 'k' } }])], 'component-required-field')).toEqual([]);
    expect(check([blob([{ name: 'accountName', value: 'acct' }])], 'component-required-field')).toEqual([]); // managed identity
    expect(check([blob([{ name: 'connectionString', secretKeyRef: { name: 'k', key: 'k' } }])], 'component-required-field')).toEqual([]);
  });

  test('fails with a warning on an unknown field, suggesting the right name; built-in and profile fields are known', () => {
    const findings = check([redis([{ name: 'redisPasword', value: 'x' }, { name: 'actorStateStore', value: 'false' }, { name: 'useEntraID', value: 'false' }, { name: 'REDISDB', value: '1' }])], 'component-unknown-field');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', resource: 'Component/default/statestore', field: 'spec.metadata[name=redisPasword]' });
    expect(findings[0].message).toContain('"redisPasword"');
    expect(findings[0].hint).toContain('Did you mean "redisPassword"?');
  });

  test('fails on a value outside the allowed values', () => {
    const [finding] = check([redis([{ name: 'redisType', value: 'sentinel' }])], 'component-field-value');
    expect(finding).toMatchObject({ severity: 'error', field: 'spec.metadata[name=redisType]' });
    expect(finding.message).toContain('"sentinel"');
    expect(finding.hint).toContain('"cluster", "node"');
  });

  test('fails on a non-numeric value in a number field and a non-boolean in a bool field', () => {
    const findings = check([redis([{ name: 'redisDB', value: 'zero' }, { name: 'enableTLS', value: 'maybe' }, { name: 'failover', value: false }, { name: 'poolSize', value: 10 }])], 'component-field-value');
    expect(findings.map((f) => f.field)).toEqual(['spec.metadata[name=enableTLS]', 'spec.metadata[name=redisDB]']);
    expect(findings.map((f) => f.message).join(' ')).toMatch(/"maybe".*"zero"/);
  });

  test('fails on plaintext in a sensitive field, without echoing the secret', () => {
    const [finding] = check([redis([{ name: 'redisPassword', value: 'hunter2' }])], 'component-sensitive-plaintext');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/statestore', field: 'spec.metadata[name=redisPassword]' });
    expect(finding.message).toContain('"redisPassword"');
    expect(finding.message).not.toContain('hunter2');
    expect(finding.hint).toContain('SecretValue.fromSecret');
    // An explicit, recorded opt-in (SecretValue.unsafePlainText) is accepted.
    const acknowledged = redis([{ name: 'redisPassword', value: 'dev' }], { annotations: { 'daprkit.io/plaintext-ok': 'redisPassword' } });
    expect(check([acknowledged], 'component-sensitive-plaintext')).toEqual([]);
  });

  test('fails when secretKeyRef goes through a secret store that does not exist or is not one', () => {
    const ref: Item = { name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } };
    const [missing] = check([redis([ref], { secretStore: 'vault' })], 'component-secret-store');
    expect(missing).toMatchObject({ severity: 'error', resource: 'Component/default/statestore', field: 'auth.secretStore' });
    expect(missing.message).toContain('"vault"');
    const [wrongKind] = check([redis([ref], { secretStore: 'pubsub' }), pubsub()], 'component-secret-store');
    expect(wrongKind.message).toContain('pubsub.redis');
    // The built-in Kubernetes store needs no Component; a store in another namespace does not count.
    expect(check([redis([ref])], 'component-secret-store')).toEqual([]);
    const elsewhere = component('vault', 'secretstores.hashicorp.vault', [{ name: 'vaultAddr', value: 'x' }], { namespace: 'infra' });
    expect(check([redis([ref], { secretStore: 'vault' }), elsewhere], 'component-secret-store')).toHaveLength(1);
  });

  test('fails when an HTTPEndpoint header references a missing secret store', () => {
    const endpoint: Manifest = {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'payments' },
      auth: { secretStore: 'vault' },
      spec: { baseUrl: 'https://pay.example.com', headers: [{ name: 'Authorization', secretKeyRef: { name: 'pay', key: 'token' } }] },
    };
    const [finding] = check([endpoint], 'component-secret-store');
    expect(finding).toMatchObject({ resource: 'HTTPEndpoint/default/payments', field: 'auth.secretStore' });
    expect(finding.message).toContain('spec.headers[name=Authorization]');
  });

  test('fails with a warning on scopes that name no Dapr app, and on unscoped components', () => {
    const [unknown] = check([redis([], { scopes: ['orders', 'ordrs'] })], 'scope-unknown-app');
    expect(unknown).toMatchObject({ severity: 'warning', resource: 'Component/default/statestore', field: 'scopes[1]' });
    expect(unknown.message).toContain('"ordrs"');
    expect(unknown.hint).toContain('Did you mean "orders"?');
    // Apps of another namespace do not count.
    expect(check([redis([], { scopes: ['billing'] }), app('billing', 'finance')], 'scope-unknown-app')).toHaveLength(1);
    const [unscoped] = check([component('memory', 'pubsub.in-memory', [])], 'component-unscoped');
    expect(unscoped).toMatchObject({ severity: 'warning', resource: 'Component/default/memory', field: 'scopes' });
  });

  test('fails on two actor state stores for the same apps, naming both', () => {
    const actor = (name: string, scopes?: string[]) =>
      component(name, 'state.redis', [{ name: 'redisHost', value: 'r' }, { name: 'actorStateStore', value: 'true' }], scopes ? { scopes } : {});
    const findings = check([actor('one'), actor('two')], 'component-actor-state-store');
    // One finding per pair (it names both), not one from each side.
    expect(findings.map((f) => f.resource)).toEqual(['Component/default/one']);
    expect(findings[0]).toMatchObject({ severity: 'error', field: 'spec.metadata[name=actorStateStore]' });
    expect(findings[0].message).toMatch(/"one".*"two"/);
    // Scoped to different apps, each app has one actor state store.
    expect(check([actor('one', ['orders']), actor('two', ['billing'])], 'component-actor-state-store')).toEqual([]);
    expect(check([actor('one', ['orders']), actor('two', ['orders'])], 'component-actor-state-store')).toHaveLength(1);
  });

  test('fails on an actor state store whose type cannot hold actor state', () => {
    const memcached = component('cache', 'state.memcached', [{ name: 'hosts', value: 'm:11211' }, { name: 'actorStateStore', value: 'true' }]);
    const [finding] = check([memcached], 'component-actor-state-store');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Component/default/cache', field: 'spec.metadata[name=actorStateStore]' });
    expect(finding.message).toContain('state.memcached');
  });
});

describe('subscription checks', () => {
  test('fails when the pub/sub is not a Component in the namespace, suggesting one', () => {
    const [finding] = check([pubsub(), subscription('orders', { pubsubname: 'pubsbu' })], 'subscription-pubsub');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Subscription/default/orders', field: 'spec.pubsubname' });
    expect(finding.message).toContain('"pubsbu"');
    expect(finding.hint).toContain('Did you mean "pubsub"?');
  });

  test('fails when pubsubname names a component that is not a pub/sub', () => {
    const [finding] = check([redis(), subscription('orders', { pubsubname: 'statestore' })], 'subscription-pubsub');
    expect(finding).toMatchObject({ field: 'spec.pubsubname' });
    expect(finding.message).toContain('state.redis');
  });

  test('fails when a subscribing app cannot see the scoped pub/sub', () => {
    const [finding] = check([pubsub({ scopes: ['orders'] }), app('billing'), subscription('orders', {}, { scopes: ['orders', 'billing'] })], 'subscription-pubsub');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Subscription/default/orders', field: 'scopes[1]' });
    expect(finding.message).toContain('"billing"');
    // An unscoped pub/sub is visible to every app.
    expect(check([pubsub({ scopes: undefined }), component('pubsub', 'pubsub.redis', [{ name: 'redisHost', value: 'r' }]), subscription('orders', {}, { scopes: ['billing'] })], 'subscription-pubsub')).toEqual([]);
  });

  test('fails with a warning when an unscoped subscription reaches apps the scoped pub/sub hides from', () => {
    const [finding] = check([pubsub({ scopes: ['orders'] }), app('orders'), app('billing'), subscription('orders', {}, { scopes: undefined })], 'subscription-pubsub');
    expect(finding).toMatchObject({ severity: 'warning', resource: 'Subscription/default/orders', field: 'scopes' });
    expect(finding.message).toContain('"billing"');
    expect(finding.message).not.toContain('"orders",');
    expect(finding.hint).toContain('scopes: ["orders"]');
    // Every app of the namespace sees the pub/sub: nothing to say.
    expect(check([pubsub({ scopes: ['orders'] }), app('orders'), subscription('orders', {}, { scopes: undefined })], 'subscription-pubsub')).toEqual([]);
  });

  test('fails on a rule with an empty match and on empty or non-string paths', () => {
    const findings = check(
      [pubsub(), subscription('orders', { routes: { rules: [{ match: '', path: '/a' }, { match: 'event.type == "b"', path: 42 }], default: ' ' } })],
      'subscription-routes',
    );
    expect(findings.map((f) => f.field)).toEqual(['spec.routes.default', 'spec.routes.rules[0].match', 'spec.routes.rules[1].path']);
    expect(findings.every((f) => f.severity === 'error' && f.resource === 'Subscription/default/orders')).toBe(true);
    expect(findings[0].message).toBe('route path " " is empty.');
    expect(findings[2].message).toBe('route path 42 is not a string.');
  });

  test('accepts paths without a leading slash: Dapr adds it for HTTP apps and passes it verbatim to gRPC apps', () => {
    const routes = { rules: [{ match: 'event.type == "b"', path: 'b' }], default: 'orders' };
    expect(check([pubsub(), subscription('orders', { routes })], 'subscription-routes')).toEqual([]);
    expect(check([pubsub(), subscription('legacy', { routes: undefined, route: 'orders' }, { apiVersion: 'dapr.io/v1alpha1' })], 'subscription-routes')).toEqual([]);
  });

  test('fails on a missing topic, a subscription without routes, and a v1alpha1 subscription without a route', () => {
    const findings = check([pubsub(), subscription('orders', { topic: '', routes: {} })], 'subscription-routes');
    expect(findings.map((f) => f.field)).toEqual(['spec.routes', 'spec.topic']);
    const [legacy] = check([pubsub(), subscription('legacy', { routes: undefined }, { apiVersion: 'dapr.io/v1alpha1' })], 'subscription-routes');
    expect(legacy).toMatchObject({ resource: 'Subscription/default/legacy', field: 'spec.route' });
  });
});
