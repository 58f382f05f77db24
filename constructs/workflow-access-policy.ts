/**
 * WorkflowAccessPolicy: Dapr 1.18's `dapr.io/v1alpha1 WorkflowAccessPolicy` — which other apps may
 * schedule, terminate, raise events on, … which workflows of a host, and call which of its
 * activities.
 *
 * It is an allow-list, enforced by the sidecars of the apps in its scopes (every app of the
 * namespace when unscoped): while a host loads no policy, every app may call its workflows; as soon
 * as it loads one, every cross-app call no rule grants is denied — including calls from other
 * namespaces (always), and all calls when mTLS is off (callers are identified by their mTLS
 * certificates). The host's own calls are never checked. Several policies of a host add up.
 *
 * `caller.schedulesWorkflows(host, …)` compiles such a policy for each host from the calls the
 * program declares; write one by hand for callers outside the program, or for globs.
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { dnsLabelProblem } from '../checks/formats';
import { globProblem } from '../checks/glob';
import { WORKFLOW_OPERATIONS } from '../dapr/workflows';
import { resourceName } from './dapr-resource';
import { reportProblem } from './errors';
import { IDaprApp } from './refs';
import { ScopeSet } from './scope-set';

/** What a caller may do to a workflow of the host (the CRD's operations). */
export enum WorkflowOperation {
  /** Start the workflow (as a child workflow of the caller's workflow). */
  SCHEDULE = 'schedule',
  TERMINATE = 'terminate',
  /** Raise an external event on it. */
  RAISE = 'raise',
  PAUSE = 'pause',
  RESUME = 'resume',
  PURGE = 'purge',
  /** Read its status. */
  GET = 'get',
  /** Re-run it from an event (and fork its history). */
  RERUN = 'rerun',
}

/** Workflows (by exact name or glob) and the operations a rule grants on them. */
export interface WorkflowGrant {
  /** A workflow name, or a Go `path.Match` glob such as `Order*`. */
  readonly name: string;
  /** At least one operation. */
  readonly operations: readonly WorkflowOperation[];
}

/** One rule: its callers may do what its workflow and activity grants say. */
export interface WorkflowAccessRule {
  /** The calling apps (apps of the policy's namespace; daprd denies other namespaces). At least one. */
  readonly callers: ReadonlyArray<IDaprApp | string>;
  /**
   * Workflows the callers may act on.
   * @default - none (then `activities` must grant something)
   */
  readonly workflows?: readonly WorkflowGrant[];
  /**
   * Activities (exact names or globs) the callers' workflows may call on the host.
   * @default - none (then `workflows` must grant something)
   */
  readonly activities?: readonly string[];
}

export interface WorkflowAccessPolicyProps {
  /**
   * `metadata.name`.
   * @default - the construct id (must then be a DNS subdomain)
   */
  readonly name?: string;
  /**
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The workflow hosts whose sidecars enforce the policy (`scopes`); more with `addScope`.
   * @default - unscoped: every app of the namespace enforces it, so each becomes allow-list-only
   */
  readonly scopes?: ReadonlyArray<IDaprApp | string>;
  /**
   * The rules; more with `addRule`.
   * @default - none: the hosts deny every cross-app workflow call
   */
  readonly rules?: readonly WorkflowAccessRule[];
}

/** A rule as the CRD has it. */
export interface RenderedWorkflowRule {
  readonly callers: { appID: string }[];
  readonly workflows?: { name: string; operations: string[] }[];
  readonly activities?: { name: string }[];
}

/** Limits of the CRD (dapr/dapr master's; 1.18.3's CRD has none, but daprd upgrades should not break). */
export const WORKFLOW_ACCESS_POLICY_LIMITS = { rules: 100, callers: 100, workflows: 100, activities: 100, nameLength: 256 } as const;

const POLICY = Symbol.for('daprkit.WorkflowAccessPolicy');

/** Operations in the CRD's order, each once. */
export function sortedOperations(operations: Iterable<string>): string[] {
  const set = new Set(operations);
  return WORKFLOW_OPERATIONS.filter((op) => set.has(op));
}

export class WorkflowAccessPolicy extends Construct {
  public static isWorkflowAccessPolicy(x: unknown): x is WorkflowAccessPolicy {
    return typeof x === 'object' && x !== null && POLICY in x;
  }

  public readonly name: string;
  public readonly namespace: string;
  /** Escape hatch: the underlying ApiObject (e.g. `addJsonPatch` for fields daprkit does not type). */
  public readonly apiObject: ApiObject;

  private readonly scopeSet: ScopeSet;
  private readonly explicitRules: RenderedWorkflowRule[] = [];
  private readonly ruleSources: (() => RenderedWorkflowRule[])[] = [];

