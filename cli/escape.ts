/**
 * Escaping for where output goes. Names and values come from untrusted manifests: printed raw, an
 * object name holding terminal escape sequences clears a CI log or sets the terminal's title, a
 * newline fakes a line of output, `</details>` or `<!--` rewrites a PR comment, and a control
 * character makes SVG ill-formed XML. Every string taken from input passes through one of these
 * before it is written.
 */

/**
 * Characters never written raw: C0 and C1 controls and DEL (terminal escapes, newlines), the
 * bidirectional overrides and isolates (text that reads differently than it runs), the line and
 * paragraph separators, the byte-order mark, noncharacters U+FFFE/U+FFFF (not XML characters) and
 * lone surrogates (not encodable as UTF-8).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of terminal text: every unprintable character written as a visible `\uXXXX` escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, hex4);
}

/**
 * JSON text for any value, with the characters `printable` escapes written as `\uXXXX` escapes
 * (valid JSON) — JSON.stringify leaves DEL, C1 controls and bidi overrides raw.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, hex4) + '\n';
}

/** True when the text holds a character `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}

/** Text for XML character data and attribute values (SVG): markup characters as entities, the rest printable. */
export function xmlText(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Text for a GitHub-flavoured markdown table cell or summary: HTML is written as entities (so
 * `<!--`, `</details>` and tags are shown, not interpreted), markdown punctuation is escaped (no
 * links, images, emphasis or code spans), `@` cannot mention anyone, `|` cannot end the cell and
 * newlines cannot end the row.
 */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/([\\`*_[\]~|:])/g, '\\$1')
    .replace(/(w)(ww)\./gi, '$1$2&#46;');
}

export { byCodePoint } from '../checks/order';
