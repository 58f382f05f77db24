/** Small readers shared by the checks, tolerant of malformed input. */
import { sharedPerRun } from './run-cache';
import { Manifest } from './types';

/** The namespace an object lands in when it names none. */
export const DEFAULT_NAMESPACE = 'default';

export function namespaceOf(m: Manifest): string {
  const namespace = asRecord(m.metadata)?.namespace;
  return typeof namespace === 'string' ? namespace : DEFAULT_NAMESPACE;
}

export function nameOf(m: Manifest): string {
  const name = asRecord(m.metadata)?.name;
  return typeof name === 'string' ? name : '<unnamed>';
}

/** The string-valued entries of a map (annotations and labels are strings; anything else is malformed input). */
function stringEntries(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asRecord(value) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `Kind/namespace/name`, the resource id every finding carries. */
export function resourceId(m: Manifest): string {
  return `${m.kind}/${namespaceOf(m)}/${nameOf(m)}`;
}

/** True for Dapr's own custom resources (`dapr.io/*` API group). */
export function isDaprKind(m: Manifest, kind?: string): boolean {
  return typeof m.apiVersion === 'string' && m.apiVersion.startsWith('dapr.io/') && (kind === undefined || m.kind === kind);
}

/** Appends `value` to the list under `key` (grouping many values by one key). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Adds `value` to the set under `key`. */
export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Field path for a map key, quoted the way the findings print it: `annotations["dapr.io/app-id"]`. */
export function keyPath(base: string, key: string): string {
  return `${base}["${key}"]`;
}

/**
 * Reads a nested value without throwing; returns undefined for any missing or non-object step.
 * Only own properties count: a step named `constructor` or `__proto__` finds what the input holds
 * under that key, never what every object inherits.
 */
export function dig(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

/** The value an input map holds under `key` (an own property only; undefined otherwise). */
export function ownValue(record: Readonly<Record<string, unknown>> | undefined, key: string): unknown {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets `key` on `target` as an own data property, whatever the key: assignment would call the
 * `__proto__` setter and change what the object inherits instead.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Any input value as text for a message: a string as it is, anything else as JSON. Never through
 * the value's own `toString`: a YAML map can hold `toString: 1`, and `String(value)` would throw.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  const json = JSON.stringify(value) ?? '';
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}

/** A map keyed by input, with no prototype: nothing is inherited, any key is plain data. */
export function emptyRecord<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Kinds whose pod template lives at `spec.template` (Dapr reads annotations from the pod). */
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** A workload and the parts of its pod a check needs. */
export interface PodView {
  readonly manifest: Manifest;
  /** Field path prefix of the pod (e.g. `spec.template`); empty for a bare Pod. */
  readonly podPath: string;
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly podSpec: Record<string, unknown>;
}

/**
 * Every pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob).
 * Shared by the checks of one run: treat the views as read-only.
 */
export const podsOf: (manifests: readonly Manifest[]) => readonly PodView[] = sharedPerRun(readPods);

function readPods(manifests: readonly Manifest[]): PodView[] {
  const views: PodView[] = [];
  for (const m of manifests) {
    let podPath: string | undefined;
    let pod: unknown;
    if (m.kind === 'Pod') {
      podPath = '';
      pod = m;
    } else if (POD_TEMPLATE_KINDS.has(m.kind)) {
      podPath = 'spec.template';
      pod = dig(m, 'spec', 'template');
    } else if (m.kind === 'CronJob') {
      podPath = 'spec.jobTemplate.spec.template';
      pod = dig(m, 'spec', 'jobTemplate', 'spec', 'template');
    }
    if (podPath === undefined) continue;
    views.push({
      manifest: m,
      podPath,
      annotations: stringEntries(dig(pod, 'metadata', 'annotations')),
      labels: stringEntries(dig(pod, 'metadata', 'labels')),
      podSpec: asRecord(dig(pod, 'spec')) ?? {},
    });
  }
  return views;
}

/** Joins a pod path prefix and a relative field: `('spec.template', 'metadata.annotations')`. */
export function joinPath(prefix: string, rest: string): string {
  return prefix ? `${prefix}.${rest}` : rest;
}

/** The app-id Dapr gives a pod: its `dapr.io/app-id`, or undefined when the pod is not Dapr-enabled. */
export function daprAppIdOf(pod: PodView): string | undefined {
  if ((pod.annotations['dapr.io/enabled'] ?? '').toLowerCase() !== 'true') return undefined;
  return pod.annotations['dapr.io/app-id'] ?? nameOf(pod.manifest);
}
