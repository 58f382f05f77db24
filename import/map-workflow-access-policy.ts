/**
 * WorkflowAccessPolicies as the callers' `schedulesWorkflows(host, ...)` calls where the policy is
 * exactly what those calls compile to — named `<host>-workflows`, scoped to that host alone, one
 * rule per calling app of the chart, sorted, with nothing else in it — and as an explicit
 * `WorkflowAccessPolicy` otherwise (apps of the chart by variable, other app-ids as text).
 */
import { isDnsSubdomain } from '../checks/formats';
import { globProblem } from '../checks/glob';
import { WORKFLOW_OPERATIONS } from '../dapr/workflows';
import { DeclaredApp, MapContext } from './context';
import { array, call, construct, daprkit, Entry, entry, enumMember, Expr, json, member, nonNull, object, props, ref, scope, Statement } from './ir';
import { asRecord, otherKeys, stringMap, typedObjectUnit } from './metadata';
import { InputObject, PatchTarget, Phase, Unit } from './model';

interface Rule {
  readonly callers: string[];
  readonly workflows: { readonly name: string; readonly operations: string[] }[];
  readonly activities: string[];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (v: readonly string[]) => v.every((x, i) => i === 0 || v[i - 1]! < x);

/** A name or glob the construct takes (it refuses an empty one, a long one or a malformed glob). */
function nameProblem(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.length > 256) return 'a name longer than 256 characters';
  const glob = globProblem(name);
  return glob ? `name ${JSON.stringify(name)} (${glob})` : undefined;
}

/** The rules as read, or why WorkflowAccessPolicy cannot write them. */
function readRules(spec: Record<string, unknown>): Rule[] | string {
  if (otherKeys(spec, ['rules']).length > 0) return `its spec says ${otherKeys(spec, ['rules']).join(', ')}, which Dapr 1.18.3's WorkflowAccessPolicy does not have`;
  if (spec.rules === undefined) return [];
  if (!Array.isArray(spec.rules)) return 'its rules are not a list';
  const rules: Rule[] = [];
  for (const raw of spec.rules) {
    const r = asRecord(raw);
    if (!r) return 'a rule is not an object';
    const extra = otherKeys(r, ['callers', 'workflows', 'activities']);
    if (extra.length > 0) return `a rule says ${extra.join(', ')}, which Dapr 1.18.3's WorkflowAccessPolicy does not have (a rule has callers, workflows and activities)`;
    const callers = Array.isArray(r.callers) ? r.callers.map((c) => (asRecord(c) && otherKeys(asRecord(c), ['appID']).length === 0 ? asRecord(c)!.appID : undefined)) : [];
    if (callers.length === 0 || !callers.every(isString)) return 'a rule has no callers, or a caller that is not an appID';
    const workflows: Rule['workflows'] = [];
    for (const w of Array.isArray(r.workflows) ? r.workflows : r.workflows === undefined ? [] : [null]) {
      const wr = asRecord(w);
      const ops = wr?.operations;
      if (!wr || otherKeys(wr, ['name', 'operations']).length > 0 || !isString(wr.name) || !Array.isArray(ops) || ops.length === 0 || !ops.every(isString)) {
        return 'a workflow rule is not a name with operations';
      }
      const bad = (ops as string[]).filter((op) => !WORKFLOW_OPERATIONS.includes(op));
      if (bad.length > 0) return `a workflow rule grants ${bad.map((b) => JSON.stringify(b)).join(', ')}, not one of the operations (${WORKFLOW_OPERATIONS.join(', ')})`;
      workflows.push({ name: wr.name, operations: ops as string[] });
    }
    const activities: string[] = [];
    for (const a of Array.isArray(r.activities) ? r.activities : r.activities === undefined ? [] : [null]) {
      const ar = asRecord(a);
      if (!ar || otherKeys(ar, ['name']).length > 0 || !isString(ar.name)) return 'an activity rule is not a name';
      activities.push(ar.name);
    }
    if (workflows.length === 0 && activities.length === 0) return 'a rule grants no workflow and no activity (the CRD refuses it)';
    const problem = [...workflows.map((w) => w.name), ...activities].map(nameProblem).find((p) => p !== undefined);
    if (problem) return `a rule has ${problem}`;
    rules.push({ callers: callers as string[], workflows, activities });
  }
  return rules;
}

/** Operations in the CRD's order, once each: how the construct writes them. */
const inCrdOrder = (ops: readonly string[]) => WORKFLOW_OPERATIONS.filter((op) => ops.includes(op));

/**
 * The callers' `schedulesWorkflows` calls when they compile to exactly this policy: the one that
 * `schedulesWorkflows` makes for the host (`<host>-workflows`, scoped to it), one rule per calling
 * app of the chart, callers and names sorted, operations in the CRD's order.
 */
