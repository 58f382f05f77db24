/**
 * Workflow checks: WorkflowAccessPolicies daprd cannot apply as written, policies and schedule
 * edges that miss their mark, schedules the host's policies deny (evaluated as daprd 1.18 does),
 * and what workflows need from the control plane and the Configuration (scheduler, mTLS for
 * policies and history signing, CRD fields the pinned chart version has). Facts: dapr/workflows.ts.
 */
import { DAPR_VERSION } from '../dapr/defaults';
import { compareReleases, WORKFLOW_ACCESS_POLICY_FIELDS_AFTER_1_18, WORKFLOW_CONFIGURATION_FIELDS_SINCE, WORKFLOW_HISTORY_SIGNING_FEATURE } from '../dapr/workflows';
import { hostingSummary } from './actors';
import { chartValue, clusterMtls, controlPlanesOf } from './control-plane-reader';
import { indexManifests } from './dapr-index';
import { isGoDuration } from './formats';
import { globProblem, isGlob } from './glob';
import { allPolicies, hostsOf, policiesAllow, policiesOfHost, ResolvedSchedule } from './hosts';
import { mcpHookSchedules } from './mcp-reader';
import { asArray, asRecord, dig, namespaceOf, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding, Manifest } from './types';

const POLICY_KIND = 'WorkflowAccessPolicy';

function policies(manifests: readonly Manifest[]): Manifest[] {
  return [...indexManifests(manifests).objects(POLICY_KIND).values()];
}

/** Rules daprd (or the API server) cannot apply: no grants, malformed globs, duplicate operations. */
export const workflowAccessPolicyRules: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const policy of policies(manifests)) {
    const bad = (field: string, message: string, hint: string) => findings.push({ check: 'workflow-access-policy-rule', severity: 'error', resource: resourceId(policy), field, message, hint });
    asArray(dig(policy, 'spec', 'rules')).forEach((rule, r) => {
      const base = `spec.rules[${r}]`;
      const workflows = asArray(dig(rule, 'workflows'));
      const activities = asArray(dig(rule, 'activities'));
      if (workflows.length === 0 && activities.length === 0) {
        bad(base, `rule ${r} grants nothing: it has neither workflows nor activities, which the CRD refuses.`, 'List the workflows (with operations) or activities its callers may use, or remove the rule.');
      }
      const pattern = (field: string, name: unknown, what: string) => {
        const problem = typeof name === 'string' ? globProblem(name) : undefined;
        if (problem) bad(field, `${what} pattern ${JSON.stringify(name)} is not a valid glob (${problem}); daprd skips the rule, so its callers are denied.`, 'Write an exact name, or a glob with *, ? and closed [...] classes (Go path.Match syntax); escape a literal [ or \\ with \\.');
      };
      workflows.forEach((wf, w) => {
        pattern(`${base}.workflows[${w}].name`, dig(wf, 'name'), 'workflow');
        const seen = new Set<string>();
        asArray(dig(wf, 'operations')).forEach((op, o) => {
          if (typeof op !== 'string') return;
          if (seen.has(op)) bad(`${base}.workflows[${w}].operations[${o}]`, `operation "${op}" is listed twice; the CRD's operations are a set and the API server refuses duplicates.`, 'List each operation once.');
          seen.add(op);
        });
      });
      activities.forEach((activity, a) => pattern(`${base}.activities[${a}].name`, dig(activity, 'name'), 'activity'));
    });
  }
  return findings;
};

