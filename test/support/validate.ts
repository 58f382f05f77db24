/**
 * Schema oracle for built-in kinds: every synthesized object whose apiVersion is a Kubernetes
 * built-in is validated with `kubernetes-models`, a schema nobody on this project wrote.
 * Dapr kinds are validated against Dapr's own CRDs by the conformance suite (npm run conformance).
 */
import { Manifest } from '../../checks/types';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: unknown) => Validatable;

/** Loads the kubernetes-models class for an apiVersion/kind, or undefined for non-built-in kinds. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (apiVersion.includes('dapr.io')) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const group = require(`kubernetes-models/${apiVersion}`) as Record<string, ModelClass>;
    return group[kind];
  } catch {
    return undefined;
  }
}

/** Throws with every schema error found; returns how many objects were validated. */
export function validateBuiltinKinds(manifests: readonly Manifest[]): number {
  const errors: string[] = [];
  let validated = 0;
  for (const m of manifests) {
    const model = modelFor(m.apiVersion, m.kind);
    if (!model) {
      if (!m.apiVersion.includes('dapr.io')) errors.push(`${m.apiVersion} ${m.kind}: no kubernetes-models schema (unknown kind?)`);
      continue;
    }
    try {
      new model(m).validate();
      validated++;
    } catch (e) {
      errors.push(`${m.kind}/${m.metadata?.name}: ${(e as Error).message}`);
    }
  }
  if (errors.length > 0) throw new Error(`kubernetes-models rejected:\n${errors.join('\n')}`);
  return validated;
}
