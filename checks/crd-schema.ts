/**
 * Schema validation of Dapr objects against the `openAPIV3Schema` of Dapr 1.18's own CRDs. The
 * validators are generated at build time (dapr/generated/crd-validators.ts, ajv's standalone code),
 * so lint compiles nothing at start; the conformance suite compiles the reference CRDs themselves
 * with the same translation (checks/crd-schema-compile.ts).
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
import type { ErrorObject } from 'ajv';
import { CRD_VALIDATOR_LOADERS, SchemaValidator } from '../dapr/generated/crd-validators';
import { isDaprKind, resourceId } from './manifest';
import { describeSchemaErrors, SchemaProblem } from './schema-errors';
import { Check, Finding, Manifest } from './types';

export type { SchemaValidator };


const loaders = new Map(Object.entries(CRD_VALIDATOR_LOADERS));
const loaded = new Map<string, SchemaValidator>();

/** The shipped validator of an "apiVersion kind", loaded on first use; undefined when no CRD serves it. */
function shippedValidator(key: string): SchemaValidator | undefined {
  let validator = loaded.get(key);
  if (!validator) {
    validator = loaders.get(key)?.();
    if (validator) loaded.set(key, validator);
  }
  return validator;
}

/** Schema errors of one Dapr object against the shipped CRDs; undefined when no CRD serves its apiVersion and kind. */
export function crdSchemaErrors(manifest: Manifest, validators?: ReadonlyMap<string, SchemaValidator>): SchemaProblem[] | undefined {
  const key = `${manifest.apiVersion} ${manifest.kind}`;
  const validate = validators ? validators.get(key) : shippedValidator(key);
  if (!validate) return undefined;
  return validate(manifest) ? [] : describeSchemaErrors((validate.errors ?? []) as ErrorObject[], manifest);
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
        hint: `Use one of: ${[...loaders.keys()].join(', ')}.`,
      });
      continue;
    }
    for (const { field, message } of errors) {
      findings.push({ check: 'crd-schema', severity: 'error', resource: resourceId(m), field, message: `${message} (Dapr's ${m.kind} CRD).`, hint: 'Fix the field to match the CRD; the API server drops unknown fields silently or rejects the object.' });
    }
  }
  return findings;
};
