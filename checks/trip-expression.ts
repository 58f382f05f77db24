/**
 * A parser and type checker for the CEL subset Dapr circuit breakers use in `trip`.
 *
 * Why a checker of our own: Dapr compiles `trip` with every unknown identifier declared as `dyn`,
 * so a typo (`consecutiveFailure >= 5`) or a type mix-up (`requests > 0.5`, an int compared with a
 * double, which CEL refuses at run time) is accepted when the Resiliency loads and then fails on
 * every evaluation, and a failed evaluation never trips the breaker. Nothing reports it. This
 * checker accepts what such an expression can meaningfully be: boolean logic over comparisons of
 * integer arithmetic on the five counters Dapr passes in (all CEL `int`), with `int()` / `double()`
 * conversions, and refuses the rest with the position of the problem.
 */

/** The counters Dapr evaluates `trip` against (gobreaker's Counts, as CEL ints). */
export const TRIP_VARIABLES: readonly string[] = [
  'consecutiveFailures',
  'consecutiveSuccesses',
  'requests',
  'totalFailures',
  'totalSuccesses',
];

type CelType = 'int' | 'double' | 'bool';

/** The outcome of checking an expression: ok, or the first problem with its 0-based column. */
export type TripParseResult = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly column: number };

interface Token {
  readonly kind: 'number' | 'ident' | 'op' | 'end';
  readonly text: string;
  readonly column: number;
}

const OPERATORS = ['&&', '||', '>=', '<=', '==', '!=', '>', '<', '+', '-', '*', '/', '%', '!', '(', ')', ','];

class TripSyntaxError extends Error {
  constructor(message: string, public readonly column: number) {
    super(message);
  }
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+\.\d+([eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+u?)/.exec(src.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], column: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], column: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, column: i });
      i += op.length;
      continue;
    }
    throw new TripSyntaxError(`unexpected character "${ch}"`, i);
  }
  tokens.push({ kind: 'end', text: '', column: src.length });
  return tokens;
}

/** Recursive descent over CEL's precedence levels, returning the type of each sub-expression. */
class Checker {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  public run(): CelType {
    const type = this.or();
    const next = this.peek();
    if (next.kind !== 'end') throw new TripSyntaxError(`unexpected "${next.text}"`, next.column);
    return type;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private take(): Token {
    return this.tokens[this.pos++];
  }

  private accept(...ops: string[]): Token | undefined {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text) ? this.take() : undefined;
  }

  private expectType(actual: CelType, expected: CelType, at: Token, what: string): void {
    if (actual !== expected) throw new TripSyntaxError(`${what} needs ${expected} operands, got ${actual}`, at.column);
  }

  private or(): CelType {
    let type = this.and();
    for (let op = this.accept('||'); op; op = this.accept('||')) {
      this.expectType(type, 'bool', op, '"||"');
      this.expectType(this.and(), 'bool', op, '"||"');
      type = 'bool';
    }
    return type;
  }

  private and(): CelType {
    let type = this.relation();
    for (let op = this.accept('&&'); op; op = this.accept('&&')) {
      this.expectType(type, 'bool', op, '"&&"');
      this.expectType(this.relation(), 'bool', op, '"&&"');
      type = 'bool';
    }
    return type;
  }

  private relation(): CelType {
    const left = this.additive();
    const op = this.accept('>=', '<=', '>', '<', '==', '!=');
    if (!op) return left;
    const right = this.additive();
    if (left !== right) {
      throw new TripSyntaxError(
        `"${op.text}" compares ${left} with ${right}; the counters are ints, so compare with an integer or convert with double(...)`,
        op.column,
      );
    }
    if (left === 'bool' && op.text !== '==' && op.text !== '!=') {
      throw new TripSyntaxError(`"${op.text}" cannot order booleans`, op.column);
    }
    if (this.peek().kind === 'op' && ['>=', '<=', '>', '<', '==', '!='].includes(this.peek().text)) {
      throw new TripSyntaxError('comparisons cannot be chained; join them with && or ||', this.peek().column);
    }
    return 'bool';
  }

  private additive(): CelType {
    let type = this.multiplicative();
    for (let op = this.accept('+', '-'); op; op = this.accept('+', '-')) {
      type = this.arithmetic(type, this.multiplicative(), op);
    }
    return type;
  }

  private multiplicative(): CelType {
    let type = this.unary();
    for (let op = this.accept('*', '/', '%'); op; op = this.accept('*', '/', '%')) {
      type = this.arithmetic(type, this.unary(), op);
      if (op.text === '%' && type === 'double') throw new TripSyntaxError('"%" is defined on ints only', op.column);
    }
    return type;
  }

  private arithmetic(left: CelType, right: CelType, op: Token): CelType {
    if (left === 'bool' || right === 'bool') throw new TripSyntaxError(`"${op.text}" cannot apply to a boolean`, op.column);
    if (left !== right) {
      throw new TripSyntaxError(`"${op.text}" mixes ${left} and ${right}; CEL has no implicit conversion, use double(...) or int(...)`, op.column);
    }
    return left;
  }

  private unary(): CelType {
    const op = this.accept('!', '-');
    if (!op) return this.primary();
    const type = this.unary();
    if (op.text === '!') this.expectType(type, 'bool', op, '"!"');
    else if (type === 'bool') throw new TripSyntaxError('"-" cannot apply to a boolean', op.column);
    return type;
  }

  private primary(): CelType {
    const t = this.take();
    if (t.kind === 'number') {
      if (t.text.endsWith('u')) throw new TripSyntaxError(`unsigned literal "${t.text}" cannot be compared with the int counters`, t.column);
      return /[.eE]/.test(t.text) ? 'double' : 'int';
    }
    if (t.kind === 'op' && t.text === '(') {
      const type = this.or();
      if (!this.accept(')')) throw new TripSyntaxError(`expected ")" but found "${this.peek().text || 'end of expression'}"`, this.peek().column);
      return type;
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') return 'bool';
      if (this.accept('(')) return this.call(t);
      if (!TRIP_VARIABLES.includes(t.text)) {
        throw new TripSyntaxError(`unknown variable "${t.text}"; the counters are ${TRIP_VARIABLES.join(', ')}`, t.column);
      }
      return 'int';
    }
    throw new TripSyntaxError(t.kind === 'end' ? 'expression ends too early' : `unexpected "${t.text}"`, t.column);
  }

  private call(fn: Token): CelType {
    if (fn.text !== 'int' && fn.text !== 'double') {
      throw new TripSyntaxError(`unknown function "${fn.text}"; only int(...) and double(...) are supported`, fn.column);
    }
    const arg = this.or();
    if (arg === 'bool') throw new TripSyntaxError(`${fn.text}(...) cannot convert a boolean`, fn.column);
    if (!this.accept(')')) throw new TripSyntaxError(`expected ")" after the argument of ${fn.text}(...)`, this.peek().column);
    return fn.text;
  }
}

/** Checks a trip expression; never throws. */
export function parseTripExpression(src: string): TripParseResult {
  if (src.trim() === '') return { ok: false, error: 'the expression is empty', column: 0 };
  try {
    const type = new Checker(tokenize(src)).run();
    if (type !== 'bool') return { ok: false, error: `the expression is ${type}, but a trip condition must be a boolean`, column: 0 };
    return { ok: true };
  } catch (e) {
    if (e instanceof TripSyntaxError) return { ok: false, error: e.message, column: e.column };
    throw e;
  }
}
