/**
 * Checks over `dapr.io/*` annotations and the Dapr app identity of pods: unknown or misplaced keys,
 * values Dapr would misread, invalid or duplicate app-ids, and an app-port no container declares.
 */
import { ANNOTATIONS_BY_KEY, AnnotationSpec, DAPR_ANNOTATION_PREFIX, POD_ANNOTATION_KEYS } from '../dapr/annotations';
import { dnsLabelProblem, isBoolString, isGoDuration, isIntString, isPort, isQuantity } from './formats';
import { asArray, asRecord, daprAppIdOf, dig, joinPath, keyPath, PodView, podsOf, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { successorHint } from '../dapr/legacy-annotations';
import { Check, Finding } from './types';

const annotationsPath = (pod: PodView) => joinPath(pod.podPath, 'metadata.annotations');

/** Unknown `dapr.io/*` keys on pod templates, and Component-only keys placed on pods. */
export const unknownAnnotations: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    for (const key of Object.keys(pod.annotations).sort()) {
      if (!key.startsWith(DAPR_ANNOTATION_PREFIX)) continue;
      const spec = ANNOTATIONS_BY_KEY.get(key);
      const field = keyPath(annotationsPath(pod), key);
      if (!spec) {
        findings.push({
          check: 'unknown-annotation',
          severity: 'error',
          resource: resourceId(pod.manifest),
          field,
          message: `"${key}" is not an annotation Dapr reads, so the sidecar silently ignores it.${successorHint(key) ?? didYouMean(key, POD_ANNOTATION_KEYS)}`,
          hint: 'Use one of the dapr.io/* annotations of Dapr 1.18 (DaprApp sidecar options set them for you), or remove it.',
        });
      } else if (spec.appliesTo !== 'Pod') {
        findings.push({
          check: 'unknown-annotation',
          severity: 'error',
          resource: resourceId(pod.manifest),
          field,
          message: `"${key}" belongs on a ${spec.appliesTo} resource, not on a pod.`,
          hint: `Move it to the ${spec.appliesTo}'s metadata.annotations.`,
        });
      } else if (spec.replacedBy) {
        findings.push({
          check: 'deprecated-annotation',
          severity: 'warning',
          resource: resourceId(pod.manifest),
          field,
          message: `"${key}" is deprecated.`,
          hint: `Use "${spec.replacedBy}" instead.`,
        });
      }
    }
  }
  return findings;
};

/** Dapr annotations on a workload's own metadata: the injector reads only the pod template's. */
export const misplacedAnnotations: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    if (pod.podPath === '') continue;
    const own = asRecord(dig(pod.manifest, 'metadata', 'annotations')) ?? {};
    for (const key of Object.keys(own).sort()) {
      if (!key.startsWith(DAPR_ANNOTATION_PREFIX)) continue;
      findings.push({
        check: 'misplaced-annotation',
        severity: 'error',
        resource: resourceId(pod.manifest),
        field: keyPath('metadata.annotations', key),
        message: `"${key}" is on the ${pod.manifest.kind} itself, where the sidecar injector never looks.`,
        hint: `Move it to ${keyPath(annotationsPath(pod), key)} (the pod template).`,
      });
    }
  }
  return findings;
};

/** A problem with one annotation value: what is wrong and how to write it. */
interface ValueProblem {
  readonly message: string;
  readonly hint: string;
}

/** `"a", "b"` — the offending items of a list, for a hint. */
function quoteList(items: readonly string[]): string {
  return items.map((i) => JSON.stringify(i)).join(', ');
}

