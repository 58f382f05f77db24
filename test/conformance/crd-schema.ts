/**
 * Validates Dapr objects against the `openAPIV3Schema` of Dapr's own CRDs (../shared/reference/dapr/crds),
 * with ajv 8, so what daprkit writes is checked by a schema nobody on this project wrote.
 *
 * Kubernetes' structural-schema dialect is not plain JSON Schema; the translation below:
 * - closes objects: where a schema lists `properties` and neither sets `additionalProperties` nor
 *   `x-kubernetes-preserve-unknown-fields: true`, `additionalProperties: false` is added. The API
 *   server silently *prunes* such unknown fields, so a misspelt field would vanish on apply; here it
 *   is an error instead, which is what makes this a real check;
 * - `x-kubernetes-preserve-unknown-fields: true` keeps the object (or untyped value) open;
 * - `x-kubernetes-int-or-string: true` becomes "integer or string";
 * - `x-kubernetes-validations` (CEL rules) are ignored, and so are the other `x-kubernetes-*` hints
 *   (list types, map keys, embedded resources), which do not change what a valid value is;
 * - `nullable: true` also accepts null; formats `int32`/`int64` are checked as integer ranges,
 *   unknown formats are ignored (ajv `strict: false`);
 * - `metadata` stays as the CRD declares it (`type: object`); the API server validates it itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { Manifest } from '../../checks/types';
import { referenceDir } from './reference';

type Schema = { [key: string]: unknown };

/** The CRD schema translated to ajv's dialect (see the file comment). */
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

interface CrdDocument {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: Schema } }[] };
}

/** Every served version of every CRD in the reference folder, as `apiVersion kind` → validator. */
function loadValidators(): Map<string, ValidateFunction> {
  const dir = path.join(referenceDir(), 'crds');
  if (!fs.existsSync(dir)) throw new Error(`CRD folder ${dir} is missing: the conformance suite validates against Dapr's CRDs there.`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  const validators = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as CrdDocument | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        if (!version.served || !version.schema) continue;
        const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
        validators.set(key, ajv.compile(toJsonSchema(version.schema.openAPIV3Schema) as Schema));
      }
    }
  }
  if (validators.size === 0) throw new Error(`No CRDs found in ${dir}.`);
  return validators;
}

let cache: Map<string, ValidateFunction> | undefined;

/** `apiVersion kind` pairs a schema exists for. */
export function knownDaprKinds(): string[] {
  cache ??= loadValidators();
  return [...cache.keys()].sort();
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `${at}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Schema errors of one Dapr object (empty when valid); an object with no matching CRD version is an error too. */
export function validateDaprObject(manifest: Manifest): string[] {
  cache ??= loadValidators();
  const validate = cache.get(`${manifest.apiVersion} ${manifest.kind}`);
  if (!validate) return [`no CRD serves ${manifest.apiVersion} ${manifest.kind}`];
  return validate(manifest) ? [] : (validate.errors ?? []).map(formatError);
}
