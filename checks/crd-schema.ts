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

/**
 * Every Dapr object validates against its CRD; a Dapr apiVersion/kind no CRD serves is an error too.
 * Self-hosted, daprd's disk loader decodes the YAML into the same Go types without the API server:
 * a field the CRD requires may be missing, an unknown field is dropped silently (a warning), and a
 * value of the wrong type makes it skip the object (an error).
 */
export const crdSchema: Check = (manifests, options) => {
  const selfHosted = options?.target === 'self-hosted';
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
    for (const { field, message, keyword } of errors) {
      if (selfHosted && keyword === 'required') continue;
      const ignored = selfHosted && keyword === 'additionalProperties';
      findings.push({
        check: 'crd-schema',
        severity: ignored ? 'warning' : 'error',
        resource: resourceId(m),
        field,
        message: ignored ? `${message} (Dapr's ${m.kind} CRD); daprd's disk loader drops it silently.` : `${message} (Dapr's ${m.kind} CRD).`,
        hint: 'Fix the field to match the CRD; the API server drops unknown fields silently or rejects the object.',
      });
    }
  }
  return findings;
};
