/**
 * Workflow and activity name patterns as daprd 1.18 reads them in a WorkflowAccessPolicy: Go's
 * `path.Match` syntax (`*` any run of characters except `/`, `?` one character except `/`,
 * `[...]` / `[^...]` character classes with ranges, `\` escaping the next character).
 *
 * Written from the syntax Go documents, not translated from its code. The matcher is a dynamic
 * programme over pattern and name (linear in their product, with no backtracking blow-up), and
 * both are capped in length so hostile input stays cheap.
 */

/** Longer patterns or names are not evaluated (the 1.19 CRD caps names at 256 characters). */
export const MAX_GLOB_LENGTH = 1024;

type Token =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] };

/** The tokens of a pattern, or the reason Go would call it malformed. */
function tokenize(pattern: string): { tokens: Token[] } | { error: string } {
  const chars = [...pattern];
  const tokens: Token[] = [];
  let i = 0;
  // One character of a class, possibly escaped; Go refuses a bare "-" or "]" here, and a class
  // that ends right after it.
  const classChar = (): string | { error: string } => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') return { error: `a character class needs a character at position ${i + 1}` };
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) return { error: 'the pattern ends with an escape ("\\")' };
    }
    i++;
    if (i >= chars.length) return { error: 'a character class is not closed with "]"' };
    return c;
  };
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      tokens.push({ kind: 'star' });
      i++;
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) return { error: 'the pattern ends with an escape ("\\")' };
      tokens.push({ kind: 'char', char: chars[i + 1]! });
      i += 2;
    } else if (c === '[') {
      i++;
      let negated = false;
      if (chars[i] === '^') {
        negated = true;
        i++;
      }
      const ranges: [string, string][] = [];
      while (!(chars[i] === ']' && ranges.length > 0)) {
        const lo = classChar();
        if (typeof lo !== 'string') return lo;
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          const end = classChar();
          if (typeof end !== 'string') return end;
          hi = end;
        }
        ranges.push([lo, hi]);
      }
      i++; // the closing "]"
      tokens.push({ kind: 'class', negated, ranges });
    } else {
      tokens.push({ kind: 'char', char: c });
      i++;
    }
  }
  return { tokens };
}

/** Why daprd would skip this pattern (Go's `path.ErrBadPattern`), or undefined when it is well-formed. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `longer than ${MAX_GLOB_LENGTH} characters`;
  const result = tokenize(pattern);
  return 'error' in result ? result.error : undefined;
}

/** True when the pattern uses glob syntax (so it is not just an exact name). */
export function isGlob(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

function matchesOne(token: Token, c: string): boolean {
  switch (token.kind) {
    case 'any':
      return c !== '/';
    case 'char':
      return token.char === c;
    case 'class': {
      // Go compares code points; JavaScript compares UTF-16 strings of single code points the same way
      // for the characters names use.
      const inside = token.ranges.some(([lo, hi]) => lo.codePointAt(0)! <= c.codePointAt(0)! && c.codePointAt(0)! <= hi.codePointAt(0)!);
      return inside !== token.negated;
    }
    default:
      return false;
  }
}

/**
 * Whether `name` matches `pattern` the way `path.Match` decides it. A malformed or over-long
 * pattern, or an over-long name, matches nothing (daprd skips malformed rules).
 */
export function globMatches(pattern: string, name: string): boolean {
  if (pattern.length > MAX_GLOB_LENGTH || name.length > MAX_GLOB_LENGTH) return false;
  const result = tokenize(pattern);
  if ('error' in result) return false;
  const tokens = result.tokens;
  const text = [...name];
  // reachable[j]: the tokens so far can consume exactly the first j characters.
  let reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (const token of tokens) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    if (token.kind === 'star') {
      for (let j = 0; j <= text.length; j++) {
        if (reachable[j]) next[j] = true;
        else if (j > 0 && next[j - 1] && text[j - 1] !== '/') next[j] = true;
      }
    } else {
      for (let j = 1; j <= text.length; j++) next[j] = reachable[j - 1]! && matchesOne(token, text[j - 1]!);
    }
    reachable = next;
  }
  return reachable[text.length]!;
}
