/**
 * Fidelity: what the imported program synthesizes against what it was imported from. The rules
 * are the issue's: same apiVersion, kind, namespace, name and content, except that
 * - metadata items of Dapr objects (Component `spec.metadata`, HTTPEndpoint `spec.headers`) may
 *   come in another order, and a Component metadata value may be a scalar's text (`25` / `"25"`:
 *   Dapr reads text);
 * - annotations in the `daprkit.io/` namespace may differ (suppressions, intent for the checks);
 * - Namespace objects for the namespaces used may be added (decided where objects are matched).
 * Everything else is a difference, and `patchOps` gives the JSON Patch operations that remove it.
 */
import { Json } from './ir';

export const DAPRKIT_ANNOTATION_PREFIX = 'daprkit.io/';

/** One RFC 6902 operation, as cdk8s's `JsonPatch` takes it. */
export interface PatchOp {
  readonly op: 'add' | 'remove' | 'replace';
  /** A JSON pointer. */
  readonly path: string;
  readonly value?: Json;
}

type JsonObject = { [key: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Deep equality of JSON values (object key order does not count, array order does). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as unknown as T;
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: clone(value[k]), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

/** The annotation maps a kind carries: the object's, and its pod template's for workloads. */
const ANNOTATION_PATHS: readonly (readonly string[])[] = [
  ['metadata', 'annotations'],
  ['spec', 'template', 'metadata', 'annotations'],
  ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations'],
];

/** Makes `target`'s daprkit.io annotations at `path` those of `synthesized`. */
function adoptDaprkitAnnotations(target: JsonObject, synthesized: unknown, path: readonly string[]): void {
  const parent = get(target, ...path.slice(0, -1));
  const key = path[path.length - 1]!;
  const theirs = get(synthesized, ...path);
  const ours = isObject(parent) ? parent[key] : undefined;
  if (!isObject(parent)) return;
  const merged = Object.create(null) as JsonObject; // keys come from the input
  if (isObject(ours)) for (const k of Object.keys(ours)) if (!k.startsWith(DAPRKIT_ANNOTATION_PREFIX)) merged[k] = ours[k]!;
  if (isObject(theirs)) for (const k of Object.keys(theirs)) if (k.startsWith(DAPRKIT_ANNOTATION_PREFIX)) merged[k] = theirs[k]!;
  if (Object.keys(merged).length === 0 && ours === undefined) return;
  if (Object.keys(merged).length === 0 && theirs === undefined) {
    delete parent[key];
    return;
  }
  parent[key] = merged;
}

/** A metadata item as Dapr reads it: its name and value text (`25` and `"25"` alike where allowed). */
function itemKey(item: unknown, scalarAsText: boolean): string {
  if (!isObject(item)) return JSON.stringify(item);
  const value = item.value;
  const normalized = scalarAsText && (typeof value === 'number' || typeof value === 'boolean') ? { ...item, value: String(value) } : item;
  return JSON.stringify(sortKeys(normalized));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) {
    const out = Object.create(null) as JsonObject; // keys come from the input
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]!);
    return out;
  }
  return v;
}

/** Adopts the synthesized order (and scalar text) of a list of metadata items when it holds the same items. */
function adoptItemOrder(target: JsonObject, synthesized: unknown, path: readonly string[], scalarAsText: boolean): void {
  const parent = get(target, ...path.slice(0, -1));
  const key = path[path.length - 1]!;
  const ours = isObject(parent) ? parent[key] : undefined;
  const theirs = get(synthesized, ...path);
  if (!isObject(parent) || !Array.isArray(ours) || !Array.isArray(theirs) || ours.length !== theirs.length) return;
  const a = ours.map((i) => itemKey(i, scalarAsText)).sort();
  const b = theirs.map((i) => itemKey(i as Json, scalarAsText)).sort();
  if (a.every((k, i) => k === b[i])) parent[key] = clone(theirs as Json);
}

/** What `synthesized` must equal for `input` to be reproduced, by the rules above. */
export function fidelityTarget(input: Json, synthesized: Json): Json {
  const target = clone(input);
  if (!isObject(target)) return target;
  for (const path of ANNOTATION_PATHS) adoptDaprkitAnnotations(target, synthesized, path);
  const daprKind = typeof target.apiVersion === 'string' && target.apiVersion.startsWith('dapr.io/');
  if (daprKind && target.kind === 'Component') adoptItemOrder(target, synthesized, ['spec', 'metadata'], true);
  if (daprKind && target.kind === 'HTTPEndpoint') adoptItemOrder(target, synthesized, ['spec', 'headers'], false);
  return target;
}

function pointer(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function diff(a: unknown, b: Json, path: string, ops: PatchOp[]): void {
  if (jsonEqual(a, b)) return;
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) if (!Object.prototype.hasOwnProperty.call(b, k)) ops.push({ op: 'remove', path: pointer(path, k) });
    for (const k of Object.keys(b)) {
      if (Object.prototype.hasOwnProperty.call(a, k)) diff(a[k], b[k]!, pointer(path, k), ops);
      else ops.push({ op: 'add', path: pointer(path, k), value: b[k]! });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    b.forEach((item, i) => diff(a[i], item, pointer(path, i), ops));
    return;
  }
  ops.push({ op: 'replace', path, value: b });
}

/** The operations that turn `synthesized` into a faithful copy of `input` (none when it is one). */
export function patchOps(input: Json, synthesized: Json): PatchOp[] {
  const ops: PatchOp[] = [];
  diff(synthesized, fidelityTarget(input, synthesized), '', ops);
  return ops;
}

/** True when `synthesized` reproduces `input` by the rules above. */
export function reproduces(input: Json, synthesized: Json): boolean {
  return patchOps(input, synthesized).length === 0;
}
