/** Every Dapr object daprkit's constructs synthesize must validate against Dapr's own CRD schemas. */
import { isDaprKind, resourceId } from '../../checks/manifest';
import { Manifest } from '../../checks/types';
import { conformanceCorpus } from '../support/corpus';
import { knownDaprKinds, validateDaprObject } from './crd-schema';

const corpus = conformanceCorpus().filter((m) => isDaprKind(m));

describe('Dapr objects conform to the CRDs', () => {
  test('the CRD schemas load (fails loudly without ../shared)', () => {
    expect(knownDaprKinds()).toEqual(expect.arrayContaining(['dapr.io/v1alpha1 Configuration', 'dapr.io/v1alpha1 Resiliency', 'dapr.io/v2alpha1 Subscription']));
  });

  test('the corpus covers every Dapr kind daprkit synthesizes', () => {
    const kinds = new Set(corpus.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['Component', 'Configuration', 'HTTPEndpoint', 'MCPServer', 'Resiliency', 'Subscription', 'WorkflowAccessPolicy']);
  });

  test.each(corpus.map((m) => [resourceId(m), m] as const))('%s validates', (_id, manifest) => {
    expect(validateDaprObject(manifest)).toEqual([]);
  });
});

describe('the validator rejects what the API server would not keep', () => {
  const resiliency: Manifest = {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Resiliency',
    metadata: { name: 'r' },
    spec: { policies: { timeouts: { fast: '1s' } }, targets: { apps: { a: { timeout: 'fast' } } } },
  };

  test('accepts a minimal valid object', () => {
    expect(validateDaprObject(resiliency)).toEqual([]);
  });

  test('fails on an unknown field (the API server would prune it silently)', () => {
    const bad = { ...resiliency, spec: { ...(resiliency.spec as object), policies: { timeouts: { fast: '1s' }, retrys: {} } } };
    expect(validateDaprObject(bad)).toEqual(['spec.policies.retrys: unknown field "retrys"']);
  });

  test('fails on an unknown field inside a map value (initialInterval is not in the CRD)', () => {
    const bad = { ...resiliency, spec: { policies: { retries: { r: { policy: 'exponential', initialInterval: '1s' } } }, targets: {} } };
    expect(validateDaprObject(bad)).toEqual(['spec.policies.retries.r.initialInterval: unknown field "initialInterval"']);
  });

  test('fails on a missing required field (mTLS without sentryAddress)', () => {
    const config: Manifest = { apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: 'c' }, spec: { mtls: { enabled: true, controlPlaneTrustDomain: 'cluster.local' } } };
    expect(validateDaprObject(config)).toEqual(['spec.mtls.sentryAddress: missing required field "sentryAddress"']);
  });

  test('fails on a wrong type (sampling rate as a number)', () => {
    const config: Manifest = { apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: 'c' }, spec: { tracing: { samplingRate: 1 } } };
    expect(validateDaprObject(config)).toEqual(['spec.tracing.samplingRate: expected string, got number']);
  });

  test('fails on an unknown top-level field and an unserved version', () => {
    expect(validateDaprObject({ ...resiliency, scope: ['a'] })).toEqual(['scope: unknown field "scope"']);
    expect(validateDaprObject({ ...resiliency, apiVersion: 'dapr.io/v9' })).toEqual(['no CRD serves dapr.io/v9 Resiliency']);
  });

  test('keeps preserve-unknown-fields open (nameResolution.configuration is free-form)', () => {
    const config: Manifest = {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: 'c' },
      spec: { nameResolution: { component: 'consul', version: 'v1', configuration: { anything: { goes: [1, 2] } } } },
    };
    expect(validateDaprObject(config)).toEqual([]);
  });
});
