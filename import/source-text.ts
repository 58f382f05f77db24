/**
 * Safe pieces of TypeScript source for names and values that come from hostile input: string
 * literals that survive any text (quotes, backslashes, line breaks, `*\/`, backticks, `${`,
 * invisible and direction-changing characters), comments that cannot end early, and identifiers
 * that are always valid and never reserved words.
 */

/**
 * Characters that change how text *looks* without being visible, or end a line: escaped in string
 * literals and comments, so code review sees what the program does ("Trojan Source").
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A single-quoted string literal that evaluates to exactly `value`. */
export function stringLiteral(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff) {
      // A well-formed surrogate pair (an emoji, a rare CJK character): kept as written.
      out += ch + value[i + 1]!;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += hex4(code);
    else if (INVISIBLE.test(ch)) out += hex4(code);
    else out += ch;
  }
  return `${out}'`;
}

/** Comment text on one line: line breaks and invisible characters shown as escapes. */
export function commentText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + text[i + 1]!;
      i++;
    } else if ((code >= 0xd800 && code <= 0xdfff) || INVISIBLE.test(ch)) out += hex4(code);
    else out += ch;
  }
  return out.trimEnd();
}

/** Words TypeScript does not allow as a variable name (strict mode, modules), plus names that would shadow what the program uses. */
const RESERVED = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let',
  'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'undefined', 'var', 'void', 'while', 'with', 'yield', 'any', 'boolean', 'number', 'string', 'symbol', 'never', 'unknown',
  'object', 'type', 'of', 'as', 'is', 'keyof', 'readonly', 'declare', 'module', 'namespace', 'require', 'global', 'constructor',
  'prototype', '__proto__', 'app', 'scope', 'id', 'props', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'Math', 'JSON',
  'Promise', 'Error', 'Map', 'Set', 'Date', 'process', 'console', 'exports',
]);

/** Words of a name: runs of ASCII letters and digits. */
function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

/** `orders-store` → `ordersStore`: ASCII letters and digits only, '' when the name has none (it may start with a digit). */
export function camelCase(name: string): string {
  const parts = words(name);
  if (parts.length === 0) return '';
  return parts.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** `orders-store` → `OrdersStore`. */
export function pascalCase(name: string): string {
  const c = camelCase(name);
  return c === '' ? '' : c[0]!.toUpperCase() + c.slice(1);
}

/**
 * Hands out variable names: readable ones derived from object names, valid whatever the input
 * (digits first, reserved words, unicode, empty), and never the same twice in one scope.
 */
export class IdentifierPool {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  /** Marks a name as used (an imported class, say). */
  public reserve(name: string): void {
    this.taken.add(name);
  }

  /**
   * A fresh identifier for an object named `name`; `hint` (a word such as `config`) is appended
   * when the plain name is taken or unusable, then a number.
   */
  public take(name: string, hint: string): string {
    let base = camelCase(name);
    if (base !== '' && /^[0-9]/.test(base)) base = `${camelCase(hint)}${base[0]!.toUpperCase()}${base.slice(1)}`;
    const candidates = base === '' ? [camelCase(hint)] : [base, `${base}${pascalCase(hint)}`];
    for (const c of candidates) {
      if (!RESERVED.has(c) && !this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
    const stem = candidates[candidates.length - 1]!;
    for (let n = 2; ; n++) {
      const c = `${stem}${n}`;
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is a plain identifier, quoted otherwise; `__proto__` is a computed key so it stays an own property. */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}
