/**
 * The workflow-call graph: `caller.schedulesWorkflows(host, { workflows, operations, activities })`
 * (and an app using an McpServer whose middleware hooks run on another app) records what the caller
 * does to the host's workflows. Like `invokes` for access control, the graph compiles each host's
 * WorkflowAccessPolicy (`<appId>-workflows`, scoped to the host) from every such call, so the host
 * admits exactly its declared callers — and, being an allow-list, denies every other app.
 *
 * Order does not matter: the edges are kept per construct tree, the policy is created under the host
 * at its first edge, and its rules are computed lazily when it is synthesized. The caller's calls
 * also go on its pod template (`daprkit.io/schedules-workflows`), where the checks read them.
 */
import { IConstruct } from 'constructs';
import { SCHEDULES_WORKFLOWS_ANNOTATION, WorkflowScheduleEdge } from '../checks/daprkit-annotations';
import { globProblem } from '../checks/glob';
import { pushTo } from '../checks/manifest';
import { WORKFLOW_OPERATIONS } from '../dapr/workflows';
import { compare } from './access-control-policy';
import { isConfigurableDaprApp } from './access-control';
import { namespaceField } from './dapr-resource';
import { reportProblem } from './errors';
import { PodAnnotator } from './actors';
import { IDaprApp } from './refs';
import { RenderedWorkflowRule, sortedOperations, WorkflowAccessPolicy, WorkflowOperation } from './workflow-access-policy';

/** Options of `DaprApp.schedulesWorkflows`. */
export interface SchedulesWorkflowsOptions {
  /**
   * Workflows of the host the caller acts on: exact names, or globs (`Order*`).
   * @default - none (then `activities` must name something)
   */
  readonly workflows?: readonly string[];
  /**
   * What the caller does to those workflows.
   * @default [WorkflowOperation.SCHEDULE]
   */
  readonly operations?: readonly WorkflowOperation[];
  /**
   * Activities of the host the caller's workflows call (exact names or globs).
   * @default - none (then `workflows` must name something)
   */
  readonly activities?: readonly string[];
}

/** One recorded call: the caller acts on the host's workflows and activities. */
export interface WorkflowSchedule {
  readonly caller: IDaprApp;
  readonly host: IDaprApp;
  readonly workflows: readonly string[];
  readonly operations: readonly WorkflowOperation[];
  readonly activities: readonly string[];
}

const GRAPH = Symbol.for('daprkit.WorkflowGraph');
const appKey = (app: IDaprApp): string => `${app.namespace}/${app.appId}`;

/** The workflow-call edges of one construct tree, and the policies compiled from them. */
class WorkflowGraph {
  public static of(scope: IConstruct): WorkflowGraph {
    const root = scope.node.root as IConstruct & { [GRAPH]?: WorkflowGraph };
    if (!root[GRAPH]) Object.defineProperty(root, GRAPH, { value: new WorkflowGraph() });
    return root[GRAPH]!;
  }

  private readonly byHost = new Map<string, WorkflowSchedule[]>();
  private readonly byCaller = new Map<string, WorkflowSchedule[]>();
  private readonly policies = new Map<string, WorkflowAccessPolicy>();

  public add(edge: WorkflowSchedule): void {
    pushTo(this.byHost, appKey(edge.host), edge);
    pushTo(this.byCaller, appKey(edge.caller), edge);
    this.ensurePolicy(edge.host);
  }

  /** The compiled policy of a host defined in this tree (created at its first edge). */
  public policyOf(host: IDaprApp): WorkflowAccessPolicy | undefined {
    return this.policies.get(appKey(host));
  }

  /** The caller's edges merged per host, sorted: what its annotation says. */
  public edgesFrom(caller: IDaprApp, annotated: ReadonlySet<WorkflowSchedule>): WorkflowScheduleEdge[] {
    const byHost = new Map<string, WorkflowSchedule[]>();
    for (const e of this.byCaller.get(appKey(caller)) ?? []) if (annotated.has(e)) pushTo(byHost, appKey(e.host), e);
    return [...byHost.keys()].sort(compare).map((key) => {
      const edges = byHost.get(key)!;
      const host = edges[0]!.host;
      const { workflows, activities } = merged(edges);
      return {
        appId: host.appId,
        ...(host.namespace !== caller.namespace ? { namespace: host.namespace } : {}),
        ...(workflows.length ? { workflows } : {}),
        ...(activities.length ? { activities } : {}),
      };
    });
  }

  /** A host's rules: one per caller, granting what its calls use. */
  private rulesFor(host: IDaprApp): RenderedWorkflowRule[] {
    const byCaller = new Map<string, WorkflowSchedule[]>();
    for (const e of this.byHost.get(appKey(host)) ?? []) pushTo(byCaller, e.caller.appId, e);
    return [...byCaller.keys()].sort(compare).map((appID) => {
      const { workflows, activities } = merged(byCaller.get(appID)!);
      return {
        callers: [{ appID }],
        ...(workflows.length ? { workflows } : {}),
        ...(activities.length ? { activities: activities.map((name) => ({ name })) } : {}),
      };
    });
  }

