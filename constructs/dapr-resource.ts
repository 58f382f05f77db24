/** Prop handling shared by Component, Subscription and HttpEndpoint: names and secret stores. */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { isDnsSubdomain } from '../checks/formats';
import { coverFinding, reportProblem } from './errors';
import { IComponent } from './refs';

export { KUBERNETES_SECRET_STORE };

/** Where `secretKeyRef`s are resolved: a secret-store Component, or the built-in Kubernetes store. */
export type SecretStoreRef = IComponent | typeof KUBERNETES_SECRET_STORE;

/** `metadata.name`: the given name, else the construct id; a name that is not a DNS subdomain is reported at synth. */
export function resourceName(scope: IConstruct, name: string | undefined): string {
  const resolved = name ?? scope.node.id;
  if (!isDnsSubdomain(resolved)) {
    const example = resolved.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'my-resource';
    const why = name === undefined ? 'the name defaults to the construct id; set `name`' : 'use lower-case letters, digits, "-" and "."';
    reportProblem(scope, 'name', resolved, 'a DNS subdomain', `${why}, e.g. "${example}".`);
    // Kept (it is the object's identity, which other objects refer to); the check would only repeat it.
    coverFinding(scope, 'object-name', 'metadata.name');
  }
  return resolved;
}

/**
 * `metadata.namespace` for an object of `scope` that must land in `namespace`: left out when the
 * chart puts it there anyway, so manifests stay free of a spelled-out `default`.
 */
export function namespaceField(scope: IConstruct, namespace: string): string | undefined {
  return namespace === (Chart.of(scope).namespace ?? DEFAULT_NAMESPACE) ? undefined : namespace;
}

/**
 * The `auth.secretStore` value for a store reference. Anything but a secret store in `namespace` is
 * recorded on `scope` (reported at synth) and left out.
 */
export function secretStoreName(scope: IConstruct, store: SecretStoreRef | undefined, namespace: string): string | undefined {
  if (store === undefined || store === KUBERNETES_SECRET_STORE) return store;
  if (!store.componentType.startsWith('secretstores.')) {
    reportProblem(scope, 'secretStore', `${store.name} (${store.componentType})`, 'a secret-store Component (secretstores.*)', `pass a SecretStore, or "${KUBERNETES_SECRET_STORE}".`);
    return undefined;
  }
  if (store.namespace !== namespace) {
    reportProblem(scope, 'secretStore', `${store.namespace}/${store.name}`, `a secret store in namespace "${namespace}"`, 'define the secret store in the same namespace.');
    return undefined;
  }
  return store.name;
}
