/**
 * Resiliency checks: targets that name undefined policies or absent apps and components, values
 * Dapr cannot parse (durations, trip expressions, retry settings), and scopes that leave out the
 * sidecars where an app target would actually apply.
 */
import { DaprIndex, indexManifests, objectKey } from './dapr-index';
import { isGoDuration } from './formats';
import { asRecord, dig, keyPath, nameOf, namespaceOf, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { parseTripExpression } from './trip-expression';
import { Check, Finding, Manifest } from './types';

const POLICY_KINDS = [
  { ref: 'timeout', section: 'timeouts' },
  { ref: 'retry', section: 'retries' },
  { ref: 'circuitBreaker', section: 'circuitBreakers' },
] as const;

const entries = (value: unknown): [string, unknown][] => Object.entries(asRecord(value) ?? {});

/** Every target of a Resiliency with the field path of its policy references. */
function targetRefs(r: Manifest): { field: string; refs: Record<string, unknown> }[] {
  const targets = dig(r, 'spec', 'targets');
  const out: { field: string; refs: Record<string, unknown> }[] = [];
  for (const kind of ['apps', 'actors']) {
    for (const [name, t] of entries(dig(targets, kind))) out.push({ field: keyPath(`spec.targets.${kind}`, name), refs: asRecord(t) ?? {} });
  }
  for (const [name, t] of entries(dig(targets, 'components'))) {
    for (const direction of ['inbound', 'outbound']) {
      const refs = asRecord(dig(t, direction));
      if (refs) out.push({ field: `${keyPath('spec.targets.components', name)}.${direction}`, refs });
    }
  }
  return out;
}

/** A target must name policies the same Resiliency defines. */
export const resiliencyPolicyRefs: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const r of indexManifests(manifests).objects('Resiliency').values()) {
    for (const { field, refs } of targetRefs(r)) {
      for (const { ref, section } of POLICY_KINDS) {
        const name = refs[ref];
        if (name === undefined) continue;
        const defined = Object.keys(asRecord(dig(r, 'spec', 'policies', section)) ?? {});
        if (typeof name === 'string' && defined.includes(name)) continue;
        findings.push({
          check: 'resiliency-policy-ref',
          severity: 'error',
          resource: resourceId(r),
          field: `${field}.${ref}`,
          message: `${ref} ${JSON.stringify(name)} is not defined in spec.policies.${section}.${typeof name === 'string' ? didYouMean(name, defined) : ''}`,
          hint: defined.length ? `Use one of: ${defined.join(', ')}; or define ${typeof name === 'string' ? `"${name}"` : 'it'} under spec.policies.${section}.` : `Define it under spec.policies.${section}.`,
        });
      }
    }
  }
  return findings;
};

/** App targets should exist (as an app or an HTTPEndpoint); component targets must exist in the namespace. */
export const resiliencyTargetsExist: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const r of index.objects('Resiliency').values()) {
    const ns = namespaceOf(r);
    for (const [appId] of entries(dig(r, 'spec', 'targets', 'apps'))) {
      // With no Dapr workload in sight (Dapr resources alone, a self-hosted folder), which apps exist is unknown.
      if (index.pods.length === 0) break;
      if (index.hasAppAnywhere(appId) || index.objects('HTTPEndpoint').has(objectKey(ns, appId))) continue;
      findings.push({
        check: 'resiliency-target-exists',
        severity: 'warning',
        resource: resourceId(r),
        field: keyPath('spec.targets.apps', appId),
        message: `Target app "${appId}" is not an app-id of any Dapr workload here, nor an HTTPEndpoint in "${ns}".${didYouMean(appId, index.pods.map((p) => p.appId))}`,
        hint: 'Fix the app-id, or ignore this if the app is deployed from elsewhere.',
      });
    }
    for (const [name] of entries(dig(r, 'spec', 'targets', 'components'))) {
      if (index.objects('Component').has(objectKey(ns, name))) continue;
      findings.push({
        check: 'resiliency-target-exists',
        severity: 'error',
        resource: resourceId(r),
        field: keyPath('spec.targets.components', name),
        message: `Target component "${name}" does not exist in namespace "${ns}".${didYouMean(name, index.namesIn('Component', ns))}`,
        hint: `Define Component "${name}" in "${ns}", or target an existing one.`,
      });
    }
  }
  return findings;
};

