/**
 * Shutdown of Dapr pods: daprd drains for `dapr.io/graceful-shutdown-seconds` (5 s unless set),
 * after blocking for `dapr.io/block-shutdown-duration` when that is set; the kubelet kills every
 * container still running when the pod's `terminationGracePeriodSeconds` (30 s unless set) ends.
 */
import { indexManifests } from './dapr-index';
import { isGoDuration, isIntString } from './formats';
import { joinPath, keyPath, resourceId } from './manifest';
import { Check, Finding } from './types';

/** daprd's graceful shutdown when the annotation is unset or negative (pkg/runtime/config.go). */
const DAPRD_DEFAULT_GRACEFUL_SECONDS = 5;
/** Kubernetes' default grace period. */
const DEFAULT_GRACE_SECONDS = 30;

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration (`1m30s`, `500ms`); undefined when it does not parse. */
export function goDurationSeconds(value: string): number | undefined {
  if (!isGoDuration(value)) return undefined;
  if (value === '0') return 0;
  const sign = value.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of value.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return sign * total;
}

/** daprd's worst-case shutdown at or beyond the pod's grace period: the kubelet kills it mid-drain. */
export const shutdownGracePeriod: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const { pod } of indexManifests(manifests).pods) {
    const gracefulRaw = pod.annotations['dapr.io/graceful-shutdown-seconds'];
    const blockRaw = pod.annotations['dapr.io/block-shutdown-duration'];
    if (gracefulRaw === undefined && blockRaw === undefined) continue;
    // Values that do not parse are the annotation-value check's to report.
    const parsedGraceful = gracefulRaw !== undefined && isIntString(gracefulRaw) ? Number(gracefulRaw) : undefined;
    const graceful = parsedGraceful !== undefined && parsedGraceful >= 0 ? parsedGraceful : DAPRD_DEFAULT_GRACEFUL_SECONDS;
    const block = blockRaw !== undefined ? goDurationSeconds(blockRaw) ?? 0 : 0;
    const raw = pod.podSpec.terminationGracePeriodSeconds;
    const grace = typeof raw === 'number' && Number.isFinite(raw) ? raw : DEFAULT_GRACE_SECONDS;
    if (graceful + Math.max(block, 0) < grace) continue;
    const key = gracefulRaw !== undefined ? 'dapr.io/graceful-shutdown-seconds' : 'dapr.io/block-shutdown-duration';
    const parts = [
      `graceful shutdown ${graceful}s${gracefulRaw === undefined ? " (daprd's default)" : ''}`,
      ...(block > 0 ? [`block-shutdown-duration ${blockRaw}`] : []),
    ];
    findings.push({
      check: 'shutdown-grace-period',
      severity: 'warning',
      resource: resourceId(pod.manifest),
      field: keyPath(joinPath(pod.podPath, 'metadata.annotations'), key),
      message: `daprd may take ${+(graceful + Math.max(block, 0)).toFixed(3)}s to stop (${parts.join(' + ')}), but terminationGracePeriodSeconds is ${grace}${typeof raw === 'number' ? '' : " (Kubernetes' default)"}: the kubelet kills daprd before it drains in-flight work.`,
      hint: `Set ${joinPath(pod.podPath, 'spec.terminationGracePeriodSeconds')} above ${Math.ceil(graceful + Math.max(block, 0))} (daprkit: terminationGracePeriod, derived from sidecar.gracefulShutdown by default), or shorten the shutdown settings.`,
    });
  }
  return findings;
};