function listItems(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Checks one annotation value against its format; undefined when Dapr reads it as meant. */
export function annotationValueProblem(spec: AnnotationSpec, value: unknown): ValueProblem | undefined {
  if (typeof value !== 'string') {
    return { message: `the value ${JSON.stringify(value)} is not a string`, hint: 'Kubernetes annotation values are strings: quote it.' };
  }
  // Values that may carry secrets (`dapr.io/env` entries, a JSON container spec) are never echoed.
  const quoted = spec.format === 'key-value-list' || spec.format === 'json' ? 'the value' : `"${value}"`;
  const bad = (what: string, hint: string): ValueProblem => ({ message: `${quoted} is not ${what}`, hint });
  switch (spec.format) {
    case 'enabled':
      return value === 'true' || value === 'false'
        ? undefined
        : bad('the literal "true"', 'The injector compares this annotation with the exact string "true": write "true" (or "false").');
    case 'bool':
      return isBoolString(value) ? undefined : bad('a boolean (anything else reads as false)', 'Write "true" or "false".');
    case 'int':
      return isIntString(value) ? undefined : bad('an integer (the injector ignores it)', 'Write a whole number, e.g. "5".');
    case 'port':
      return isIntString(value) && isPort(Number(value)) ? undefined : bad('a port number', 'Write a whole number from 1 to 65535.');
    case 'quantity':
      return isQuantity(value) ? undefined : bad('a Kubernetes quantity', 'Write a quantity such as "100m", "0.5", "256Mi" or "1Gi".');
    case 'duration':
      return isGoDuration(value) ? undefined : bad('a Go duration', 'Write a duration such as "500ms", "30s" or "1m30s".');
    case 'path':
      return value.startsWith('/') ? undefined : bad('an absolute path', 'Start the path with "/".');
    case 'enum':
      return spec.allowedValues?.includes(value) ? undefined : bad(`one of ${spec.allowedValues?.join(', ')}`, `Write one of: ${spec.allowedValues?.join(', ')}.`);
    case 'list': {
      if (!spec.allowedValues) return undefined;
      const unknown = listItems(value).filter((item) => !spec.allowedValues?.includes(item));
      return unknown.length === 0 ? undefined : bad(`a list of ${spec.allowedValues.join(', ')}`, `Remove ${unknown.join(', ')}; allowed items: ${spec.allowedValues.join(', ')}.`);
    }
    case 'host-list':
      return value === '' || listItems(value).every((item) => /^.+:\d+$/.test(item))
        ? undefined
        : bad('a comma-separated list of host:port addresses', 'Write e.g. "placement-0.placement:50005,placement-1.placement:50005", or "" to disable.');
    case 'key-value-list': {
      // Name the entries by position: an entry without "=" may be part of a secret value.
      const wrong = listItems(value).flatMap((item, i) => (/^[^=\s]+=/.test(item) ? [] : [i + 1]));
      return wrong.length === 0 ? undefined : bad('a comma-separated list of KEY=value pairs', `Fix entr${wrong.length === 1 ? 'y' : 'ies'} ${wrong.join(', ')}: write each as KEY=value, e.g. "GOMEMLIMIT=400MiB,FOO=bar".`);
    }
    case 'env-from-secret': {
      const wrong = listItems(value).filter((item) => !/^[^=\s]+=[^=:\s]+(:[^=:\s]+)?$/.test(item));
      return wrong.length === 0
        ? undefined
        : bad('a comma-separated list of KEY=secret or KEY=secret:key pairs', `Fix ${quoteList(wrong)}: write each as KEY=secret or KEY=secret:key, e.g. "DB_PASSWORD=db-secret:password".`);
    }
    case 'volume-mounts':
      return listItems(value).every((item) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?:\/\S*$/.test(item))
        ? undefined
        : bad('a comma-separated list of volume:/mount/path pairs', 'Write e.g. "certs:/etc/certs,cache:/cache".');
    case 'json':
      try {
        JSON.parse(value);
        return undefined;
      } catch {
        return bad('valid JSON', 'Write the container spec as a JSON object.');
      }
    case 'string':
      return undefined;
  }
}

/** Values of known annotations that Dapr would reject, ignore or misread. */
export const annotationValues: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    for (const [key, value] of Object.entries(pod.annotations).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const spec = ANNOTATIONS_BY_KEY.get(key);
      if (!spec || spec.appliesTo !== 'Pod') continue;
      const problem = annotationValueProblem(spec, value);
      if (!problem) continue;
      findings.push({
        check: 'annotation-value',
        severity: 'error',
        resource: resourceId(pod.manifest),
        field: keyPath(annotationsPath(pod), key),
        message: `${key}: ${problem.message}.`,
        hint: problem.hint,
      });
    }
  }
  return findings;
};

