import { Chart, Duration, Size, Testing } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { MetadataValue, SecretValue } from '../constructs/secret-value';
import { failsAtSynth, find, synth, synthError, synthReport } from './support/synth';
import { Subscription } from '../constructs/subscription';
import { Configuration } from '../constructs/configuration';

const redis = (metadata: Record<string, string> = {}) => ({
  type: ComponentType.STATE_REDIS,
  metadata: { redisHost: 'redis:6379', ...metadata },
});

describe('Component', () => {
  test('synthesizes a dapr.io/v1alpha1 Component with sorted, stringified metadata', () => {
    const manifests = synth((chart) => {
      new Component(chart, 'statestore', {
        type: ComponentType.STATE_REDIS,
        metadata: {
          redisHost: 'redis:6379',
          redisPassword: SecretValue.fromSecret('redis', 'password'),
          enableTLS: true,
          redisDB: 2,
          dialTimeout: Duration.seconds(90),
          actorStateStore: false,
          redisUsername: MetadataValue.fromEnv('REDIS_USER'),
        },
        scopes: ['orders', 'checkout', 'orders'],
        initTimeout: Duration.seconds(30),
        ignoreErrors: false,
      });
    });
    expect(manifests).toMatchSnapshot();

    const component = find(manifests, 'Component', 'statestore');
    expect(component.apiVersion).toBe('dapr.io/v1alpha1');
    expect(component.spec.type).toBe('state.redis');
    expect(component.spec.version).toBe('v1');
    expect(component.spec.metadata.map((i: { name: string }) => i.name)).toEqual([
      'actorStateStore',
      'dialTimeout',
      'enableTLS',
      'redisDB',
      'redisHost',
      'redisPassword',
      'redisUsername',
    ]);
    expect(component.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } });
    expect(component.spec.metadata).toContainEqual({ name: 'redisUsername', envRef: 'REDIS_USER' });
    expect(component.spec.metadata).toContainEqual({ name: 'enableTLS', value: 'true' });
    expect(component.spec.metadata).toContainEqual({ name: 'actorStateStore', value: 'false' });
    expect(component.spec.metadata).toContainEqual({ name: 'redisDB', value: '2' });
    expect(component.spec.metadata).toContainEqual({ name: 'dialTimeout', value: '1m30s' });
    expect(component.spec.initTimeout).toBe('30s');
    expect(component.spec.ignoreErrors).toBe(false);
    expect(component.scopes).toEqual(['checkout', 'orders']);
    expect(component.auth).toBeUndefined();
    expect(component.metadata?.annotations).toBeUndefined();
    // What daprkit writes passes daprkit's own catalog checks (no apps here, so only the scopes are unknown).
    expect(runChecks(manifests, componentChecks).filter((f) => f.check !== 'scope-unknown-app')).toEqual([]);
  });

  test('scopes added after construction count, and apps are taken by reference', () => {
    const manifests = synth((chart) => {
      const store = new Component(chart, 'statestore', redis());
      const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1' });
      store.addScope(app);
      store.addScope('audit');
      store.addScope(app);
    });
    expect(find(manifests, 'Component', 'statestore').scopes).toEqual(['audit', 'orders']);
  });

  test('renders no scopes when unscoped, and an empty metadata list (the CRD requires it)', () => {
    const manifests = synth((chart) => new Component(chart, 'memory', { type: ComponentType.PUBSUB_IN_MEMORY }));
    const component = find(manifests, 'Component', 'memory');
    expect(component.scopes).toBeUndefined();
    expect(component.spec).toEqual({ type: 'pubsub.in-memory', version: 'v1', metadata: [] });
  });

  test('points auth.secretStore at a secret-store component', () => {
    const manifests = synth((chart) => {
      const vault = new Component(chart, 'vault', { type: ComponentType.SECRETSTORES_HASHICORP_VAULT, metadata: { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/vault/token' } });
      new Component(chart, 'statestore', { ...redis(), secretStore: vault });
      new Component(chart, 'cache', { ...redis(), secretStore: 'kubernetes' });
    });
    expect(find(manifests, 'Component', 'statestore').auth).toEqual({ secretStore: 'vault' });
    expect(find(manifests, 'Component', 'cache').auth).toEqual({ secretStore: 'kubernetes' });
  });

  test('uses the catalog default version, the given name and namespace, and sizes as quantities', () => {
    const manifests = synth((chart) => {
      new Component(chart, 'Orders', { ...redis(), name: 'orders-state', namespace: 'shop' });
      new Component(chart, 'pg', { type: ComponentType.STATE_POSTGRESQL, version: 'v2', metadata: { connectionString: SecretValue.fromSecret('pg', 'dsn') } });
      new Component(chart, 'webhook', { type: ComponentType.BINDINGS_HTTP, metadata: { url: 'https://example.com', maxResponseBodySize: Size.mebibytes(4) } });
    });
    const orders = find(manifests, 'Component', 'orders-state');
    expect(orders.metadata?.namespace).toBe('shop');
    expect(find(manifests, 'Component', 'pg').spec.version).toBe('v2');
    expect(find(manifests, 'Component', 'webhook').spec.metadata).toContainEqual({ name: 'maxResponseBodySize', value: '4Mi' });
    expect(ComponentType.STATE_POSTGRESQL.defaultVersion).toBe('v1');
  });

  test('records explicit plaintext secrets and custom types as annotations the checks honour', () => {
    const manifests = synth((chart) => {
      new Component(chart, 'dev', { ...redis(), metadata: { redisHost: 'r:6379', redisPassword: SecretValue.unsafePlainText('dev') } });
      new Component(chart, 'mine', { type: ComponentType.custom('state.mystore'), metadata: { anything: 'goes' }, scopes: ['a'] });
    });
    const dev = find(manifests, 'Component', 'dev');
    expect(dev.spec.metadata).toContainEqual({ name: 'redisPassword', value: 'dev' });
    expect(dev.metadata?.annotations).toEqual({ 'daprkit.io/plaintext-ok': 'redisPassword' });
    const mine = find(manifests, 'Component', 'mine');
    expect(mine.spec.type).toBe('state.mystore');
    expect(mine.metadata?.annotations).toEqual({ 'daprkit.io/custom-type': 'true' });
    expect(runChecks(manifests, componentChecks).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('fromName imports a component defined elsewhere; isComponent tells them apart', () => {
    const chart = Testing.chart();
    const imported = Component.fromName(chart, 'shared', 'shared-pubsub', { type: ComponentType.PUBSUB_KAFKA, namespace: 'infra' });
    const local = new Component(chart, 'statestore', redis());
    expect(imported).toMatchObject({ name: 'shared-pubsub', namespace: 'infra', componentType: 'pubsub.kafka' });
    expect(Component.isComponent(local)).toBe(true);
    expect(Component.isComponent(imported)).toBe(false);
    expect(local.namespace).toBe('default');
  });

  test('fromName with only a building block: a pub/sub of a type this program does not know serves a Subscription', () => {
    // The pub/sub lives elsewhere, so the checks of this chart alone would not find it: synthesized unchecked.
    const chart = Testing.chart();
    const pubsub = Component.fromName(chart, 'pubsub', 'pubsub', { buildingBlock: 'pubsub' });
    expect(pubsub.componentType).toBe('pubsub.*');
    new Subscription(chart, 'orders', { pubsub, topic: 'orders', route: '/orders', scopes: ['orders'] });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    expect(find(chart.toJson(), 'Subscription', 'orders').spec.pubsubname).toBe('pubsub');
  });

  test('fails at synth: fromName with neither a type nor a building block, or with both; a pipeline of a middleware of unknown type', () => {
    expect(failsAtSynth((chart) => Component.fromName(chart, 'ref', 'store', {}))).toThrow(/\[test\/ref\] type\/buildingBlock: received undefined, expected exactly one of `type` or `buildingBlock`/);
    expect(failsAtSynth((chart) => Component.fromName(chart, 'ref', 'store', { type: ComponentType.STATE_REDIS, buildingBlock: 'state' }))).toThrow(/exactly one of `type` or `buildingBlock`/);
    expect(
      failsAtSynth((chart) => {
        const oauth = Component.fromName(chart, 'oauth', 'oauth2', { buildingBlock: 'middleware' });
        new Configuration(chart, 'pipeline', { httpPipeline: [oauth] });
      }),
    ).toThrow(/httpPipeline: received "oauth2 \(middleware\.\*\)", expected a middleware Component of a known type/);
  });

  test('fails when the name (defaulting to the id) is not a DNS subdomain', () => {
    expect(synthReport((chart) => new Component(chart, 'StateStore', redis()))).toMatch(/\[test\/StateStore\] name: received "StateStore".*set `name`.*"statestore"/);
  });

  test('fails at synth when secretStore is not a secret store, or in another namespace', () => {
    expect(failsAtSynth((chart) => new Component(chart, 'a', { ...redis(), secretStore: new Component(chart, 'pubsub', { type: ComponentType.PUBSUB_IN_MEMORY }) }))).toThrow(
      /\[test\/a\] secretStore: received "pubsub \(pubsub.in-memory\)".*secretstores/,
    );
    expect(
      failsAtSynth((chart) => {
        const vault = Component.fromName(chart, 'vault', 'vault', { type: ComponentType.SECRETSTORES_HASHICORP_VAULT, namespace: 'other' });
        new Component(chart, 'b', { ...redis(), secretStore: vault });
      }),
    ).toThrow(/\[test\/b\] secretStore: received "other\/vault".*namespace "default"/);
  });

  test('fails at synth on a scope that is not an app-id, or an app of another namespace', () => {
    expect(failsAtSynth((chart) => new Component(chart, 'statestore', redis()).addScope('Orders App'))).toThrow(/\[test\/statestore\] scopes: received "Orders App"/);
    expect(
      failsAtSynth((chart) => {
        const other = DaprApp.fromAppId(chart, 'billing', 'billing', { namespace: 'finance' });
        new Component(chart, 'statestore', redis()).addScope(other);
      }),
    ).toThrow(/\[test\/statestore\] scopes: received "finance\/billing".*namespace "default"/);
  });

  test('fails at synth on a version that is not one, and on an imported name that is not a DNS subdomain', () => {
    expect(failsAtSynth((chart) => new Component(chart, 'statestore', { ...redis(), version: '1' }))).toThrow(
      '[test/statestore] version: received "1", expected a component version such as "v1". Fix: omit `version` to use the catalog default.',
    );
    expect(failsAtSynth((chart) => Component.fromName(chart, 'ref', 'My_Store', { type: ComponentType.STATE_REDIS }))).toThrow(/\[test\/ref\] name: received "My_Store", expected a DNS subdomain/);
  });

  test('fails on a custom type that is malformed or already catalogued', () => {
    expect(() => ComponentType.custom('mystore')).toThrow(/"<building block>.<name>"/);
    expect(() => ComponentType.custom('state.redis')).toThrow(/use ComponentType.STATE_REDIS/);
    expect(() => ComponentType.custom('state.mystore', 'one')).toThrow(/version "one"/);
  });

  test('fails at synth on values that cannot be rendered; the item is left out, so no check repeats it', () => {
    expect(failsAtSynth((chart) => new Component(chart, 'x', { ...redis(), metadata: { redisHost: 'r', redisDB: Infinity } }))).toThrow(
      /\[test\/x\] metadata: Metadata field "redisDB" must be a finite number, got Infinity/,
    );
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const store = new Component(new Chart(app, 'test'), 'statestore', { ...redis(), version: 'one', metadata: { redisHost: 'r', redisDB: NaN } });
    const error = synthError(app);
    expect(error.constructErrors).toHaveLength(2);
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(store.apiObject.toJson().spec).toEqual({ type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'r' }] });
    // A required field that cannot be rendered is reported once, not again as missing.
    const second = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    new Component(new Chart(second, 'test'), 'statestore', { type: ComponentType.STATE_REDIS, metadata: { redisHost: Infinity } });
    const once = synthError(second);
    expect(once.constructErrors).toEqual(['[test/statestore] metadata: Metadata field "redisHost" must be a finite number, got Infinity.']);
    expect(once.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(() => SecretValue.fromSecret('redis', '')).toThrow(/key must be a non-empty string/);
  });
});
