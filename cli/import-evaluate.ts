/**
 * Runs the program `daprkit import` is about to write, in memory, against daprkit itself: every
 * statement is evaluated as the printed TypeScript would run it, then each construct's own
 * validation and each object's synthesis. What comes out is compared with the input; whatever
 * goes wrong is pinned to the unit (the object) whose statement caused it, so that unit alone
 * falls back to raw objects.
 */
import * as cdk8s from 'cdk8s';
import { IConstruct } from 'constructs';
import * as daprkit from '../index';
import { Manifest } from '../checks/types';
import { ChartCode, Expr, Module } from '../import/ir';

const MODULES: Readonly<Record<Module, Record<string, unknown>>> = {
  daprkit: daprkit as unknown as Record<string, unknown>,
  cdk8s: cdk8s as unknown as Record<string, unknown>,
};

/** One synthesized object and the unit that produced it (undefined when no statement owns it). */
export interface EvaluatedObject {
  readonly manifest: Manifest;
  readonly unit?: number;
  readonly constructPath: string;
}

export interface Evaluation {
  readonly objects: EvaluatedObject[];
  /** Units whose statements, constructs or objects failed, with the first message. */
  readonly failures: Map<number, string>;
  /** Problems no unit owns (a bug in the importer). */
  readonly unowned: string[];
  /** The app, for a final checked synthesis. */
  readonly app: daprkit.DaprkitApp;
}

class Frame {
  readonly variables = new Map<string, unknown>();
  /** The unit that declared each variable. */
  readonly declaredBy = new Map<string, number | undefined>();
  constructor(readonly scope: IConstruct) {}
}

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && 'node' in x && (x as { node?: unknown }).node instanceof Object && typeof (x as IConstruct).node.path === 'string';
}

/** A plain object with the given own properties (`__proto__` included as an own property, as the printed computed key does). */
function plainObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

function jsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return plainObject(Object.keys(value).map((k) => [k, jsonValue((value as Record<string, unknown>)[k])]));
  return value;
}

function evaluate(expr: Expr, frame: Frame): unknown {
  switch (expr.kind) {
    case 'json':
      return jsonValue(expr.value);
    case 'array':
      return expr.items.map((i) => evaluate(i, frame));
    case 'object':
      return plainObject(expr.entries.map((e) => [e.key, evaluate(e.value, frame)]));
    case 'ref':
      if (!frame.variables.has(expr.name)) throw new Error(`importer bug: variable ${expr.name} is used before it is declared`);
      return frame.variables.get(expr.name);
    case 'scope':
      return frame.scope;
    case 'import': {
      const value = MODULES[expr.module][expr.name];
      if (value === undefined) throw new Error(`importer bug: ${expr.module} exports no ${expr.name}`);
      return value;
    }
    case 'member': {
      const target = evaluate(expr.object, frame) as Record<string, unknown>;
      return target[expr.name];
    }
    case 'element': {
      const list = evaluate(expr.object, frame) as unknown[];
      const value = list[expr.index];
      if (value === undefined) throw new Error('an element the program assumes present is missing');
      return value;
    }
    case 'nonNull': {
      const value = evaluate(expr.expr, frame);
      if (value === undefined || value === null) throw new Error('a value the program assumes present is missing');
      return value;
    }
    case 'commented':
      return evaluate(expr.expr, frame);
    case 'call': {
      const args = expr.args.map((a) => evaluate(a, frame));
      if (expr.callee.kind === 'member') {
        const target = evaluate(expr.callee.object, frame) as Record<string, unknown>;
        const fn = target[expr.callee.name];
        if (typeof fn !== 'function') throw new Error(`importer bug: ${expr.callee.name} is not a method`);
        return (fn as (...a: unknown[]) => unknown).apply(target, args);
      }
      const fn = evaluate(expr.callee, frame);
      if (typeof fn !== 'function') throw new Error('importer bug: calling something that is not a function');
      return (fn as (...a: unknown[]) => unknown)(...args);
    }
    case 'new': {
      const ctor = evaluate(expr.callee, frame);
      if (typeof ctor !== 'function') throw new Error('importer bug: new on something that is not a class');
      return Reflect.construct(ctor as new (...a: unknown[]) => unknown, expr.args.map((a) => evaluate(a, frame)));
    }
  }
}

