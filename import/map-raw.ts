/** The fallback: an object written as it is, in a cdk8s `ApiObject`. */
import { MapContext } from './context';
import { cdk8s, construct, json, Json, member, ref, scope } from './ir';
import { asRecord, stringMap } from './metadata';
import { InputObject, Phase, Unit } from './model';

/** Kind of an object as a word for names, `object` when it has none usable. */
export function kindWord(object: InputObject): string {
  const kind = object.manifest.kind;
  return typeof kind === 'string' && /[A-Za-z]/.test(kind) ? kind : 'object';
}

/** `metadata.name` when it is a string, else ''. */
export function nameOf(object: InputObject): string {
  const name = asRecord(object.manifest.metadata)?.name;
  return typeof name === 'string' ? name : '';
}

/**
 * The object as the literal of an ApiObject: `apiVersion`, `kind` and `metadata` first, as cdk8s
 * writes them; the namespace left to the chart; metadata fields whose type cdk8s's props cannot
 * take (a number as an annotation) left out, for the escape hatch to put back as written.
 */
function literalOf(object: InputObject, chartNamespace: string | undefined): Json {
  const m = object.manifest as Record<string, Json>;
  const metadata = asRecord(m.metadata);
  const typedMetadata: Record<string, Json> = {};
  if (metadata) {
    for (const k of Object.keys(metadata)) {
      const v = metadata[k] as Json;
      if (k === 'namespace' && v === chartNamespace) continue;
      if ((k === 'name' || k === 'namespace') && typeof v !== 'string') continue;
      if ((k === 'labels' || k === 'annotations') && !stringMap(v)) continue;
      if (k === 'finalizers' && !(Array.isArray(v) && v.every((f) => typeof f === 'string'))) continue;
      if (k === 'ownerReferences' || v === null) continue;
      typedMetadata[k] = v;
    }
  }
  const out: Record<string, Json> = { apiVersion: m.apiVersion!, kind: m.kind!, metadata: typedMetadata };
  for (const k of Object.keys(m)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = m[k]!;
  return out;
}

export function rawUnit(object: InputObject, ctx: MapContext, reason: string, phase: Phase = Phase.OTHER): Unit {
  const name = nameOf(object);
  const variable = ctx.chart.variables.take(name, kindWord(object));
  const id = ctx.chart.ids.take(name, kindWord(object));
  return {
    objects: [object],
    as: 'ApiObject',
    reason,
    variable,
    statements: [{ declares: variable, expr: construct(cdk8s('ApiObject'), scope, json(id), json(literalOf(object, ctx.chart.namespace))), unit: object.index }],
    patchTargets: new Map([[object.index, { object: ref(variable), method: 'addJsonPatch' }]]),
    metadataOf: new Map([[object.index, member(ref(variable), 'metadata')]]),
    phase,
  };
}
