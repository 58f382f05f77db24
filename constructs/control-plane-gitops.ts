/**
 * The GitOps objects that install the `dapr` chart: Flux's HelmRepository + HelmRelease, or an
 * Argo CD Application. Both follow Dapr's production guidance: a pinned chart version, wait for
 * health, roll back a failed upgrade, and upgrade the CRDs too (Helm never upgrades `crds/`).
 */
import { Duration } from 'cdk8s';
import { CONTROL_PLANE_PATCHED_FIELDS, DAPR_CHART, DAPR_HELM_REPOSITORY } from '../dapr/control-plane';
import { goDuration } from './duration';
import { HelmValues } from './control-plane-values';

/** What every flavour needs to know about the release. */
export interface ReleaseSpec {
  readonly releaseName: string;
  readonly namespace: string;
  readonly version: string;
  readonly values: HelmValues;
}

/** Flux settings. */
export interface FluxOptions {
  /**
   * How often Flux reconciles the release (and re-checks the repository).
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;
  /**
   * How long Flux waits for the control plane to become healthy before it counts the install or
   * upgrade as failed (and rolls back).
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
  /**
   * Remediation attempts after a failed install or upgrade.
   * @default 3
   */
  readonly retries?: number;
}

/** Argo CD settings. */
export interface ArgoCdOptions {
  /**
   * Namespace Argo CD watches for Applications.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /** @default 'default' */
  readonly project?: string;
  /**
   * API server of the destination cluster.
   * @default 'https://kubernetes.default.svc'
   */
  readonly server?: string;
  /**
   * Sync wave of the Application: lower than the apps' (wave 0), so Argo CD applies and waits
   * for the control plane before any Dapr object.
   * @default -1
   */
  readonly syncWave?: number;
}

const FLUX_HELM = 'helm.toolkit.fluxcd.io/v2';
const FLUX_SOURCE = 'source.toolkit.fluxcd.io/v1';

/** A Flux HelmRepository pointing at Dapr's chart repository. */
export function fluxHelmRepository(release: ReleaseSpec, options: FluxOptions): Record<string, unknown> {
  return {
    apiVersion: FLUX_SOURCE,
    kind: 'HelmRepository',
    metadata: { name: DAPR_CHART, namespace: release.namespace },
    spec: { interval: goDuration(options.interval ?? Duration.hours(1)), url: DAPR_HELM_REPOSITORY },
  };
}

/** A Flux HelmRelease of the pinned chart: CRDs created and replaced, health awaited, failures rolled back. */
export function fluxHelmRelease(release: ReleaseSpec, options: FluxOptions): Record<string, unknown> {
  const retries = options.retries ?? 3;
  return {
    apiVersion: FLUX_HELM,
    kind: 'HelmRelease',
    metadata: { name: release.releaseName, namespace: release.namespace },
    spec: {
      releaseName: release.releaseName,
      interval: goDuration(options.interval ?? Duration.minutes(10)),
      timeout: goDuration(options.timeout ?? Duration.minutes(10)),
      chart: {
        spec: {
          chart: DAPR_CHART,
          version: release.version,
          sourceRef: { kind: 'HelmRepository', name: DAPR_CHART, namespace: release.namespace },
        },
      },
      install: { crds: 'CreateReplace', disableWait: false, remediation: { retries } },
      upgrade: { crds: 'CreateReplace', disableWait: false, cleanupOnFail: true, remediation: { retries, remediateLastFailure: true, strategy: 'rollback' } },
      rollback: { cleanupOnFail: true, disableWait: false },
      values: release.values,
    },
  };
}

/** An Argo CD Application of the pinned chart, applied server-side, ignoring what the control plane patches. */
export function argoCdApplication(release: ReleaseSpec, options: ArgoCdOptions): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: release.releaseName,
      namespace: options.namespace ?? 'argocd',
      annotations: { 'argocd.argoproj.io/sync-wave': String(options.syncWave ?? -1) },
    },
    spec: {
      project: options.project ?? 'default',
      source: {
        repoURL: DAPR_HELM_REPOSITORY,
        chart: DAPR_CHART,
        targetRevision: release.version,
        helm: { releaseName: release.releaseName, valuesObject: release.values },
      },
      destination: { server: options.server ?? 'https://kubernetes.default.svc', namespace: release.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Server-side apply: the CRDs are too large for the last-applied annotation of client-side apply.
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
      ignoreDifferences: CONTROL_PLANE_PATCHED_FIELDS.map((f) => ({ group: f.group, kind: f.kind, jqPathExpressions: [...f.jqPathExpressions] })),
    },
  };
}
