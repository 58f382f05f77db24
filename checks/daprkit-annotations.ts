/**
 * Annotations daprkit itself writes (on pod templates, Components and HTTPEndpoints), so that checks
 * over plain manifests can see intent that Dapr's own YAML has no place for. Dapr ignores them
 * (they are outside `dapr.io/`); hand-written YAML may set them too.
 */

/**
 * The service invocations an app makes, as JSON: `InvocationEdge[]`.
 * Written by `DaprApp.invokes()`; read by the access-control checks.
 */
export const INVOKES_ANNOTATION = 'daprkit.io/invokes';

/** One HTTP operation on the callee: a path (Dapr matches `*` and `**` suffixes) and the verbs used. */
export interface InvokedOperation {
  readonly path: string;
  /** Upper-case HTTP verbs; empty or absent means every verb. */
  readonly verbs?: readonly string[];
}

/** One edge of the invocation graph, as recorded on the caller's pod template. */
export interface InvocationEdge {
  readonly appId: string;
  /** The callee's namespace; absent means the caller's own. */
  readonly namespace?: string;
  readonly operations: readonly InvokedOperation[];
}

/** Parses the annotation; returns undefined when it is not a well-formed edge list. */
export function parseInvocations(value: string | undefined): InvocationEdge[] | undefined {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    for (const edge of parsed) {
      if (edge === null || typeof edge !== 'object' || typeof (edge as InvocationEdge).appId !== 'string') return undefined;
      if (!Array.isArray((edge as InvocationEdge).operations)) return undefined;
    }
    return parsed as InvocationEdge[];
  } catch {
    return undefined;
  }
}

// --- on Components and HTTPEndpoints ---------------------------------------------------------

/**
 * Comma-separated metadata field names whose plaintext value was chosen explicitly
 * (`SecretValue.unsafePlainText`); the sensitive-plaintext check accepts those fields.
 */
export const PLAINTEXT_OK_ANNOTATION = 'daprkit.io/plaintext-ok';

/**
 * `"true"` marks a Component whose `spec.type` is deliberately outside the catalog (a pluggable
 * or in-house component, `ComponentType.custom`); the catalog checks skip it.
 */
export const CUSTOM_TYPE_ANNOTATION = 'daprkit.io/custom-type';

/** Splits a comma-separated annotation value into trimmed, non-empty names. */
export function annotationList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// --- on pod templates: explicit opt-outs ------------------------------------------------------

/**
 * Why a pod does not meet the "restricted" Pod Security Standard (any non-empty text); the
 * pod-security check accepts the pod. Written by DaprApp `podSecurityExemption` / `runAsRoot`.
 */
export const POD_SECURITY_EXEMPT_ANNOTATION = 'daprkit.io/pod-security-exempt';

// --- on any object ---------------------------------------------------------------------------

/**
 * Comma-separated check ids whose findings on this object are deliberate exceptions and are not
 * reported (`daprkit.io/ignore: component-unscoped,scope-unknown-app`). Read from the object's own
 * metadata and, for workloads, from the pod template.
 */
export const IGNORE_ANNOTATION = 'daprkit.io/ignore';

// --- on pod templates: actors, workflows and their callers (issue 19) ------------------------

/**
 * The actor types an app hosts, comma-separated (`Player,Room`). Written by
 * `DaprApp.hostsActors()`; the actor checks read it (hosts need exactly one actor state store).
 */
export const ACTOR_TYPES_ANNOTATION = 'daprkit.io/actor-types';

/**
 * The state store an actor or workflow host was given (`hostsActors` / `hostsWorkflows`), so the
 * checks can say what is wrong with that very store.
 */
export const ACTOR_STATE_STORE_ANNOTATION = 'daprkit.io/actor-state-store';

/**
 * That the app hosts workflows, as JSON `WorkflowHosting` (`{}` when the names are not given).
 * Written by `DaprApp.hostsWorkflows()`.
 */
export const WORKFLOWS_ANNOTATION = 'daprkit.io/workflows';

