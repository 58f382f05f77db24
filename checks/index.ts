/** Every check daprkit runs at synth time and in `daprkit lint`, and the runner that applies them. */
import { actorChecks } from './actors';
import { annotationChecks } from './annotations';
import { accessControlChecks } from './access-control';
import { closedSetChecks } from './closed-sets';
import { componentChecks } from './components';
import { duplicateObjects } from './duplicates';
import { configurationFeatures } from './features';
import { invocationTargetTypos } from './invocation-targets';
import { mcpChecks } from './mcp';
import { networkPolicyEgress } from './network-egress';
import { podSecurityChecks } from './pod-security';
import { resourceChecks } from './resources';
import { configurationChecks } from './configuration';
import { wellFormedManifests } from './manifest-shape';
import { controlPlaneChecks } from './control-plane';
import { objectChecks } from './objects';
import { selfHostedChecks } from './self-hosted';
import { appliesTo } from './catalog-of-checks';
import { resiliencyChecks } from './resiliency';
import { subscriptionChecks } from './subscriptions';
import { workflowChecks } from './workflows';
import { withoutRepeats } from './repeats';
import { withSharedReads } from './run-cache';
import { workloadChecks } from './workloads';
import { withoutSuppressed } from './suppressions';
import { Check, CheckOptions, Finding, Manifest } from './types';

export const ALL_CHECKS: readonly Check[] = [
  ...objectChecks,
  ...annotationChecks,
  ...componentChecks,
  ...subscriptionChecks,
  ...configurationChecks,
  ...resiliencyChecks,
  ...accessControlChecks,
  ...controlPlaneChecks,
  duplicateObjects,
  ...resourceChecks,
  ...podSecurityChecks,
  configurationFeatures,
  invocationTargetTypos,
  networkPolicyEgress,
  ...closedSetChecks,
  ...actorChecks,
  ...workflowChecks,
  ...mcpChecks,
  ...selfHostedChecks,
  ...workloadChecks,
];

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/**
 * Runs the checks over the manifests; findings sorted errors first, then by resource and field.
 * Findings an object suppresses with `daprkit.io/ignore: <check-id>,…` are left out.
 * Pass options (e.g. `{ customTypes: ['state.redis-pluggable'] }`) in place of, or after, the checks.
 */
export function runChecks(manifests: readonly Manifest[], checks?: readonly Check[] | CheckOptions, options?: CheckOptions): Finding[] {
  const list = Array.isArray(checks) ? (checks as readonly Check[]) : ALL_CHECKS;
  const opts = (Array.isArray(checks) ? options : (checks as CheckOptions | undefined) ?? options) ?? {};
  // Hostile input (wrong types where YAML allows them) is reported here once, so no check trips over it.
  const shaped = wellFormedManifests(manifests);
  const target = opts.target ?? 'kubernetes';
  const findings = withoutRepeats(withSharedReads(() => withoutSuppressed([...shaped.findings, ...list.flatMap((check) => check(shaped.manifests, opts))], shaped.manifests))).filter((f) => appliesTo(f.check, target));
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.resource.localeCompare(b.resource) ||
      a.field.localeCompare(b.field) ||
      a.message.localeCompare(b.message),
  );
}

export * from './types';
