/**
 * Facts about workflows, WorkflowAccessPolicy and MCPServer in Dapr 1.18.
 *
 * Sources (dapr/dapr, read at the tags named):
 * - v1.18.3 `pkg/apis/workflowaccesspolicy/v1alpha1/types.go`: the operations below; a rule has
 *   callers (app-ids), workflow rules (name or glob + operations) and activity rules (name or glob).
 * - v1.18.3 `pkg/acl/workflow/policy.go`: names are matched with Go's `path.Match`; a rule whose
 *   glob is malformed is skipped with a log line; no policy loaded means every call is allowed, one
 *   policy loaded means only what a rule grants (an allow-list).
 * - v1.18.3 `pkg/internal/loader/kubernetes/workflowaccesspolicies.go`: a sidecar loads the policies
 *   of its namespace whose scopes name it, or that have no scopes.
 * - v1.18.3 `pkg/api/grpc/workflow_acl.go`: with policies loaded, the caller is identified by its
 *   mTLS (SPIFFE) certificate (no mTLS: every cross-app call is denied) and calls from another
 *   namespace are denied; calls from the host's own app are exempt.
 * - v1.18.0 vs v1.18.1 `charts/dapr/crds/configuration.yaml`: the 1.18.0 chart's CRD lacked the
 *   workflow concurrency fields daprd 1.18.0 reads (fixed by #10104 in 1.18.1), so the API server
 *   dropped them; `stateRetentionPolicy` first appears in the v1.17.0 chart.
 * - v1.18.3 `pkg/runtime/wfengine/wfengine.go`: feature WorkflowHistorySigning without mTLS makes
 *   `runtime.New` fail, so daprd does not start.
 */

/** The operations a WorkflowAccessPolicy workflow rule may grant (the CRD's enum), in the CRD's order. */
export const WORKFLOW_OPERATIONS: readonly string[] = ['schedule', 'terminate', 'raise', 'pause', 'resume', 'purge', 'get', 'rerun'];

/** The Configuration feature flag that signs workflow history with the app's mTLS identity. */
export const WORKFLOW_HISTORY_SIGNING_FEATURE = 'WorkflowHistorySigning';

/**
 * `spec.workflow` fields of the Configuration CRD and the first `dapr` chart version whose CRD has
 * them. Older charts' CRDs make the API server drop the field (daprd never sees it).
 */
export const WORKFLOW_CONFIGURATION_FIELDS_SINCE: Readonly<Record<string, string>> = {
  maxConcurrentWorkflowInvocations: '1.15.0',
  maxConcurrentActivityInvocations: '1.15.0',
  stateRetentionPolicy: '1.17.0',
  globalMaxConcurrentWorkflowInvocations: '1.18.1',
  globalMaxConcurrentActivityInvocations: '1.18.1',
  workflowConcurrencyLimits: '1.18.1',
  activityConcurrencyLimits: '1.18.1',
};

/**
 * WorkflowAccessPolicy fields in the CRD daprkit validates against (dapr/dapr master, the 1.19
 * line) that no 1.18 release has: its CRD refuses or prunes them and daprd 1.18 never evaluates
 * them, so a rule gated by `requires` grants its access without the gate.
 */
export const WORKFLOW_ACCESS_POLICY_FIELDS_AFTER_1_18: readonly string[] = ['requires'];

/** The MCPServer transports (exactly one per server). */
export const MCP_TRANSPORTS: readonly string[] = ['streamableHTTP', 'sse', 'stdio'];

/** The MCPServer middleware hook lists, in the order daprd runs them around a tool call. */
export const MCP_HOOKS: readonly string[] = ['beforeListTools', 'afterListTools', 'beforeCallTool', 'afterCallTool'];

/**
 * Compares two release versions (`1.18.0`, `v1.18.1`); undefined when either is not an exact
 * `major.minor.patch` (a Flux range such as `1.18.x` says nothing certain).
 */
export function compareReleases(a: string, b: string): number | undefined {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim())?.slice(1).map(Number);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
