import { actorsNeedPlacement, appConfigurationMtls, controlPlaneValueKeys, unreadReplicaCounts, sidecarVersionMatches } from '../checks/control-plane';
import { clusterMtls, controlPlanesOf } from '../checks/control-plane-reader';
import { runChecks } from '../checks';
import { argoApplication, daprDeployment, daprObject, helmRelease } from './support/manifests';

const actorStore = daprObject('Component', 'actors', { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, { name: 'actorStateStore', value: 'true' }] });

describe('reading the control plane from manifests', () => {
  test('finds the dapr chart in a Flux HelmRelease and an Argo CD Application (valuesObject, values text, parameters)', () => {
    const argo = argoApplication({});
    (argo.spec as any).source.helm = { values: 'global:\n  ha:\n    enabled: true\n', parameters: [{ name: 'global.mtls.enabled', value: 'false' }] };
    const views = controlPlanesOf([helmRelease({ global: { tag: '1.18.3' } }), argo, daprObject('Configuration', 'c', {})]);
    expect(views.map((v) => [v.resource, v.valuesPath, v.version])).toEqual([
      ['HelmRelease/dapr-system/dapr', 'spec.values', '1.18.3'],
      ['Application/argocd/dapr', 'spec.source.helm.valuesObject', '1.18.3'],
    ]);
    expect(views[1].values).toEqual({ global: { ha: { enabled: true }, mtls: { enabled: false } } });
  });

  test('mTLS: daprsystem wins, else the chart values (default on), else unknown', () => {
    expect(clusterMtls([])).toBeUndefined();
    expect(clusterMtls([helmRelease({})])).toMatchObject({ value: true, explicit: false, field: 'spec.values.global.mtls.enabled' });
    expect(clusterMtls([helmRelease({}), daprObject('Configuration', 'daprsystem', { mtls: { enabled: false } }, {}, 'dapr-system')])).toMatchObject({ value: false, resource: 'Configuration/dapr-system/daprsystem' });
  });
});

describe('control-plane cross checks', () => {
  test('fails (warns) when a Configuration turns mTLS on while the control plane disables it', () => {
    const findings = appConfigurationMtls([daprObject('Configuration', 'app-config', { mtls: { enabled: true } }), helmRelease({ global: { mtls: { enabled: false } } })]);
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', resource: 'Configuration/default/app-config', field: 'spec.mtls', message: expect.stringContaining('HelmRelease/dapr-system/dapr (spec.values.global.mtls.enabled) disables it') }),
    ]);
    expect(appConfigurationMtls([daprObject('Configuration', 'app-config', { tracing: {} }), helmRelease({ global: { mtls: { enabled: false } } })])).toEqual([]);
  });

  test('fails when an actor state store or actor host runs while placement is disabled', () => {
    const host = daprDeployment('actors-host', { 'dapr.io/placement-host-address': 'dapr-placement-server.dapr-system.svc.cluster.local:50005' });
    const findings = actorsNeedPlacement([actorStore, host, argoApplication({ global: { actors: { enabled: false } } })]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        resource: 'Application/argocd/dapr',
        field: 'spec.source.helm.valuesObject.global.actors.enabled',
        message: expect.stringContaining('Component/default/actors, Deployment/default/actors-host use actors'),
      }),
    ]);
    expect(actorsNeedPlacement([actorStore, helmRelease({})])).toEqual([]);
    expect(actorsNeedPlacement([helmRelease({ global: { actors: { enabled: false } } })])).toEqual([]);
  });

  test('an even HA replica count is fine: it sizes the operator, sentry and injector, not placement', () => {
    expect(unreadReplicaCounts([helmRelease({ global: { ha: { enabled: true, replicaCount: 4 } } })])).toEqual([]);
    expect(unreadReplicaCounts([helmRelease({ global: { ha: { enabled: true } } })])).toEqual([]);
  });

  test('fails (warns) on a placement or scheduler replica count the chart never reads', () => {
    expect(unreadReplicaCounts([helmRelease({ dapr_placement: { replicaCount: 5 }, dapr_scheduler: { replicaCount: 1 } })])).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'spec.values.dapr_placement.replicaCount', message: expect.stringContaining('does not read dapr_placement.replicaCount') }),
      expect.objectContaining({ severity: 'warning', field: 'spec.values.dapr_scheduler.replicaCount', message: expect.stringContaining('always runs 3 replicas') }),
    ]);
  });

  test('fails (warns) on a sidecar image pinned to another Dapr version than the control plane', () => {
    const pinned = (tag: string) => daprDeployment('orders', { 'dapr.io/sidecar-image': `ghcr.io/dapr/daprd:${tag}` });
    expect(sidecarVersionMatches([pinned('1.17.2'), helmRelease({})])).toEqual([
      expect.objectContaining({ severity: 'warning', resource: 'Deployment/default/orders', field: 'spec.template.metadata.annotations["dapr.io/sidecar-image"]', message: expect.stringContaining('is Dapr 1.17.2, but HelmRelease/dapr-system/dapr installs the control plane at 1.18.3') }),
    ]);
    expect(sidecarVersionMatches([pinned('1.18.3-mariner'), helmRelease({})])).toEqual([]);
    expect(sidecarVersionMatches([pinned('1.17.2')])).toEqual([]);
  });

  test('fails (warns) on raw values with an unknown top-level key, with a did-you-mean', () => {
    expect(controlPlaneValueKeys([helmRelease({ global: {}, dapr_placment: { ha: true } })])).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'spec.values.dapr_placment', message: 'The dapr chart has no value "dapr_placment"; Helm ignores it. Did you mean "dapr_placement"?' }),
    ]);
  });

  test('a realistic control plane with apps lints clean', () => {
    const manifests = [helmRelease({ global: { mtls: { enabled: true }, ha: { enabled: true } } }), daprDeployment('orders'), actorStore];
    expect(runChecks(manifests).filter((f) => f.check.startsWith('control-plane') || f.check.includes('mtls'))).toEqual([]);
  });
});
