/** Every check daprkit runs at synth time and in `daprkit lint`, and the runner that applies them. */
import { annotationChecks } from './annotations';
import { accessControlChecks } from './access-control';
import { closedSetChecks } from './closed-sets';
import { componentChecks } from './components';
import { configurationChecks } from './configuration';
import { objectChecks } from './objects';
import { resiliencyChecks } from './resiliency';
import { subscriptionChecks } from './subscriptions';
import { withoutSuppressed } from './suppressions';
import { Check, Finding, Manifest } from './types';

export const ALL_CHECKS: readonly Check[] = [
  ...objectChecks,
  ...annotationChecks,
  ...componentChecks,
  ...subscriptionChecks,
  ...configurationChecks,
  ...resiliencyChecks,
  ...accessControlChecks,
  ...closedSetChecks,
];

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/**
 * Runs the checks over the manifests; findings sorted errors first, then by resource and field.
 * Findings an object suppresses with `daprkit.io/ignore: <check-id>,…` are left out.
 */
export function runChecks(manifests: readonly Manifest[], checks: readonly Check[] = ALL_CHECKS): Finding[] {
  const findings = withoutSuppressed(
    checks.flatMap((check) => check(manifests)),
    manifests,
  );
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.resource.localeCompare(b.resource) ||
      a.field.localeCompare(b.field) ||
      a.message.localeCompare(b.message),
  );
}

export * from './types';
