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

/** Actor state stores by namespace: all of them, the unscoped ones, and the scoped ones per app-id. */
interface ActorStoreIndex {
  readonly all: Map<string, ComponentView[]>;
  readonly unscoped: Map<string, ComponentView[]>;
  readonly scoped: Map<string, ComponentView[]>;
  readonly byName: Map<string, ComponentView>;
}

function readActorStores(manifests: readonly Manifest[]): ActorStoreIndex {
  const index: ActorStoreIndex = { all: new Map(), unscoped: new Map(), scoped: new Map(), byName: new Map() };
  for (const c of componentsOf(manifests)) {
    if (!index.byName.has(objectKey(c.namespace, c.name))) index.byName.set(objectKey(c.namespace, c.name), c);
    if (!isActorStateStore(c)) continue;
    pushTo(index.all, c.namespace, c);
    if (c.scopeSet === undefined) pushTo(index.unscoped, c.namespace, c);
    else for (const appId of c.scopeSet) pushTo(index.scoped, objectKey(c.namespace, appId), c);
  }
  return index;
}

const actorStoreIndex: (manifests: readonly Manifest[]) => ActorStoreIndex = sharedPerRun(readActorStores);

/** The actor state stores an app loads (looked up, not scanned: linear over all hosts). */
export function actorStoresOf(manifests: readonly Manifest[], namespace: string, appId: string): ComponentView[] {
  const index = actorStoreIndex(manifests);
  return [...(index.unscoped.get(namespace) ?? []), ...(index.scoped.get(objectKey(namespace, appId)) ?? [])];
}

/** Every actor state store of a namespace. */
export function actorStoresIn(manifests: readonly Manifest[], namespace: string): readonly ComponentView[] {
  return actorStoreIndex(manifests).all.get(namespace) ?? [];
}

/** A Component by namespace and name (the first of duplicates). */
export function componentNamed(manifests: readonly Manifest[], namespace: string, name: string): ComponentView | undefined {
  return actorStoreIndex(manifests).byName.get(objectKey(namespace, name));
}

// --- WorkflowAccessPolicy ----------------------------------------------------------------------

/** What a policy grants one caller. */
type Grant = { readonly type: 'workflow' | 'activity'; readonly operation: string; readonly pattern: string };

export interface PolicyView {
  readonly manifest: Manifest;
  readonly namespace: string;
  /** undefined when unscoped: every app of the namespace loads it. */
  readonly scopes?: ReadonlySet<string>;
  /** The grants of every rule, per caller app-id (rules without callers or grants are skipped, as daprd does). */
  readonly grantsByCaller: ReadonlyMap<string, readonly Grant[]>;
}

function compilePolicy(m: Manifest): PolicyView {
  const grantsByCaller = new Map<string, Grant[]>();
  for (const rule of asArray(dig(m, 'spec', 'rules'))) {
    const callers = new Set(asArray(dig(rule, 'callers')).map((c) => dig(c, 'appID')).filter((id): id is string => typeof id === 'string'));
    const grants: Grant[] = [];
    for (const wf of asArray(dig(rule, 'workflows'))) {
      const pattern = dig(wf, 'name');
      if (typeof pattern !== 'string') continue;
      for (const operation of asArray(dig(wf, 'operations'))) if (typeof operation === 'string') grants.push({ type: 'workflow', operation, pattern });
    }
    for (const activity of asArray(dig(rule, 'activities'))) {
      const pattern = dig(activity, 'name');
      if (typeof pattern === 'string') grants.push({ type: 'activity', operation: 'schedule', pattern });
    }
    if (grants.length === 0) continue;
    for (const caller of callers) for (const grant of grants) pushTo(grantsByCaller, caller, grant);
  }
  const scopes = scopesOf(m);
  return { manifest: m, namespace: namespaceOf(m), ...(scopes ? { scopes: new Set(scopes) } : {}), grantsByCaller };
}

/** Policies by namespace (unscoped ones) and by `namespace/appId` (scoped ones). */
interface PolicyIndex {
  readonly all: PolicyView[];
  readonly unscoped: Map<string, PolicyView[]>;
  readonly scoped: Map<string, PolicyView[]>;
}

function readPolicies(manifests: readonly Manifest[]): PolicyIndex {
  const index: PolicyIndex = { all: [], unscoped: new Map(), scoped: new Map() };
  for (const m of manifests) {
    if (!isDaprKind(m, 'WorkflowAccessPolicy')) continue;
    const policy = compilePolicy(m);
    index.all.push(policy);
    if (policy.scopes === undefined) pushTo(index.unscoped, policy.namespace, policy);
    else for (const appId of policy.scopes) pushTo(index.scoped, objectKey(policy.namespace, appId), policy);
  }
  return index;
}

const policyIndex: (manifests: readonly Manifest[]) => PolicyIndex = sharedPerRun(readPolicies);

/** The WorkflowAccessPolicies a host's sidecar loads: those of its namespace scoped to it or unscoped. */
export function policiesOfHost(manifests: readonly Manifest[], namespace: string, appId: string): PolicyView[] {
  const index = policyIndex(manifests);
  return [...(index.unscoped.get(namespace) ?? []), ...(index.scoped.get(objectKey(namespace, appId)) ?? [])];
}

/** Every WorkflowAccessPolicy, compiled. */
export function allPolicies(manifests: readonly Manifest[]): readonly PolicyView[] {
  return policyIndex(manifests).all;
}

/**
 * Whether the loaded policies let `callerAppId` perform `operation` on the workflow (or schedule the
 * activity) `name`. A caller that names a glob itself is allowed when a granted pattern matches its
 * pattern read literally (so `Order*` is covered by `*` or `Order*`, not by `OrderCreate`).
 */
export function policiesAllow(policies: readonly PolicyView[], callerAppId: string, type: 'workflow' | 'activity', operation: string, name: string): boolean {
  if (policies.length === 0) return true;
  return policies.some((policy) => (policy.grantsByCaller.get(callerAppId) ?? []).some((g) => g.type === type && g.operation === operation && globMatches(g.pattern, name)));
}
