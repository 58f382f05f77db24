import { accessControlNeedsMtls, accessControlPoliciesValid, accessControlPolicyAppsExist, invocationsAllowed } from '../checks/access-control';
import { decide, parseAccessControl, probePaths } from '../checks/acl-eval';
import { Manifest } from '../checks/types';
import { daprDeployment, daprObject, helmRelease, invokes } from './support/manifests';

/** todo-api calls notification-service; the callee's Configuration is given per test. */
type Edge = { appId: string; operations: { path: string; verbs?: string[] }[] };

function system(accessControl: unknown, edge: Edge = { appId: 'notification-service', operations: [{ path: '/notify', verbs: ['POST'] }] }, calleeAnnotations: Record<string, string> = {}): Manifest[] {
  return [
    daprDeployment('todo-api', invokes(edge)),
    daprDeployment('notification-service', { 'dapr.io/config': 'notification-service-config', ...calleeAnnotations }),
    daprObject('Configuration', 'notification-service-config', { accessControl }),
  ];
}

const policy = (operations: unknown[], extra: Record<string, unknown> = {}) => ({ appId: 'todo-api', namespace: 'default', trustDomain: 'public', defaultAction: 'deny', operations, ...extra });

describe('access-control checks', () => {
  test('pass when the callee allows the edge', () => {
    expect(invocationsAllowed(system({ defaultAction: 'deny', trustDomain: 'public', policies: [policy([{ name: '/notify', httpVerb: ['POST'], action: 'allow' }])] }))).toEqual([]);
  });

  test('fails when the callee\'s default-deny access control has no policy for the caller', () => {
    const findings = invocationsAllowed(system({ defaultAction: 'deny', trustDomain: 'public', policies: [] }));
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'access-control-invocation',
        severity: 'error',
        resource: 'Configuration/default/notification-service-config',
        field: 'spec.accessControl.policies',
        message:
          'todo-api → notification-service POST /notify is denied by Configuration/default/notification-service-config: no policy names app-id "todo-api" in namespace "default", so the global defaultAction "deny" applies.',
      }),
    ]);
  });

  test('fails when the policy lists other verbs only', () => {
    const findings = invocationsAllowed(system({ defaultAction: 'deny', policies: [policy([{ name: '/notify', httpVerb: ['GET'], action: 'allow' }])] }));
    expect(findings.map((f) => [f.field, f.message])).toEqual([
      ['spec.accessControl.policies[0]', expect.stringContaining('todo-api → notification-service POST /notify is denied by Configuration/default/notification-service-config: operation "/notify" lists other verbs only (GET), so the policy\'s defaultAction "deny" applies.')],
    ]);
  });

  test('fails when the caller\'s trust domain differs from the policy\'s', () => {
    const manifests = system({ defaultAction: 'deny', policies: [policy([{ name: '/notify', httpVerb: ['*'], action: 'allow' }], { trustDomain: 'prod' })] });
    const findings = invocationsAllowed(manifests);
    expect(findings[0].message).toContain('expects trust domain "prod" but the caller\'s is "public"');
    // With the caller's Configuration declaring the trust domain, the edge is allowed.
    const withCallerConfig = [
      daprDeployment('todo-api', { ...invokes({ appId: 'notification-service', operations: [{ path: '/notify', verbs: ['POST'] }] }), 'dapr.io/config': 'api' }),
      ...manifests.slice(1),
      daprObject('Configuration', 'api', { accessControl: { trustDomain: 'prod', defaultAction: 'allow' } }),
    ];
    expect(invocationsAllowed(withCallerConfig)).toEqual([]);
  });

  test('fails for every verb an edge without verbs uses but the policy does not allow', () => {
    const findings = invocationsAllowed(
      system({ defaultAction: 'deny', policies: [policy([{ name: '/notify', httpVerb: ['GET', 'POST'], action: 'allow' }])] }, { appId: 'notification-service', operations: [{ path: '/notify' }] }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain('todo-api → notification-service CONNECT, DELETE, HEAD, OPTIONS, PATCH, PUT, TRACE /notify is denied');
  });

  test('fails when an edge on a subtree is allowed one level deep only', () => {
    const findings = invocationsAllowed(
      system({ defaultAction: 'deny', policies: [policy([{ name: '/orders/*', httpVerb: ['*'], action: 'allow' }])] }, { appId: 'notification-service', operations: [{ path: '/orders/**', verbs: ['GET'] }] }),
    );
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('GET /orders/** is denied')]);
    expect(invocationsAllowed(system({ defaultAction: 'deny', policies: [policy([{ name: '/orders/**', httpVerb: ['*'], action: 'allow' }])] }, { appId: 'notification-service', operations: [{ path: '/orders/**', verbs: ['GET'] }] }))).toEqual([]);
  });

  test('fails for gRPC callees on the operation action, ignoring verbs', () => {
    const acl = { defaultAction: 'allow', policies: [policy([{ name: '/notify', httpVerb: ['POST'], action: 'deny' }], { defaultAction: 'allow' })] };
    const findings = invocationsAllowed(system(acl, undefined, { 'dapr.io/app-protocol': 'grpc' }));
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('todo-api → notification-service /notify is denied by Configuration/default/notification-service-config: operation "/notify" says "deny"')]);
  });

  test('treats a callee without a Configuration, or without access control, as open', () => {
    expect(invocationsAllowed([daprDeployment('todo-api', invokes({ appId: 'b', operations: [{ path: '/x' }] })), daprDeployment('b')])).toEqual([]);
    expect(invocationsAllowed(system(undefined))).toEqual([]);
  });

  test('an app Configuration\'s own mtls section does not decide, and no control plane in sight means unknown', () => {
    expect(accessControlNeedsMtls([daprObject('Configuration', 'c', { accessControl: { defaultAction: 'deny' }, mtls: { enabled: false, controlPlaneTrustDomain: 'x', sentryAddress: 'y' } })])).toEqual([]);
  });

  test('fails when the control plane\'s HelmRelease disables mTLS while apps use access control', () => {
    const findings = accessControlNeedsMtls([
      daprObject('Configuration', 'c', { accessControl: { defaultAction: 'deny' } }),
      helmRelease({ global: { mtls: { enabled: false } } }),
    ]);
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', resource: 'HelmRelease/dapr-system/dapr', field: 'spec.values.global.mtls.enabled', message: expect.stringContaining('Configuration/default/c rely on access control') })]);
    // The chart's default is mTLS on.
    expect(accessControlNeedsMtls([daprObject('Configuration', 'c', { accessControl: { defaultAction: 'deny' } }), helmRelease({})])).toEqual([]);
  });

  test('fails when the control plane disables mTLS cluster-wide while apps use access control', () => {
    const findings = accessControlNeedsMtls([
      daprObject('Configuration', 'c', { accessControl: { defaultAction: 'deny' } }),
      daprObject('Configuration', 'daprsystem', { mtls: { enabled: false } }, {}, 'dapr-system'),
    ]);
    expect(findings.map((f) => [f.resource, f.field])).toEqual([['Configuration/dapr-system/daprsystem', 'spec.mtls.enabled']]);
    expect(findings[0].message).toContain('Configuration/default/c');
  });

  test('fails on policies without trust domain or namespace, and on unknown actions', () => {
    const findings = accessControlPoliciesValid([
      daprObject('Configuration', 'c', { accessControl: { defaultAction: 'Deny', policies: [{ appId: 'a', defaultAction: 'block', operations: [{ name: '/x', action: 'permit' }] }] } }),
    ]);
    expect(findings.map((f) => f.field)).toEqual([
      'spec.accessControl.policies[0].namespace',
      'spec.accessControl.policies[0].trustDomain',
      'spec.accessControl.policies[0].defaultAction',
      'spec.accessControl.policies[0].operations[0].action',
    ]);
    expect(findings[0].message).toBe('Policy 0 (a) has no namespace; daprd refuses the whole access-control section and the sidecar does not start.');
  });

  test('fails (warns) on policies naming app-ids no workload runs', () => {
    const findings = accessControlPolicyAppsExist([
      daprDeployment('todo-api', {}, 'todo'),
      daprObject('Configuration', 'c', { accessControl: { policies: [{ appId: 'todo-api', namespace: 'default', trustDomain: 'public' }, { appId: 'todo-api', namespace: 'todo', trustDomain: 'public' }] } }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.accessControl.policies[0].appId',
        message: 'Policy names app-id "todo-api" in namespace "default", which no Dapr workload here runs (it runs in todo).',
      }),
    ]);
  });
});

