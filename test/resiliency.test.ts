import { Chart, Duration, Testing } from 'cdk8s';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { CircuitBreakerScope, ResiliencyPolicy } from '../constructs/resiliency';
import { GrpcStatus, Retry, Trip } from '../constructs/resiliency-policies';
import { find, synth } from './support/synth';

describe('ResiliencyPolicy', () => {
  test('renders policies and every kind of target, wired by reference', () => {
    const manifests = synth((chart) => {
      const caller = new DaprApp(chart, 'caller', { appId: 'checkout', image: 'checkout:1' });
      const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
      caller.invokes(orders, { operations: [{ path: '/orders' }] });
      const store = new Component(chart, 'store', { name: 'statestore', type: ComponentType.STATE_REDIS, metadata: { redisHost: 'redis:6379' } });

      const policy = new ResiliencyPolicy(chart, 'resiliency', { name: 'shop', scopes: [caller] });
      const general = policy.addTimeout('general', Duration.seconds(5));
      const important = policy.addRetry('important', Retry.exponential({ maxInterval: Duration.seconds(15), maxRetries: 10 }));
      const quick = policy.addRetry('quick', Retry.constant(Duration.millis(500), 3, { httpStatusCodes: [{ from: 500, to: 504 }, 429], grpcStatusCodes: [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED] }));
      const breaker = policy.addCircuitBreaker('simple', { trip: Trip.consecutiveFailures(5), maxRequests: 1, interval: Duration.seconds(8), timeout: Duration.seconds(45) });
      policy
        .forApp(orders, { timeout: general, retry: quick, circuitBreaker: breaker })
        .forActor('CartActor', { timeout: general, retry: important, circuitBreaker: breaker, circuitBreakerScope: CircuitBreakerScope.BOTH, circuitBreakerCacheSize: 5000 })
        .forComponent(store, { outbound: { retry: important, circuitBreaker: breaker }, inbound: { timeout: general } });
    });
    expect(manifests).toMatchSnapshot();

    const r = find(manifests, 'Resiliency', 'shop');
    expect(r.apiVersion).toBe('dapr.io/v1alpha1');
    expect(r.scopes).toEqual(['checkout']);
    expect(r.spec.policies).toEqual({
      timeouts: { general: '5s' },
      retries: {
        important: { policy: 'exponential', maxInterval: '15s', maxRetries: 10 },
        quick: { policy: 'constant', duration: '500ms', maxRetries: 3, matching: { httpStatusCodes: '429,500-504', gRPCStatusCodes: '4,14' } },
      },
      circuitBreakers: { simple: { trip: 'consecutiveFailures >= 5', maxRequests: 1, interval: '8s', timeout: '45s' } },
    });
    expect(r.spec.targets).toEqual({
      apps: { orders: { timeout: 'general', retry: 'quick', circuitBreaker: 'simple' } },
      actors: { CartActor: { timeout: 'general', retry: 'important', circuitBreaker: 'simple', circuitBreakerScope: 'both', circuitBreakerCacheSize: 5000 } },
      components: { statestore: { outbound: { retry: 'important', circuitBreaker: 'simple' }, inbound: { timeout: 'general' } } },
    });
  });

  test('always writes maxRetries, and -1 only for Retry.FOREVER', () => {
    expect(Retry.exponential({ maxRetries: Retry.FOREVER }).spec).toEqual({ policy: 'exponential', maxRetries: -1 });
    expect(Retry.constant(Duration.seconds(1), 0).spec.maxRetries).toBe(0);
  });

  test('targets may name policies by string; empty policies and targets are still present (the CRD requires both)', () => {
    const manifests = synth((chart) => {
      new ResiliencyPolicy(chart, 'empty', { name: 'empty' });
      const named = new ResiliencyPolicy(chart, 'named', { name: 'named' });
      named.addTimeout('t', Duration.seconds(1));
      named.forActor('A', { timeout: 't' });
    });
    expect(find(manifests, 'Resiliency', 'empty').spec).toEqual({ policies: {}, targets: {} });
    expect(find(manifests, 'Resiliency', 'empty').scopes).toBeUndefined();
    expect(find(manifests, 'Resiliency', 'named').spec.targets.actors).toEqual({ A: { timeout: 't' } });
  });

  test('Trip.expression accepts boolean logic over the counters', () => {
    expect(Trip.expression('  consecutiveFailures > 3 || (requests >= 10 && double(totalFailures) / double(requests) > 0.5) ').expression).toBe(
      'consecutiveFailures > 3 || (requests >= 10 && double(totalFailures) / double(requests) > 0.5)',
    );
  });
});