/** The variables an expression reads. */
function variablesOf(expr: Expr, into: string[] = []): string[] {
  switch (expr.kind) {
    case 'ref':
      into.push(expr.name);
      break;
    case 'array':
      expr.items.forEach((i) => variablesOf(i, into));
      break;
    case 'object':
      expr.entries.forEach((e) => variablesOf(e.value, into));
      break;
    case 'member':
    case 'element':
      variablesOf(expr.object, into);
      break;
    case 'nonNull':
    case 'commented':
      variablesOf(expr.expr, into);
      break;
    case 'call':
    case 'new':
      variablesOf(expr.callee, into);
      expr.args.forEach((a) => variablesOf(a, into));
      break;
    default:
      break;
  }
  return into;
}

/** Owner lookup by construct path: the longest registered prefix wins. */
class Owners {
  private readonly byPath = new Map<string, number>();

  register(path: string, unit: number): void {
    if (!this.byPath.has(path)) this.byPath.set(path, unit);
  }

  of(path: string): number | undefined {
    for (let p = path; ; ) {
      const unit = this.byPath.get(p);
      if (unit !== undefined) return unit;
      const cut = p.lastIndexOf('/');
      if (cut < 0) return undefined;
      p = p.slice(0, cut);
    }
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Evaluates the charts' statements under a DaprkitApp made with `appProps` and synthesizes them, unchecked. */
export function evaluateProgram(charts: readonly ChartCode[], appProps: daprkit.DaprkitAppProps): Evaluation {
  const app = new daprkit.DaprkitApp({ ...appProps, outdir: undefined });
  const failures = new Map<number, string>();
  const unowned: string[] = [];
  const owners = new Owners();
  const fail = (unit: number | undefined, why: string) => {
    if (unit === undefined) unowned.push(why);
    else if (!failures.has(unit)) failures.set(unit, why);
  };

  for (const chart of charts) {
    const scope = new cdk8s.Chart(app, chart.id, chart.namespace !== undefined ? { namespace: chart.namespace } : {});
    const frame = new Frame(scope);
    for (const statement of chart.statements) {
      if (statement.unit !== undefined && failures.has(statement.unit)) continue;
      // A statement that reads the variable of a unit that failed waits for that unit's fallback.
      const blockedBy = variablesOf(statement.expr).find((v) => !frame.variables.has(v));
      if (blockedBy !== undefined) {
        if (statement.declares !== undefined) frame.declaredBy.set(statement.declares, statement.unit);
        continue;
      }
      try {
        const value = evaluate(statement.expr, frame);
        if (statement.declares !== undefined) {
          frame.variables.set(statement.declares, value);
          frame.declaredBy.set(statement.declares, statement.unit);
        }
        if (isConstruct(value) && statement.unit !== undefined) owners.register(value.node.path, statement.unit);
      } catch (e) {
        fail(statement.unit, message(e));
      }
    }
  }

  for (const c of app.node.findAll()) {
    for (const problem of c.node.validate()) fail(owners.of(c.node.path), `${c.node.path}: ${problem}`);
  }

  const objects: EvaluatedObject[] = [];
  for (const c of app.node.findAll()) {
    if (!(c instanceof cdk8s.ApiObject)) continue;
    const unit = owners.of(c.node.path);
    if (unit !== undefined && failures.has(unit)) continue;
    try {
      objects.push({ manifest: c.toJson() as Manifest, ...(unit !== undefined ? { unit } : {}), constructPath: c.node.path });
    } catch (e) {
      fail(unit, message(e));
    }
  }
  return { objects, failures, unowned, app };
}