/** Durations, trip expressions and retry settings must be values Dapr parses. */
export const resiliencyValues: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const r of indexManifests(manifests).objects('Resiliency').values()) {
    const bad = (field: string, message: string, hint: string, check = 'resiliency-value') =>
      findings.push({ check, severity: 'error', resource: resourceId(r), field, message, hint });
    // daprd reads a Resiliency whole: one value it cannot decode and it logs an error and loads none
    // of the object's policies or targets (pkg/resiliency/resiliency.go, FromConfigurations).
    const ignored = 'daprd cannot decode it and ignores this whole Resiliency';
    const duration = (field: string, value: unknown) => {
      // A whole number is read as milliseconds (parseDuration, and dapr/kit's decoder for retries and breakers).
      if (value !== undefined && !(typeof value === 'string' && (isGoDuration(value) || /^[+-]?\d+$/.test(value)))) {
        bad(field, `${JSON.stringify(value)} is not a Go duration; ${ignored}.`, 'Write durations like "5s", "1m30s" or "500ms" (a whole number means milliseconds).', 'resiliency-duration');
      }
    };
    const policies = dig(r, 'spec', 'policies');
    for (const [name, value] of entries(dig(policies, 'timeouts'))) duration(keyPath('spec.policies.timeouts', name), value);
    for (const [name, retry] of entries(dig(policies, 'retries'))) {
      const field = keyPath('spec.policies.retries', name);
      duration(`${field}.duration`, dig(retry, 'duration'));
      duration(`${field}.maxInterval`, dig(retry, 'maxInterval'));
      const policy = dig(retry, 'policy');
      // dapr/kit reads the policy name whatever its case.
      if (policy !== undefined && !(typeof policy === 'string' && ['constant', 'exponential'].includes(policy.toLowerCase()))) {
        bad(`${field}.policy`, `Retry policy ${JSON.stringify(policy)} is neither "constant" nor "exponential"; ${ignored}.`, 'Use "constant" or "exponential".');
      }
      const maxRetries = dig(retry, 'maxRetries');
      if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && (maxRetries as number) >= -1)) {
        bad(`${field}.maxRetries`, `maxRetries ${JSON.stringify(maxRetries)} is not a whole number of -1 or more; ${ignored}.`, 'Use a count, or -1 to retry without end.');
      }
      for (const key of ['httpStatusCodes', 'gRPCStatusCodes']) {
        const codes = dig(retry, 'matching', key);
        if (codes !== undefined && !(typeof codes === 'string' && /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/.test(codes))) {
          bad(`${field}.matching.${key}`, `${JSON.stringify(codes)} is not a list of status codes; ${ignored}.`, 'Write codes and ranges separated by commas, e.g. "429,500-504".');
        }
      }
    }
    for (const [name, cb] of entries(dig(policies, 'circuitBreakers'))) {
      const field = keyPath('spec.policies.circuitBreakers', name);
      duration(`${field}.interval`, dig(cb, 'interval'));
      duration(`${field}.timeout`, dig(cb, 'timeout'));
      const trip = dig(cb, 'trip');
      if (trip === undefined) continue;
      const result = typeof trip === 'string' ? parseTripExpression(trip) : { ok: false as const, error: 'it is not a string', column: 0 };
      if (!result.ok) {
        bad(
          `${field}.trip`,
          `Trip expression ${JSON.stringify(trip)} does not parse: ${result.error} (column ${result.column + 1}); ${ignored}.`,
          'Write a condition over consecutiveFailures, consecutiveSuccesses, requests, totalFailures, totalSuccesses, e.g. "consecutiveFailures >= 5".',
          'resiliency-trip',
        );
      }
    }
  }
  return findings;
};

/**
 * A policy on an app target runs in the *calling* sidecar. Callers that do not load the Resiliency
 * (outside its scopes, or in another namespace) call the target without it.
 */
export const resiliencyScopeCoversCallers: Check = (manifests) => {
  const index = indexManifests(manifests);
  const callers = callersByCallee(index);
  const targeted = appTargets(index);
  const findings: Finding[] = [];
  for (const r of index.objects('Resiliency').values()) {
    const ns = namespaceOf(r);
    const rawScopes = r.scopes;
    const scopes = Array.isArray(rawScopes) && rawScopes.length ? new Set(rawScopes.filter((s): s is string => typeof s === 'string')) : undefined;
    for (const [target] of entries(dig(r, 'spec', 'targets', 'apps'))) {
      for (const caller of callers.get(objectKey(ns, target)) ?? []) {
        const outOfNamespace = caller.namespace !== ns;
        if (!outOfNamespace && (!scopes || scopes.has(caller.appId))) continue;
        if (outOfNamespace && targeted.has(objectKey(caller.namespace, target))) continue;
        findings.push({
          check: 'resiliency-scope-callers',
          severity: 'warning',
          resource: resourceId(r),
          field: keyPath('spec.targets.apps', target),
          message: outOfNamespace
            ? `"${caller.appId}" in namespace "${caller.namespace}" calls "${target}", but its sidecar only loads Resiliencies of "${caller.namespace}", so ${nameOf(r)} does not apply to those calls.`
            : `"${caller.appId}" calls "${target}", but is not in scopes (${[...scopes!].sort().join(', ')}); app policies apply in the calling sidecar, so its calls go without them.`,
          hint: outOfNamespace ? `Define a Resiliency for "${target}" in namespace "${caller.namespace}".` : `Add "${caller.appId}" to scopes (scopes list callers, not the target).`,
        });
      }
    }
  }
  return findings;
};

/** `namespace/appId` of every app target of every Resiliency. */
function appTargets(index: DaprIndex): Set<string> {
  const targeted = new Set<string>();
  for (const r of index.objects('Resiliency').values()) {
    for (const [target] of entries(dig(r, 'spec', 'targets', 'apps'))) targeted.add(objectKey(namespaceOf(r), target));
  }
  return targeted;
}

/**
 * The distinct callers of each app, keyed by the callee's `namespace/appId`, sorted by caller. A
 * caller of the app in another namespace is not a caller of this one: it goes by its own
 * namespace's Resiliencies for its own target.
 */
function callersByCallee(index: DaprIndex): Map<string, { appId: string; namespace: string }[]> {
  const byCallee = new Map<string, Map<string, { appId: string; namespace: string }>>();
  for (const e of index.edges) {
    const callee = objectKey(e.callee.namespace, e.callee.appId);
    const seen = byCallee.get(callee) ?? new Map<string, { appId: string; namespace: string }>();
    seen.set(objectKey(e.caller.namespace, e.caller.appId), { appId: e.caller.appId, namespace: e.caller.namespace });
    byCallee.set(callee, seen);
  }
  return new Map([...byCallee].map(([callee, seen]) => [callee, [...seen.keys()].sort().map((k) => seen.get(k)!)]));
}

export const resiliencyChecks: Check[] = [resiliencyPolicyRefs, resiliencyTargetsExist, resiliencyValues, resiliencyScopeCoversCallers];
