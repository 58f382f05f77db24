/**
 * What the actor, workflow and MCP checks share, read once per run: which apps host actors and
 * workflows (the daprkit annotations), which apps schedule workflows on which hosts, the actor
 * state stores each app sees, and the WorkflowAccessPolicies each host enforces, evaluated the way
 * daprd 1.18 evaluates them (dapr/workflows.ts lists the sources).
 */
import { ACTOR_CAPABLE_STATE_TYPES, ACTOR_STATE_STORE_FIELD, isTruthy } from '../dapr/actors';
import { componentTypeFacts, isDeclaredCustom } from './component-catalog';
import {
  ACTOR_STATE_STORE_ANNOTATION,
  ACTOR_TYPES_ANNOTATION,
  annotationList,
  parseWorkflowHosting,
  parseWorkflowSchedules,
  SCHEDULES_WORKFLOWS_ANNOTATION,
  WorkflowHosting,
  WorkflowScheduleEdge,
  WORKFLOWS_ANNOTATION,
} from './daprkit-annotations';
import { ComponentView, componentsOf, inlineText, scopesOf } from './dapr-resources';
import { DaprPod, indexManifests, objectKey } from './dapr-index';
import { globMatches } from './glob';
import { asArray, dig, isDaprKind, namespaceOf, pushTo } from './manifest';
import { sharedPerRun } from './run-cache';
import { CheckOptions, Manifest } from './types';

/** A Dapr pod with what its daprkit annotations declare about hosting. */
export interface HostView {
  readonly pod: DaprPod;
  /** Declared actor types (empty when none). */
  readonly actorTypes: readonly string[];
  /** Declared workflow hosting; undefined when the app does not say it hosts workflows. */
  readonly workflows?: WorkflowHosting;
  /** The state store named in `daprkit.io/actor-state-store`, if any. */
  readonly designatedStore?: string;
}

/** A schedule edge with the caller's pod and the host's namespace resolved. */
export interface ResolvedSchedule {
  readonly caller: DaprPod;
  readonly host: { readonly appId: string; readonly namespace: string };
  readonly edge: WorkflowScheduleEdge;
  /** Where the edge came from, for findings: the caller's annotation, or an MCPServer hook. */
  readonly origin: { readonly resource: Manifest; readonly field: string };
}

/** An annotation daprkit writes that cannot be read. */
export interface MalformedAnnotation {
  readonly pod: DaprPod;
  readonly key: string;
}

export interface HostIndex {
  readonly hosts: readonly HostView[];
  /** Hosts per `namespace/appId` (several pods may run one app-id). */
  hostsOf(namespace: string, appId: string): readonly HostView[];
  /** True when some pod of the namespace declares workflow hosting, so an app that does not, does not host workflows. */
  workflowHostingKnown(namespace: string): boolean;
  /** True when some pod of the namespace declares actor types. */
  actorHostingKnown(namespace: string): boolean;
  readonly schedules: readonly ResolvedSchedule[];
  readonly malformed: readonly MalformedAnnotation[];
}

function readHosts(manifests: readonly Manifest[]): HostIndex {
  const index = indexManifests(manifests);
  const hosts: HostView[] = [];
  const byApp = new Map<string, HostView[]>();
  const workflowNamespaces = new Set<string>();
  const actorNamespaces = new Set<string>();
  const schedules: ResolvedSchedule[] = [];
  const malformed: MalformedAnnotation[] = [];
  for (const pod of index.pods) {
    const annotations = pod.pod.annotations;
    const actorTypes = annotationList(annotations[ACTOR_TYPES_ANNOTATION]);
    const rawWorkflows = annotations[WORKFLOWS_ANNOTATION];
    const workflows = rawWorkflows === undefined ? undefined : parseWorkflowHosting(rawWorkflows);
    if (rawWorkflows !== undefined && workflows === undefined) malformed.push({ pod, key: WORKFLOWS_ANNOTATION });
    const designated = annotations[ACTOR_STATE_STORE_ANNOTATION]?.trim();
    const host: HostView = { pod, actorTypes, ...(workflows ? { workflows } : {}), ...(designated ? { designatedStore: designated } : {}) };
    hosts.push(host);
    pushTo(byApp, objectKey(pod.namespace, pod.appId), host);
    if (workflows) workflowNamespaces.add(pod.namespace);
    if (actorTypes.length > 0) actorNamespaces.add(pod.namespace);
    const rawSchedules = annotations[SCHEDULES_WORKFLOWS_ANNOTATION];
    if (rawSchedules === undefined) continue;
    const edges = parseWorkflowSchedules(rawSchedules);
    if (!edges) {
      malformed.push({ pod, key: SCHEDULES_WORKFLOWS_ANNOTATION });
      continue;
    }
    const field = `${pod.pod.podPath ? `${pod.pod.podPath}.` : ''}metadata.annotations["${SCHEDULES_WORKFLOWS_ANNOTATION}"]`;
    for (const edge of edges) {
      schedules.push({ caller: pod, host: { appId: edge.appId, namespace: edge.namespace ?? pod.namespace }, edge, origin: { resource: pod.pod.manifest, field } });
    }
  }
  return {
    hosts,
    hostsOf: (namespace, appId) => byApp.get(objectKey(namespace, appId)) ?? [],
    workflowHostingKnown: (namespace) => workflowNamespaces.has(namespace),
    actorHostingKnown: (namespace) => actorNamespaces.has(namespace),
    schedules,
    malformed,
  };
}