/** A policy only acts in the sidecars of workflow hosts; scoped to an app known not to host workflows, it guards nothing. */
export const workflowAccessPolicyHosts: Check = (manifests) => {
  const hosts = hostsOf(manifests);
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const policy of policies(manifests)) {
    const namespace = namespaceOf(policy);
    if (!hosts.workflowHostingKnown(namespace)) continue;
    asArray(policy.scopes).forEach((appId, i) => {
      if (typeof appId !== 'string' || index.podsOf(appId, namespace).length === 0) return;
      if (hosts.hostsOf(namespace, appId).some((h) => h.workflows)) return;
      findings.push({
        check: 'workflow-access-policy-host',
        severity: 'warning',
        resource: resourceId(policy),
        field: `scopes[${i}]`,
        message: `"${appId}" hosts no workflows, so this policy guards nothing there (WorkflowAccessPolicies act in the sidecar of the app whose workflows are called).`,
        hint: `Scope the policy to the workflow host, or declare "${appId}" a host (daprkit: app.hostsWorkflows).`,
      });
    });
  }
  return findings;
};

/** Callers are app-ids of the policy's namespace (daprd denies other namespaces once policies load). */
export const workflowAccessPolicyCallers: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const policy of policies(manifests)) {
    const namespace = namespaceOf(policy);
    const scopes = new Set(asArray(policy.scopes).filter((s): s is string => typeof s === 'string'));
    const known = index.appIdsByNamespace.get(namespace) ?? new Set<string>();
    asArray(dig(policy, 'spec', 'rules')).forEach((rule, r) => {
      asArray(dig(rule, 'callers')).forEach((caller, c) => {
        const appId = dig(caller, 'appID');
        if (typeof appId !== 'string' || appId === '') return;
        const field = `spec.rules[${r}].callers[${c}].appID`;
        const warn = (message: string, hint: string) => findings.push({ check: 'workflow-access-policy-caller', severity: 'warning', resource: resourceId(policy), field, message, hint });
        if (scopes.size === 1 && scopes.has(appId)) {
          warn(`caller "${appId}" is the host itself; calls from the host's own app are never checked, so the entry has no effect.`, 'Remove it, or list the other apps that call the host\'s workflows.');
          return;
        }
        if (known.has(appId)) return;
        const elsewhere = index.namespacesRunning(appId);
        warn(
          elsewhere.length > 0
            ? `caller "${appId}" runs in ${elsewhere.join(', ')}, not in "${namespace}"; once a policy is loaded, daprd denies every workflow call from another namespace.`
            : `caller "${appId}" names no Dapr app in namespace "${namespace}".${didYouMean(appId, known)}`,
          elsewhere.length > 0 ? `Run the caller in "${namespace}", or drop the entry.` : `Use the dapr.io/app-id of the calling app; ignore this if the caller is deployed from elsewhere.`,
        );
      });
    });
  }
  return findings;
};

/** Every schedule edge: the caller's annotation, and MCPServer middleware hooks that run on other apps. */
function allSchedules(manifests: readonly Manifest[]): ResolvedSchedule[] {
  return [...hostsOf(manifests).schedules, ...mcpHookSchedules(manifests)];
}

/** What the caller does that the host's policies deny, as `workflow X: terminate` entries. */
function deniedItems(manifests: readonly Manifest[], s: ResolvedSchedule): { denied: string[]; reason?: string } {
  const loaded = policiesOfHost(manifests, s.host.namespace, s.host.appId);
  if (loaded.length === 0) return { denied: [] };
  const everything = [
    ...(s.edge.workflows ?? []).flatMap((wf) => wf.operations.map((op) => `workflow "${wf.name}": ${op}`)),
    ...(s.edge.activities ?? []).map((a) => `activity "${a}": schedule`),
  ];
  if (s.caller.namespace !== s.host.namespace) return { denied: everything, reason: `calls from namespace "${s.caller.namespace}" are denied outright once "${s.host.appId}" loads a policy` };
  const denied = [
    ...(s.edge.workflows ?? []).flatMap((wf) => wf.operations.filter((op) => !policiesAllow(loaded, s.caller.appId, 'workflow', op, wf.name)).map((op) => `workflow "${wf.name}": ${op}`)),
    ...(s.edge.activities ?? []).filter((a) => !policiesAllow(loaded, s.caller.appId, 'activity', 'schedule', a)).map((a) => `activity "${a}": schedule`),
  ];
  return { denied };
}

