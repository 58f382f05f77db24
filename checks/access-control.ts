/**
 * Access-control checks: every `invokes` edge is evaluated against the callee's Configuration the
 * way daprd would (see acl-eval.ts), so a call the code makes but the policy refuses is caught
 * before deployment; plus the conditions under which access control cannot work at all.
 */
import { ALL_HTTP_VERBS, CallerIdentity, decide, DEFAULT_TRUST_DOMAIN, parseAccessControl, probePaths, protocolFamily } from './acl-eval';
import { clusterMtls } from './control-plane-reader';
import { DaprIndex, DaprPod, indexManifests, objectKey } from './dapr-index';
import { asArray, asRecord, dig, resourceId, shown } from './manifest';
import { Check, Finding, Manifest } from './types';

const configOf = (index: DaprIndex, pod: DaprPod): Manifest | undefined => {
  const name = pod.pod.annotations['dapr.io/config'];
  return name === undefined ? undefined : index.objects('Configuration').get(objectKey(pod.namespace, name));
};

/** The trust domain in the caller's certificate: its Configuration's, else `public`. */
function callerIdentity(index: DaprIndex, caller: DaprPod): CallerIdentity {
  const td = dig(configOf(index, caller), 'spec', 'accessControl', 'trustDomain');
  return { appId: caller.appId, namespace: caller.namespace, trustDomain: typeof td === 'string' && td !== '' ? td : DEFAULT_TRUST_DOMAIN };
}

/** Every edge must get through the callee's access control, for each of its paths and verbs. */
export const invocationsAllowed: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const edge of index.edges) {
    const identity = callerIdentity(index, edge.caller);
    const seenConfigs = new Set<Manifest>();
    for (const callee of index.podsOf(edge.callee.appId, edge.callee.namespace)) {
      const config = configOf(index, callee);
      // No Configuration: no access control. A named but missing one is configuration-exists's finding.
      if (!config || seenConfigs.has(config)) continue;
      seenConfigs.add(config);
      const family = protocolFamily(callee.pod.annotations['dapr.io/app-protocol']);
      const acl = parseAccessControl(dig(config, 'spec', 'accessControl'), family);
      for (const op of edge.operations) {
        // Verbs only matter to HTTP apps; other protocols are decided once per path.
        const verbs = family === 'http' ? (op.verbs?.length ? [...op.verbs] : ALL_HTTP_VERBS) : ['-'];
        const denied = new Map<string, { verbs: string[]; policyIndex?: number }>();
        for (const verb of verbs) {
          for (const probe of probePaths(op.path)) {
            const decision = decide(acl, identity, probe, verb, family);
            if (decision.allowed) continue;
            const entry = denied.get(decision.reason) ?? { verbs: [], policyIndex: decision.policyIndex };
            if (!entry.verbs.includes(verb)) entry.verbs.push(verb);
            denied.set(decision.reason, entry);
          }
        }
        for (const [reason, { verbs: deniedVerbs, policyIndex }] of denied) {
          const what = family === 'http' ? `${deniedVerbs.join(', ')} ${op.path}` : op.path;
          findings.push({
            check: 'access-control-invocation',
            severity: 'error',
            resource: resourceId(config),
            field: policyIndex === undefined ? 'spec.accessControl.policies' : `spec.accessControl.policies[${policyIndex}]`,
            message: `${edge.caller.appId} → ${edge.callee.appId} ${what} is denied by ${resourceId(config)}: ${reason}.`,
            hint: `Allow it: a policy for appId "${identity.appId}", namespace "${identity.namespace}", trustDomain "${identity.trustDomain}" with an allow operation for ${op.path} (AccessControl derives it from invokes()), or drop the call from invokes().`,
          });
        }
      }
    }
  }
  return findings;
};

/**
 * Caller identities come from mTLS certificates: access control without mTLS denies or trusts
 * blindly. Only the control plane switches mTLS (the `daprsystem` Configuration, or the chart's
 * `global.mtls.enabled`); an app Configuration's own `mtls` section does not, and with no control
 * plane in the manifests the setting is unknown, so nothing is reported.
 */
