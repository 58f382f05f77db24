/** Reading manifests safely (any field may have any type), and the labels and annotations of typed constructs. */
import { DAPRKIT_ANNOTATION_PREFIX } from './compare';
import { call, Expr, json, member, Statement } from './ir';
import { InputObject, Unit } from './model';

export type Record_ = Record<string, unknown>;

/**
 * `table[key]` for a key from the input, own entries only: `table['toString']` would otherwise find
 * Object.prototype's function.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function asRecord(value: unknown): Record_ | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record_) : undefined;
}

export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let cur = value;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

/** A map of strings, or undefined when the value is not one (labels and annotations must be). */
export function stringMap(value: unknown): Record<string, string> | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** Keys of `record` other than `allowed`. */
export function otherKeys(record: Record_ | undefined, allowed: readonly string[]): string[] {
  return record ? Object.keys(record).filter((k) => !allowed.includes(k)) : [];
}

/**
 * Statements that put the object's labels and annotations on a typed construct's metadata (the
 * `daprkit.io/` ones are daprkit's to write); undefined when they are not string maps.
 */
export function metadataStatements(object: InputObject, metadata: Expr, unit: number): Statement[] | undefined {
  const md = asRecord(object.manifest.metadata);
  if (md?.labels !== undefined && !stringMap(md.labels)) return undefined;
  if (md?.annotations !== undefined && !stringMap(md.annotations)) return undefined;
  const labels = stringMap(md?.labels) ?? {};
  const annotations = stringMap(md?.annotations) ?? {};
  return [
    ...Object.keys(labels).map((k) => ({ expr: call(member(metadata, 'addLabel'), json(k), json(labels[k]!)), unit })),
    ...Object.keys(annotations)
      .filter((k) => !k.startsWith(DAPRKIT_ANNOTATION_PREFIX))
      .map((k) => ({ expr: call(member(metadata, 'addAnnotation'), json(k), json(annotations[k]!)), unit })),
  ];
}

/**
 * The unit of one object mapped to one typed construct (`construct` is the expression holding it):
 * the object's labels and annotations are written onto the construct's `apiObject` metadata, which
 * also takes the escape hatch's patches and `daprkit.io/ignore`. A reason (the object stays raw)
 * when the labels or annotations are not text.
 */
export function typedObjectUnit(object: InputObject, construct: Expr, unit: Omit<Unit, 'objects' | 'patchTargets' | 'metadataOf'>): Unit | string {
  const apiObject = member(construct, 'apiObject');
  const metadata = member(apiObject, 'metadata');
  const labels = metadataStatements(object, metadata, object.index);
  if (!labels) return 'its labels or annotations are not text';
  unit.statements.push(...labels);
  return {
    ...unit,
    objects: [object],
    patchTargets: new Map([[object.index, { object: apiObject, method: 'addJsonPatch' }]]),
    metadataOf: new Map([[object.index, metadata]]),
  };
}

/** The metadata fields a typed Dapr construct writes itself; anything else makes it raw. */
export const DAPR_METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations'];
