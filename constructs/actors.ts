/**
 * Actor and workflow hosting: `app.hostsActors(types, { stateStore })` and
 * `app.hostsWorkflows({ stateStore })` delegate here.
 *
 * Hosting is recorded on the app's pod template as daprkit annotations (`daprkit.io/actor-types`,
 * `daprkit.io/workflows`, `daprkit.io/actor-state-store`), so the checks see it on synthesized YAML
 * and on hand-written YAML alike: a host needs exactly one actor state store it can load, of a type
 * that can hold actor state (workflows run on actors), and placement — plus the scheduler for
 * workflows — in the control plane. The store is scoped to the app here; the checks judge the rest.
 */
import { IConstruct } from 'constructs';
import { INTERNAL_ACTOR_TYPE_PREFIX } from '../dapr/actors';
import { ACTOR_STATE_STORE_ANNOTATION, ACTOR_TYPES_ANNOTATION, WorkflowHosting, WORKFLOWS_ANNOTATION } from '../checks/daprkit-annotations';
import { Component } from './component';
import { reportProblem } from './errors';
import { compare } from './access-control-policy';
import { IComponent, IDaprApp } from './refs';

/** Options of `DaprApp.hostsActors`. */
export interface HostsActorsOptions {
  /**
   * The state store that keeps the actors' state. It is scoped to the app; it must set
   * `actorStateStore: true` and be of a type that can hold actor state (Redis, PostgreSQL, MongoDB,
   * …) — synth checks both. One actor state store per app: `hostsWorkflows` must name the same one.
   */
  readonly stateStore: IComponent;
}

/** Options of `DaprApp.hostsWorkflows`. */
export interface HostsWorkflowsOptions {
  /**
   * The actor state store the workflow engine keeps workflow state in (workflows run on actors);
   * the same rules as for `hostsActors`, and the same store when the app also hosts actors.
   */
  readonly stateStore: IComponent;
  /**
   * Names of the workflows the app registers, so callers naming another one are caught at synth.
   * @default - not said: calls to any workflow name are accepted
   */
  readonly workflows?: readonly string[];
  /**
   * Names of the activities the app registers (which other apps' workflows may call).
   * @default - not said
   */
  readonly activities?: readonly string[];
}

/** What hosting needs from an app (DaprApp has it): the app, and a way to scope a Component to it. */
export interface IHostingApp extends IDaprApp {
  uses(...components: Component[]): unknown;
}

/** Writes one pod-template annotation of the app. */
export type PodAnnotator = (key: string, value: string) => void;

/** What an app has declared it hosts. */
export interface DeclaredHosting {
  readonly actorTypes: readonly string[];
  readonly stateStore?: IComponent;
  /** Undefined when the app does not host workflows. */
  readonly workflows?: WorkflowHosting;
}

interface HostingState {
  readonly actorTypes: Set<string>;
  stateStore?: IComponent;
  workflows?: { names?: Set<string>; activities?: Set<string> };
}

const hosting = new WeakMap<IConstruct, HostingState>();

function stateOf(app: IConstruct): HostingState {
  let state = hosting.get(app);
  if (!state) hosting.set(app, (state = { actorTypes: new Set() }));
  return state;
}

/** What `app` declared with hostsActors / hostsWorkflows; undefined when nothing. */
export function declaredHosting(app: IConstruct): DeclaredHosting | undefined {
  const state = hosting.get(app);
  if (!state) return undefined;
  const sorted = (s?: Set<string>) => (s ? [...s].sort(compare) : undefined);
  return {
    actorTypes: sorted(state.actorTypes)!,
    ...(state.stateStore ? { stateStore: state.stateStore } : {}),
    ...(state.workflows ? { workflows: { ...(state.workflows.names ? { workflows: sorted(state.workflows.names)! } : {}), ...(state.workflows.activities ? { activities: sorted(state.workflows.activities)! } : {}) } } : {}),
  };
}

/** An actor type name as Resiliency targets and the annotation can carry it. */
const ACTOR_TYPE = /^[A-Za-z0-9_.-]+$/;