describe('ResiliencyPolicy misuse', () => {
  const setup = () => {
    const chart = new Chart(Testing.app(), 'test');
    return { chart, policy: new ResiliencyPolicy(chart, 'r') };
  };

  test('fails on maxRetries -1 instead of Retry.FOREVER', () => {
    expect(() => Retry.constant(Duration.seconds(1), -1)).toThrow(
      'Retry.constant maxRetries: received -1, expected a whole number of 0 or more, or Retry.FOREVER. Fix: set how many times to retry (use Retry.FOREVER, not -1, to retry without end).',
    );
  });

  test('fails on a trip expression with a typo, naming the column', () => {
    expect(() => Trip.expression('consecutiveFailure >= 5')).toThrow(/Trip.expression: received "consecutiveFailure >= 5".*unknown variable "consecutiveFailure".*\(at column 1\)/);
  });

  test('fails on a trip expression comparing an int counter with a double', () => {
    expect(() => Trip.expression('totalFailures > 0.5')).toThrow(/compares int with double/);
  });

  test('fails on Trip.consecutiveFailures(0) and on status codes out of range', () => {
    expect(() => Trip.consecutiveFailures(0)).toThrow(/Trip.consecutiveFailures: received 0/);
    expect(() => Retry.constant(Duration.seconds(1), 1, { httpStatusCodes: [600] })).toThrow(/matching.httpStatusCodes: received 600, expected codes from 100 to 599/);
  });

  test('fails on a duplicate policy name', () => {
    const { policy } = setup();
    policy.addTimeout('t', Duration.seconds(1));
    expect(() => policy.addTimeout('t', Duration.seconds(2))).toThrow(/\[test\/r\] policies.timeouts\["t"\]: received "t", expected a name not used yet/);
  });

  test('fails on a zero timeout', () => {
    expect(() => setup().policy.addTimeout('t', Duration.seconds(0))).toThrow(/policies.timeouts\["t"\]: received "0s", expected a positive duration/);
  });

  test('fails on a policy object of another ResiliencyPolicy', () => {
    const { chart, policy } = setup();
    const other = new ResiliencyPolicy(chart, 'other');
    const t = other.addTimeout('t', Duration.seconds(1));
    const app = DaprApp.fromAppId(chart, 'a', 'orders');
    expect(() => policy.forApp(app, { timeout: t })).toThrow(/targets.apps\["orders"\].timeout: received "t", expected a policy of test\/r. Fix: it belongs to test\/other/);
  });

  test('fails on a target without policies, and on a second target for the same app', () => {
    const { chart, policy } = setup();
    const app = DaprApp.fromAppId(chart, 'a', 'orders');
    expect(() => policy.forApp(app, {})).toThrow(/expected at least one of timeout, retry, circuitBreaker/);
    policy.forApp(app, { timeout: 'x' });
    expect(() => policy.forApp(app, { retry: 'y' })).toThrow(/expected one target per app/);
  });

  test('fails on a component or scope in another namespace', () => {
    const { chart, policy } = setup();
    const store = Component.fromName(chart, 's', 'statestore', { type: ComponentType.STATE_REDIS, namespace: 'other' });
    expect(() => policy.forComponent(store, { outbound: { timeout: 'x' } })).toThrow(/targets.components\["statestore"\]: received "other\/statestore", expected a Component in namespace "default"/);
    expect(() => policy.addScope(DaprApp.fromAppId(chart, 'a', 'app', { namespace: 'other' }))).toThrow(/scopes: received "other\/app"/);
  });
});
