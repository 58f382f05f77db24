import { Duration, Size, Testing } from 'cdk8s';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { MetadataValue, SecretValue } from '../constructs/secret-value';
import { find, synth, synthReport } from './support/synth';

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

  test('fails when the name (defaulting to the id) is not a DNS subdomain', () => {
    expect(synthReport((chart) => new Component(chart, 'StateStore', redis()))).toMatch(/\[test\/StateStore\] name: received "StateStore".*set `name`.*"statestore"/);
  });

  test('fails when secretStore is not a secret store, or in another namespace', () => {
    const chart = Testing.chart();
    const pubsub = new Component(chart, 'pubsub', { type: ComponentType.PUBSUB_IN_MEMORY });
    expect(() => new Component(chart, 'a', { ...redis(), secretStore: pubsub })).toThrow(/secretStore: received "pubsub \(pubsub.in-memory\)".*secretstores/);
    const vault = Component.fromName(chart, 'vault', 'vault', { type: ComponentType.SECRETSTORES_HASHICORP_VAULT, namespace: 'other' });
    expect(() => new Component(chart, 'b', { ...redis(), secretStore: vault })).toThrow(/secretStore: received "other\/vault".*namespace "default"/);
  });

  test('fails on a scope that is not an app-id, or an app of another namespace', () => {
    const chart = Testing.chart();
    const store = new Component(chart, 'statestore', redis());
    expect(() => store.addScope('Orders App')).toThrow(/scopes: received "Orders App"/);
    const other = DaprApp.fromAppId(chart, 'billing', 'billing', { namespace: 'finance' });
    expect(() => store.addScope(other)).toThrow(/scopes: received "finance\/billing".*namespace "default"/);
  });

  test('fails on a custom type that is malformed or already catalogued', () => {
    expect(() => ComponentType.custom('mystore')).toThrow(/"<building block>.<name>"/);
    expect(() => ComponentType.custom('state.redis')).toThrow(/use ComponentType.STATE_REDIS/);
    expect(() => ComponentType.custom('state.mystore', 'one')).toThrow(/version "one"/);
  });

  test('fails on values that cannot be rendered', () => {
    expect(() => new Component(Testing.chart(), 'x', { ...redis(), metadata: { redisHost: 'r', redisDB: Infinity } })).toThrow(/"redisDB" must be a finite number/);
    expect(() => SecretValue.fromSecret('redis', '')).toThrow(/key must be a non-empty string/);
  });
});
