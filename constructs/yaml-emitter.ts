import * as path from 'path';
import { Yaml } from 'cdk8s';

/**
 * A fast YAML emitter that writes exactly the bytes cdk8s's `Yaml.stringify` writes (the `yaml`
 * package with `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`), for the shapes manifests
 * are made of: plain maps, lists, single-line strings, safe integers and booleans.
 *
 * Why: emitting YAML with the `yaml` package was the largest part of synth time (it builds a
 * document tree of nodes per scalar before writing it). This writer goes straight to text.
 *
 * How it stays byte-identical: it only takes decisions it can take with certainty, using the same
 * rules as the `yaml` package (the same indicator pattern, the same YAML 1.1 tag tests for
 * "would this plain string read back as something else"); any document containing something it
 * is unsure of (multi-line strings, null, floats, control characters, quotes that need escaping,
 * very long keys, nested lists...) is handed whole to the `yaml` package. A property test
 * (test/yaml-emitter.test.ts) compares both over random manifests, the fixtures and the examples.
 */

// cdk8s bundles its own copy of `yaml` (another version than the top-level one): the rules must be that copy's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const YAML: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** Thrown internally when a document has a shape this writer leaves to the `yaml` package. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

/** The YAML 1.1 tags (besides str) whose implicit resolution would turn a plain scalar into a non-string. */
const nonStringTests: RegExp[] = (() => {
  const schema = new YAML.Document(undefined, { version: '1.1' }).schema as unknown as {
    tags: Array<{ default?: boolean; tag: string; test?: RegExp }>;
    compat?: Array<{ default?: boolean; tag: string; test?: RegExp }> | null;
  };
  return [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
    .map((t) => t.test as RegExp);
})();

// The `yaml` package's own rule for strings that cannot be written plain (stringifyString.js).
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Control characters and lone surrogates force escaped double quotes; line breaks need block scalars.
const HARD = /[\x00-\x09\x0a-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// Printable ASCII without `"` or `\`: its double-quoted form is the string between quotes.
const SIMPLE_QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;

const scalarCache = new Map<string, string>();

function str(value: string): string {
  const cached = scalarCache.get(value);
  if (cached !== undefined) return cached;
  let out: string;
  // '<<' is the YAML 1.1 merge key: quoted as a key, plain as a value; left to the `yaml` package.
  if (value === '' || value === '<<' || value.length > 1000 || HARD.test(value) || DOCUMENT_MARKER.test(value)) throw UNSUPPORTED;
  if (NEEDS_QUOTES.test(value) || nonStringTests.some((t) => t.test(value))) {
    // The `yaml` package's quotedString: single quotes when the string has `"` and no `'` (JSON in
    // annotations), else double quotes, which need no escapes only for printable ASCII without `"` `\`.
    if (value.includes('"') && !value.includes("'")) out = `'${value}'`;
    else if (SIMPLE_QUOTABLE.test(value)) out = `"${value}"`;
    else throw UNSUPPORTED;
  } else {
    out = value;
  }
  if (scalarCache.size > 100_000) scalarCache.clear();
  scalarCache.set(value, out);
  return out;
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'number':
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
      throw UNSUPPORTED;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw UNSUPPORTED;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Appends `map`'s entries at `indent`; the first line's indent is replaced by `first` (for `- `). */
function writeMap(out: string[], map: Record<string, unknown>, indent: string, first: string): void {
  let prefix = first;
  for (const key of Object.keys(map)) {
    const value = map[key];
    const k = str(key);
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(`${prefix}${k}: []\n`);
      } else {
        out.push(`${prefix}${k}:\n`);
        writeSeq(out, value, indent + '  ');
      }
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) {
        out.push(`${prefix}${k}: {}\n`);
      } else {
        out.push(`${prefix}${k}:\n`);
        writeMap(out, value, indent + '  ', indent + '  ');
      }
    } else {
      out.push(`${prefix}${k}: ${scalar(value)}\n`);
    }
    prefix = indent;
  }
}

function writeSeq(out: string[], seq: readonly unknown[], indent: string): void {
  for (const item of seq) {
    if (isPlainObject(item)) {
      if (Object.keys(item).length === 0) out.push(`${indent}- {}\n`);
      else writeMap(out, item, indent + '  ', `${indent}- `);
    } else if (Array.isArray(item)) {
      throw UNSUPPORTED;
    } else {
      out.push(`${indent}- ${scalar(item)}\n`);
    }
  }
}

/** One document written by the fast path, or undefined when it has a shape left to the `yaml` package. */
export function fastDocument(doc: unknown): string | undefined {
  if (!isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
  const out: string[] = [];
  try {
    writeMap(out, doc, '', '');
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    return undefined;
  }
  return out.join('');
}

/** One document, as cdk8s's `Yaml.stringify(doc)` writes it. */
export function stringifyDocument(doc: unknown): string {
  return fastDocument(doc) ?? Yaml.stringify(doc);
}

/** Drop-in for cdk8s's `Yaml.stringify(...docs)`: the same bytes, written faster. */
export function stringifyYaml(docs: readonly unknown[]): string {
  return docs.map((d) => (d === undefined ? '\n' : stringifyDocument(d))).join('---\n');
}