/** Dapr annotations on a pod that is not Dapr-enabled: the sidecar is never injected. */
export const annotationsWithoutEnabled: Check = (manifests) =>
  podsOf(manifests)
    .filter((pod) => pod.annotations['dapr.io/enabled'] === undefined && Object.keys(pod.annotations).some((k) => k.startsWith(DAPR_ANNOTATION_PREFIX)))
    .map((pod) => ({
      check: 'dapr-not-enabled',
      severity: 'warning' as const,
      resource: resourceId(pod.manifest),
      field: keyPath(annotationsPath(pod), 'dapr.io/enabled'),
      message: 'The pod carries dapr.io/* annotations but no dapr.io/enabled, so no sidecar is injected and they have no effect.',
      hint: 'Add dapr.io/enabled: "true", or remove the dapr.io/* annotations.',
    }));

/** app-ids that are not DNS labels (Dapr names the app's `<app-id>-dapr` Service after it). */
export const invalidAppIds: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined || pod.annotations['dapr.io/app-id'] === undefined) continue;
    const problem = dnsLabelProblem(appId);
    if (!problem) continue;
    findings.push({
      check: 'invalid-app-id',
      severity: 'error',
      resource: resourceId(pod.manifest),
      field: keyPath(annotationsPath(pod), 'dapr.io/app-id'),
      message: `app-id "${appId}" is not a valid DNS label: ${problem}.`,
      hint: 'Use lower-case letters, digits and "-", at most 63 characters, e.g. "order-service".',
    });
  }
  return findings;
};

/** Two Dapr workloads with one app-id in one namespace: service invocation cannot tell them apart. */
export const duplicateAppIds: Check = (manifests) => {
  const owners = new Map<string, PodView[]>();
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    const key = `${pod.manifest.metadata?.namespace ?? 'default'}/${appId}`;
    owners.set(key, [...(owners.get(key) ?? []), pod]);
  }
  const findings: Finding[] = [];
  for (const [key, pods] of [...owners].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (pods.length < 2) continue;
    const [namespace, appId] = key.split('/');
    const all = pods.map((p) => resourceId(p.manifest));
    // Copies of one object are the duplicate-object check's finding; here only distinct workloads count.
    if (new Set(all).size === 1) continue;
    for (const pod of pods.slice(1)) {
      findings.push({
        check: 'duplicate-app-id',
        severity: 'error',
        resource: resourceId(pod.manifest),
        field: keyPath(annotationsPath(pod), 'dapr.io/app-id'),
        message: `app-id "${appId}" is used by ${all.length} workloads in namespace "${namespace}": ${all.join(', ')}.`,
        hint: 'Give each workload its own app-id, or move one to another namespace.',
      });
    }
  }
  return findings;
};

/** Container ports a pod declares (init containers included: native sidecars may serve the app). */
function declaredPorts(podSpec: Record<string, unknown>): number[] {
  const containers = [...asArray(podSpec.containers), ...asArray(podSpec.initContainers)];
  return containers.flatMap((c) => asArray(dig(c, 'ports')).map((p) => dig(p, 'containerPort'))).filter((p): p is number => typeof p === 'number');
}

/** An app-port that no container of the pod declares: the sidecar would call a port nothing serves. */
export const appPortNotDeclared: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    const raw = pod.annotations['dapr.io/app-port'];
    if (raw === undefined || daprAppIdOf(pod) === undefined || !isIntString(raw)) continue;
    const ports = declaredPorts(pod.podSpec);
    if (ports.includes(Number(raw))) continue;
    findings.push({
      check: 'app-port-not-declared',
      severity: 'error',
      resource: resourceId(pod.manifest),
      field: keyPath(annotationsPath(pod), 'dapr.io/app-port'),
      message: `app-port ${raw} is not declared by any container of the pod (declared: ${ports.length ? ports.join(', ') : 'none'}).`,
      hint: `Set dapr.io/app-port to the port the app listens on, or add containerPort ${raw} to the app container.`,
    });
  }
  return findings;
};

export const annotationChecks: readonly Check[] = [
  unknownAnnotations,
  misplacedAnnotations,
  annotationValues,
  annotationsWithoutEnabled,
  invalidAppIds,
  duplicateAppIds,
  appPortNotDeclared,
];

