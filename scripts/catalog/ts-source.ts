/** Small helpers to write TypeScript source deterministically (single quotes, stable layout). */

/** A single-quoted string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise. */
export function key(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name);
}

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

/** `azure.cosmosdb` → `AzureCosmosdb`, `in-memory` → `InMemory`. */
export function pascal(text: string): string {
  return words(text)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** `azure.cosmosdb` → `azureCosmosdb`. */
export function camel(text: string): string {
  const p = pascal(text);
  return p[0].toLowerCase() + p.slice(1);
}

/** `middleware.http.in-memory` → `MIDDLEWARE_HTTP_IN_MEMORY`. */
export function constantCase(text: string): string {
  return words(text)
    .map((w) => w.toUpperCase())
    .join('_');
}

const MAX_INLINE = 110;

/** Source text that `literal` writes as is: a reference to a const, or a spread (`...NAME`). */
export class Code {
  constructor(readonly text: string) {}
}

/**
 * A value as a TypeScript literal: inline when it fits on one line, one member per line otherwise.
 * `indent` is the indentation of the line the value starts on, `lead` the width of what precedes
 * it there (e.g. `key: `). Only plain JSON-like data (strings, numbers, booleans, arrays, objects),
 * and Code.
 */
export function literal(value: unknown, indent = 0, lead = 0): string {
  const inline = inlineLiteral(value);
  const fits = indent + lead + inline.length + 1 <= MAX_INLINE;
  if (fits || typeof value !== 'object' || value === null || value instanceof Code) return inline;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${pad}${literal(v, indent + 2)},\n`).join('')}${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([k, v]) => `${pad}${key(k)}: ${literal(v, indent + 2, key(k).length + 2)},\n`).join('')}${close}}`;
}

function inlineLiteral(value: unknown): string {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Code) return value.text;
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${inlineLiteral(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${String(value)} as a literal`);
}
