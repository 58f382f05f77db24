/**
 * What `daprkit dev` changes so the local run works where it would not as written.
 *
 * Identity needs mTLS, and `dapr run` starts no Sentry (daprd's `--enable-mtls` is off by default):
 * - access control: daprd knows a caller only from the SPIFFE id in its mTLS certificate; without
 *   one it applies the global default action to every call (pkg/acl/acl.go,
 *   `isOperationAllowedByAccessControlPolicy`), so a deny-by-default policy denies every call. The
 *   local Configuration is written without `accessControl`, with a note.
 * - WorkflowAccessPolicy: with a policy loaded, daprd refuses a cross-app workflow call whose
 *   caller it cannot identify by mTLS (pkg/api/grpc/workflow_acl.go, `extractCallerIdentity`), so
 *   the policies are left out of the resources, with a note.
 *
 * MCPServers are loaded from the resources folder by the self-hosted daprd too
 * (pkg/runtime/runtime.go `loadMCPServers`): they are copied, and the secrets of their HTTP
 * transport (header `secretKeyRef`s and the OAuth2 client secret, read from `auth.secretStore`,
 * "kubernetes" when unset: pkg/runtime/mcp/auth/auth.go) come from the local store.
 */
import { asRecord, dig, nameOf } from '../checks/manifest';
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { setOwn } from './redact';

const MTLS_HOW = 'run Sentry and start each daprd with --enable-mtls and --sentry-address (Dapr\'s self-hosted mTLS setup)';

/**
 * The default action daprd gives a caller it cannot identify, for an `accessControl` section
 * (pkg/acl/acl.go `ParseAccessControlSpec`); undefined when the section sets no access control.
 */
function unidentifiedCallerAction(accessControl: Record<string, unknown>): 'allow' | 'deny' | undefined {
  const action = typeof accessControl.defaultAction === 'string' ? accessControl.defaultAction.toLowerCase() : '';
  const policies = accessControl.policies;
  const count = Array.isArray(policies) ? policies.length : 0;
  if (action === '' && !accessControl.trustDomain && count === 0) return undefined;
  if (action !== '') return action === 'allow' ? 'allow' : 'deny';
  // No default action: deny when policies are given (or the list is absent), allow for an empty list.
  return Array.isArray(policies) && count === 0 ? 'allow' : 'deny';
}

/** Removes `spec.accessControl` from a local Configuration (see the module comment), with a note. */
export function withoutAccessControl(local: Record<string, unknown>, notes: string[]): void {
  const spec = asRecord(local.spec);
  if (!spec || !Object.prototype.hasOwnProperty.call(spec, 'accessControl')) return;
  const section = asRecord(spec.accessControl);
  delete spec.accessControl;
  const action = section ? unidentifiedCallerAction(section) : undefined;
  const effect =
    action === 'deny'
      ? 'every call to the app would be denied (daprd gives a caller it cannot identify the default action, deny)'
      : 'its policies could not tell callers apart (every call would get the default action, allow, as it does without them)';
  notes.push(`Configuration ${nameOf(local as never)}: accessControl is left out of the local copy: daprd identifies callers by their mTLS certificates, and \`dapr run\` starts no Sentry, so ${effect}. To keep it, ${MTLS_HOW}, then add it back.`);
}

/** The note for a WorkflowAccessPolicy left out of the local resources. */
export function workflowPolicyNote(name: string): string {
  return `WorkflowAccessPolicy ${name} is left out of resources/: with a policy loaded, daprd refuses every workflow call from another app it cannot identify by mTLS, and \`dapr run\` starts no Sentry. To keep it, ${MTLS_HOW}, then copy it into resources/.`;
}

/** Where a resource holds secrets: its `{name, value}` lists, single secret references, and the field naming their store. */
export interface SecretSites {
  readonly lists: readonly (readonly string[])[];
  readonly refs: readonly (readonly string[])[];
  readonly store: readonly string[];
}

/** The secret sites of a resource as written locally; undefined for one that reads no secret store (an MCP stdio server). */
export function secretSitesOf(local: Record<string, unknown>): SecretSites | undefined {
  if (local.kind !== 'MCPServer') return { lists: [['spec', 'metadata'], ['spec', 'headers']], refs: [], store: ['auth', 'secretStore'] };
  const transport = ['streamableHTTP', 'sse'].find((t) => asRecord(dig(local, 'spec', 'endpoint', t)) !== undefined);
  if (transport === undefined) return undefined;
  const at = ['spec', 'endpoint', transport];
  return { lists: [[...at, 'headers']], refs: [[...at, 'auth', 'oauth2', 'secretKeyRef']], store: [...at, 'auth', 'secretStore'] };
}

/** True when a resource with this store field reads secrets where the local store stands in (no store, or "kubernetes"). */
export function readsLocalStore(local: Record<string, unknown>, sites: SecretSites): boolean {
  const store = dig(local, ...sites.store);
  return store === undefined || store === KUBERNETES_SECRET_STORE;
}

/** Sets the resource's secret store field (creating the objects on its path). */
export function setSecretStore(local: Record<string, unknown>, sites: SecretSites, store: string): void {
  if (local.kind !== 'MCPServer') {
    local.auth = { secretStore: store };
    return;
  }
  let node = local;
  for (const key of sites.store.slice(0, -1)) {
    let next = asRecord(Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined);
    if (!next) setOwn(node, key, (next = {}));
    node = next;
  }
  setOwn(node, sites.store[sites.store.length - 1], store);
}

/** Notes on what an MCPServer needs that a local run lacks. */
export function mcpServerNotes(local: Record<string, unknown>): string[] {
  const spiffe = ['streamableHTTP', 'sse'].some((t) => dig(local, 'spec', 'endpoint', t, 'auth', 'spiffe') !== undefined);
  return spiffe ? [`MCPServer ${nameOf(local as never)}: auth.spiffe needs a workload identity issued by Sentry; to use it locally, ${MTLS_HOW}.`] : [];
}
