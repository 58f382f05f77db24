/**
 * Resources of app containers and of the Dapr sidecar: a request above its limit (Kubernetes
 * refuses the pod), and a sidecar memory limit without `GOMEMLIMIT` (the Go runtime does not know
 * the limit and is OOM-killed instead of collecting garbage harder).
 */
import { asArray, asRecord, dig, joinPath, keyPath, podsOf, resourceId, PodView, shown } from './manifest';
import { quantityValue } from './quantity';
import { Check, Finding } from './types';

const annotationsPath = (pod: PodView) => joinPath(pod.podPath, 'metadata.annotations');
const isDaprPod = (pod: PodView) => (pod.annotations['dapr.io/enabled'] ?? '').toLowerCase() === 'true';

export const requestsWithinLimits: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    const push = (field: string, what: string, request: unknown, limit: unknown, hint: string) =>
      findings.push({
        check: 'request-above-limit',
        severity: 'error',
        resource: resourceId(pod.manifest),
        field,
        message: `${what} request ${JSON.stringify(request)} is above its limit ${JSON.stringify(limit)}; Kubernetes refuses the pod.`,
        hint,
      });
    for (const list of ['initContainers', 'containers'] as const) {
      asArray(pod.podSpec[list]).forEach((c, i) => {
        const resources = asRecord(dig(c, 'resources')) ?? {};
        for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
          const request = dig(resources, 'requests', resource);
          const limit = dig(resources, 'limits', resource);
          const [r, l] = [quantityValue(request), quantityValue(limit)];
          if (r !== undefined && l !== undefined && r > l) {
            push(joinPath(pod.podPath, `spec.${list}[${i}].resources.requests.${resource}`), `container "${shown(dig(c, 'name'))}" ${resource}`, request, limit, 'Lower the request or raise the limit (DaprApp `resources`).');
          }
        }
      });
    }
    if (!isDaprPod(pod)) continue;
    for (const resource of ['cpu', 'memory']) {
      const requestKey = `dapr.io/sidecar-${resource}-request`;
      const request = pod.annotations[requestKey];
      const limit = pod.annotations[`dapr.io/sidecar-${resource}-limit`];
      const [r, l] = [quantityValue(request), quantityValue(limit)];
      if (r !== undefined && l !== undefined && r > l) {
        push(keyPath(annotationsPath(pod), requestKey), `sidecar ${resource}`, request, limit, `Lower the request or raise the limit (DaprApp sidecar.${resource}).`);
      }
    }
  }
  return findings;
};

/** Reads `GOMEMLIMIT` from a `dapr.io/env` value (`KEY=value,KEY=value`). */
function envHas(env: string | undefined, name: string): boolean {
  return (env ?? '').split(',').some((pair) => pair.trim().startsWith(`${name}=`));
}

export const sidecarGoMemLimit: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    if (!isDaprPod(pod)) continue;
    const limit = pod.annotations['dapr.io/sidecar-memory-limit'];
    const bytes = quantityValue(limit);
    if (bytes === undefined || envHas(pod.annotations['dapr.io/env'], 'GOMEMLIMIT')) continue;
    const suggested = `${Math.floor((bytes / 2 ** 20) * 0.9)}MiB`;
    findings.push({
      check: 'sidecar-gomemlimit',
      severity: 'warning',
      resource: resourceId(pod.manifest),
      field: keyPath(annotationsPath(pod), 'dapr.io/env'),
      message: `the sidecar has memory limit "${limit}" but no GOMEMLIMIT, so daprd is OOM-killed near the limit instead of collecting garbage.`,
      hint: `Add GOMEMLIMIT=${suggested} (about 90% of the limit) to dapr.io/env; DaprApp does this for you.`,
    });
  }
  return findings;
};

export const resourceChecks: readonly Check[] = [requestsWithinLimits, sidecarGoMemLimit];