/**
 * The workflows and activities an app schedules on other apps, as JSON `WorkflowScheduleEdge[]`.
 * Written by `DaprApp.schedulesWorkflows()` (and by `uses(mcpServer)` for middleware hooks on
 * other apps); read by the WorkflowAccessPolicy checks.
 */
export const SCHEDULES_WORKFLOWS_ANNOTATION = 'daprkit.io/schedules-workflows';

/** The workflow and activity names a host registers; absent lists mean "not said". */
export interface WorkflowHosting {
  readonly workflows?: readonly string[];
  readonly activities?: readonly string[];
}

/** One workflow of a schedule edge: its name (or glob) and the operations the caller performs. */
export interface ScheduledWorkflow {
  readonly name: string;
  readonly operations: readonly string[];
}

/** What a caller does to the workflows and activities of one host. */
export interface WorkflowScheduleEdge {
  readonly appId: string;
  /** The host's namespace; absent means the caller's own. */
  readonly namespace?: string;
  readonly workflows?: readonly ScheduledWorkflow[];
  readonly activities?: readonly string[];
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Reads `daprkit.io/workflows`; undefined when it is not well-formed. */
export function parseWorkflowHosting(value: string): WorkflowHosting | undefined {
  if (value.trim() === '' || value.trim() === 'true') return {};
  const parsed = parseJson(value);
  if (!isObject(parsed)) return undefined;
  for (const key of ['workflows', 'activities']) if (parsed[key] !== undefined && !isStringList(parsed[key])) return undefined;
  return parsed as WorkflowHosting;
}

/** Reads `daprkit.io/schedules-workflows`; undefined when it is not well-formed. */
export function parseWorkflowSchedules(value: string): WorkflowScheduleEdge[] | undefined {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  for (const edge of parsed) {
    if (!isObject(edge) || typeof edge.appId !== 'string') return undefined;
    if (edge.namespace !== undefined && typeof edge.namespace !== 'string') return undefined;
    if (edge.activities !== undefined && !isStringList(edge.activities)) return undefined;
    if (edge.workflows !== undefined) {
      if (!Array.isArray(edge.workflows)) return undefined;
      for (const wf of edge.workflows) if (!isObject(wf) || typeof wf.name !== 'string' || !isStringList(wf.operations)) return undefined;
    }
  }
  return parsed as WorkflowScheduleEdge[];
}

// --- on pod templates: intent of jobs and apps (issue 18) -------------------------------------

/**
 * `"true"` on a Job's or CronJob's pod: the app calls daprd's `/v1.0/shutdown` when it is done, so
 * the Job completes without a native sidecar (the `job-native-sidecar` check accepts it). Written
 * by DaprJob `callsShutdownApi`.
 */
export const CALLS_SHUTDOWN_ANNOTATION = 'daprkit.io/calls-shutdown';

/**
 * The topics an app subscribes to in its own code (it answers `/dapr/subscribe` itself), as JSON:
 * `InCodeSubscription[]`. Written by `subscribesInCode()`; read by the checks, `graph` and `dev`.
 */
export const SUBSCRIBES_IN_CODE_ANNOTATION = 'daprkit.io/subscribes-in-code';

/** One subscription an app makes in code. */
export interface InCodeSubscription {
  readonly pubsub: string;
  readonly topic: string;
  /** The app path events go to, when known. */
  readonly route?: string;
}

/** Parses the annotation; undefined when it is not a well-formed list. */
export function parseInCodeSubscriptions(value: string | undefined): InCodeSubscription[] | undefined {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    for (const s of parsed) {
      if (s === null || typeof s !== 'object') return undefined;
      const { pubsub, topic, route } = s as Record<string, unknown>;
      if (typeof pubsub !== 'string' || typeof topic !== 'string' || (route !== undefined && typeof route !== 'string')) return undefined;
    }
    return parsed as InCodeSubscription[];
  } catch {
    return undefined;
  }
}
