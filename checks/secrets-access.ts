/**
 * Reading secrets on Kubernetes: a Kubernetes secret store inside daprd authenticates with the
 * pod's service-account token (components-contrib common/authentication/kubernetes/client.go:
 * in-cluster config, else a kubeconfig file daprd does not have); without it the store fails to
 * initialize and daprd exits (dapr pkg/runtime/processor/components.go), unless the Component says
 * `ignoreErrors`. daprd adds the built-in store `kubernetes` unless
 * `dapr.io/disable-builtin-k8s-secret-store` is true (pkg/runtime/runtime.go). And a Configuration's
 * secret scope only means something for a store that exists.
 */
import { DaprPod, indexManifests, objectKey } from './dapr-index';
import { asArray, asRecord, dig, joinPath, keyPath, nameOf, namespaceOf, pushTo, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding, Manifest } from './types';

const BUILTIN_STORE = 'kubernetes';
const KUBERNETES_STORE_TYPE = 'secretstores.kubernetes';

/** The injector's reading of a boolean annotation (dapr/kit strings.IsTruthy). */
export function isTruthy(value: string | undefined): boolean {
  return ['1', 't', 'true', 'y', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());
}

/**
 * Whether the pod gets its service-account token: the pod's own setting, else its ServiceAccount's
 * when the manifests hold it, else Kubernetes' default (mounted).
 */
function tokenMounted(accounts: ReadonlyMap<string, unknown>, pod: DaprPod): { mounted: boolean; field: string } {
  const own = pod.pod.podSpec.automountServiceAccountToken;
  const field = joinPath(pod.pod.podPath, 'spec.automountServiceAccountToken');
  if (typeof own === 'boolean') return { mounted: own, field };
  const name = typeof pod.pod.podSpec.serviceAccountName === 'string' ? pod.pod.podSpec.serviceAccountName : 'default';
  const account = accounts.get(objectKey(pod.namespace, name));
  return { mounted: dig(account, 'automountServiceAccountToken') !== false, field };
}

/** A Dapr pod without its token whose sidecar loads a Kubernetes secret store: the store cannot authenticate. */
export const secretStoreToken: Check = (manifests) => {
  const index = indexManifests(manifests);
  // ServiceAccounts by `namespace/name` (not Dapr kinds, so not in the index's objects).
  const accounts = new Map<string, unknown>();
  for (const m of manifests) if (m.kind === 'ServiceAccount' && m.apiVersion === 'v1') accounts.set(objectKey(namespaceOf(m), nameOf(m)), m);
  // Kubernetes secret-store Components by namespace, so a pod costs the stores of its namespace only.
  const storesByNamespace = new Map<string, Manifest[]>();
  for (const c of index.objects('Component').values()) if (dig(c, 'spec', 'type') === KUBERNETES_STORE_TYPE) pushTo(storesByNamespace, namespaceOf(c), c);
  const findings: Finding[] = [];
  for (const pod of index.pods) {
    const token = tokenMounted(accounts, pod);
    if (token.mounted) continue;
    const resource = resourceId(pod.pod.manifest);
    if (!isTruthy(pod.pod.annotations['dapr.io/disable-builtin-k8s-secret-store'])) {
      findings.push({
        check: 'secret-store-token',
        severity: 'error',
        resource,
        field: token.field,
        message: `the pod does not mount its service-account token, but daprd loads its built-in "${BUILTIN_STORE}" secret store, which authenticates with it: the store fails to initialize and daprd exits.`,
        hint: `Mount the token (automountServiceAccountToken: true; daprkit: readsSecrets("${BUILTIN_STORE}", …)), or switch the built-in store off with ${keyPath(joinPath(pod.pod.podPath, 'metadata.annotations'), 'dapr.io/disable-builtin-k8s-secret-store')}: "true".`,
      });
    }
    for (const c of storesByNamespace.get(pod.namespace) ?? []) {
      const scopes = Array.isArray(c.scopes) ? c.scopes : undefined;
      if (scopes && !scopes.includes(pod.appId)) continue;
      const ignored = dig(c, 'spec', 'ignoreErrors') === true;
      findings.push({
        check: 'secret-store-token',
        severity: ignored ? 'warning' : 'error',
        resource,
        field: token.field,
        message: `the pod does not mount its service-account token, but daprd loads Component "${c.metadata?.name}" (${KUBERNETES_STORE_TYPE}), which authenticates with it: ${ignored ? 'the store fails to initialize (ignoreErrors keeps daprd running) and every read of it fails' : 'the store fails to initialize and daprd exits'}.`,
        hint: 'Mount the token (automountServiceAccountToken: true; daprkit: readsSecrets(store, …) does it), or scope the Component away from this app.',
      });
    }
  }
  return findings;
};

/** A Configuration secret scope naming a store that is not there: the scope restricts nothing. */
export const secretScopeStore: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const config of index.objects('Configuration').values()) {
    const namespace = namespaceOf(config);
    const stores = () => index.namesIn('Component', namespace).filter((n) => String(dig(index.objects('Component').get(objectKey(namespace, n)), 'spec', 'type')).startsWith('secretstores.'));
    asArray(dig(config, 'spec', 'secrets', 'scopes')).forEach((scope, i) => {
      const name = asRecord(scope)?.storeName;
      if (typeof name !== 'string' || name === BUILTIN_STORE) return;
      const component = index.objects('Component').get(objectKey(namespace, name));
      const type = dig(component, 'spec', 'type');
      if (typeof type === 'string' && type.startsWith('secretstores.')) return;
      findings.push({
        check: 'secret-scope-store',
        severity: 'error',
        resource: resourceId(config),
        field: `spec.secrets.scopes[${i}].storeName`,
        message: component
          ? `secret scope for "${name}", which is a ${typeof type === 'string' ? type : 'typeless'} Component, not a secret store: the scope restricts nothing.`
          : `secret scope for store "${name}", which no secret-store Component of namespace "${namespace}" is: the scope restricts nothing, and the store it was meant for stays open.${didYouMean(name, stores())}`,
        hint: `Name a secret store of "${namespace}" (${[BUILTIN_STORE, ...stores()].join(', ')}), or define secret store "${name}" there.`,
      });
    });
  }
  return findings;
};
