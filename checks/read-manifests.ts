/**
 * The manifest reader: text in, manifests (with the line each object starts on), findings and
 * notices out. Pure and bounded, so `daprkit lint` can be pointed at anything — hostile or broken
 * input gives a finding, never a crash or a hang, and its time and memory grow linearly with it:
 * - a text longer than `maxBytes` is refused before parsing;
 * - more than `maxDocuments` documents, or maps and lists nested deeper than `maxDepth`, stop the
 *   parse where they happen (checks/yaml-stream.ts) and refuse the text;
 * - aliases may add at most `maxAliasNodes` nodes to a document (alias bombs are refused);
 * - invalid YAML is a `yaml-syntax` finding with the parser's line and column, and so are
 *   duplicate keys, map keys that are maps, and aliases without an anchor before them.
 * Nothing is dropped silently: a document skipped on purpose (a Helm template, a Kustomization,
 * something that is not a Kubernetes object) is a notice.
 */
import { Document, LineCounter } from 'yaml';
import { Finding, Manifest } from './types';
import { composeDocuments, StreamLimitError } from './yaml-stream';
import { documentValue, ValueProblem } from './yaml-value';

/** Limits of one read; the defaults comfortably hold any real manifest file. */
export interface ReadLimits {
  /** Largest text accepted, in UTF-16 code units (files and stdin are bounded in bytes by the same number). @default 8_000_000 (8 MB) */
  readonly maxBytes?: number;
  /** Most nodes aliases may add to one document: each alias adds the size of the value it repeats. @default 10_000 */
  readonly maxAliasNodes?: number;
  /** Most documents in one text. @default 20_000 */
  readonly maxDocuments?: number;
  /** Deepest nesting of maps and lists in a document. @default 256 */
  readonly maxDepth?: number;
}

export const DEFAULT_READ_LIMITS: Required<ReadLimits> = { maxBytes: 8_000_000, maxAliasNodes: 10_000, maxDocuments: 20_000, maxDepth: 256 };

/** A manifest and where it came from. */
export interface LocatedManifest {
  readonly manifest: Manifest;
  /** The source the text was read from (a file path, `-` for stdin). */
  readonly source: string;
  /** 1-based line the object starts on. */
  readonly line: number;
}

/** Something the reader skipped on purpose (not an error): a Helm template, a non-object document, a file it does not follow. */
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

/** A reader finding at a line and column of a source (exported for the input readers, which report in the same shape). */
export function readFinding(source: string, line: number, col: number, message: string, hint: string): Finding {
  return { check: YAML_SYNTAX_CHECK, severity: 'error', resource: source, field: `line ${line}, column ${col}`, message, hint };
}

function isManifest(value: unknown): value is Manifest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.apiVersion === 'string' && typeof v.kind === 'string';
}

/**
 * Go template actions (`{{ … }}`, across lines too) blanked to spaces, so lines and columns stay
 * put. One pass with indexOf: a lazy regular expression would rescan to the end from every `{{`
 * that has no `}}`, which is quadratic.
 */
