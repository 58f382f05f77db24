/**
 * Schema validation of built-in Kubernetes objects with `kubernetes-models` (schemas generated from
 * Kubernetes' own OpenAPI). Kinds it has no model for (other projects' custom resources) are skipped:
 * lint understands what a check needs and ignores the rest.
 */
import type { ErrorObject } from 'ajv';
import { describeSchemaErrors } from './schema-errors';
import { isDaprKind, resourceId } from './manifest';
import { Check, Finding } from './types';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

const models = new Map<string, ModelClass | undefined>();

/** The kubernetes-models class for an apiVersion/kind, or undefined for kinds it does not know. */
export function kubernetesModelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion} ${kind}`;
  if (models.has(key)) return models.get(key);
  let model: ModelClass | undefined;
  // Only plain group/version paths and kind names, so a hostile apiVersion or kind cannot reach
  // other modules. One file per kind is loaded (a whole group's index took 120 ms to load).
  if (/^([a-z0-9.-]+\/)?v[0-9a-z]+$/.test(apiVersion) && !apiVersion.includes('..') && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const file = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, unknown>;
      const candidate = Object.prototype.hasOwnProperty.call(file, kind) ? file[kind] : undefined;
      // Field types (`Affinity`) have files too; only top-level kinds carry their apiVersion and kind.
      const statics = candidate as { apiVersion?: unknown; kind?: unknown } | undefined;
      model = typeof candidate === 'function' && statics?.apiVersion === apiVersion && statics?.kind === kind ? (candidate as ModelClass) : undefined;
    } catch {
      model = undefined;
    }
  }
  models.set(key, model);
  return model;
}

/** kubernetes-models throws ajv errors; each becomes `{ field, message }`. */
function schemaErrors(e: unknown, manifest: unknown): { field: string; message: string }[] {
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.every((x) => x !== null && typeof x === 'object' && typeof (x as ErrorObject).instancePath === 'string')) {
    return describeSchemaErrors(errors as ErrorObject[], manifest);
  }
  return [{ field: '(object)', message: e instanceof Error ? e.message : String(e) }];
}

export const kubernetesSchema: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (isDaprKind(m)) continue;
    const model = kubernetesModelFor(m.apiVersion, m.kind);
    if (!model) continue;
    try {
      new model(m).validate();
    } catch (e) {
      for (const { field, message } of schemaErrors(e, m)) {
        findings.push({ check: 'kubernetes-schema', severity: 'error', resource: resourceId(m), field, message: `${message} (Kubernetes ${m.apiVersion} ${m.kind} schema).`, hint: 'Fix the object to match its Kubernetes schema; kubectl apply would reject it.' });
      }
    }
  }
  return findings;
};