  private ensurePolicy(host: IDaprApp): void {
    // Hosts imported by app-id keep whatever policies are managed with them.
    if (this.policies.has(appKey(host)) || !isConfigurableDaprApp(host)) return;
    const policy = new WorkflowAccessPolicy(host, 'WorkflowAccessPolicy', {
      name: `${host.appId}-workflows`,
      namespace: namespaceField(host, host.namespace),
      scopes: [host],
    });
    policy._addRuleSource(() => this.rulesFor(host));
    this.policies.set(appKey(host), policy);
  }
}

/** Edges of one caller to one host, merged: workflows with the union of their operations, activities once. */
function merged(edges: readonly WorkflowSchedule[]): { workflows: { name: string; operations: string[] }[]; activities: string[] } {
  const ops = new Map<string, Set<string>>();
  const activities = new Set<string>();
  for (const e of edges) {
    for (const name of e.workflows) {
      const set = ops.get(name) ?? new Set<string>();
      for (const op of e.operations) set.add(op);
      ops.set(name, set);
    }
    for (const a of e.activities) activities.add(a);
  }
  return {
    workflows: [...ops.keys()].sort(compare).map((name) => ({ name, operations: sortedOperations(ops.get(name)!) })),
    activities: [...activities].sort(compare),
  };
}

/** Edges written to each caller's annotation (MCP hook edges feed the policy only: the checks read them from the MCPServer). */
const annotatedEdges = new WeakMap<IConstruct, Set<WorkflowSchedule>>();

/**
 * `DaprApp.schedulesWorkflows`: validates and records the call; with `annotate`, also writes the
 * caller's `daprkit.io/schedules-workflows` annotation. Mistakes are reported on the caller.
 */
export function recordWorkflowSchedule(caller: IDaprApp, host: IDaprApp, options: SchedulesWorkflowsOptions, annotate?: PodAnnotator): WorkflowSchedule {
  const names = (field: string, list: readonly string[] | undefined) =>
    (list ?? []).filter((name) => {
      const problem = typeof name !== 'string' || name === '' ? 'it is empty' : name.length > 256 ? 'it is longer than 256 characters' : globProblem(name);
      if (problem) reportProblem(caller, `schedulesWorkflows.${field}`, name, 'a name or a Go path.Match glob', `${problem}.`);
      return problem === undefined;
    });
  const workflows = [...new Set(names('workflows', options.workflows))];
  const activities = [...new Set(names('activities', options.activities))];
  const given = options.operations ?? [WorkflowOperation.SCHEDULE];
  const bad = given.filter((op) => !WORKFLOW_OPERATIONS.includes(op));
  if (bad.length > 0) reportProblem(caller, 'schedulesWorkflows.operations', bad, `operations of ${WORKFLOW_OPERATIONS.join(', ')}`, 'use WorkflowOperation values.');
  const operations = sortedOperations(given) as WorkflowOperation[];
  const schedule: WorkflowSchedule = { caller, host, workflows, operations, activities };
  if (host.appId === caller.appId && host.namespace === caller.namespace) {
    reportProblem(caller, 'schedulesWorkflows', host.appId, 'another app', 'an app runs its own workflows without any policy; declare calls to other apps only.');
    return schedule;
  }
  if (host.namespace !== caller.namespace) {
    reportProblem(caller, 'schedulesWorkflows', `${host.namespace}/${host.appId}`, `a workflow host in namespace "${caller.namespace}"`, 'daprd denies workflow calls from another namespace once the host loads a WorkflowAccessPolicy (and schedulesWorkflows gives it one).');
    return schedule;
  }
  if (workflows.length === 0 && activities.length === 0) {
    reportProblem(caller, 'schedulesWorkflows', { workflows: options.workflows, activities: options.activities }, 'at least one workflow or activity', 'name what the caller uses on the host.');
    return schedule;
  }
  if (workflows.length > 0 && operations.length === 0) {
    reportProblem(caller, 'schedulesWorkflows.operations', given, 'at least one WorkflowOperation', 'say what the caller does, e.g. [WorkflowOperation.SCHEDULE].');
    return schedule;
  }
  const graph = WorkflowGraph.of(caller);
  graph.add(schedule);
  if (annotate) {
    let mine = annotatedEdges.get(caller);
    if (!mine) annotatedEdges.set(caller, (mine = new Set()));
    mine.add(schedule);
    annotate(SCHEDULES_WORKFLOWS_ANNOTATION, JSON.stringify(graph.edgesFrom(caller, mine)));
  }
  return schedule;
}

/** The WorkflowAccessPolicy compiled for `host` from the calls to it, once one was recorded. */
export function compiledWorkflowPolicy(host: IDaprApp): WorkflowAccessPolicy | undefined {
  return WorkflowGraph.of(host).policyOf(host);
}
