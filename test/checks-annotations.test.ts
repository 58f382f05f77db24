import { runChecks } from '../checks';
import { annotationValueProblem } from '../checks/annotations';
import { ANNOTATIONS_BY_KEY } from '../dapr/annotations';
import { Finding, Manifest } from '../checks/types';

/** A hand-written Deployment, the way a user would write it in YAML. */
function deployment(name: string, podAnnotations: Record<string, string>, extra: { ports?: number[]; ownAnnotations?: Record<string, string>; namespace?: string } = {}): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}), ...(extra.ownAnnotations ? { annotations: extra.ownAnnotations } : {}) },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: podAnnotations },
        spec: { containers: [{ name: 'app', image: 'app:1', ports: (extra.ports ?? [8080]).map((containerPort) => ({ containerPort })) }] },
      },
    },
  };
}

const dapr = (appId: string, more: Record<string, string> = {}) => ({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, ...more });

function only(findings: Finding[], check: string): Finding[] {
  return findings.filter((f) => f.check === check);
}

describe('annotation checks', () => {
  test('a well-formed Dapr deployment has no findings', () => {
    // Pod security is judged by its own check (test/checks-pod-security.test.ts); this pod sets no security context.
    const findings = runChecks([deployment('orders', dapr('orders', { 'dapr.io/app-port': '8080', 'dapr.io/log-level': 'debug' }))]);
    expect(findings.filter((f) => f.check !== 'pod-security-restricted')).toEqual([]);
  });

  test('fails on an unknown dapr.io annotation, suggesting the right key', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('orders', { 'dapr.io/app-protocl': 'grpc' }))]), 'unknown-annotation');
    expect(finding).toMatchObject({
      severity: 'error',
      resource: 'Deployment/default/orders',
      field: 'spec.template.metadata.annotations["dapr.io/app-protocl"]',
    });
    expect(finding.message).toContain('Did you mean "dapr.io/app-protocol"?');
  });

  test('fails on a Component-only annotation placed on a pod', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('orders', { 'dapr.io/component-container': '{}' }))]), 'unknown-annotation');
    expect(finding.message).toContain('belongs on a Component');
  });

  test('fails on Dapr annotations on the Deployment instead of its pod template', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('orders'), { ownAnnotations: { 'dapr.io/app-port': '8080' } })]), 'misplaced-annotation');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Deployment/default/orders', field: 'metadata.annotations["dapr.io/app-port"]' });
    expect(finding.hint).toContain('spec.template.metadata.annotations["dapr.io/app-port"]');
  });

  test('fails on an invalid app-id', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('Orders_API'))]), 'invalid-app-id');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Deployment/default/orders', field: 'spec.template.metadata.annotations["dapr.io/app-id"]' });
    expect(finding.message).toContain('"Orders_API"');
  });

  test('fails on a duplicate app-id in one namespace, naming both workloads', () => {
    const findings = only(runChecks([deployment('orders-v1', dapr('orders')), deployment('orders-v2', dapr('orders'))]), 'duplicate-app-id');
    expect(findings).toHaveLength(1);
    expect(findings[0].resource).toBe('Deployment/default/orders-v2');
    expect(findings[0].field).toBe('spec.template.metadata.annotations["dapr.io/app-id"]');
    expect(findings[0].message).toContain('Deployment/default/orders-v1, Deployment/default/orders-v2');
  });

  test('the same app-id in two namespaces is fine', () => {
    const findings = runChecks([deployment('orders', dapr('orders'), { namespace: 'a' }), deployment('orders', dapr('orders'), { namespace: 'b' })]);
    expect(only(findings, 'duplicate-app-id')).toEqual([]);
  });

  test('fails on an app-port no container declares', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('orders', { 'dapr.io/app-port': '3000' }), { ports: [8080] })]), 'app-port-not-declared');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Deployment/default/orders', field: 'spec.template.metadata.annotations["dapr.io/app-port"]' });
    expect(finding.message).toContain('app-port 3000');
    expect(finding.message).toContain('declared: 8080');
  });

  test.each([
    ['dapr.io/sidecar-memory-limit', 'lots', 'is not a Kubernetes quantity'],
    ['dapr.io/enabled', 'yes', 'the literal "true"'],
    ['dapr.io/log-as-json', 'ture', 'is not a boolean'],
    ['dapr.io/app-max-concurrency', 'ten', 'is not an integer'],
    ['dapr.io/metrics-port', '99999', 'is not a port number'],
    ['dapr.io/log-level', 'verbose', 'is not one of debug, info, warn, error'],
    ['dapr.io/block-shutdown-duration', '30 seconds', 'is not a Go duration'],
    ['dapr.io/app-health-check-path', 'healthz', 'is not an absolute path'],
    ['dapr.io/disable-init-endpoints', 'config,actors', 'is not a list of config, subscribe'],
    ['dapr.io/env', 'GOMEMLIMIT', 'KEY=value'],
    ['dapr.io/env-from-secret', 'A=b=c', 'KEY=secret'],
    ['dapr.io/volume-mounts', 'certs', 'volume:/mount/path'],
    ['dapr.io/placement-host-address', 'placement', 'host:port'],
  ])('fails on a bad value for %s', (key, value, expected) => {
    const findings = only(runChecks([deployment('orders', { ...dapr('orders'), [key]: value })]), 'annotation-value');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', resource: 'Deployment/default/orders', field: `spec.template.metadata.annotations["${key}"]` });
    // dapr.io/env may hold secrets: its value is never quoted.
    if (key === 'dapr.io/env') expect(findings[0].message).not.toContain(value);
    else expect(findings[0].message).toContain(`"${value}"`);
    expect(findings[0].message).toContain(expected);
  });

  test('fails on a malformed dapr.io/env entry, naming the entry by position, never its text (it may be part of a secret)', () => {
    const findings = only(runChecks([deployment('orders', { ...dapr('orders'), 'dapr.io/env': 'A=1,DB_PASSWORD=hunter2,with-comma,B=2' })]), 'annotation-value');
    expect(findings[0].hint).toBe('Fix entry 3: write each as KEY=value, e.g. "GOMEMLIMIT=400MiB,FOO=bar".');
    expect(JSON.stringify(findings)).not.toMatch(/hunter2|with-comma/);
  });

  test.each([
    ['dapr.io/sidecar-cpu-limit', '0.5'],
    ['dapr.io/sidecar-memory-limit', '1e3'],
    ['dapr.io/block-shutdown-duration', '1m30s'],
    ['dapr.io/placement-host-address', ''],
    ['dapr.io/log-as-json', 'TRUE'],
  ])('accepts %s=%j', (key, value) => {
    expect(annotationValueProblem(ANNOTATIONS_BY_KEY.get(key)!, value)).toBeUndefined();
  });

  test('warns on a deprecated annotation, naming its replacement', () => {
    const [finding] = only(runChecks([deployment('orders', dapr('orders', { 'dapr.io/app-ssl': 'true' }))]), 'deprecated-annotation');
    expect(finding).toMatchObject({ severity: 'warning', field: 'spec.template.metadata.annotations["dapr.io/app-ssl"]' });
    expect(finding.hint).toContain('dapr.io/app-protocol');
  });

  test('warns when dapr.io annotations sit on a pod that is not Dapr-enabled', () => {
    const [finding] = only(runChecks([deployment('orders', { 'dapr.io/app-id': 'orders' })]), 'dapr-not-enabled');
    expect(finding).toMatchObject({ severity: 'warning', resource: 'Deployment/default/orders' });
  });

  test('reads pods of every workload kind', () => {
    const cronJob: Manifest = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { jobTemplate: { spec: { template: { metadata: { annotations: dapr('nightly', { 'dapr.io/log-levle': 'x' }) }, spec: { containers: [] } } } } },
    };
    const [finding] = only(runChecks([cronJob]), 'unknown-annotation');
    expect(finding.field).toBe('spec.jobTemplate.spec.template.metadata.annotations["dapr.io/log-levle"]');
  });

  test('never throws on malformed input', () => {
    const junk = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: 'nope' } }] as unknown as Manifest[];
    expect(() => runChecks(junk)).not.toThrow();
  });
});

describe('object checks', () => {
  test('fails on object names the API server would reject', () => {
    const service: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'Orders.API' }, spec: { ports: [{ port: 80 }] } };
    const [finding] = runChecks([service]).filter((f) => f.check === 'object-name');
    expect(finding).toMatchObject({ severity: 'error', resource: 'Service/default/Orders.API', field: 'metadata.name' });
    expect(finding.message).toContain('"Orders.API"');
  });

  test('fails on ports out of range in containers and Services', () => {
    const service: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' }, spec: { ports: [{ port: 70000, targetPort: 0 }] } };
    const findings = runChecks([service, deployment('orders', dapr('orders'), { ports: [65536] })]).filter((f) => f.check === 'port-range');
    expect(findings.map((f) => `${f.resource} ${f.field}`)).toEqual([
      'Deployment/default/orders spec.template.spec.containers[0].ports[0].containerPort',
      'Service/default/orders spec.ports[0].port',
      'Service/default/orders spec.ports[0].targetPort',
    ]);
  });
});