export const accessControlNeedsMtls: Check = (manifests) => {
  const index = indexManifests(manifests);
  const configs = [...index.objects('Configuration').values()];
  const withAcl = configs.filter((c) => parseAccessControl(dig(c, 'spec', 'accessControl'), 'http') !== undefined);
  const mtls = clusterMtls(manifests);
  if (!withAcl.length || !mtls || mtls.value) return [];
  return [
    {
      check: 'access-control-mtls',
      severity: 'error',
      resource: mtls.resource,
      field: mtls.field,
      message: `mTLS is disabled cluster-wide, but ${withAcl.map(resourceId).join(', ')} rely on access control, which needs mTLS identities; policies cannot match and every call gets the default action.`,
      hint: 'Enable mTLS in the control plane (ControlPlane mtls.enabled, Helm global.mtls.enabled: true), or drop the accessControl sections.',
    },
  ];
};

/** Policies must name app-id, namespace and trust domain, and use known actions; daprd refuses the Configuration otherwise. */
export const accessControlPoliciesValid: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const config of index.objects('Configuration').values()) {
    const ac = asRecord(dig(config, 'spec', 'accessControl'));
    if (!ac) continue;
    const bad = (field: string, message: string, hint: string) =>
      findings.push({ check: 'access-control-policy', severity: 'error', resource: resourceId(config), field, message, hint });
    const action = (field: string, value: unknown) => {
      if (value !== undefined && value !== '' && !(typeof value === 'string' && /^(allow|deny)$/i.test(value))) {
        bad(field, `Action ${JSON.stringify(value)} is neither "allow" nor "deny"; Dapr treats anything but "allow" as deny.`, 'Use "allow" or "deny".');
      }
    };
    action('spec.accessControl.defaultAction', ac.defaultAction);
    asArray(ac.policies).forEach((raw, i) => {
      const p = asRecord(raw) ?? {};
      const field = `spec.accessControl.policies[${i}]`;
      for (const key of ['appId', 'namespace', 'trustDomain']) {
        if (typeof p[key] !== 'string' || p[key] === '') {
          bad(`${field}.${key}`, `Policy ${i} (${shown(p.appId ?? '?')}) has no ${key}; daprd refuses the whole access-control section and the sidecar does not start.`, `Set ${key}${key === 'trustDomain' ? ' (usually "public")' : ''}.`);
        }
      }
      action(`${field}.defaultAction`, p.defaultAction);
      asArray(p.operations).forEach((op, j) => action(`${field}.operations[${j}].action`, dig(op, 'action')));
    });
  }
  return findings;
};

/** Policies naming apps that no workload runs are dead rules, often typos. */
export const accessControlPolicyAppsExist: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const config of index.objects('Configuration').values()) {
    asArray(dig(config, 'spec', 'accessControl', 'policies')).forEach((raw, i) => {
      const appId = dig(raw, 'appId');
      const namespace = dig(raw, 'namespace');
      if (typeof appId !== 'string' || typeof namespace !== 'string' || !appId || !namespace) return;
      if (index.podsOf(appId, namespace).length) return;
      const elsewhere = index.namespacesRunning(appId);
      findings.push({
        check: 'access-control-policy-app',
        severity: 'warning',
        resource: resourceId(config),
        field: `spec.accessControl.policies[${i}].appId`,
        message: `Policy names app-id "${appId}" in namespace "${namespace}", which no Dapr workload here runs${elsewhere.length ? ` (it runs in ${elsewhere.join(', ')})` : ''}.`,
        hint: 'Fix the app-id or namespace, or remove the policy; ignore this if the caller is deployed from elsewhere.',
      });
    });
  }
  return findings;
};

export const accessControlChecks: Check[] = [invocationsAllowed, accessControlNeedsMtls, accessControlPoliciesValid, accessControlPolicyAppsExist];
