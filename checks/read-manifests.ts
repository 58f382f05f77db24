/**
 * The manifest reader: text in, manifests (with the line each object starts on) and findings out.
 * Pure and bounded, so `daprkit lint` can be pointed at anything — hostile or broken input gives a
 * finding, never a crash or a hang:
 * - a document larger than `maxBytes` is refused before parsing;
 * - YAML aliases may expand to at most `maxAliasCount` nodes (the `yaml` package's guard against
 *   "billion laughs" alias bombs);
 * - at most `maxDocuments` documents per text;
 * - invalid YAML is a `yaml-syntax` finding with the parser's line and column.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { Finding, Manifest } from './types';

/** Limits of one read; the defaults comfortably hold any real manifest file. */
export interface ReadLimits {
  /** Largest text accepted, in UTF-16 code units. @default 8_000_000 (8 MB) */
  readonly maxBytes?: number;
  /** Most alias expansions the parser performs per document. @default 100 */
  readonly maxAliasCount?: number;
  /** Most documents in one text. @default 20_000 */
  readonly maxDocuments?: number;
}

export const DEFAULT_READ_LIMITS: Required<ReadLimits> = { maxBytes: 8_000_000, maxAliasCount: 100, maxDocuments: 20_000 };

/** A manifest and where it came from. */
export interface LocatedManifest {
  readonly manifest: Manifest;
  /** The source the text was read from (a file path, `-` for stdin). */
  readonly source: string;
  /** 1-based line the object starts on. */
  readonly line: number;
}

/** Something the reader skipped on purpose (not an error): a Helm template, a non-object document. */
export interface ReadNotice {
  readonly source: string;
  readonly line: number;
  readonly message: string;
}

export interface ReadResult {
  readonly manifests: LocatedManifest[];
  readonly findings: Finding[];
  readonly notices: ReadNotice[];
}

/** The check id of reader findings. */
export const YAML_SYNTAX_CHECK = 'yaml-syntax';

function readFinding(source: string, line: number, col: number, message: string, hint: string): Finding {
  return { check: YAML_SYNTAX_CHECK, severity: 'error', resource: source, field: `line ${line}, column ${col}`, message, hint };
}

/** True when the text is a Go template (Helm chart templates are not manifests until rendered). */
function isGoTemplate(text: string): boolean {
  return /\{\{[-\s]/.test(text) || /\{\{\s*\./.test(text);
}

function isManifest(value: unknown): value is Manifest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.apiVersion === 'string' && typeof v.kind === 'string';
}

/** Reads every Kubernetes object out of a YAML or JSON text (a `kind: List` is unpacked). */
export function readManifests(text: string, source: string, limits: ReadLimits = {}): ReadResult {
  const { maxBytes, maxAliasCount, maxDocuments } = { ...DEFAULT_READ_LIMITS, ...limits };
  const result: ReadResult = { manifests: [], findings: [], notices: [] };
  if (text.length > maxBytes) {
    result.findings.push(readFinding(source, 1, 1, `the file is ${text.length} characters long, over the reader's limit of ${maxBytes}.`, 'Split the file, or raise the limit if it really is one manifest set.'));
    return result;
  }
  if (isGoTemplate(text)) {
    result.notices.push({ source, line: 1, message: 'skipped: a template ("{{ … }}"), not a manifest; render it first (helm template, kustomize build).' });
    return result;
  }
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    docs = Array.isArray(parsed) ? parsed : [];
    // parseAllDocuments returns an EmptyStream (not an array) for a text with no document.
  } catch (e) {
    const tooDeep = e instanceof RangeError;
    const message = tooDeep ? 'the document is nested too deeply to read' : `the YAML parser gave up: ${(e as Error).message}`;
    result.findings.push(readFinding(source, 1, 1, `${message}.`, tooDeep ? 'No real manifest nests this deep: check how the file was generated.' : 'Check the file is YAML or JSON.'));
    return result;
  }
  if (docs.length > maxDocuments) {
    result.findings.push(readFinding(source, 1, 1, `the file holds ${docs.length} documents, over the reader's limit of ${maxDocuments}.`, 'Split the file.'));
    return result;
  }
  for (const doc of docs) {
    const start = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        const message = error.message.split('\n')[0];
        result.findings.push(readFinding(source, pos.line, pos.col, `invalid YAML: ${message}`, 'Fix the syntax at that position.'));
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (e) {
      const message = (e as Error).message;
      const hint = /alias/i.test(message)
        ? `Aliases expand to more than ${maxAliasCount} nodes: write the values out, or split the document.`
        : 'Check the document is YAML or JSON.';
      result.findings.push(readFinding(source, start.line, start.col, `the document cannot be read: ${message}`, hint));
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document (`---` alone, comments)
    const items = isManifest(value) && value.kind.endsWith('List') && Array.isArray((value as Record<string, unknown>).items) ? ((value as Record<string, unknown>).items as unknown[]) : [value];
    for (const item of items) {
      if (isManifest(item) && item.apiVersion.startsWith('kustomize.config.k8s.io/')) result.notices.push({ source, line: start.line, message: `skipped: a ${item.kind}, not a manifest; run kustomize build first.` });
      else if (isManifest(item)) result.manifests.push({ manifest: item, source, line: start.line });
      else result.notices.push({ source, line: start.line, message: 'skipped: a document that is not a Kubernetes object (no apiVersion and kind).' });
    }
  }
  return result;
}