  constructor(scope: Construct, id: string, props: WorkflowAccessPolicyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, POLICY, { value: true });
    let namespace = props.namespace;
    if (namespace !== undefined && dnsLabelProblem(namespace)) {
      reportProblem(this, 'namespace', namespace, 'a DNS label', `${dnsLabelProblem(namespace)}.`);
      namespace = undefined;
    }
    this.namespace = namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.name = resourceName(this, props.name);
    this.scopeSet = new ScopeSet(this, this.namespace);
    for (const app of props.scopes ?? []) this.addScope(app);
    for (const rule of props.rules ?? []) this.addRule(rule);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'WorkflowAccessPolicy',
      metadata: { name: this.name, namespace },
      scopes: Lazy.any({ produce: () => this.scopeSet.render() }),
      spec: Lazy.any({ produce: () => ({ rules: this.rules }) }),
    });
    this.node.addValidation({
      validate: () => {
        const count = this.rules.length;
        const max = WORKFLOW_ACCESS_POLICY_LIMITS.rules;
        return count > max ? [`rules: ${count} rules, more than the CRD's ${max}. Fix: split the callers over several policies scoped to the same host.`] : [];
      },
    });
  }

  /** The workflow hosts that enforce the policy, sorted; empty when unscoped. */
  public get scopes(): string[] {
    return this.scopeSet.appIds;
  }

  /** Every rule, as rendered: the ones added here, then the compiled ones. */
  public get rules(): RenderedWorkflowRule[] {
    return [...this.explicitRules, ...this.ruleSources.flatMap((source) => source())];
  }

  /** Lets one more workflow host enforce the policy. */
  public addScope(app: IDaprApp | string): this {
    this.scopeSet.add(app);
    return this;
  }

  /** Adds a rule; a mistake is reported at synth and the bad part left out. */
  public addRule(rule: WorkflowAccessRule): this {
    const limits = WORKFLOW_ACCESS_POLICY_LIMITS;
    const callers = [...new Set(rule.callers.flatMap((c) => this.callerId(c)))];
    if (callers.length === 0 || callers.length > limits.callers) {
      reportProblem(this, 'rules.callers', rule.callers.map((c) => (typeof c === 'string' ? c : c.appId)), `1 to ${limits.callers} calling apps`, 'name the apps the rule admits (split longer lists over several rules).');
      return this;
    }
    const workflows = (rule.workflows ?? []).flatMap((grant) => {
      if (!this.validName('rules.workflows.name', grant.name)) return [];
      const bad = grant.operations.filter((op) => !WORKFLOW_OPERATIONS.includes(op));
      if (bad.length > 0) reportProblem(this, `rules.workflows["${grant.name}"].operations`, bad, `operations of ${WORKFLOW_OPERATIONS.join(', ')}`, 'use WorkflowOperation values.');
      const operations = sortedOperations(grant.operations);
      if (operations.length === 0) {
        reportProblem(this, `rules.workflows["${grant.name}"].operations`, grant.operations, 'at least one WorkflowOperation', 'say what the callers may do, e.g. [WorkflowOperation.SCHEDULE].');
        return [];
      }
      return [{ name: grant.name, operations }];
    });
    const activities = (rule.activities ?? []).filter((name) => this.validName('rules.activities', name)).map((name) => ({ name }));
    if (workflows.length === 0 && activities.length === 0) {
      reportProblem(this, 'rules', callers, 'a rule granting workflows or activities', 'list what the callers may use; the CRD refuses a rule that grants nothing.');
      return this;
    }
    if (workflows.length > limits.workflows || activities.length > limits.activities) {
      reportProblem(this, 'rules', `${workflows.length} workflows, ${activities.length} activities`, `at most ${limits.workflows} of each per rule`, 'use globs, or split the rule.');
      return this;
    }
    this.explicitRules.push({
      callers: callers.map((appID) => ({ appID })),
      ...(workflows.length ? { workflows } : {}),
      ...(activities.length ? { activities } : {}),
    });
    return this;
  }

  /** @internal A source of rules evaluated at synth (the compiled schedule graph uses this). */
  public _addRuleSource(source: () => RenderedWorkflowRule[]): void {
    this.ruleSources.push(source);
  }

  private callerId(caller: IDaprApp | string): string[] {
    const appId = typeof caller === 'string' ? caller : caller.appId;
    if (typeof caller !== 'string' && caller.namespace !== this.namespace) {
      reportProblem(this, 'rules.callers', `${caller.namespace}/${caller.appId}`, `an app in namespace "${this.namespace}"`, 'daprd denies every workflow call from another namespace once a policy is loaded.');
      return [];
    }
    const problem = dnsLabelProblem(appId);
    if (problem) {
      reportProblem(this, 'rules.callers', appId, 'an app-id (a DNS label)', `${problem}; pass the caller's dapr.io/app-id.`);
      return [];
    }
    return [appId];
  }

  private validName(field: string, name: string): boolean {
    const problem = typeof name !== 'string' || name === '' ? 'it is empty' : name.length > WORKFLOW_ACCESS_POLICY_LIMITS.nameLength ? 'it is longer than 256 characters' : globProblem(name);
    if (problem) reportProblem(this, field, name, 'a name or a Go path.Match glob', `${problem}; escape a literal [ or \\ with \\.`);
    return problem === undefined;
  }
}