function asSchedules(name: string, scopes: readonly string[], rules: readonly Rule[], ctx: MapContext): { host: DeclaredApp; calls: { caller: DeclaredApp; options: Expr }[] } | undefined {
  const host = scopes.length === 1 ? ctx.chart.apps.get(scopes[0]!) : undefined;
  if (!host || name !== `${scopes[0]}-workflows` || rules.length === 0) return undefined;
  const callerIds = rules.map((r) => r.callers[0]!);
  if (rules.some((r) => r.callers.length !== 1) || !sortedUnique(callerIds) || callerIds.some((c) => c === scopes[0] || !ctx.chart.apps.has(c))) return undefined;
  const calls: { caller: DeclaredApp; options: Expr }[] = [];
  for (const rule of rules) {
    if (!sortedUnique(rule.workflows.map((w) => w.name)) || !sortedUnique(rule.activities)) return undefined;
    if (rule.workflows.some((w) => w.operations.join() !== inCrdOrder(w.operations).join())) return undefined;
    const caller = ctx.chart.apps.get(rule.callers[0]!)!;
    // One call per set of operations; the activities ride on the first.
    const groups = new Map<string, string[]>();
    for (const w of rule.workflows) groups.set(w.operations.join(), [...(groups.get(w.operations.join()) ?? []), w.name]);
    const entries: Entry[][] = [...groups].map(([ops, names]) => [
      entry('workflows', json(names)),
      ...(ops === 'schedule' ? [] : [entry('operations', array(ops.split(',').map((op) => enumMember('WorkflowOperation', op.toUpperCase()))))]),
    ]);
    if (rule.activities.length > 0) {
      if (entries.length === 0) entries.push([]);
      entries[0]!.push(entry('activities', json(rule.activities)));
    }
    for (const e of entries) calls.push({ caller, options: object(e) });
  }
  return { host, calls };
}

export function mapWorkflowAccessPolicy(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes WorkflowAccessPolicies as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  const md = asRecord(m.metadata) ?? {};
  const name = md.name;
  if (!isString(name) || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const scopes = m.scopes === undefined ? [] : Array.isArray(m.scopes) && m.scopes.every(isString) ? (m.scopes as string[]) : undefined;
  if (!scopes) return 'its scopes are not app-ids';
  const rules = readRules(asRecord(m.spec) ?? {});
  if (typeof rules === 'string') return rules;
  const unit = object_.index;
  const statements: Statement[] = [];
  const annotations = stringMap(md.annotations) ?? {};
  const plainMetadata = md.labels === undefined && Object.keys(annotations).every((k) => k.startsWith('daprkit.io/'));
  const sorted = [...scopes].sort(byCodePoint);
  const schedules = plainMetadata && scopes.join() === sorted.join() ? asSchedules(name, scopes, rules, ctx) : undefined;
  if (schedules) {
    for (const c of schedules.calls) statements.push({ expr: call(member(ref(c.caller.variable), 'schedulesWorkflows'), ref(schedules.host.variable), c.options), unit });
    // The policy the calls compile: `compiledWorkflowPolicy(host)!.apiObject`, for its escape hatch and suppressions.
    const apiObject = member(nonNull(call(daprkit('compiledWorkflowPolicy'), ref(schedules.host.variable))), 'apiObject');
    return {
      objects: [object_],
      as: `${schedules.calls[0]!.caller.construct}.schedulesWorkflows`,
      statements,
      patchTargets: new Map<number, PatchTarget>([[unit, { object: apiObject, method: 'addJsonPatch' }]]),
      metadataOf: new Map([[unit, member(apiObject, 'metadata')]]),
      phase: Phase.INVOCATION,
    };
  }
  const app = (appId: string): Expr => (ctx.chart.apps.has(appId) ? ref(ctx.chart.apps.get(appId)!.variable) : json(appId));
  const variable = ctx.chart.variables.take(name, 'policy');
  const id = ctx.chart.ids.take(name, 'WorkflowAccessPolicy');
  const ruleProps = rules.map((r) =>
    props([
      entry('callers', array(r.callers.map(app))),
      r.workflows.length > 0
        ? entry('workflows', array(r.workflows.map((w) => object([entry('name', json(w.name)), entry('operations', array(w.operations.map((op) => enumMember('WorkflowOperation', op.toUpperCase()))))]))))
        : undefined,
      r.activities.length > 0 ? entry('activities', json(r.activities)) : undefined,
    ]),
  );
  statements.push({
    declares: variable,
    expr: construct(daprkit('WorkflowAccessPolicy'), scope, json(id), props([
      id !== name ? entry('name', json(name)) : undefined,
      scopes.length > 0 ? entry('scopes', array(scopes.map(app))) : undefined,
      rules.length > 0 ? entry('rules', array(ruleProps)) : undefined,
    ])),
    unit,
  });
  return typedObjectUnit(object_, ref(variable), {
    as: 'WorkflowAccessPolicy',
    variable,
    statements,
    phase: Phase.INVOCATION,
  });
}
