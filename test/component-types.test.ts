/**
 * The generated typed factories. Besides runtime behaviour, this file is a compile-time test:
 * `npm test` type-checks it, and each `@ts-expect-error` line must be a type error, so misuse the
 * typed metadata is meant to refuse (missing required field, misspelled field, plaintext secret,
 * wrong value type) cannot silently start compiling.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import {
  Binding,
  ComponentType,
  ConfigurationStore,
  Conversation,
  Crypto,
  Lock,
  Middleware,
  NameResolution,
  PubSub,
  SecretStore,
  StateStore,
} from '../constructs/generated';
import { Component } from '../constructs/component';
import { MetadataValue, SecretValue } from '../constructs/secret-value';
import { find, synth } from './support/synth';

/** Compile-time only: never called, so the constructs are never built. */
function typeLevelChecks(chart: Chart): void {
  StateStore.redis(chart, 'ok', {
    metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore: false },
  });
  // @ts-expect-error a Redis state store needs redisHost
  StateStore.redis(chart, 'no-host', { metadata: { redisPassword: SecretValue.fromSecret('redis', 'password') } });
  // @ts-expect-error misspelled field
  StateStore.redis(chart, 'typo', { metadata: { redisHost: 'redis:6379', redisPasword: SecretValue.fromSecret('redis', 'password') } });
  // @ts-expect-error a sensitive field takes no plain string
  StateStore.redis(chart, 'plain', { metadata: { redisHost: 'redis:6379', redisPassword: 'hunter2' } });
  // @ts-expect-error actorStateStore is a boolean
  StateStore.redis(chart, 'actor', { metadata: { redisHost: 'redis:6379', actorStateStore: 'true' } });
  // @ts-expect-error number fields take numbers
  StateStore.redis(chart, 'db', { metadata: { redisHost: 'redis:6379', redisDB: '0' } });
  // @ts-expect-error fields with allowed values take only those
  StateStore.redis(chart, 'kind', { metadata: { redisHost: 'redis:6379', redisType: 'sentinel' } });
  // @ts-expect-error duration fields take a Duration
  StateStore.redis(chart, 'timeout', { metadata: { redisHost: 'redis:6379', dialTimeout: '5s' } });
  // @ts-expect-error a component type without fields accepts none
  PubSub.inMemory(chart, 'mem', { metadata: { anything: 'x' } });
}
void typeLevelChecks;

describe('typed component factories', () => {
  test('StateStore.redis renders a typed state.redis Component that passes the catalog checks', () => {
    const manifests = synth((chart) => {
      StateStore.redis(chart, 'statestore', {
        metadata: {
          redisHost: 'redis:6379',
          redisPassword: SecretValue.fromSecret('redis', 'password'),
          actorStateStore: true,
          redisType: 'cluster',
          redisMaxRetries: 5,
          redisMinRetryInterval: Duration.millis(500),
          redisMaxRetryInterval: MetadataValue.literal('-1'),
        },
        scopes: ['orders'],
      });
    });
    expect(manifests).toMatchSnapshot();
    const store = find(manifests, 'Component', 'statestore');
    expect(store.spec.type).toBe('state.redis');
    expect(store.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } });
    expect(store.spec.metadata).toContainEqual({ name: 'actorStateStore', value: 'true' });
    expect(store.spec.metadata).toContainEqual({ name: 'redisMinRetryInterval', value: '500ms' });
    expect(store.spec.metadata).toContainEqual({ name: 'redisMaxRetries', value: '5' });
    expect(runChecks(manifests, componentChecks).filter((f) => f.check !== 'scope-unknown-app')).toEqual([]);
  });

  test('PubSub.kafka requires authType (every auth profile needs it) and renders a pub/sub', () => {
    const manifests = synth((chart) => {
      PubSub.kafka(chart, 'orders', {
        metadata: { brokers: 'kafka:9092', authType: 'none', consumerGroup: 'orders', initialOffset: 'oldest' },
      });
    });
    expect(manifests).toMatchSnapshot();
    const pubsub = find(manifests, 'Component', 'orders');
    expect(pubsub.spec).toMatchObject({ type: 'pubsub.kafka', version: 'v1' });
    expect(runChecks(manifests, componentChecks).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a second documented version gets its own factory; types without required fields need no props', () => {
    const manifests = synth((chart) => {
      StateStore.postgresqlV2(chart, 'pg', { metadata: { connectionString: SecretValue.fromSecret('pg', 'dsn') } });
      PubSub.inMemory(chart, 'memory');
      Binding.http(chart, 'webhook', { metadata: { url: 'https://example.com', maxResponseBodySize: Size.mebibytes(8) } });
    });
    expect(find(manifests, 'Component', 'pg').spec).toMatchObject({ type: 'state.postgresql', version: 'v2' });
    expect(find(manifests, 'Component', 'memory').spec).toEqual({ type: 'pubsub.in-memory', version: 'v1', metadata: [] });
    expect(find(manifests, 'Component', 'webhook').spec.metadata).toContainEqual({ name: 'maxResponseBodySize', value: '8Mi' });
  });

  test('every building block has its class; the factories return Components of that class', () => {
    const chart = Testing.chart();
    const made = [
      SecretStore.kubernetes(chart, 'secrets'),
      ConfigurationStore.redis(chart, 'config', { metadata: { redisHost: 'redis:6379' } }),
      Lock.redis(chart, 'lock', { metadata: { redisHost: 'redis:6379' } }),
      Middleware.bearer(chart, 'bearer', { metadata: { issuer: 'https://issuer', audience: 'api', jwksURL: 'https://issuer/jwks' } }),
      Crypto.localstorage(chart, 'keys', { metadata: { path: '/keys' } }),
      Conversation.echo(chart, 'echo'),
    ];
    expect(made.map((c) => c.componentType)).toEqual([
      'secretstores.kubernetes',
      'configuration.redis',
      'lock.redis',
      'middleware.http.bearer',
      'crypto.dapr.localstorage',
      'conversation.echo',
    ]);
    expect(made.every((c) => c instanceof Component)).toBe(true);
    expect(StateStore.inMemory(chart, 'mem')).toBeInstanceOf(StateStore);
  });

  test('NameResolution factories give the provider name and version for a Configuration', () => {
    expect(NameResolution.mdns()).toEqual({ component: 'mdns', version: 'v1' });
    expect(NameResolution.hashicorpConsul({ client: { address: 'consul:8500' } })).toEqual({
      component: 'hashicorp.consul',
      version: 'v1',
      configuration: { client: { address: 'consul:8500' } },
    });
  });

  test('ComponentType constants carry the spec type and the catalog default version', () => {
    expect(ComponentType.MIDDLEWARE_HTTP_BEARER.specType).toBe('middleware.http.bearer');
    expect(ComponentType.MIDDLEWARE_HTTP_BEARER.buildingBlock).toBe('middleware');
    expect(ComponentType.SECRETSTORES_AWS_SECRETMANAGER.specType).toBe('secretstores.aws.secretmanager');
    expect(ComponentType.STATE_AZURE_BLOBSTORAGE.defaultVersion).toBe('v1');
    expect(String(ComponentType.PUBSUB_KAFKA)).toBe('pubsub.kafka');
  });
});
