/**
 * The program `daprkit import` writes, as a small tree of statements and expressions. One tree
 * serves two readers: the printer turns it into TypeScript source, and the command line evaluates
 * it against daprkit itself to prove that the program reproduces its input (and to add the escape
 * hatches where it does not). Keeping both on one tree means what is checked is what is printed.
 */

/** Plain JSON, as manifests hold it. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Where an imported name comes from. */
export type Module = 'daprkit' | 'cdk8s';

export type Expr =
  /** A JSON value written as a literal (strings escaped, keys quoted where they must be). */
  | { readonly kind: 'json'; readonly value: Json }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly entries: readonly Entry[] }
  /** A local variable. */
  | { readonly kind: 'ref'; readonly name: string }
  /** The chart the statement runs in (`this` inside the chart class). */
  | { readonly kind: 'scope' }
  /** A name imported from a module, e.g. `DaprApp` from `daprkit`. */
  | { readonly kind: 'import'; readonly module: Module; readonly name: string }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: string }
  /** `object[index]!`: an element the reader knows is there. */
  | { readonly kind: 'element'; readonly object: Expr; readonly index: number }
  /** `expr!`: a value the reader knows is there (e.g. a DaprApp's service). */
  | { readonly kind: 'nonNull'; readonly expr: Expr }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly kind: 'new'; readonly callee: Expr; readonly args: readonly Expr[] }
  /** An expression with a comment after it (in an array or object, or as an argument). */
  | { readonly kind: 'commented'; readonly expr: Expr; readonly comment: string };

/** One property of an object literal. */
export interface Entry {
  readonly key: string;
  readonly value: Expr;
  /** A comment put on the line before the property. */
  readonly comment?: string;
}

/** `const <declares> = <expr>;` or `<expr>;`, with comment lines before it. */
export interface Statement {
  readonly expr: Expr;
  /**
   * The unit the statement belongs to (the input index of its first object): when evaluating the
   * program goes wrong there, that unit falls back to raw objects. Not printed.
   */
  readonly unit?: number;
  /** The variable the statement declares. */
  readonly declares?: string;
  readonly comments?: readonly string[];
}

/** One chart: a class in a file of its own; its statements run in the constructor. */
export interface ChartCode {
  /** The class name, e.g. `ShopChart`. */
  readonly className: string;
  /** The file (without `.ts`) beside `main.ts`. */
  readonly file: string;
  /** The construct id of the chart in `main.ts`; also the name of its output file (`dist/<id>.k8s.yaml`). */
  readonly id: string;
  /** The chart's namespace (every object in it gets this one); undefined for objects without a namespace. */
  readonly namespace?: string;
  readonly statements: readonly Statement[];
}

/** The whole program: the charts, and what `main.ts` says about the input. */
export interface ProgramCode {
  readonly charts: readonly ChartCode[];
  /** Comment lines at the top of `main.ts`. */
  readonly header: readonly string[];
}

// --- builders --------------------------------------------------------------------------------

export const json = (value: Json): Expr => ({ kind: 'json', value });
export const array = (items: readonly Expr[]): Expr => ({ kind: 'array', items });
export const object = (entries: readonly Entry[]): Expr => ({ kind: 'object', entries });
export const ref = (name: string): Expr => ({ kind: 'ref', name });
export const scope: Expr = { kind: 'scope' };
export const daprkit = (name: string): Expr => ({ kind: 'import', module: 'daprkit', name });
export const cdk8s = (name: string): Expr => ({ kind: 'import', module: 'cdk8s', name });
export const member = (obj: Expr, name: string): Expr => ({ kind: 'member', object: obj, name });
export const element = (obj: Expr, index: number): Expr => ({ kind: 'element', object: obj, index });
export const nonNull = (expr: Expr): Expr => ({ kind: 'nonNull', expr });
export const call = (callee: Expr, ...args: Expr[]): Expr => ({ kind: 'call', callee, args });
export const construct = (callee: Expr, ...args: Expr[]): Expr => ({ kind: 'new', callee, args });
export const commented = (expr: Expr, comment: string): Expr => ({ kind: 'commented', expr, comment });
export const entry = (key: string, value: Expr, comment?: string): Entry => (comment === undefined ? { key, value } : { key, value, comment });

/** `Owner.method(args)` for a daprkit class, e.g. `StateStore.redis(this, 'id', {...})`. */
export const staticCall = (owner: string, method: string, ...args: Expr[]): Expr => call(member(daprkit(owner), method), ...args);

/** `Enum.MEMBER` of a daprkit enum. */
export const enumMember = (owner: string, name: string): Expr => member(daprkit(owner), name);

/** An object literal from entries, leaving out the undefined ones. */
export function props(entries: readonly (Entry | undefined)[]): Expr {
  return object(entries.filter((e): e is Entry => e !== undefined));
}

/** Every variable an expression reads. */
export function refsOf(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'ref':
      into.add(expr.name);
      break;
    case 'array':
      expr.items.forEach((i) => refsOf(i, into));
      break;
    case 'object':
      expr.entries.forEach((e) => refsOf(e.value, into));
      break;
    case 'member':
    case 'element':
      refsOf(expr.object, into);
      break;
    case 'nonNull':
    case 'commented':
      refsOf(expr.expr, into);
      break;
    case 'call':
    case 'new':
      refsOf(expr.callee, into);
      expr.args.forEach((a) => refsOf(a, into));
      break;
    default:
      break;
  }
  return into;
}