/** A caller's schedules must get through the host's WorkflowAccessPolicies (the allow-list daprd enforces). */
export const workflowSchedulesAllowed: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const s of allSchedules(manifests)) {
    if (s.caller.appId === s.host.appId && s.caller.namespace === s.host.namespace) continue; // the host's own calls are exempt
    const { denied, reason } = deniedItems(manifests, s);
    if (denied.length === 0) continue;
    const loaded = policiesOfHost(manifests, s.host.namespace, s.host.appId).map((p) => resourceId(p.manifest));
    findings.push({
      check: 'workflow-access-denied',
      severity: 'error',
      resource: resourceId(s.origin.resource),
      field: s.origin.field,
      message: `"${s.caller.appId}" → "${s.host.appId}" ${denied.join(', ')} ${denied.length === 1 ? 'is' : 'are'} denied by ${loaded.join(', ')}${reason ? `: ${reason}` : ': no rule grants it to this caller (once a policy is loaded, everything not granted is denied)'}.`,
      hint: `Grant it: a rule with callers [{appID: ${s.caller.appId}}] and the workflow (with the operation) or activity, in a policy scoped to "${s.host.appId}" (daprkit: caller.schedulesWorkflows(host, ...) compiles it), or stop making the call.`,
    });
  }
  return findings;
};

/** Schedule edges should point at a workflow host, and at workflows it registers when it names them. */
export const workflowScheduleTargets: Check = (manifests) => {
  const hosts = hostsOf(manifests);
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  for (const s of hosts.schedules) {
    const { appId, namespace } = s.host;
    const warn = (message: string, hint: string) => findings.push({ check: 'workflow-schedule-target', severity: 'warning', resource: resourceId(s.origin.resource), field: s.origin.field, message, hint });
    if (index.podsOf(appId, namespace).length === 0) {
      warn(`"${s.caller.appId}" schedules workflows on "${appId}", which no Dapr workload in namespace "${namespace}" runs.${didYouMean(appId, index.appIdsByNamespace.get(namespace) ?? [])}`, 'Fix the app-id; ignore this if the host is deployed from elsewhere.');
      continue;
    }
    const hostViews = hosts.hostsOf(namespace, appId);
    const hosting = hostViews.find((h) => h.workflows)?.workflows;
    if (!hosting) {
      if (hosts.workflowHostingKnown(namespace)) warn(`"${s.caller.appId}" schedules workflows on "${appId}", which hosts no workflows${hostViews[0] && hostingSummary(hostViews[0]) ? ` (it hosts ${hostingSummary(hostViews[0])})` : ''}.`, `Declare "${appId}" a workflow host (daprkit: app.hostsWorkflows), or schedule on the app that runs the workflows.`);
      continue;
    }
    const unknown = (what: string, names: readonly string[] | undefined, asked: readonly string[]) => {
      if (!names) return;
      for (const name of asked) {
        if (isGlob(name) || names.includes(name)) continue;
        warn(`"${s.caller.appId}" uses ${what} "${name}" of "${appId}", which registers no such ${what} (it names ${names.join(', ') || 'none'}).${didYouMean(name, names)}`, `Use a ${what} name "${appId}" registers, or add it to its hostsWorkflows names.`);
      }
    };
    unknown('workflow', hosting.workflows, (s.edge.workflows ?? []).map((w) => w.name));
    unknown('activity', hosting.activities, s.edge.activities ?? []);
  }
  return findings;
};

/** WorkflowAccessPolicies identify callers by their mTLS certificates: without mTLS every cross-app workflow call is denied. */
export const workflowPoliciesNeedMtls: Check = (manifests) => {
  const all = allPolicies(manifests);
  const mtls = clusterMtls(manifests);
  if (all.length === 0 || !mtls || mtls.value) return [];
  return [
    {
      check: 'access-control-mtls',
      severity: 'error',
      resource: mtls.resource,
      field: mtls.field,
      message: `mTLS is disabled cluster-wide, but ${all.map((p) => resourceId(p.manifest)).join(', ')} ${all.length === 1 ? 'is a WorkflowAccessPolicy' : 'are WorkflowAccessPolicies'}; daprd identifies workflow callers by their mTLS certificates, so the hosts deny every call from another app.`,
      hint: 'Enable mTLS in the control plane (ControlPlane mtls.enabled, Helm global.mtls.enabled: true), or remove the policies.',
    },
  ];
};

