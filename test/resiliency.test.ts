import { Chart, Duration } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { CircuitBreakerScope, ResiliencyPolicy } from '../constructs/resiliency';
import { GrpcStatus, Retry, Trip } from '../constructs/resiliency-policies';
import { failsAtSynth, find, synth, synthError } from './support/synth';

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

  const fails = (build: (policy: ResiliencyPolicy, chart: Chart) => void) => failsAtSynth((chart) => build(new ResiliencyPolicy(chart, 'r'), chart));

  test('fails at synth on a duplicate policy name', () => {
    expect(
      fails((policy) => {
        policy.addTimeout('t', Duration.seconds(1));
        policy.addTimeout('t', Duration.seconds(2));
      }),
    ).toThrow(/\[test\/r\] policies.timeouts\["t"\]: received "t", expected a name not used yet/);
  });

  test('fails at synth on a zero or endless timeout', () => {
    expect(fails((policy) => policy.addTimeout('t', Duration.seconds(0)))).toThrow(/\[test\/r\] policies.timeouts\["t"\]: received "0s", expected a positive duration/);
    expect(fails((policy) => policy.addTimeout('t', Duration.seconds(Infinity)))).toThrow(/\[test\/r\] policies.timeouts\["t"\]: received "Infinityms", expected a positive duration/);
    expect(fails((policy) => policy.addCircuitBreaker('cb', { trip: Trip.consecutiveFailures(1), timeout: Duration.millis(NaN) }))).toThrow(
      /\[test\/r\] policies.circuitBreakers\["cb"\].timeout: received "NaNms", expected a positive duration/,
    );
  });

  test('fails at synth on a policy object of another ResiliencyPolicy', () => {
    expect(
      fails((policy, chart) => {
        const t = new ResiliencyPolicy(chart, 'other').addTimeout('t', Duration.seconds(1));
        policy.forApp(DaprApp.fromAppId(chart, 'a', 'orders'), { timeout: t });
      }),
    ).toThrow(/\[test\/r\] targets.apps\["orders"\].timeout: received "t", expected a policy of test\/r. Fix: it belongs to test\/other/);
  });

  test('fails at synth on a target without policies, and on a second target for the same app', () => {
    expect(fails((policy, chart) => policy.forApp(DaprApp.fromAppId(chart, 'a', 'orders'), {}))).toThrow(
      /\[test\/r\] targets.apps\["orders"\]: .*expected at least one of timeout, retry, circuitBreaker/,
    );
    expect(
      fails((policy, chart) => {
        const app = DaprApp.fromAppId(chart, 'a', 'orders');
        policy.forApp(app, { timeout: policy.addTimeout('x', Duration.seconds(1)) });
        policy.forApp(app, { retry: 'y' });
      }),
    ).toThrow(/\[test\/r\] targets.apps\["orders"\]: received "orders", expected one target per app/);
  });

  test('fails at synth on a component or scope in another namespace', () => {
    expect(
      fails((policy, chart) => {
        const store = Component.fromName(chart, 's', 'statestore', { type: ComponentType.STATE_REDIS, namespace: 'other' });
        policy.forComponent(store, { outbound: { timeout: 'x' } });
      }),
    ).toThrow(/\[test\/r\] targets.components\["statestore"\]: received "other\/statestore", expected a Component in namespace "default"/);
    expect(fails((policy, chart) => policy.addScope(DaprApp.fromAppId(chart, 'a', 'app', { namespace: 'other' })))).toThrow(/\[test\/r\] scopes: received "other\/app"/);
  });

  test('a rejected policy and its uses are left out, so each mistake is reported once; the first of two targets stays', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'test');
    const policy = new ResiliencyPolicy(chart, 'r');
    const zero = policy.addTimeout('zero', Duration.seconds(0));
    const ok = policy.addTimeout('ok', Duration.seconds(1));
    const breaker = policy.addCircuitBreaker('cb', { trip: Trip.consecutiveFailures(5), maxRequests: 0 });
    const orders = DaprApp.fromAppId(chart, 'orders', 'orders');
    new DaprApp(chart, 'orders-app', { appId: 'orders', image: 'orders:1', appPort: 8080 });
    policy.forApp(orders, { timeout: zero, circuitBreaker: breaker });
    policy.forApp(orders, { timeout: ok });
    policy.forActor('bad actor', { timeout: ok });
    const error = synthError(app);
    expect(error.constructErrors).toEqual([
      '[test/r] policies.timeouts["zero"]: received "0s", expected a positive duration. Fix: e.g. Duration.seconds(5).',
      '[test/r] policies.circuitBreakers["cb"].maxRequests: received 0, expected a whole number of at least 1. Fix: set how many trial calls pass while half-open.',
      '[test/r] targets.apps["orders"]: received "orders", expected one target per app. Fix: put all policies for the app in one forApp call.',
      '[test/r] targets.actors: received "bad actor", expected an actor type name. Fix: use the type name the actor registers.',
    ]);
    expect(error.findings.filter((f) => f.resource.startsWith('Resiliency/'))).toEqual([]);
    expect(policy.apiObject.toJson().spec).toEqual({
      policies: { timeouts: { ok: '1s' }, circuitBreakers: { cb: { trip: 'consecutiveFailures >= 5' } } },
      targets: { apps: { orders: { circuitBreaker: 'cb' } } },
    });
  });
});
