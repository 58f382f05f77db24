/** Checks from Dapr's production checklist and for broken systems that used to pass (issue 10 §3, §4). */
import { runChecks } from '../checks';
import { Finding, Manifest } from '../checks/types';
import { FEATURE_FLAGS } from '../dapr/features';
import { daprDeployment, daprObject, invokes } from './support/manifests';

const only = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);

/** A Dapr pod that meets the restricted standard, with a container spec to vary. */
function restrictedPod(appId: string, container: Record<string, unknown> = {}, annotations: Record<string, string> = {}): Manifest {
  const m = daprDeployment(appId, { 'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault', ...annotations }) as any;
  m.spec.template.spec.containers[0] = {
    name: appId,
    image: `${appId}:1`,
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    ...container,
  };
  return m;
}

describe('duplicate objects', () => {
  test('fails on two Components with the same name in one namespace', () => {
    const a = daprObject('Component', 'statestore', { type: 'state.redis', version: 'v1', metadata: [] });
    const b = daprObject('Component', 'statestore', { type: 'state.postgresql', version: 'v1', metadata: [] });
    const found = only(runChecks([a, b]), 'duplicate-object');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', resource: 'Component/default/statestore' });
    expect(found[0].message).toBe('two or more dapr.io/v1alpha1 Component objects are named "statestore" in namespace "default"; applying them keeps only the last.');
  });

  test('the same name in two namespaces, or of two kinds, is fine', () => {
    const a = daprObject('Component', 'statestore', {}, {}, 'a');
    const b = daprObject('Component', 'statestore', {}, {}, 'b');
    const c = daprObject('Configuration', 'statestore', {}, {}, 'a');
    expect(only(runChecks([a, b, c]), 'duplicate-object')).toEqual([]);
  });
});

describe('requests above limits', () => {
  test('fails on a sidecar memory request above its limit', () => {
    const pod = restrictedPod('orders', {}, { 'dapr.io/sidecar-memory-request': '2Gi', 'dapr.io/sidecar-memory-limit': '1000Mi', 'dapr.io/env': 'GOMEMLIMIT=900MiB' });
    const found = only(runChecks([pod]), 'request-above-limit');
    expect(found.map((f) => f.message)).toEqual(['sidecar memory request "2Gi" is above its limit "1000Mi"; Kubernetes refuses the pod.']);
    expect(found[0].field).toBe('spec.template.metadata.annotations["dapr.io/sidecar-memory-request"]');
  });

  test('fails on a container CPU request above its limit, comparing units', () => {
    const pod = restrictedPod('orders', { resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } } });
    expect(only(runChecks([pod]), 'request-above-limit').map((f) => f.message)).toEqual(['container "orders" cpu request "1" is above its limit "500m"; Kubernetes refuses the pod.']);
    const ok = restrictedPod('orders', { resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '0.5', memory: '1024Mi' } } });
    expect(only(runChecks([ok]), 'request-above-limit')).toEqual([]);
  });
});

describe('GOMEMLIMIT', () => {
  test('warns when a sidecar memory limit has no GOMEMLIMIT, suggesting 90%', () => {
    const found = only(runChecks([restrictedPod('orders', {}, { 'dapr.io/sidecar-memory-limit': '1Gi' })]), 'sidecar-gomemlimit');
    expect(found).toHaveLength(1);
    expect(found[0].hint).toContain('GOMEMLIMIT=921MiB');
    expect(only(runChecks([restrictedPod('orders', {}, { 'dapr.io/sidecar-memory-limit': '1Gi', 'dapr.io/env': 'A=b,GOMEMLIMIT=900MiB' })]), 'sidecar-gomemlimit')).toEqual([]);
  });
});