/** A feature enabled in a Configuration's feature list. */
function featureEnabled(config: Manifest, name: string): number | undefined {
  const index = asArray(dig(config, 'spec', 'features')).findIndex((f) => dig(f, 'name') === name && (dig(f, 'enabled') === true || dig(f, 'enabled') === 'true'));
  return index >= 0 ? index : undefined;
}

/** WorkflowHistorySigning signs with the app's mTLS identity; without mTLS, daprd does not start. */
export const workflowSigningNeedsMtls: Check = (manifests) => {
  const mtls = clusterMtls(manifests);
  if (!mtls || mtls.value) return [];
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    const i = featureEnabled(config, WORKFLOW_HISTORY_SIGNING_FEATURE);
    if (i === undefined) continue;
    findings.push({
      check: 'workflow-signing-mtls',
      severity: 'error',
      resource: resourceId(config),
      field: `spec.features[${i}]`,
      message: `${WORKFLOW_HISTORY_SIGNING_FEATURE} is enabled, but ${mtls.resource} (${mtls.field}) disables mTLS; daprd needs the mTLS identity to sign workflow history and refuses to start.`,
      hint: `Enable mTLS in the control plane (ControlPlane mtls.enabled), or drop the ${WORKFLOW_HISTORY_SIGNING_FEATURE} feature.`,
    });
  }
  return findings;
};

/** Workflows keep their timers and retries as reminders in the scheduler: no scheduler, no workflows. */
export const workflowsNeedScheduler: Check = (manifests) => {
  const hosts = hostsOf(manifests).hosts.filter((h) => h.workflows);
  if (hosts.length === 0) return [];
  const findings: Finding[] = [];
  for (const plane of controlPlanesOf(manifests)) {
    const scheduler = chartValue(plane, 'global', 'scheduler', 'enabled');
    if (scheduler.value !== false && scheduler.value !== 'false') continue;
    findings.push({
      check: 'control-plane-scheduler',
      severity: 'error',
      resource: scheduler.resource,
      field: scheduler.field,
      message: `The control plane is installed without the scheduler, but ${hosts.map((h) => resourceId(h.pod.pod.manifest)).join(', ')} ${hosts.length === 1 ? 'hosts' : 'host'} workflows; workflows schedule their steps as actor reminders, which only the scheduler keeps in Dapr 1.18, so they never run.`,
      hint: 'Enable the scheduler (ControlPlane scheduler: true, Helm global.scheduler.enabled), or stop hosting workflows.',
    });
  }
  return findings;
};

/** The chart version a control plane installs (its CRDs come from the chart, whatever `global.tag` says). */
function chartVersions(manifests: readonly Manifest[]): { version: string; resource: string }[] {
  return controlPlanesOf(manifests).flatMap((p) => (p.version ? [{ version: p.version, resource: p.resource }] : []));
}

/**
 * Fields the CRDs installed by the pinned control plane lack: the API server drops them (or, with
 * strict field validation, refuses the object), so daprd never sees them.
 */
