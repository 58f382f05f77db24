/**
 * Health and shutdown of a Dapr pod: typed app health that gives Kubernetes probes and daprd's own
 * app health check from one description (so they agree on path, period, timeout and threshold),
 * and the pod's termination grace period derived from daprd's shutdown settings.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppProtocol, SidecarOptions } from './sidecar';

/**
 * How the app reports its health. Kubernetes probes it (readiness, and liveness unless switched
 * off) and daprd probes it too (`dapr.io/enable-app-health-check`), so daprd stops delivering
 * work to an unhealthy app while Kubernetes takes it out of its Service.
 */
export interface HealthCheck {
  /**
   * HTTP path probed by both Kubernetes and daprd, e.g. `/healthz`. Leave it out for gRPC apps:
   * both then use the gRPC health protocol.
   * @default - required for HTTP apps; none for gRPC apps
   */
  readonly path?: string;
  /**
   * Port the Kubernetes probes call. daprd always probes the app port (its app channel).
   * @default - the app port
   */
  readonly port?: number;
  /**
   * Time between probes (whole seconds), for Kubernetes and daprd alike.
   * @default Duration.seconds(5) (daprd's default)
   */
  readonly interval?: Duration;
  /**
   * Timeout of one probe (whole seconds: Kubernetes counts in seconds).
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the app counts as unhealthy, for Kubernetes and daprd alike.
   * @default 3 (Kubernetes' and daprd's default)
   */
  readonly failureThreshold?: number;
  /**
   * Delay before Kubernetes' first probe (daprd starts probing once the app channel is up).
   * @default - none
   */
  readonly initialDelay?: Duration;
  /**
   * Also restart the container when the liveness probe fails.
   * @default true
   */
  readonly liveness?: boolean;
}

/**
 * What a health check becomes: the probes and the sidecar options. HTTP probes are cdk8s-plus
 * probes (container props); gRPC probes, which cdk8s-plus cannot express, are Kubernetes JSON
 * for a patch of the first container.
 */
export interface RenderedHealth {
  readonly readiness: kplus.Probe | Record<string, unknown>;
  readonly liveness?: kplus.Probe | Record<string, unknown>;
  readonly sidecar: SidecarOptions;
  /** Problems as `[prop, received, expected, fix]`, for `reportProblem`. */
  readonly problems: [string, unknown, string, string][];
}

/** The sidecar options `health` sets; setting them in `sidecar` too would contradict it. */
export const HEALTH_SIDECAR_OPTIONS: readonly (keyof SidecarOptions)[] = [
  'enableAppHealthCheck',
  'appHealthCheckPath',
  'appHealthProbeInterval',
  'appHealthProbeTimeout',
  'appHealthThreshold',
];

const wholeSeconds = (d: Duration): number | undefined => {
  const s = d.toSeconds({ integral: false });
  return Number.isInteger(s) && s >= 0 ? s : undefined;
};

/** Renders a health check for an app of `protocol` listening on `appPort` (if any). */
export function renderHealth(health: HealthCheck, protocol: AppProtocol, appPort: number | undefined): RenderedHealth {
  const problems: RenderedHealth['problems'] = [];
  const grpc = protocol === AppProtocol.GRPC || protocol === AppProtocol.GRPCS;
  const port = health.port ?? appPort;
  if (port === undefined) problems.push(['health.port', undefined, 'a port to probe', 'set appPort (daprd probes it too), or health.port.']);
  if (!grpc && health.path === undefined) problems.push(['health.path', undefined, 'the HTTP path the app answers health checks on', 'e.g. path: "/healthz".']);
  if (grpc && health.path !== undefined) problems.push(['health.path', health.path, 'no path for a gRPC app (the gRPC health protocol has none)', 'leave path out.']);
  if (health.path !== undefined && !health.path.startsWith('/')) problems.push(['health.path', health.path, 'a path starting with "/"', `write "/${health.path}".`]);
  const seconds = (name: string, d: Duration | undefined, fallback: number, min: number): number => {
    if (d === undefined) return fallback;
    const s = wholeSeconds(d);
    if (s === undefined || s < min) {
      problems.push([`health.${name}`, d.toHumanString(), `whole seconds, at least ${min}`, 'Kubernetes probes count in whole seconds.']);
      return fallback;
    }
    return s;
  };
  const period = seconds('interval', health.interval, 5, 1);
  const timeout = seconds('timeout', health.timeout, 1, 1);
  const initialDelay = seconds('initialDelay', health.initialDelay, 0, 0);
  let threshold = health.failureThreshold ?? 3;
  if (!Number.isInteger(threshold) || threshold < 1) {
    problems.push(['health.failureThreshold', threshold, 'a whole number of at least 1', 'e.g. 3.']);
    threshold = 3;
  }
  const probe: kplus.Probe | Record<string, unknown> = grpc
    ? {
        grpc: { port: port ?? 0 },
        periodSeconds: period,
        timeoutSeconds: timeout,
        failureThreshold: threshold,
        ...(initialDelay > 0 ? { initialDelaySeconds: initialDelay } : {}),
      }
    : kplus.Probe.fromHttpGet(health.path ?? '/', {
        port,
        periodSeconds: Duration.seconds(period),
        timeoutSeconds: Duration.seconds(timeout),
        failureThreshold: threshold,
        ...(initialDelay > 0 ? { initialDelaySeconds: Duration.seconds(initialDelay) } : {}),
      });
  // daprd's check goes through the app channel, so it needs the app port.
  const sidecar: SidecarOptions = appPort === undefined
    ? {}
    : {
        enableAppHealthCheck: true,
        ...(grpc || health.path === undefined ? {} : { appHealthCheckPath: health.path }),
        appHealthProbeInterval: Duration.seconds(period),
        appHealthProbeTimeout: Duration.seconds(timeout),
        appHealthThreshold: threshold,
      };
  return { readiness: probe, ...(health.liveness === false ? {} : { liveness: probe }), sidecar, problems };
}

/** Kubernetes' default `terminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;
/** daprd's default graceful shutdown (`--dapr-graceful-shutdown-seconds`). */
export const DAPRD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS = 5;
/** Time added on top of daprd's shutdown when daprkit derives the pod's grace period. */
export const SHUTDOWN_GRACE_MARGIN_SECONDS = 5;

/**
 * The grace period daprkit gives a pod whose sidecar shutdown options are set: daprd may block
 * for `blockShutdownDuration` and then drain for `gracefulShutdown`; the kubelet kills whatever
 * still runs at the end of the grace period, so it must be longer. Undefined when the options
 * are unset or already fit in Kubernetes' default.
 */
export function derivedGracePeriod(sidecar: SidecarOptions): Duration | undefined {
  if (sidecar.gracefulShutdown === undefined && sidecar.blockShutdownDuration === undefined) return undefined;
  const graceful = sidecar.gracefulShutdown ? sidecar.gracefulShutdown.toSeconds({ integral: false }) : DAPRD_DEFAULT_GRACEFUL_SHUTDOWN_SECONDS;
  const block = sidecar.blockShutdownDuration ? sidecar.blockShutdownDuration.toSeconds({ integral: false }) : 0;
  if (!Number.isFinite(graceful) || !Number.isFinite(block)) return undefined;
  const needed = Math.ceil(graceful + block);
  return needed < DEFAULT_TERMINATION_GRACE_SECONDS ? undefined : Duration.seconds(needed + SHUTDOWN_GRACE_MARGIN_SECONDS);
}
