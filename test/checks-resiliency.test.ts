import { Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { resiliencyChecks, resiliencyPolicyRefs, resiliencyScopeCoversCallers, resiliencyTargetsExist, resiliencyValues } from '../checks/resiliency';
import { parseTripExpression } from '../checks/trip-expression';
import { DaprApp } from '../constructs/dapr-app';
import { ResiliencyPolicy } from '../constructs/resiliency';
import { Retry, Trip } from '../constructs/resiliency-policies';
import { daprDeployment, daprObject, invokes } from './support/manifests';
import { synth } from './support/synth';

const resiliency = (spec: unknown, extra: Record<string, unknown> = {}) => daprObject('Resiliency', 'r', spec, extra);

describe('resiliency checks', () => {
  test('pass on what the constructs write', () => {
    const manifests = synth((chart) => {
      const caller = new DaprApp(chart, 'caller', { appId: 'caller', image: 'c:1' });
      const callee = new DaprApp(chart, 'callee', { appId: 'callee', image: 'c:1', appPort: 80 });
      caller.invokes(callee, { operations: [{ path: '/x' }] });
      const r = new ResiliencyPolicy(chart, 'r', { scopes: [caller] });
      r.forApp(callee, { timeout: r.addTimeout('t', Duration.seconds(2)), retry: r.addRetry('r', Retry.constant(Duration.seconds(1), 3)), circuitBreaker: r.addCircuitBreaker('cb', { trip: Trip.consecutiveFailures(3) }) });
    });
    expect(runChecks(manifests, resiliencyChecks)).toEqual([]);
  });

  test('fails when a target names a policy that is not defined', () => {
    const findings = resiliencyPolicyRefs([
      resiliency({ policies: { timeouts: { general: '5s' }, retries: {} }, targets: { apps: { orders: { timeout: 'genral', retry: 'important' } }, components: { store: { outbound: { circuitBreaker: 'cb' } } } } }),
    ]);
    expect(findings.map((f) => [f.severity, f.resource, f.field, f.message])).toEqual([
      ['error', 'Resiliency/default/r', 'spec.targets.apps["orders"].timeout', 'timeout "genral" is not defined in spec.policies.timeouts. Did you mean "general"?'],
      ['error', 'Resiliency/default/r', 'spec.targets.apps["orders"].retry', 'retry "important" is not defined in spec.policies.retries.'],
      ['error', 'Resiliency/default/r', 'spec.targets.components["store"].outbound.circuitBreaker', 'circuitBreaker "cb" is not defined in spec.policies.circuitBreakers.'],
    ]);
  });

  test('fails when a target component does not exist in the namespace, warns for an unknown target app', () => {
    const findings = resiliencyTargetsExist([
      resiliency({ policies: {}, targets: { apps: { ordrs: { timeout: 't' }, external: { timeout: 't' } }, components: { statestor: { outbound: { timeout: 't' } } } } }),
      daprDeployment('orders'),
      daprObject('HTTPEndpoint', 'external', { baseUrl: 'https://example.com' }),
      daprObject('Component', 'statestore', { type: 'state.redis', version: 'v1', metadata: [] }),
      daprObject('Component', 'statestor', { type: 'state.redis', version: 'v1', metadata: [] }, {}, 'elsewhere'),
    ]);
    expect(findings.map((f) => [f.severity, f.field, f.message])).toEqual([
      ['warning', 'spec.targets.apps["ordrs"]', expect.stringContaining('Target app "ordrs" is not an app-id of any Dapr workload here, nor an HTTPEndpoint in "default". Did you mean "orders"?')],
      ['error', 'spec.targets.components["statestor"]', 'Target component "statestor" does not exist in namespace "default". Did you mean "statestore"?'],
    ]);
  });

  test('whole numbers are milliseconds and policy names any case, as daprd reads them', () => {
    const findings = resiliencyValues([
      resiliency({
        policies: {
          timeouts: { a: '5000', b: '0' },
          retries: { r: { policy: 'Exponential', duration: '250', maxInterval: '10000', maxRetries: 3 } },
          circuitBreakers: { cb: { interval: '60000', timeout: '45s', trip: 'consecutiveFailures >= 5' } },
        },
        targets: {},
      }),
    ]);
    expect(findings).toEqual([]);
  });

  test('fails on durations that are not Go durations', () => {
    const findings = resiliencyValues([
      resiliency({
        policies: {
          timeouts: { a: '5 seconds', b: '1m30s' },
          retries: { r: { policy: 'constant', duration: 'PT5S', maxRetries: 3 } },
          circuitBreakers: { cb: { interval: '8x', timeout: '45s', trip: 'consecutiveFailures >= 5' } },
        },
        targets: {},
      }),
    ]);
    expect(findings.map((f) => [f.check, f.field, f.message])).toEqual([
      ['resiliency-duration', 'spec.policies.timeouts["a"]', '"5 seconds" is not a Go duration; daprd cannot decode it and ignores this whole Resiliency.'],
      ['resiliency-duration', 'spec.policies.retries["r"].duration', '"PT5S" is not a Go duration; daprd cannot decode it and ignores this whole Resiliency.'],
      ['resiliency-duration', 'spec.policies.circuitBreakers["cb"].interval', '"8x" is not a Go duration; daprd cannot decode it and ignores this whole Resiliency.'],
    ]);
  });

  test('fails on a trip expression that does not parse', () => {
    const findings = resiliencyValues([resiliency({ policies: { circuitBreakers: { cb: { trip: 'consecutiveFailures >= ' } } }, targets: {} })]);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'resiliency-trip',
        severity: 'error',
        resource: 'Resiliency/default/r',
        field: 'spec.policies.circuitBreakers["cb"].trip',
        message: expect.stringContaining('Trip expression "consecutiveFailures >= " does not parse: expression ends too early'),
      }),
    ]);
  });

  test('fails on an unknown retry policy, a negative maxRetries below -1 and malformed status codes', () => {
    const findings = resiliencyValues([
      resiliency({ policies: { retries: { r: { policy: 'linear', maxRetries: -2, matching: { httpStatusCodes: '500-' } } } }, targets: {} }),
    ]);
    expect(findings.map((f) => f.field)).toEqual(['spec.policies.retries["r"].policy', 'spec.policies.retries["r"].maxRetries', 'spec.policies.retries["r"].matching.httpStatusCodes']);
    expect(findings[0].message).toBe('Retry policy "linear" is neither "constant" nor "exponential"; daprd cannot decode it and ignores this whole Resiliency.');
  });

  test('fails (warns) when a caller of a targeted app is outside the scopes', () => {
    const findings = resiliencyScopeCoversCallers([
      resiliency({ policies: { timeouts: { t: '1s' } }, targets: { apps: { orders: { timeout: 't' } } } }, { scopes: ['orders'] }),
      daprDeployment('orders'),
      daprDeployment('checkout', invokes({ appId: 'orders', operations: [{ path: '/orders' }] })),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        resource: 'Resiliency/default/r',
        field: 'spec.targets.apps["orders"]',
        message: '"checkout" calls "orders", but is not in scopes (orders); app policies apply in the calling sidecar, so its calls go without them.',
        hint: 'Add "checkout" to scopes (scopes list callers, not the target).',
      }),
    ]);
  });

  test('fails (warns) when a caller in another namespace has no Resiliency of its own for the target', () => {
    const findings = resiliencyScopeCoversCallers([
      resiliency({ policies: { timeouts: { t: '1s' } }, targets: { apps: { orders: { timeout: 't' } } } }),
      daprDeployment('orders'),
      daprDeployment('web', invokes({ appId: 'orders', namespace: 'default', operations: [{ path: '/' }] }), 'frontend'),
    ]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('"web" in namespace "frontend" calls "orders", but its sidecar only loads Resiliencies of "frontend"')]);
  });

  test('passes a caller in another namespace that calls the app of its own namespace, not this one', () => {
    const findings = resiliencyScopeCoversCallers([
      resiliency({ policies: { timeouts: { t: '1s' } }, targets: { apps: { orders: { timeout: 't' } } } }),
      daprDeployment('orders'),
      daprDeployment('orders', undefined, 'shop'),
      daprDeployment('web', invokes({ appId: 'orders', operations: [{ path: '/' }] }), 'shop'),
    ]);
    expect(findings).toEqual([]);
  });
});

describe('trip expression parser', () => {
  test.each([
    'consecutiveFailures >= 5',
    'consecutiveFailures > 3 || totalFailures > 10',
    '!(requests < 10) && totalFailures * 2 >= requests',
    'double(totalFailures) / double(requests) > 0.5',
    'requests % 2 == 0 && true',
  ])('accepts %s', (expr) => {
    expect(parseTripExpression(expr)).toEqual({ ok: true });
  });

  test.each([
    ['', 'the expression is empty'],
    ['consecutiveFailures', 'the expression is int, but a trip condition must be a boolean'],
    ['failures > 5', 'unknown variable "failures"'],
    ['requests > 0.5', '">" compares int with double'],
    ['consecutiveFailures >= 5 &&', 'expression ends too early'],
    ['1 < requests < 5', 'comparisons cannot be chained'],
    ['size(requests) > 1', 'unknown function "size"'],
    ['requests > 5)', 'unexpected ")"'],
    ['requests # 5', 'unexpected character "#"'],
  ])('fails on %j: %s', (expr, error) => {
    const result = parseTripExpression(expr);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });
});
