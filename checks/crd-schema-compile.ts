/**
 * The translation of Kubernetes' structural-schema dialect to JSON Schema (see checks/crd-schema.ts
 * for the rules), and ajv compilation of translated CRD schemas. Used at build time to generate the
 * shipped validators (scripts/generate-crd-validators.ts) and by the conformance suite, which
 * compiles the reference CRDs themselves; `daprkit lint` never loads ajv's compiler.
 */
import Ajv, { ValidateFunction } from 'ajv';
import { CRD_FORMATS } from '../dapr/crd-formats';

type Schema = { [key: string]: unknown };

/** A CRD schema translated to ajv's dialect (see the file comment). */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === 'default' || key === 'enum' || key === 'example') {
      out[key] = value; // values, not schemas: copied as they are
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (src.properties && !preserve && src.additionalProperties === undefined) out.additionalProperties = false;
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Compiles CRD schemas (`apiVersion kind` → openAPIV3Schema) into validators. */
export function compileCrdValidators(schemas: Readonly<Record<string, unknown>>): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [name, format] of Object.entries(CRD_FORMATS)) ajv.addFormat(name, format);
  const validators = new Map<string, ValidateFunction>();
  for (const key of Object.keys(schemas).sort()) validators.set(key, ajv.compile(toJsonSchema(schemas[key]) as Schema));
  return validators;
}
