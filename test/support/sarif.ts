/**
 * Validation of SARIF output against the SARIF 2.1.0 JSON schema (test/fixtures/sarif, from
 * Microsoft's SARIF SDK; draft 2020-12, so ajv's Ajv2020 class), with the schema's formats checked
 * strictly: `uri` and `uri-reference` by the RFC 3986 grammar, so an unencoded space, `#`, `%`,
 * `\` or non-ASCII character in a file name fails.
 */
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMA = path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

// RFC 3986, section 3 and appendix A.
const unreserved = "[A-Za-z0-9\\-._~]";
const pct = '%[0-9A-Fa-f]{2}';
const subDelims = "[!$&'()*+,;=]";
const pchar = `(?:${unreserved}|${pct}|${subDelims}|[:@])`;
const segment = `${pchar}*`;
const segmentNz = `${pchar}+`;
const segmentNzNc = `(?:${unreserved}|${pct}|${subDelims}|@)+`;
const query = `(?:${pchar}|[/?])*`;
const host = `(?:\\[[0-9A-Fa-f:.]+\\]|(?:${unreserved}|${pct}|${subDelims})*)`;
const authority = `(?:(?:${unreserved}|${pct}|${subDelims}|:)*@)?${host}(?::[0-9]*)?`;
const pathAbempty = `(?:/${segment})*`;
const pathAbsolute = `/(?:${segmentNz}(?:/${segment})*)?`;
const pathRootless = `${segmentNz}(?:/${segment})*`;
const pathNoscheme = `${segmentNzNc}(?:/${segment})*`;
const scheme = '[A-Za-z][A-Za-z0-9+\\-.]*';
const tail = `(?:\\?${query})?(?:#${query})?`;
export const RFC3986_URI = new RegExp(`^${scheme}:(?://${authority}${pathAbempty}|${pathAbsolute}|${pathRootless}|)${tail}$`);
export const RFC3986_RELATIVE_REF = new RegExp(`^(?://${authority}${pathAbempty}|${pathAbsolute}|${pathNoscheme}|)${tail}$`);

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!validate) {
    // strict: false: the schema itself trips ajv's schema lint (strictRequired), not its meaning.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    ajv.addFormat('uri', RFC3986_URI);
    ajv.addFormat('uri-reference', (s: string) => RFC3986_URI.test(s) || RFC3986_RELATIVE_REF.test(s));
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    ajv.addFormat('uuid', /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  }
  return validate;
}

/** The schema violations of a SARIF text (empty when valid), as `path: message` lines. */
export function sarifProblems(text: string): string[] {
  const v = validator();
  return v(JSON.parse(text)) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

/** Asserts the text is valid SARIF 2.1.0 (every SARIF output of the test suite goes through this). */
export function expectValidSarif(text: string): void {
  expect(sarifProblems(text)).toEqual([]);
}
