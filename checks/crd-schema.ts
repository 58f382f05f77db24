/**
 * Schema validation of Dapr objects against the `openAPIV3Schema` of Dapr 1.18's own CRDs (shipped as
 * generated facts in dapr/generated/crd-schemas.ts), with ajv 8. `daprkit lint` and the conformance
 * suite (test/conformance) share this translation and validator.
 *
 * Kubernetes' structural-schema dialect is not plain JSON Schema; the translation:
 * - closes objects: where a schema lists `properties` and neither sets `additionalProperties` nor
 *   `x-kubernetes-preserve-unknown-fields: true`, `additionalProperties: false` is added. The API
 *   server silently *prunes* such unknown fields, so a misspelt field would vanish on apply; here it
 *   is an error instead;
 * - `x-kubernetes-preserve-unknown-fields: true` keeps the object (or untyped value) open;
 * - `x-kubernetes-int-or-string: true` becomes "integer or string";
 * - `x-kubernetes-validations` (CEL rules) are ignored, and so are the other `x-kubernetes-*` hints
 *   (list types, map keys, embedded resources), which do not change what a valid value is;
 * - `nullable: true` also accepts null; formats `int32`/`int64` are checked as integer ranges,
 *   unknown formats are ignored (ajv `strict: false`);
 * - `metadata` stays as the CRD declares it (`type: object`); the API server validates it itself.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { CRD_SCHEMAS } from '../dapr/generated/crd-schemas';
import { isDaprKind, resourceId } from './manifest';
import { Check, Finding, Manifest } from './types';

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
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  const validators = new Map<string, ValidateFunction>();
  for (const key of Object.keys(schemas).sort()) validators.set(key, ajv.compile(toJsonSchema(schemas[key]) as Schema));
  return validators;
}

/** One ajv error as `{ field, message }`, with the field as a dotted path (`spec.metadata[0].value`). */
export function describeSchemaError(e: ErrorObject, data?: unknown): { field: string; message: string } {
  const field = e.instancePath
    .split('/')
    .slice(1)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : path ? `${path}.${step}` : step), '');
  if (e.keyword === 'additionalProperties') {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    return { field: field ? `${field}.${name}` : name, message: `unknown field "${name}"` };
  }
  if (e.keyword === 'required') {
    const name = (e.params as { missingProperty: string }).missingProperty;
    return { field: field ? `${field}.${name}` : name, message: `missing required field "${name}"` };
  }
  if (e.keyword === 'enum') {
    // Name the value and the allowed ones (ajv says only "must be equal to one of the allowed values").
    const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
    const steps = e.instancePath.split('/').slice(1).map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
    const value = data === undefined ? undefined : steps.reduce<unknown>((cur, step) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[step] : undefined), data);
    return { field: field || '(object)', message: `${value === undefined ? 'the value' : JSON.stringify(value)} is not one of ${allowed}` };
  }
  return { field: field || '(object)', message: e.message ?? e.keyword };
}

let shipped: Map<string, ValidateFunction> | undefined;

/** Schema errors of one Dapr object against the shipped CRDs; undefined when no CRD serves its apiVersion and kind. */
export function crdSchemaErrors(manifest: Manifest, validators: Map<string, ValidateFunction> = (shipped ??= compileCrdValidators(CRD_SCHEMAS))) {
  const validate = validators.get(`${manifest.apiVersion} ${manifest.kind}`);
  if (!validate) return undefined;
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => describeSchemaError(e, manifest));
}

/** Every Dapr object validates against its CRD; a Dapr apiVersion/kind no CRD serves is an error too. */
export const crdSchema: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (!isDaprKind(m)) continue;
    const errors = crdSchemaErrors(m);
    if (errors === undefined) {
      findings.push({
        check: 'crd-schema',
        severity: 'error',
        resource: resourceId(m),
        field: 'apiVersion',
        message: `no Dapr 1.18 CRD serves ${m.apiVersion} ${m.kind}.`,
        hint: `Use one of: ${Object.keys(CRD_SCHEMAS).join(', ')}.`,
      });
      continue;
    }
    for (const { field, message } of errors) {
      findings.push({ check: 'crd-schema', severity: 'error', resource: resourceId(m), field, message: `${message} (Dapr's ${m.kind} CRD).`, hint: 'Fix the field to match the CRD; the API server drops unknown fields silently or rejects the object.' });
    }
  }
  return findings;
};
