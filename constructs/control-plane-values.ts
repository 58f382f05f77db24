/**
 * Typed values of the `dapr` Helm chart and how they become the chart's values object. Prop names
 * are the chart's value names; durations and quantities are value types, rendered the way the
 * chart's templates expect them (Go durations, Kubernetes quantities).
 */
import { Duration, Size } from 'cdk8s';
import type { ContainerResources } from 'cdk8s-plus-28';
import { goDuration } from './duration';
import { sizeQuantity } from './quantity';
import { LogLevel } from './sidecar';

/** A Helm values object. */
export type HelmValues = { [key: string]: unknown };

/** How the control plane's replicas are spread in HA mode (the Kubernetes affinity field names). */
export enum PodAntiAffinityPolicy {
  /** Spread when possible; schedule anyway when the topology has too few domains. */
  PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution',
  /** Never put two replicas in one topology domain. */
  REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution',
}

/** High availability (`global.ha.*`): every control-plane service runs `replicaCount` replicas. */
export interface HaValues {
  /** @default false */
  readonly enabled?: boolean;
  /**
   * Replicas of the operator, sentry and sidecar injector in HA mode. Placement and the scheduler
   * do not follow it: the chart runs 3 of each in HA mode, whatever this says.
   * @default 3
   */
  readonly replicaCount?: number;
  /** @default PodAntiAffinityPolicy.PREFERRED */
  readonly podAntiAffinityPolicy?: PodAntiAffinityPolicy;
  /** @default 'topology.kubernetes.io/zone' */
  readonly topologyKey?: string;
}

/** mTLS between sidecars (`global.mtls.*`); the chart writes it into the `daprsystem` Configuration. */
export interface ControlPlaneMtlsValues {
  /**
   * Encrypt and authenticate all sidecar traffic. Access control needs it: caller identities come
   * from the certificates.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Lifetime of the workload certificates Sentry issues.
   * @default - the chart's (24h)
   */
  readonly workloadCertTTL?: Duration;
  /**
   * Clock difference tolerated when certificates are checked.
   * @default - the chart's (15m)
   */
  readonly allowedClockSkew?: Duration;
  /**
   * Trust domain of the control plane's own identities.
   * @default - the chart's ('cluster.local')
   */
  readonly controlPlaneTrustDomain?: string;
}

/** Prometheus metrics of the control-plane services (`global.prometheus.*`). */
export interface PrometheusValues {
  /** @default true */
  readonly enabled?: boolean;
  /** @default 9090 */
  readonly port?: number;
}

/** One control-plane service's settings (the subchart's own values). */
export interface ServiceValues {
  /**
   * @default - the top-level `logLevel`, else the chart's (info)
   */
  readonly logLevel?: LogLevel;
  /**
   * CPU and memory requests and limits.
   * @default - none (the chart sets none)
   */
  readonly resources?: ContainerResources;
}

/** A service that runs `replicaCount` replicas outside HA mode. */
export interface ReplicatedServiceValues extends ServiceValues {
  /**
   * Replicas when HA is off (in HA mode `ha.replicaCount` wins).
   * @default 1
   */
  readonly replicaCount?: number;
}

/** The scheduler service, with the storage its embedded etcd keeps jobs and reminders on. */
export interface SchedulerServiceValues extends ServiceValues {
  /**
   * Size of the scheduler's volume. Fixed once installed: StatefulSet volume claims are
   * immutable, so changing it later makes the upgrade fail; grow the PVC on the cluster instead.
   * @default - the chart's (16Gi)
   */
  readonly storageSize?: Size;
  /**
   * Storage class of the scheduler's volume. Fixed once installed, like the size.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/** Per-service settings, keyed by service. */
export interface ControlPlaneServices {
  /** The operator (`dapr_operator`). @default - the chart's */
  readonly operator?: ReplicatedServiceValues;
  /** Placement, behind actors (`dapr_placement`): 3 replicas in HA mode, 1 otherwise (fixed by the chart). @default - the chart's */
  readonly placement?: ServiceValues;
  /** Sentry, the certificate authority behind mTLS (`dapr_sentry`). @default - the chart's */
  readonly sentry?: ReplicatedServiceValues;
  /** The sidecar injector (`dapr_sidecar_injector`). @default - the chart's */
  readonly sidecarInjector?: ReplicatedServiceValues;
  /** The scheduler (`dapr_scheduler`): 3 replicas (fixed by the chart). @default - the chart's */
  readonly scheduler?: SchedulerServiceValues;
}

/** A Kubernetes toleration for the control-plane pods. */
export interface Toleration {
  /** @default - every key (with operator Exists) */
  readonly key?: string;
  /** `Equal` or `Exists`. @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** @default - none */
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** How long a NoExecute taint is tolerated. @default - forever */
  readonly tolerationSeconds?: number;
}

/** The typed chart values a ControlPlane takes. */
export interface ControlPlaneValues {
  /**
   * Registry of the control-plane and sidecar images (`global.registry`).
   * @default - the chart's (ghcr.io/dapr)
   */
  readonly registry?: string;
  /**
   * Image tag (`global.tag`).
   * @default - the chart version's own tag
   */
  readonly tag?: string;
  /**
   * Names of the image pull Secrets in the control-plane namespace (`global.imagePullSecrets`).
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
  /** @default - HA off */
  readonly ha?: HaValues;
  /** @default - mTLS on, with Sentry's certificate lifetimes */
  readonly mtls?: ControlPlaneMtlsValues;
  /**
   * Log in JSON rather than text (`global.logAsJson`).
   * @default false
   */
  readonly logAsJson?: boolean;
  /**
   * Log level of every control-plane service (each subchart's `logLevel`); `services` override it.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /** @default - metrics on, port 9090 */
  readonly prometheus?: PrometheusValues;
  /**
   * Actors, and with them the placement service (`global.actors.enabled`).
   * @default true
   */
  readonly actors?: boolean;
  /**
   * The scheduler service, behind jobs, workflow and actor reminders (`global.scheduler.enabled`).
   * @default true
   */
  readonly scheduler?: boolean;
  /** @default - the chart's */
  readonly services?: ControlPlaneServices;
  /** `global.nodeSelector`. @default - none */
  readonly nodeSelector?: Record<string, string>;
  /** `global.tolerations`. @default - none */
  readonly tolerations?: readonly Toleration[];
  /** `global.priorityClassName`. @default - none */
  readonly priorityClassName?: string;
}

/** The subchart that holds each service's values. */
const SUBCHARTS: Record<keyof ControlPlaneServices, string> = {
  operator: 'dapr_operator',
  placement: 'dapr_placement',
  sentry: 'dapr_sentry',
  sidecarInjector: 'dapr_sidecar_injector',
  scheduler: 'dapr_scheduler',
};

/** The keys of `obj` whose value is defined, so unset props never reach the values. */
function defined(obj: HelmValues): HelmValues {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && !(isPlainObject(v) && Object.keys(v).length === 0)));
}

