/** Closed-set values, wherever they appear in hand-written YAML. */
import { closedSetValues } from '../checks/closed-sets';
import { Manifest } from '../checks/types';

const config = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: 'c' }, spec });

describe('closed-set values', () => {
  test('valid verbs, protocols and port protocols pass', () => {
    const manifests: Manifest[] = [
      config({
        accessControl: { policies: [{ appId: 'a', operations: [{ name: '/x', httpVerb: ['GET', 'POST', '*'], action: 'allow' }] }] },
        api: { allowed: [{ name: 'state', version: 'v1.0', protocol: 'http' }], denied: [{ name: 'invoke', version: 'v1.0', protocol: 'grpc' }] },
        tracing: { otel: { endpointAddress: 'otel:4317', isSecure: false, protocol: 'grpc' } },
      }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 80 }] } },
    ];
    expect(closedSetValues(manifests)).toEqual([]);
  });

  test.each([
    ['spec.accessControl.policies[0].operations[0].httpVerb[0]', config({ accessControl: { policies: [{ appId: 'a', operations: [{ name: '/x', httpVerb: ['FETCH'] }] }] } }), '"FETCH"'],
    ['spec.api.allowed[0].protocol', config({ api: { allowed: [{ name: 'state', version: 'v1.0', protocol: 'https' }] } }), '"https"'],
    ['spec.tracing.otel.protocol', config({ tracing: { otel: { protocol: 'grpcs' } } }), '"grpcs"'],
    ['spec.ports[0].protocol', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, protocol: 'tcp' }] } } as Manifest, '"tcp"'],
  ])('fails on a value outside the set at %s', (field, manifest, value) => {
    const findings = closedSetValues([manifest]);
    expect(findings.map((f) => [f.check, f.severity, f.field])).toEqual([['closed-set-value', 'error', field]]);
    expect(findings[0].message).toContain(`${value} is not one of`);
  });

  test('Dapr sets ignore case (no alarm that may be false); Kubernetes enums do not', () => {
    expect(closedSetValues([config({ accessControl: { policies: [{ appId: 'a', operations: [{ name: '/x', httpVerb: ['get'] }] }] }, tracing: { otel: { protocol: 'GRPC' } } })])).toEqual([]);
  });

  test('container port protocols in any pod-bearing workload', () => {
    const job: Manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 1, protocol: 'HTTP' }] }] } } } };
    expect(closedSetValues([job]).map((f) => f.field)).toEqual(['spec.template.spec.containers[0].ports[0].protocol']);
  });
});
