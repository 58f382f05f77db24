/**
 * Resiliency objects as `ResiliencyPolicy`: each named policy declared once (`addTimeout`,
 * `addRetry`, `addCircuitBreaker`) and wired to its targets (`forApp`, `forActor`,
 * `forComponent`). A policy or target daprkit would write differently is left to the escape hatch.
 */
import { isDnsSubdomain, dnsLabelProblem } from '../checks/formats';
import { parseTripExpression } from '../checks/trip-expression';
import { MapContext } from './context';
import { call, construct, daprkit, Entry, entry, enumMember, Expr, json, member, object, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, own, typedObjectUnit } from './metadata';
import { InputObject, Phase, Unit } from './model';
import { durationExpr } from './values';

const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const isString = (v: unknown): v is string => typeof v === 'string';
const within = (r: Record<string, unknown>, keys: readonly string[]) => Object.keys(r).every((k) => keys.includes(k));

/** `429,500-504` as numbers and ranges, when daprkit writes them back the same (sorted). */
function codes(text: unknown, min: number, max: number): Expr | undefined {
  if (!isString(text) || text === '') return undefined;
  const ranges = text.split(',').map((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    return m ? { from: Number(m[1]), to: Number(m[2] ?? m[1]) } : undefined;
  });
  if (ranges.some((r) => !r || r.from < min || r.to > max || r.from > r.to)) return undefined;
  const rendered = [...(ranges as { from: number; to: number }[])].sort((a, b) => a.from - b.from || a.to - b.to).map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',');
  if (rendered !== text) return undefined;
  return { kind: 'array', items: (ranges as { from: number; to: number }[]).map((r) => (r.from === r.to ? json(r.from) : object([entry('from', json(r.from)), entry('to', json(r.to))]))) };
}

function retry(r: Record<string, unknown>): Expr | undefined {
  if (!within(r, ['policy', 'duration', 'maxInterval', 'maxRetries', 'matching'])) return undefined;
  const max = r.maxRetries === -1 ? member(daprkit('Retry'), 'FOREVER') : Number.isInteger(r.maxRetries) && (r.maxRetries as number) >= 0 ? json(r.maxRetries as number) : undefined;
  if (!max) return undefined;
  let matching: Expr | undefined;
  const m = asRecord(r.matching);
  if (r.matching !== undefined) {
    if (!m || !within(m, ['httpStatusCodes', 'gRPCStatusCodes'])) return undefined;
    const http = m.httpStatusCodes === undefined ? undefined : codes(m.httpStatusCodes, 100, 599);
    const grpc = m.gRPCStatusCodes === undefined ? undefined : codes(m.gRPCStatusCodes, 0, 16);
    if ((m.httpStatusCodes !== undefined && !http) || (m.gRPCStatusCodes !== undefined && !grpc)) return undefined;
    matching = props([http ? entry('httpStatusCodes', http) : undefined, grpc ? entry('grpcStatusCodes', grpc) : undefined]);
  }
  if (r.policy === 'constant' && r.maxInterval === undefined && isString(r.duration)) {
    const interval = durationExpr(r.duration);
    return interval ? staticCall('Retry', 'constant', interval, max, ...(matching ? [matching] : [])) : undefined;
  }
  if (r.policy === 'exponential' && r.duration === undefined) {
    const maxInterval = r.maxInterval === undefined ? undefined : isString(r.maxInterval) ? durationExpr(r.maxInterval) : undefined;
    if (r.maxInterval !== undefined && !maxInterval) return undefined;
    return staticCall('Retry', 'exponential', props([maxInterval ? entry('maxInterval', maxInterval) : undefined, entry('maxRetries', max), matching ? entry('matching', matching) : undefined]));
  }
  return undefined;
}

function circuitBreaker(cb: Record<string, unknown>): Expr | undefined {
  if (!within(cb, ['trip', 'maxRequests', 'interval', 'timeout']) || !isString(cb.trip) || cb.trip !== cb.trip.trim() || !parseTripExpression(cb.trip).ok) return undefined;
  const consecutive = /^consecutiveFailures >= ([1-9]\d*)$/.exec(cb.trip);
  const trip = consecutive ? staticCall('Trip', 'consecutiveFailures', json(Number(consecutive[1]))) : staticCall('Trip', 'expression', json(cb.trip));
  if (cb.maxRequests !== undefined && !(Number.isInteger(cb.maxRequests) && (cb.maxRequests as number) >= 1)) return undefined;
  const interval = cb.interval === undefined ? undefined : isString(cb.interval) ? durationExpr(cb.interval) : undefined;
  const timeout = cb.timeout === undefined ? undefined : isString(cb.timeout) ? durationExpr(cb.timeout) : undefined;
  if ((cb.interval !== undefined && !interval) || (cb.timeout !== undefined && !timeout)) return undefined;
  return props([
    entry('trip', trip),
    cb.maxRequests !== undefined ? entry('maxRequests', json(cb.maxRequests as number)) : undefined,
    interval ? entry('interval', interval) : undefined,
    timeout ? entry('timeout', timeout) : undefined,
  ]);
}

/** A target's policy references: the declared policy's variable, or its name as written. */
function targetPolicies(t: Record<string, unknown>, declared: Map<string, string>, extra: readonly string[]): Entry[] | undefined {
  if (!within(t, ['timeout', 'retry', 'circuitBreaker', ...extra])) return undefined;
  const out: Entry[] = [];
  for (const kind of ['timeout', 'retry', 'circuitBreaker'] as const) {
    const v = t[kind];
    if (v === undefined) continue;
    if (!isString(v)) return undefined;
    const variable = declared.get(`${kind}:${v}`);
    out.push(entry(kind, variable ? ref(variable) : json(v)));
  }
  return out.length > 0 ? out : undefined;
}