describe('pod security', () => {
  test('a restricted Dapr pod passes', () => {
    expect(only(runChecks([restrictedPod('orders')]), 'pod-security-restricted')).toEqual([]);
  });

  test('warns on a root container, naming each problem', () => {
    const found = only(runChecks([restrictedPod('orders', { securityContext: { runAsUser: 0 } })]), 'pod-security-restricted');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('container "orders" may run as root');
    expect(found[0].message).toContain('container "orders" allows privilege escalation');
  });

  test('warns when the sidecar has no seccomp profile, and the explicit opt-out silences it', () => {
    const pod = restrictedPod('orders', {}, { 'dapr.io/sidecar-seccomp-profile-type': 'Unconfined' });
    expect(only(runChecks([pod]), 'pod-security-restricted')[0].message).toContain('the daprd sidecar has no RuntimeDefault seccomp profile');
    const exempt = restrictedPod('orders', { securityContext: {} }, { 'daprkit.io/pod-security-exempt': 'legacy image runs as root' });
    expect(only(runChecks([exempt]), 'pod-security-restricted')).toEqual([]);
  });

  test('warns when a non-root app without NET_BIND_SERVICE listens below 1024', () => {
    const pod = restrictedPod('web', { ports: [{ containerPort: 80 }] }, { 'dapr.io/app-port': '80' });
    const found = only(runChecks([pod]), 'privileged-app-port');
    expect(found.map((f) => f.message)).toEqual([
      'the app listens on port 80 (below 1024) as a non-root user with every capability dropped; unless the container runtime allows unprivileged ports, it cannot bind it.',
    ]);
    const canBind = restrictedPod('web', { ports: [{ containerPort: 80 }], securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }, { 'dapr.io/app-port': '80' });
    expect(only(runChecks([canBind]), 'privileged-app-port')).toEqual([]);
  });
});

describe('Configuration features', () => {
  test('warns on a misspelled feature flag with a did-you-mean', () => {
    const config = daprObject('Configuration', 'appconfig', { features: [{ name: 'HotReload', enabled: true }, { name: 'HotReloads', enabled: true }] });
    const found = only(runChecks([config]), 'configuration-feature');
    expect(found.map((f) => f.message)).toEqual(['feature "HotReloads" is not a feature flag of Dapr 1.18; daprd ignores it and the feature stays off. Did you mean "HotReload"?']);
    expect(found[0].field).toBe('spec.features[1].name');
  });

  test('warns that a retired preview flag has no effect', () => {
    const config = daprObject('Configuration', 'appconfig', { features: [{ name: 'Resiliency', enabled: true }] });
    expect(only(runChecks([config]), 'configuration-feature')[0].message).toContain('is no longer a preview flag');
  });

  test('the flags are the ones of Dapr 1.18', () => {
    expect(FEATURE_FLAGS).toEqual(expect.arrayContaining(['HotReload', 'WorkflowsRemoteActivityReminder', 'WorkflowHistorySigning']));
    // Gone from pkg/config since 1.17 (reminders always go through the scheduler): setting it has no effect.
    expect(FEATURE_FLAGS).not.toContain('SchedulerReminders');
  });
});

describe('invocation targets', () => {
  test('warns on an invoked app-id one edit away from an app of the namespace', () => {
    const caller = daprDeployment('frontend', invokes({ appId: 'addap', operations: [{ path: '/add' }] }));
    const found = only(runChecks([caller, daprDeployment('addapp')]), 'invocation-target-typo');
    expect(found.map((f) => f.message)).toEqual(['the app invokes "addap" in namespace "default", which no workload here runs. Did you mean "addapp"?']);
  });

  test('an app of another repository (no near match) stays allowed', () => {
    const caller = daprDeployment('frontend', invokes({ appId: 'billing', operations: [{ path: '/pay' }] }));
    expect(only(runChecks([caller, daprDeployment('addapp')]), 'invocation-target-typo')).toEqual([]);
  });
});

describe('legacy annotations', () => {
  test('fails on pre-1.0 keys, pointing to their successors', () => {
    const pod = restrictedPod('orders', {}, { 'dapr.io/id': 'orders', 'dapr.io/port': '8080' });
    const messages = only(runChecks([pod]), 'unknown-annotation').map((f) => f.message);
    expect(messages).toEqual([
      '"dapr.io/id" is not an annotation Dapr reads, so the sidecar silently ignores it. "dapr.io/id" is the pre-1.0 name of "dapr.io/app-id"; use "dapr.io/app-id".',
      '"dapr.io/port" is not an annotation Dapr reads, so the sidecar silently ignores it. "dapr.io/port" is the pre-1.0 name of "dapr.io/app-port"; use "dapr.io/app-port".',
    ]);
  });
});
