/**
 * Validates Dapr objects against the `openAPIV3Schema` of Dapr's own CRDs as they are in the reference
 * folder (../shared/reference/dapr/crds), so what daprkit writes is checked by a schema nobody on this
 * project wrote. The translation of Kubernetes' schema dialect to JSON Schema and the ajv setup are
 * the ones `daprkit lint` uses (checks/crd-schema.ts); only the source differs — here the CRD files,
 * there the generated copy (which a test keeps equal to them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { crdSchemaErrors } from '../../checks/crd-schema';
import { compileCrdValidators, toJsonSchema } from '../../checks/crd-schema-compile';
import { Manifest } from '../../checks/types';
import { referenceDir } from './reference';

export { toJsonSchema };

interface CrdDocument {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: unknown } }[] };
}

/** Every served version of every CRD in the reference folder, as `apiVersion kind` → validator. */
function loadValidators(): Map<string, ValidateFunction> {
  const dir = path.join(referenceDir(), 'crds');
  if (!fs.existsSync(dir)) throw new Error(`CRD folder ${dir} is missing: the conformance suite validates against Dapr's CRDs there.`);
  const schemas: Record<string, unknown> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as CrdDocument | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        if (!version.served || !version.schema) continue;
        schemas[`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`] = version.schema.openAPIV3Schema;
      }
    }
  }
  if (Object.keys(schemas).length === 0) throw new Error(`No CRDs found in ${dir}.`);
  return compileCrdValidators(schemas);
}

let cache: Map<string, ValidateFunction> | undefined;

/** `apiVersion kind` pairs a schema exists for. */
export function knownDaprKinds(): string[] {
  cache ??= loadValidators();
  return [...cache.keys()].sort();
}

/** Schema errors of one Dapr object (empty when valid); an object with no matching CRD version is an error too. */
export function validateDaprObject(manifest: Manifest): string[] {
  cache ??= loadValidators();
  const errors = crdSchemaErrors(manifest, cache);
  if (errors === undefined) return [`no CRD serves ${manifest.apiVersion} ${manifest.kind}`];
  return errors.map((e) => `${e.field}: ${e.message}`);
}
