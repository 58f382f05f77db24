/** One problem, one finding: no check repeats another's finding, no construct problem is reported again by a check. */
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { LINT_CHECKS } from '../cli/lint';
import { DaprApp } from '../constructs/dapr-app';
import { synthReport } from './support/synth';

const bareComponent: Manifest = { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'statestore' }, spec: { type: 'state.in-memory', version: 'v1' } };
const count = (text: string, part: string) => text.split(part).length - 1;

describe('lint reports each problem once', () => {
  test('a Component without spec.metadata: the Dapr check, not the schema again', () => {
    const findings = runChecks([bareComponent], LINT_CHECKS).filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.check, f.field])).toEqual([['component-spec', 'spec.metadata']]);
  });

  test('a schema finding on a field no Dapr check explains stays', () => {
    const typo = { ...bareComponent, spec: { type: 'state.in-memory', version: 'v1', metadata: [], ignoreErorrs: true } };
    expect(runChecks([typo], LINT_CHECKS).filter((f) => f.severity === 'error').map((f) => f.check)).toEqual(['crd-schema']);
  });

  test('two identical objects give each warning once (and one duplicate-object error)', () => {
    const findings = runChecks([bareComponent, bareComponent], LINT_CHECKS);
    expect(findings.filter((f) => f.check === 'component-unscoped')).toHaveLength(1);
    expect(findings.filter((f) => f.check === 'component-spec')).toHaveLength(1);
    expect(findings.filter((f) => f.check === 'duplicate-object')).toHaveLength(1);
  });
});

describe('synth reports each construct mistake once', () => {
  test('an appPort no container declares: the construct says it, the app-port check does not', () => {
    const report = synthReport((chart) => new DaprApp(chart, 'orders', { appId: 'orders', containers: [{ image: 'orders:1', portNumber: 8000 }], appPort: 8080 }));
    expect(report).toContain("appPort: received 8080, expected one of the containers' ports (8000)");
    expect(report).not.toContain('app-port-not-declared');
    expect(report).not.toContain('is not declared by any container');
  });

  test('a sidecar value Dapr cannot read (NaN): reported by the construct and left out of the pod', () => {
    const report = synthReport((chart) => new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', sidecar: { httpReadBufferSize: NaN } }));
    expect(count(report, 'http-read-buffer-size')).toBe(1);
    expect(report).toMatch(/\[test\/orders\] sidecar: dapr\.io\/http-read-buffer-size: "NaN" is not an integer/);
  });
});
