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

/**
 * GitOps kinds, validated with @kubernetes-models/flux-cd and argo-cd. The installed flux-cd models
 * stop at HelmRelease v2beta2 and HelmRepository v1beta2; Flux's v2 and v1 graduated those same
 * schemas, so the objects are checked against them under the older apiVersion.
 */
const GITOPS_MODELS: Record<string, { module: string; apiVersion: string }> = {
  'helm.toolkit.fluxcd.io/v2': { module: '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2beta2', apiVersion: 'helm.toolkit.fluxcd.io/v2beta2' },
  'source.toolkit.fluxcd.io/v1': { module: '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2', apiVersion: 'source.toolkit.fluxcd.io/v1beta2' },
  'argoproj.io/v1alpha1': { module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1', apiVersion: 'argoproj.io/v1alpha1' },
  // KEDA (ScaledObject, TriggerAuthentication). @kubernetes-models/keda 0.4.2 models KEDA's keda.sh/v1alpha1
  // kinds on the same validator as flux-cd 2.x; 2.0.0 is ESM-only, needs Node 22 and kubernetes-models 5.
  'keda.sh/v1alpha1': { module: '@kubernetes-models/keda/keda.sh/v1alpha1', apiVersion: 'keda.sh/v1alpha1' },
};

/** Validates a Flux, Argo CD or KEDA object against its model; throws on schema errors. */
export function validateGitOpsObject(m: Manifest): void {
  const model = GITOPS_MODELS[m.apiVersion];
  if (!model) throw new Error(`${m.apiVersion} ${m.kind}: no GitOps model`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = (require(model.module) as Record<string, ModelClass>)[m.kind];
  if (!Model) throw new Error(`${m.apiVersion} ${m.kind}: no GitOps model`);
  new Model({ ...m, apiVersion: model.apiVersion }).validate();
}

/** Loads the kubernetes-models class for an apiVersion/kind, or undefined for non-built-in kinds. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  if (apiVersion.includes('dapr.io')) return undefined;
  if (GITOPS_MODELS[apiVersion]) return class {
    constructor(private readonly data: unknown) {}
    validate(): void {
      validateGitOpsObject(this.data as Manifest);
    }
  };
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
