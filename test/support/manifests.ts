/** Hand-written manifests for check tests: small builders for the objects the Dapr checks read. */
import { Manifest } from '../../checks/types';

/** A Dapr-enabled Deployment; `annotations` go on the pod template. */
export function daprDeployment(appId: string, annotations: Record<string, string> = {}, namespace = 'default'): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: appId, namespace },
    spec: {
      selector: { matchLabels: { app: appId } },
      template: {
        metadata: { labels: { app: appId }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, ...annotations } },
        spec: { containers: [{ name: appId, image: `${appId}:1` }] },
      },
    },
  };
}

/** A Dapr object of a kind with a spec. */
export function daprObject(kind: string, name: string, spec: unknown, extra: Record<string, unknown> = {}, namespace = 'default'): Manifest {
  return { apiVersion: 'dapr.io/v1alpha1', kind, metadata: { name, namespace }, spec, ...extra };
}

/** The `daprkit.io/invokes` annotation value for edges. */
export function invokes(...edges: { appId: string; namespace?: string; operations: { path: string; verbs?: string[] }[] }[]): Record<string, string> {
  return { 'daprkit.io/invokes': JSON.stringify(edges) };
}

/** A Flux HelmRelease of the dapr chart with these values (what ControlPlane writes, abridged). */
export function helmRelease(values: Record<string, unknown>, version = '1.18.3'): Manifest {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'dapr', namespace: 'dapr-system' },
    spec: { chart: { spec: { chart: 'dapr', version, sourceRef: { kind: 'HelmRepository', name: 'dapr' } } }, values },
  };
}

/** An Argo CD Application of the dapr chart with these values. */
export function argoApplication(values: Record<string, unknown>, version = '1.18.3'): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'dapr', namespace: 'argocd' },
    spec: { source: { repoURL: 'https://dapr.github.io/helm-charts', chart: 'dapr', targetRevision: version, helm: { valuesObject: values } } },
  };
}