/** Scopes the store to the app and remembers it; false when it cannot serve (reported). */
function acceptStore(app: IHostingApp, state: HostingState, store: IComponent, method: string): boolean {
  if (!store.componentType.startsWith('state.')) {
    reportProblem(app, `${method}.stateStore`, `${store.name} (${store.componentType})`, 'a state store (state.*) with actorStateStore: true', 'pass the state store that keeps the actor state, e.g. StateStore.redis(…, { metadata: { …, actorStateStore: true } }).');
    return false;
  }
  if (state.stateStore && state.stateStore !== store) {
    reportProblem(app, `${method}.stateStore`, store.name, `the app's one actor state store ("${state.stateStore.name}")`, 'Dapr loads one actor state store per app; actors and workflows of an app share it.');
    return false;
  }
  if (Component.isComponent(store)) {
    app.uses(store); // reports a store of another namespace
  } else if (store.namespace !== app.namespace) {
    reportProblem(app, `${method}.stateStore`, `${store.namespace}/${store.name}`, `a state store in namespace "${app.namespace}"`, 'an app loads only Components of its own namespace.');
    return false;
  }
  state.stateStore = store;
  return true;
}

function writeAnnotations(app: IHostingApp, annotate: PodAnnotator): void {
  const declared = declaredHosting(app);
  if (!declared) return;
  if (declared.actorTypes.length > 0) annotate(ACTOR_TYPES_ANNOTATION, declared.actorTypes.join(','));
  if (declared.workflows) annotate(WORKFLOWS_ANNOTATION, JSON.stringify(declared.workflows));
  if (declared.stateStore) annotate(ACTOR_STATE_STORE_ANNOTATION, declared.stateStore.name);
}

/** `DaprApp.hostsActors`: records the actor types and scopes the actor state store to the app. */
export function hostActors(app: IHostingApp, types: readonly string[], options: HostsActorsOptions, annotate: PodAnnotator): void {
  const state = stateOf(app);
  if (types.length === 0) reportProblem(app, 'hostsActors.types', [], 'at least one actor type', 'list the actor types the app registers, e.g. ["Player"].');
  for (const type of types) {
    if (typeof type !== 'string' || !ACTOR_TYPE.test(type)) {
      reportProblem(app, 'hostsActors.types', type, 'an actor type name (letters, digits, ".", "_", "-")', 'use the type name the app registers with its Dapr SDK.');
    } else if (type.startsWith(INTERNAL_ACTOR_TYPE_PREFIX)) {
      reportProblem(app, 'hostsActors.types', type, `a type outside "${INTERNAL_ACTOR_TYPE_PREFIX}*"`, 'daprd reserves those types for workflows and its own actors; use hostsWorkflows for workflows.');
    } else {
      state.actorTypes.add(type);
    }
  }
  acceptStore(app, state, options.stateStore, 'hostsActors');
  writeAnnotations(app, annotate);
}

/** `DaprApp.hostsWorkflows`: records that the app runs workflows and scopes the actor state store to it. */
export function hostWorkflows(app: IHostingApp, options: HostsWorkflowsOptions, annotate: PodAnnotator): void {
  const state = stateOf(app);
  const names = (field: string, list: readonly string[] | undefined): Set<string> | undefined => {
    if (list === undefined) return undefined;
    const valid = list.filter((name) => {
      if (typeof name === 'string' && name.trim() !== '' && name.length <= 256) return true;
      reportProblem(app, `hostsWorkflows.${field}`, name, 'a name of 1 to 256 characters', 'use the name the app registers with its Dapr SDK.');
      return false;
    });
    return new Set(valid);
  };
  const workflows = names('workflows', options.workflows);
  const activities = names('activities', options.activities);
  const merge = (a: Set<string> | undefined, b: Set<string> | undefined) => (a && b ? new Set([...a, ...b]) : (a ?? b));
  state.workflows = { names: merge(state.workflows?.names, workflows), activities: merge(state.workflows?.activities, activities) };
  acceptStore(app, state, options.stateStore, 'hostsWorkflows');
  writeAnnotations(app, annotate);
}