/** The hosting index of a manifest set, shared by the checks of one run. */
export const hostsOf: (manifests: readonly Manifest[]) => HostIndex = sharedPerRun(readHosts);

// --- actor state stores ------------------------------------------------------------------------

/** True when the Component is a state store with a truthy `actorStateStore` (as daprd reads it). */
export function isActorStateStore(c: ComponentView): boolean {
  if (!c.type?.startsWith('state.')) return false;
  const item = c.items.find((i) => i.name?.toLowerCase() === ACTOR_STATE_STORE_FIELD.toLowerCase());
  const text = item && inlineText(item);
  return text !== undefined && isTruthy(text);
}

/**
 * Whether the store's type can hold actor state: true or false for catalogued types, undefined for
 * types daprkit cannot judge (custom or pluggable components, unknown types).
 */
export function canHoldActorState(c: ComponentView, options?: CheckOptions): boolean | undefined {
  if (!c.type || isDeclaredCustom(c, options)) return undefined;
  const facts = componentTypeFacts(c.type);
  return facts ? ACTOR_CAPABLE_STATE_TYPES.includes(facts.specType) : undefined;
}

/** True when a Component in the app's namespace is loaded by the app (unscoped, or scoped to it). */
export function loadsComponent(c: ComponentView, namespace: string, appId: string): boolean {
  return c.namespace === namespace && (c.scopeSet === undefined || c.scopeSet.has(appId));
}

/** The actor state stores an app loads. */
export function actorStoresOf(manifests: readonly Manifest[], namespace: string, appId: string): ComponentView[] {
  return componentsOf(manifests).filter((c) => isActorStateStore(c) && loadsComponent(c, namespace, appId));
}

// --- WorkflowAccessPolicy ----------------------------------------------------------------------

/** One compiled rule: who it admits and what it grants. */
interface CompiledRule {
  readonly callers: ReadonlySet<string>;
  readonly grants: readonly { readonly type: 'workflow' | 'activity'; readonly operation: string; readonly pattern: string }[];
}

export interface PolicyView {
  readonly manifest: Manifest;
  readonly namespace: string;
  /** undefined when unscoped: every app of the namespace loads it. */
  readonly scopes?: ReadonlySet<string>;
  readonly rules: readonly CompiledRule[];
}

function compilePolicy(m: Manifest): PolicyView {
  const rules: CompiledRule[] = [];
  for (const rule of asArray(dig(m, 'spec', 'rules'))) {
    const callers = new Set(asArray(dig(rule, 'callers')).map((c) => dig(c, 'appID')).filter((id): id is string => typeof id === 'string'));
    const grants: CompiledRule['grants'][number][] = [];
    for (const wf of asArray(dig(rule, 'workflows'))) {
      const pattern = dig(wf, 'name');
      if (typeof pattern !== 'string') continue;
      for (const operation of asArray(dig(wf, 'operations'))) if (typeof operation === 'string') grants.push({ type: 'workflow', operation, pattern });
    }
    for (const activity of asArray(dig(rule, 'activities'))) {
      const pattern = dig(activity, 'name');
      if (typeof pattern === 'string') grants.push({ type: 'activity', operation: 'schedule', pattern });
    }
    // daprd skips rules without callers or grants.
    if (callers.size > 0 && grants.length > 0) rules.push({ callers, grants });
  }
  const scopes = scopesOf(m);
  return { manifest: m, namespace: namespaceOf(m), ...(scopes ? { scopes: new Set(scopes) } : {}), rules };
}

function readPolicies(manifests: readonly Manifest[]): Map<string, PolicyView[]> {
  const byNamespace = new Map<string, PolicyView[]>();
  for (const m of manifests) if (isDaprKind(m, 'WorkflowAccessPolicy')) pushTo(byNamespace, namespaceOf(m), compilePolicy(m));
  return byNamespace;
}

const policiesByNamespace: (manifests: readonly Manifest[]) => Map<string, PolicyView[]> = sharedPerRun(readPolicies);

/** The WorkflowAccessPolicies a host's sidecar loads: those of its namespace scoped to it or unscoped. */
export function policiesOfHost(manifests: readonly Manifest[], namespace: string, appId: string): PolicyView[] {
  return (policiesByNamespace(manifests).get(namespace) ?? []).filter((p) => p.scopes === undefined || p.scopes.has(appId));
}

/** Every WorkflowAccessPolicy, compiled. */
export function allPolicies(manifests: readonly Manifest[]): PolicyView[] {
  return [...policiesByNamespace(manifests).values()].flat();
}

/**
 * Whether the loaded policies let `callerAppId` perform `operation` on the workflow (or schedule the
 * activity) `name`. A caller that names a glob itself is allowed when a granted pattern matches its
 * pattern read literally (so `Order*` is covered by `*` or `Order*`, not by `OrderCreate`).
 */
export function policiesAllow(policies: readonly PolicyView[], callerAppId: string, type: 'workflow' | 'activity', operation: string, name: string): boolean {
  if (policies.length === 0) return true;
  for (const policy of policies) {
    for (const rule of policy.rules) {
      if (!rule.callers.has(callerAppId)) continue;
      if (rule.grants.some((g) => g.type === type && g.operation === operation && globMatches(g.pattern, name))) return true;
    }
  }
  return false;
}