function withoutTemplateActions(text: string): string {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    parts.push(text.slice(at, open), text.slice(open, close + 2).replace(/[^\n]/g, ' '));
    at = close + 2;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * A document that template syntax breaks as YAML: it holds `{{`, and with every `{{ … }}` action
 * blanked out it reads cleanly. Valid YAML whose strings hold `{{ }}` (Prometheus rules, Argo CD
 * ApplicationSets) never gets here, and a real syntax error stays a finding.
 */
function brokenByTemplate(docText: string, limits: Required<ReadLimits>): boolean {
  if (!docText.includes('{{')) return false;
  try {
    const lines = new LineCounter();
    for (const { doc } of composeDocuments(withoutTemplateActions(docText), lines, limits)) {
      // Duplicate keys are fine here: the branches of an {{ if }} … {{ else }} blank to two of them.
      if (doc.errors.length > 0 || documentValue(doc, limits).problems.some((p) => p.kind !== 'duplicate-key')) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Reads every Kubernetes object out of a YAML or JSON text (a `kind: List` is unpacked; a leading BOM is dropped). */
export function readManifests(text: string, source: string, limits: ReadLimits = {}): ReadResult {
  const bounds: Required<ReadLimits> = { ...DEFAULT_READ_LIMITS, ...limits };
  const result: ReadResult = { manifests: [], findings: [], notices: [] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > bounds.maxBytes) {
    result.findings.push(readFinding(source, 1, 1, `the file is ${text.length} characters long, over the reader's limit of ${bounds.maxBytes}.`, 'Split the file, or raise the limit if it really is one manifest set.'));
    return result;
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => lineCounter.linePos(offset);
  const fromOffset = (offset: number, message: string, hint: string) => {
    const pos = at(offset);
    return readFinding(source, pos.line, pos.col, message, hint);
  };
  const earlierAnchors = new Set<string>();
  try {
    for (const { doc, end } of composeDocuments(text, lineCounter, bounds)) readDocument(doc, end);
  } catch (e) {
    const refusal =
      e instanceof StreamLimitError
        ? fromOffset(e.offset, e.message, e.hint)
        : e instanceof RangeError
          ? readFinding(source, 1, 1, `the document is nested too deeply to read (limit ${bounds.maxDepth} levels of maps and lists).`, 'No real manifest nests this deep: check how the file was generated.')
          : undefined;
    if (!refusal) throw e;
    return { manifests: [], findings: [refusal], notices: [] };
  }
  return result;

  function readDocument(doc: Document.Parsed, endOffset: number): void {
    const startOffset = doc.range[0];
    const start = at(doc.contents?.range?.[0] ?? startOffset);
    const templateNotice = () => result.notices.push({ source, line: start.line, message: 'skipped: a template ("{{ … }}" makes it invalid YAML), not a manifest; render it first (helm template, kustomize build).' });
    if (doc.errors.length > 0) {
      if (brokenByTemplate(text.slice(startOffset, endOffset), bounds)) return void templateNotice();
      for (const error of doc.errors) result.findings.push(fromOffset(error.pos[0], `invalid YAML: ${error.message.split('\n')[0]}`, 'Fix the syntax at that position.'));
      return;
    }
    const read = documentValue(doc, bounds, (offset) => at(offset).line);
    if (read.problems.length > 0) {
      if (read.problems.some((p) => p.kind === 'collection-key') && brokenByTemplate(text.slice(startOffset, endOffset), bounds)) return void templateNotice();
      for (const problem of read.problems) result.findings.push(fromOffset(problem.offset, messageOf(problem), problem.hint));
      return;
    }
    for (const name of read.anchors) earlierAnchors.add(name);
    const value = read.value;
    if (value === null || value === undefined) return; // an empty document (`---` alone, comments)
    const items = isManifest(value) && value.kind.endsWith('List') && Array.isArray((value as Record<string, unknown>).items) ? ((value as Record<string, unknown>).items as unknown[]) : [value];
    for (const item of items) {
      if (isManifest(item) && item.apiVersion.startsWith('kustomize.config.k8s.io/')) result.notices.push({ source, line: start.line, message: `skipped: a ${item.kind}, not a manifest; run kustomize build first.` });
      else if (isManifest(item)) result.manifests.push({ manifest: item, source, line: start.line });
      else result.notices.push({ source, line: start.line, message: 'skipped: a document that is not a Kubernetes object (no apiVersion and kind).' });
    }
  }

  /** Problem messages, with what only the whole text knows: an alias whose anchor is in an earlier document. */
  function messageOf(problem: ValueProblem): string {
    if (problem.kind === 'alias' && problem.alias !== undefined && earlierAnchors.has(problem.alias)) {
      return `the alias *${problem.alias} refers to the anchor &${problem.alias} of an earlier document; anchors hold only within their own document (between two ---).`;
    }
    return problem.kind === 'duplicate-key' ? `invalid YAML: ${problem.message}` : problem.message;
  }
}

/**
 * The value of a one-document YAML or JSON text (a settings file), read within the same bounds as
 * manifests; anything that stops it is a finding.
 */
export function readYamlValue(text: string, source: string, limits: ReadLimits = {}): { value?: unknown; findings: Finding[] } {
  const bounds: Required<ReadLimits> = { ...DEFAULT_READ_LIMITS, ...limits, maxDocuments: 1 };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > bounds.maxBytes) return { findings: [readFinding(source, 1, 1, `the file is ${text.length} characters long, over the reader's limit of ${bounds.maxBytes}.`, 'Shorten the file.')] };
  const lineCounter = new LineCounter();
  const finding = (offset: number, message: string, hint: string) => {
    const pos = lineCounter.linePos(offset);
    return readFinding(source, pos.line, pos.col, message, hint);
  };
  try {
    for (const { doc } of composeDocuments(text, lineCounter, bounds)) {
      if (doc.errors.length > 0) return { findings: doc.errors.map((e) => finding(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`, 'Fix the syntax at that position.')) };
      const read = documentValue(doc, bounds, (offset) => lineCounter.linePos(offset).line);
      if (read.problems.length > 0) return { findings: read.problems.map((p) => finding(p.offset, p.message, p.hint)) };
      return { value: read.value, findings: [] };
    }
  } catch (e) {
    if (e instanceof StreamLimitError) return { findings: [finding(e.offset, e.message, e.hint)] };
    throw e;
  }
  return { value: null, findings: [] };
}