function isPlainObject(value: unknown): value is HelmValues {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function renderResources(r: ContainerResources | undefined): HelmValues | undefined {
  if (!r) return undefined;
  const side = (which: 'request' | 'limit') =>
    defined({ cpu: r.cpu?.[which]?.amount, memory: r.memory?.[which] ? sizeQuantity(r.memory[which]!) : undefined });
  return defined({ requests: side('request'), limits: side('limit') });
}

/** The chart values for the typed props; the secure default (mTLS on) is always spelled out. */
export function renderControlPlaneValues(v: ControlPlaneValues): HelmValues {
  const global = defined({
    registry: v.registry,
    tag: v.tag,
    imagePullSecrets: v.imagePullSecrets?.length ? v.imagePullSecrets.map((name) => ({ name })) : undefined,
    ha: v.ha ? defined({ enabled: v.ha.enabled, replicaCount: v.ha.replicaCount, podAntiAffinityPolicy: v.ha.podAntiAffinityPolicy, topologyKey: v.ha.topologyKey }) : undefined,
    mtls: defined({
      enabled: v.mtls?.enabled ?? true,
      workloadCertTTL: v.mtls?.workloadCertTTL ? goDuration(v.mtls.workloadCertTTL) : undefined,
      allowedClockSkew: v.mtls?.allowedClockSkew ? goDuration(v.mtls.allowedClockSkew) : undefined,
      controlPlaneTrustDomain: v.mtls?.controlPlaneTrustDomain,
    }),
    logAsJson: v.logAsJson,
    prometheus: v.prometheus ? defined({ enabled: v.prometheus.enabled, port: v.prometheus.port }) : undefined,
    actors: v.actors !== undefined ? { enabled: v.actors } : undefined,
    scheduler: v.scheduler !== undefined ? { enabled: v.scheduler } : undefined,
    nodeSelector: v.nodeSelector && Object.keys(v.nodeSelector).length ? { ...v.nodeSelector } : undefined,
    tolerations: v.tolerations?.length ? v.tolerations.map((t) => defined({ ...t })) : undefined,
    priorityClassName: v.priorityClassName,
  });
  const values: HelmValues = { global };
  for (const service of Object.keys(SUBCHARTS) as (keyof ControlPlaneServices)[]) {
    const s: (ReplicatedServiceValues & SchedulerServiceValues) | undefined = v.services?.[service];
    const sub = defined({
      logLevel: s?.logLevel ?? v.logLevel,
      replicaCount: s?.replicaCount,
      resources: renderResources(s?.resources),
      cluster: s?.storageSize || s?.storageClassName ? defined({ storageSize: s.storageSize ? sizeQuantity(s.storageSize) : undefined, storageClassName: s.storageClassName }) : undefined,
    });
    if (Object.keys(sub).length) values[SUBCHARTS[service]] = sub;
  }
  return values;
}

/**
 * Merges `override` into `base`, the way Helm merges values files: objects key by key, anything
 * else (arrays included) replaced. Neither input is changed.
 */
export function deepMerge(base: HelmValues, override: HelmValues): HelmValues {
  const out: HelmValues = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as HelmValues, value) : value;
  }
  return out;
}
