/**
 * Configuration checks: what a sidecar would fail on, or silently ignore, when it loads its
 * Configuration — a missing Configuration, middleware that is not there, a sampling rate Dapr
 * cannot read, durations Go cannot parse.
 */
import { DaprIndex, indexManifests, objectKey } from './dapr-index';
import { isGoDuration } from './formats';
import { asArray, asRecord, dig, joinPath, keyPath, namespaceOf, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding, Manifest } from './types';

const CONFIG_ANNOTATION = 'dapr.io/config';

/** A pod's `dapr.io/config` must name a Configuration of its namespace: daprd does not start otherwise. */
export const configurationExists: Check = (manifests) => {
  const index = indexManifests(manifests);
  const configs = index.objects('Configuration');
  const findings: Finding[] = [];
  for (const { pod, namespace } of index.pods) {
    const name = pod.annotations[CONFIG_ANNOTATION];
    if (name === undefined || configs.has(objectKey(namespace, name))) continue;
    findings.push({
      check: 'configuration-exists',
      severity: 'error',
      resource: resourceId(pod.manifest),
      field: keyPath(joinPath(pod.podPath, 'metadata.annotations'), CONFIG_ANNOTATION),
      message: `dapr.io/config names Configuration "${name}", which does not exist in namespace "${namespace}"; the sidecar will not start.${didYouMean(name, index.namesIn('Configuration', namespace))}`,
      hint: `Define Configuration "${name}" in namespace "${namespace}", or point the annotation at an existing one.`,
    });
  }
  return findings;
};

/**
 * Each pipeline handler must name a loaded middleware Component of the Configuration's namespace,
 * with the same type and version. daprd 1.18 builds the pipeline by looking each handler up by name,
 * type and version and silently skips one it does not find (pkg/middleware/http/pipeline.go,
 * pkg/middleware/store/store.go): the sidecar starts, and requests pass without that middleware.
 */
export const configurationMiddleware: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const config of index.objects('Configuration').values()) {
    for (const pipeline of ['httpPipeline', 'appHttpPipeline']) {
      asArray(dig(config, 'spec', pipeline, 'handlers')).forEach((raw, i) => {
        const finding = handlerProblem(index, config, `spec.${pipeline}.handlers[${i}]`, asRecord(raw));
        if (finding) findings.push(finding);
      });
    }
  }
  return findings;
};

function handlerProblem(index: DaprIndex, config: Manifest, field: string, handler: Record<string, unknown> | undefined): Finding | undefined {
  const ns = namespaceOf(config);
  const base = { check: 'configuration-middleware', severity: 'warning' as const, resource: resourceId(config) };
  const skipped = 'daprd skips the handler, and requests pass through the pipeline without it';
  const name = handler?.name;
  if (typeof name !== 'string' || name === '') {
    return { ...base, field: `${field}.name`, message: 'A pipeline handler has no name.', hint: 'Name the middleware Component the handler runs.' };
  }
  const component = index.objects('Component').get(objectKey(ns, name));
  // Only a failing handler needs the namespace's middleware names (for the message), so a valid one costs one lookup.
  const middleware = () => index.namesIn('Component', ns).filter((n) => String(dig(index.objects('Component').get(objectKey(ns, n)), 'spec', 'type')).startsWith('middleware.'));
  if (!component) {
    return {
      ...base,
      field: `${field}.name`,
      message: `Handler "${name}" names no Component in namespace "${ns}"; ${skipped}.${didYouMean(name, middleware())}`,
      hint: `Define a middleware Component "${name}" in namespace "${ns}", or remove the handler.`,
    };
  }
  const type = dig(component, 'spec', 'type');
  if (typeof type !== 'string' || !type.startsWith('middleware.')) {
    return {
      ...base,
      field: `${field}.name`,
      message: `Handler "${name}" names Component "${name}" of type "${String(type)}", which is not middleware; ${skipped}.`,
      hint: `Point the handler at a middleware.* Component${middleware().length ? ` (${middleware().join(', ')})` : ''}.`,
    };
  }
  if (handler?.type !== type) {
    return {
      ...base,
      field: `${field}.type`,
      message: `Handler "${name}" has type "${String(handler?.type)}", but Component "${name}" is "${type}"; Dapr matches on both, so ${skipped}.`,
      hint: `Set the handler's type to "${type}".`,
    };
  }
  // An empty handler version means v1 (the store's lookup), as does an empty Component version.
  const version = (v: unknown) => (typeof v === 'string' && v !== '' ? v : 'v1');
  if (version(handler?.version) !== version(dig(component, 'spec', 'version'))) {
    return {
      ...base,
      field: `${field}.version`,
      message: `Handler "${name}" asks for version "${version(handler?.version)}", but Component "${name}" is version "${version(dig(component, 'spec', 'version'))}"; Dapr matches on both, so ${skipped}.`,
      hint: `Set the handler's version to "${version(dig(component, 'spec', 'version'))}", or leave it out for v1.`,
    };
  }
  return undefined;
}

/** `tracing.samplingRate` is a string holding a number from 0 to 1 (Dapr parses it as a float). */
export const configurationSamplingRate: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    const rate = dig(config, 'spec', 'tracing', 'samplingRate');
    if (rate === undefined) continue;
    const text = typeof rate === 'string' ? rate.trim() : '';
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
    if (value >= 0 && value <= 1) continue;
    findings.push({
      check: 'configuration-sampling-rate',
      severity: 'error',
      resource: resourceId(config),
      field: 'spec.tracing.samplingRate',
      message: `samplingRate ${JSON.stringify(rate)} is not ${typeof rate === 'string' ? 'a number from 0 to 1' : 'a string'}.`,
      hint: 'Write the rate as a quoted number from "0" (no traces) to "1" (every request), e.g. "0.1".',
    });
  }
  return findings;
};

const DURATION_FIELDS: readonly string[][] = [
  ['mtls', 'workloadCertTTL'],
  ['mtls', 'allowedClockSkew'],
  ['tracing', 'otel', 'timeout'],
];

/** Duration fields must parse as Go durations. */
export const configurationDurations: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    for (const path of DURATION_FIELDS) {
      const value = dig(config, 'spec', ...path);
      if (value === undefined || (typeof value === 'string' && isGoDuration(value))) continue;
      findings.push({
        check: 'configuration-duration',
        severity: 'error',
        resource: resourceId(config),
        field: `spec.${path.join('.')}`,
        message: `${JSON.stringify(value)} is not a Go duration.`,
        hint: 'Write durations like "24h", "15m", "1m30s" or "500ms".',
      });
    }
  }
  return findings;
};

export const configurationChecks: Check[] = [configurationExists, configurationMiddleware, configurationSamplingRate, configurationDurations];