describe('Dapr access-control semantics', () => {
  const caller = { appId: 'a', namespace: 'default', trustDomain: 'public' };
  const acl = (section: unknown) => parseAccessControl(section, 'http');

  test('no section, or an empty one, allows everything', () => {
    expect(acl(undefined)).toBeUndefined();
    expect(acl({})).toBeUndefined();
  });

  test('a missing global defaultAction denies when policies are absent, allows when they are an empty list', () => {
    expect(decide(acl({ trustDomain: 'public' }), caller, '/x', 'GET', 'http').allowed).toBe(false);
    expect(decide(acl({ trustDomain: 'public', policies: [] }), caller, '/x', 'GET', 'http').allowed).toBe(true);
  });

  test('a rule on a prefix covers deeper paths; /* covers one segment; matching ignores case for HTTP', () => {
    const section = { defaultAction: 'deny', policies: [{ appId: 'a', namespace: 'default', trustDomain: 'public', operations: [{ name: '/Orders', httpVerb: ['*'], action: 'allow' }, { name: '/items/*', httpVerb: ['GET'], action: 'allow' }] }] };
    const d = (path: string, verb = 'GET') => decide(acl(section), caller, path, verb, 'http').allowed;
    expect(d('/orders/1/lines')).toBe(true);
    expect(d('/items/1')).toBe(true);
    expect(d('/items/1/x')).toBe(false);
    expect(d('/items/1', 'POST')).toBe(false);
  });

  test('edge paths with wildcards are probed at several depths', () => {
    expect(probePaths('/notify')).toEqual(['/notify']);
    expect(probePaths('/a/**')).toEqual(['/a', '/a/\u0001any', '/a/\u0001any/\u0001any']);
    expect(probePaths('/**')).toEqual(['/\u0001any', '/\u0001any/\u0001any']);
  });
});