export function mapResiliency(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes Resiliency as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  const name = asRecord(m.metadata)?.name;
  if (!isString(name) || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const spec = asRecord(m.spec) ?? {};
  const policies = asRecord(spec.policies) ?? {};
  const targets = asRecord(spec.targets) ?? {};
  const unit = object_.index;
  const statements: Statement[] = [];
  const variable = ctx.chart.variables.take(name, 'resiliency');
  const id = ctx.chart.ids.take(name, 'Resiliency');
  const app = (appId: string): Expr =>
    ctx.chart.apps.has(appId) ? ref(ctx.chart.apps.get(appId)!.variable) : staticCall('DaprApp', 'fromAppId', scope, json(ctx.chart.ids.take(`${appId}-app`, 'ref')), json(appId));
  const scopes = Array.isArray(m.scopes) && m.scopes.every((s) => isString(s) && !dnsLabelProblem(s)) ? (m.scopes as string[]) : [];
  statements.push({
    declares: variable,
    expr: construct(daprkit('ResiliencyPolicy'), scope, json(id), props([id !== name ? entry('name', json(name)) : undefined, scopes.length > 0 ? entry('scopes', { kind: 'array', items: scopes.map(app) }) : undefined])),
    unit,
  });
  const self = ref(variable);
  const declared = new Map<string, string>();
  const declare = (kind: 'timeout' | 'retry' | 'circuitBreaker', policyName: string, method: string, value: Expr) => {
    const v = ctx.chart.variables.take(policyName, kind);
    declared.set(`${kind}:${policyName}`, v);
    statements.push({ declares: v, expr: call(member(self, method), json(policyName), value), unit });
  };
  for (const [policyName, text] of Object.entries(asRecord(policies.timeouts) ?? {})) {
    const d = isString(text) ? durationExpr(text) : undefined;
    if (d && POLICY_NAME.test(policyName)) declare('timeout', policyName, 'addTimeout', d);
  }
  for (const [policyName, r] of Object.entries(asRecord(policies.retries) ?? {})) {
    const value = asRecord(r) && retry(asRecord(r)!);
    if (value && POLICY_NAME.test(policyName)) declare('retry', policyName, 'addRetry', value);
  }
  for (const [policyName, cb] of Object.entries(asRecord(policies.circuitBreakers) ?? {})) {
    const value = asRecord(cb) && circuitBreaker(asRecord(cb)!);
    if (value && POLICY_NAME.test(policyName)) declare('circuitBreaker', policyName, 'addCircuitBreaker', value);
  }
  for (const [appId, t] of Object.entries(asRecord(targets.apps) ?? {})) {
    const target = asRecord(t);
    const refs = target && targetPolicies(target, declared, ['circuitBreakerCacheSize']);
    if (!refs || dnsLabelProblem(appId)) continue;
    const cache = target!.circuitBreakerCacheSize;
    if (cache !== undefined && !(Number.isInteger(cache) && (cache as number) >= 1)) continue;
    statements.push({ expr: call(member(self, 'forApp'), app(appId), object([...refs, ...(cache !== undefined ? [entry('circuitBreakerCacheSize', json(cache as number))] : [])])), unit });
  }
  const scopesOfBreaker: Readonly<Record<string, string>> = { type: 'TYPE', id: 'ID', both: 'BOTH' };
  for (const [actorType, t] of Object.entries(asRecord(targets.actors) ?? {})) {
    const target = asRecord(t);
    const refs = target && targetPolicies(target, declared, ['circuitBreakerScope', 'circuitBreakerCacheSize']);
    if (!refs || !/^[A-Za-z0-9_.-]+$/.test(actorType)) continue;
    const breakerScope = target!.circuitBreakerScope;
    const cache = target!.circuitBreakerCacheSize;
    if (breakerScope !== undefined && !(isString(breakerScope) && own(scopesOfBreaker, breakerScope))) continue;
    if (cache !== undefined && !(Number.isInteger(cache) && (cache as number) >= 1)) continue;
    statements.push({
      expr: call(member(self, 'forActor'), json(actorType), object([
        ...refs,
        ...(breakerScope !== undefined ? [entry('circuitBreakerScope', enumMember('CircuitBreakerScope', own(scopesOfBreaker, breakerScope as string)!))] : []),
        ...(cache !== undefined ? [entry('circuitBreakerCacheSize', json(cache as number))] : []),
      ])),
      unit,
    });
  }
  for (const [componentName, t] of Object.entries(asRecord(targets.components) ?? {})) {
    const target = asRecord(t);
    const component = ctx.chart.components.get(componentName);
    if (!target || !component || !within(target, ['inbound', 'outbound'])) continue;
    const directions: Entry[] = [];
    let ok = true;
    for (const direction of ['outbound', 'inbound'] as const) {
      if (target[direction] === undefined) continue;
      const refs = asRecord(target[direction]) && targetPolicies(asRecord(target[direction])!, declared, []);
      if (!refs) ok = false;
      else directions.push(entry(direction, object(refs)));
    }
    if (ok && directions.length > 0) statements.push({ expr: call(member(self, 'forComponent'), ref(component.variable), object(directions)), unit });
  }
  return typedObjectUnit(object_, self, {
    as: 'ResiliencyPolicy',
    variable,
    statements,
    phase: Phase.RESILIENCY,
  });
}