export const crdVersionFields: Check = (manifests) => {
  const findings: Finding[] = [];
  const planes = chartVersions(manifests);
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    const workflow = asRecord(dig(config, 'spec', 'workflow')) ?? {};
    for (const field of Object.keys(workflow)) {
      const since = WORKFLOW_CONFIGURATION_FIELDS_SINCE[field];
      if (!since) continue;
      for (const plane of planes) {
        const order = compareReleases(plane.version, since);
        if (order === undefined || order >= 0) continue;
        findings.push({
          check: 'crd-version-field',
          severity: 'warning',
          resource: resourceId(config),
          field: `spec.workflow.${field}`,
          message: `${plane.resource} installs the dapr chart ${plane.version}, whose Configuration CRD has no workflow.${field} (added in ${since}); the API server drops it and daprd never applies it.`,
          hint: `Pin the control plane to ${since} or later (daprkit's ControlPlane pins ${DAPR_VERSION} by default), or remove the field.`,
        });
      }
    }
  }
  for (const policy of policies(manifests)) {
    asArray(dig(policy, 'spec', 'rules')).forEach((rule, r) => {
      for (const list of ['workflows', 'activities']) {
        asArray(dig(rule, list)).forEach((entry, e) => {
          for (const field of WORKFLOW_ACCESS_POLICY_FIELDS_AFTER_1_18) {
            if (dig(entry, field) === undefined) continue;
            findings.push({
              check: 'crd-version-field',
              severity: 'warning',
              resource: resourceId(policy),
              field: `spec.rules[${r}].${list}[${e}].${field}`,
              message: `"${field}" is not a field of Dapr 1.18's WorkflowAccessPolicy (it comes with 1.19): the 1.18 CRD drops or refuses it and daprd 1.18 never checks it, so this rule grants its access without the gate.`,
              hint: 'Remove it while you run Dapr 1.18, or narrow the rule another way (callers, exact names).',
            });
          }
        });
      }
    });
  }
  return findings;
};

/** Workflow limits daprd ignores, and retention durations it cannot read. */
export const workflowConfiguration: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    const workflow = asRecord(dig(config, 'spec', 'workflow'));
    if (!workflow) continue;
    const ignored = (field: string, message: string, hint: string) => findings.push({ check: 'configuration-workflow', severity: 'warning', resource: resourceId(config), field, message, hint });
    for (const key of ['maxConcurrentWorkflowInvocations', 'maxConcurrentActivityInvocations', 'globalMaxConcurrentWorkflowInvocations', 'globalMaxConcurrentActivityInvocations']) {
      const value = workflow[key];
      if (typeof value === 'number' && value <= 0) ignored(`spec.workflow.${key}`, `${key} is ${value}; daprd ignores limits of 0 or less, so there is no limit.`, 'Use a positive number, or remove the field for no limit.');
    }
    for (const key of ['workflowConcurrencyLimits', 'activityConcurrencyLimits']) {
      asArray(workflow[key]).forEach((limit, i) => {
        const name = dig(limit, 'name');
        const max = dig(limit, 'maxConcurrent');
        if (typeof name === 'string' && name !== '' && typeof max === 'number' && max > 0) return;
        ignored(`spec.workflow.${key}[${i}]`, `limit ${i} of ${key} ${typeof name === 'string' && name !== '' ? `("${name}") has no positive maxConcurrent` : 'has no name'}; daprd skips it.`, 'Give each limit a name and a positive maxConcurrent.');
      });
    }
    for (const [key, value] of Object.entries(asRecord(workflow.stateRetentionPolicy) ?? {})) {
      if (typeof value === 'string' && isGoDuration(value)) continue;
      findings.push({
        check: 'configuration-duration',
        severity: 'error',
        resource: resourceId(config),
        field: `spec.workflow.stateRetentionPolicy.${key}`,
        message: `${JSON.stringify(value)} is not a Go duration; daprd cannot read the Configuration.`,
        hint: 'Write durations like "72h", "30m" or "0s" (purge at once).',
      });
    }
  }
  return findings;
};

export const workflowChecks: readonly Check[] = [
  workflowAccessPolicyRules,
  workflowAccessPolicyHosts,
  workflowAccessPolicyCallers,
  workflowSchedulesAllowed,
  workflowScheduleTargets,
  workflowPoliciesNeedMtls,
  workflowSigningNeedsMtls,
  workflowsNeedScheduler,
  crdVersionFields,
  workflowConfiguration,
];
