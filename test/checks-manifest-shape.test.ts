/**
 * The shape runChecks establishes before any check runs: what YAML can hold but Kubernetes
 * cannot take becomes one clear finding, and the checks see a readable object.
 */
import { runChecks } from '../checks';
import { wellFormedManifests } from '../checks/manifest-shape';
import { Manifest } from '../checks/types';

const shape = (inputs: unknown[]) => wellFormedManifests(inputs);

describe('manifest shape', () => {
  test('fails on a document that is not an object, or has no kind', () => {
    const { manifests, findings } = shape([42, null, { apiVersion: 'v1', metadata: { name: 'x' } }]);
    expect(manifests).toEqual([]);
    expect(findings.map((f) => [f.resource, f.field, f.message])).toEqual([
      ['object #1', '', 'object #1 is a number, not a Kubernetes object.'],
      ['object #2', '', 'object #2 is null, not a Kubernetes object.'],
      ['object #3', 'kind', 'kind is missing; the object cannot be applied.'],
    ]);
  });

  test('fails on an unquoted annotation value and passes the object on without it', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { 'dapr.io/enabled': true, 'dapr.io/app-id': 'p' } } };
    const { manifests, findings } = shape([pod]);
    expect(findings).toEqual([
      {
        check: 'manifest-shape',
        severity: 'error',
        resource: 'Pod/default/p',
        field: 'metadata.annotations["dapr.io/enabled"]',
        message: 'the value of "dapr.io/enabled" is a boolean; Kubernetes takes only strings here.',
        hint: 'Quote it: "dapr.io/enabled": "true".',
      },
    ]);
    expect(manifests[0].metadata?.annotations).toEqual({ 'dapr.io/app-id': 'p' });
  });

  test('fails on null metadata and a numeric namespace in a pod template, naming the path', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 7 }, spec: { template: { metadata: null } } };
    const { findings } = shape([deployment]);
    expect(findings.map((f) => [f.field, f.message])).toEqual([
      ['metadata.namespace', 'metadata.namespace is a number, not a string.'],
      ['spec.template.metadata', 'spec.template.metadata is null, not a map.'],
    ]);
  });

  test('leaves well-formed objects untouched (the same object, not a copy)', () => {
    const m: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: 'b' } } };
    expect(shape([m]).manifests[0]).toBe(m);
  });

  test('keeps keys named like object properties (toString, valueOf, __proto__) as data: the checks read them, nothing inherits them', () => {
    const scopes = JSON.parse('{"toString": 1, "__proto__": {"polluted": true}, "a": "b"}') as Record<string, unknown>;
    const m = { apiVersion: 'dapr.io/v1alpha1', kind: 'Resiliency', metadata: { name: 'r' }, spec: { targets: { apps: scopes } } };
    const [out] = shape([m]).manifests as Array<Record<string, any>>;
    expect(Object.keys(out.spec.targets.apps)).toEqual(['toString', '__proto__', 'a']);
    expect(Object.getPrototypeOf(out.spec.targets.apps)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The checks see them: a target named toString is an app target like any other (judged once a workload is in sight).
    const app: Manifest = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'a' } }, spec: { containers: [{ name: 'a', image: 'a' }] } } } };
    expect(runChecks([m as unknown as Manifest, app]).filter((f) => f.field.includes('"toString"')).length).toBeGreaterThan(0);
  });

  test('runChecks reports shape problems with the other findings', () => {
    const findings = runChecks([7 as unknown as Manifest]);
    expect(findings.map((f) => f.check)).toEqual(['manifest-shape']);
  });
});
