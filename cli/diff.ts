/**
 * `daprkit diff`: what changes between two sets of manifests, object by object and field by field,
 * with notes on the Dapr effects people miss (pods roll, sidecars must restart, the control plane
 * upgrades). Formatting, key order and the order of named list items are not changes, and Dapr
 * objects are compared as daprd reads them (cli/diff-reading.ts): reordered scopes or metadata
 * items, or `25` where Dapr reads the text `"25"`, are no change. `exact` gives the structural
 * diff: every list item by item, every value with its type.
 *
 * Every value shown is taken from a redacted copy of its manifest (cli/redact.ts), so no secret is
 * printed at any depth; a secret that changed still shows that it changed ("changed (redacted)").
 */
import { asRecord, nameOf, namespaceOf } from '../checks/manifest';
import { ReadNotice } from '../checks/read-manifests';
import { Manifest } from '../checks/types';
import { byCodePoint, jsonText, markdownText, printable } from './escape';
import { emptyDaprList, EXACT, ITEM, keyedItems, Reading, readingFor, sameAsRead, SchemaStep } from './diff-reading';
import { MAX_SHOWN_DEPTH, REDACTED, redactManifest, TOO_DEEP } from './redact';

export { REDACTED };

export interface FieldChange {
  readonly path: string;
  /** Undefined when the field is added. Secrets inside are `(redacted)`. */
  readonly before?: unknown;
  /** Undefined when the field is removed. Secrets inside are `(redacted)`. */
  readonly after?: unknown;
  /** True when the field changed but what changed is redacted: before and after show the same. */
  readonly redacted?: true;
}

export interface ObjectChange {
  /** `apiVersion kind namespace/name` */
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fields: FieldChange[];
  readonly notes: string[];
}

export interface DiffOptions {
  /** The structural diff: lists item by item in order, values with their type (`25` is not `"25"`). @default false */
  readonly exact?: boolean;
}

export interface ManifestDiff {
  readonly changes: ObjectChange[];
  readonly counts: { added: number; removed: number; changed: number; unchanged: number };
}

/**
 * One step of a field path: a map key, a list index, or a list item matched by key — its key fields
 * (`name`, or `appId` and `namespace`, …) and its index on each side (-1 on the side without it).
 */
type Segment = { readonly key: string } | { readonly index: number } | { readonly match: readonly (readonly [string, string])[]; readonly before: number; readonly after: number };

interface RawChange {
  readonly segments: readonly Segment[];
  readonly before?: unknown;
  readonly after?: unknown;
}

const hasOwn = (record: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(record, key);
const ownValue = (record: Record<string, unknown>, key: string): unknown => (hasOwn(record, key) ? record[key] : undefined);

function keyOf(m: Manifest): string {
  return `${m.apiVersion} ${m.kind} ${namespaceOf(m)}/${nameOf(m)}`;
}

/** Lists whose items all carry a unique string `name` are matched by name, not by index. */
function namedItems(list: unknown[]): Map<string, number> | undefined {
  if (list.length === 0) return undefined;
  const byName = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const record = asRecord(list[i]);
    const name = record ? ownValue(record, 'name') : undefined;
    if (typeof name !== 'string' || byName.has(name)) return undefined;
    byName.set(name, i);
  }
  return byName;
}

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SIMPLE_NAME = /^[A-Za-z0-9_.\/:-]+$/;

/** The printed path: `spec.ports[name=http].port`, `metadata.annotations["dapr.io/app-id"]`, `args[2]`. */
function pathText(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += SIMPLE_KEY.test(s.key) ? `${out ? '.' : ''}${s.key}` : `[${JSON.stringify(s.key)}]`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[${s.match.map(([field, value]) => `${field}=${SIMPLE_NAME.test(value) ? value : JSON.stringify(value)}`).join(',')}]`;
  }
  return out;
}

/** Deep equality without recursion (manifests from untrusted input may nest arbitrarily deep). */
function sameValue(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    const rx = asRecord(x);
    const ry = asRecord(y);
    if (!rx || !ry) {
      if (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    const kx = Object.keys(rx);
    if (kx.length !== Object.keys(ry).length) return false;
    for (const k of kx) {
      if (!hasOwn(ry, k)) return false;
      stack.push([rx[k], ry[k]]);
    }
  }
  return true;
}

/** Where the walk is: the printed path, the field path the reading rules match, the reading, the changes found. */
interface Walk {
  readonly segments: Segment[];
  readonly schema: SchemaStep[];
  readonly reading: Reading;
  readonly out: RawChange[];
}

const addChange = (w: Walk, before: unknown, after: unknown) => w.out.push({ segments: [...w.segments], ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });

/** Compares the items of two lists matched by the given indexes per match (-1: absent on that side). */
function compareMatched(before: unknown[], after: unknown[], matches: readonly { match: readonly (readonly [string, string])[]; i: number; j: number }[], w: Walk): void {
  w.schema.push(ITEM);
  for (const { match, i, j } of matches) {
    w.segments.push({ match, before: i, after: j });
    compare(i >= 0 ? before[i] : undefined, j >= 0 ? after[j] : undefined, w);
    w.segments.pop();
  }
  w.schema.pop();
}

function compareLists(before: unknown[], after: unknown[], w: Walk): void {
  const reading = w.reading.list(w.schema, [before, after]);
  if (reading.as === 'set') {
    if (!sameAsRead(before, after, w.schema, w.reading)) addChange(w, before, after);
    return;
  }
  if (reading.as === 'keyed') {
    const a = keyedItems(before, reading);
    const b = keyedItems(after, reading);
    if (a && b) {
      const keys = [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint);
      // Named after the item as the after side writes it (the before side's when removed).
      const matches = keys.map((k) => ({ i: a.get(k) ?? -1, j: b.get(k) ?? -1 })).map(({ i, j }) => ({ match: reading.label(j >= 0 ? after[j] : before[i]), i, j }));
      compareMatched(before, after, matches, w);
      return;
    }
  } else if (reading.as === 'named') {
    const a = namedItems(before);
    const b = namedItems(after);
    if (a && b) {
      const names = [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint);
      compareMatched(before, after, names.map((name) => ({ match: [['name', name] as const], i: a.get(name) ?? -1, j: b.get(name) ?? -1 })), w);
      return;
    }
  }
  w.schema.push(ITEM);
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    w.segments.push({ index: i });
    compare(before[i], after[i], w);
    w.segments.pop();
  }
  w.schema.pop();
}

function compare(before: unknown, after: unknown, w: Walk): void {
  if (w.segments.length > MAX_SHOWN_DEPTH) {
    if (!sameValue(before, after)) addChange(w, before, after);
    return;
  }
  // A Dapr list that is absent, null or empty is no list to daprd (a Go slice of length 0).
  if (emptyDaprList(before, w.schema, w.reading) && emptyDaprList(after, w.schema, w.reading)) return;
  if (Array.isArray(before) && Array.isArray(after)) return compareLists(before, after, w);
  const ra = asRecord(before);
  const rb = asRecord(after);
  if (ra && rb) {
    for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort(byCodePoint)) {
      w.segments.push({ key });
      w.schema.push(key);
      compare(ownValue(ra, key), ownValue(rb, key), w);
      w.schema.pop();
      w.segments.pop();
    }
    return;
  }
  if (sameValue(before, after)) return;
  const asRead = w.reading.scalarAsRead(w.schema, before);
  if (asRead !== undefined && asRead === w.reading.scalarAsRead(w.schema, after)) return;
  addChange(w, before, after);
}

/** The value at a path inside one side's (redacted) manifest. */
function valueAt(root: unknown, segments: readonly Segment[], side: 'before' | 'after'): unknown {
  let node = root;
  for (const s of segments) {
    if (node === TOO_DEEP) return TOO_DEEP;
    if ('key' in s) {
      const record = asRecord(node);
      node = record ? ownValue(record, s.key) : undefined;
    } else {
      const index = 'index' in s ? s.index : s[side];
      node = Array.isArray(node) && index >= 0 ? node[index] : undefined;
    }
  }
  return node;
}

/** The field changes as shown: values from the redacted manifests; a redacted change flagged. */
function shown(fields: readonly RawChange[], before: Manifest, after: Manifest): FieldChange[] {
  const redactedBefore = redactManifest(before);
  const redactedAfter = redactManifest(after);
  return fields.map((f) => {
    const b = f.before === undefined ? undefined : valueAt(redactedBefore, f.segments, 'before');
    const a = f.after === undefined ? undefined : valueAt(redactedAfter, f.segments, 'after');
    const hidden = b !== undefined && a !== undefined && b !== TOO_DEEP && sameValue(a, b);
    return { path: pathText(f.segments), ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }), ...(hidden ? { redacted: true as const } : {}) };
  });
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const SIDECAR_LOADED = new Set(['Component', 'Configuration', 'Resiliency', 'Subscription', 'HTTPEndpoint']);

function notesFor(m: Manifest, fields: readonly FieldChange[]): string[] {
  const notes: string[] = [];
  if (WORKLOADS.has(m.kind) && fields.some((f) => /template\.metadata\.annotations\["dapr\.io\//.test(f.path))) {
    notes.push('A dapr.io/* annotation changed: the pods roll (the sidecar injector reads annotations only when a pod is created).');
  }
  if (typeof m.apiVersion === 'string' && m.apiVersion.startsWith('dapr.io/') && SIDECAR_LOADED.has(m.kind)) {
    notes.push(`A ${m.kind} is read by the sidecars when they start: it takes effect only after the apps that load it restart (kubectl rollout restart).`);
  }
  const controlPlane = namespaceOf(m) === 'dapr-system' || /^dapr(-|$)/.test(nameOf(m));
  if (controlPlane && fields.some((f) => /(\.image|\.version|\.tag|chart)$/i.test(f.path) || /\.image$|version/i.test(f.path))) {
    notes.push('The Dapr control-plane version changes: this is an upgrade — upgrade the control plane before the sidecars, and read the release notes.');
  }
  return notes;
}

export function diffManifests(before: readonly Manifest[], after: readonly Manifest[], options: DiffOptions = {}): ManifestDiff {
  const a = new Map(before.map((m) => [keyOf(m), m]));
  const b = new Map(after.map((m) => [keyOf(m), m]));
  const changes: ObjectChange[] = [];
  let unchanged = 0;
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint)) {
    const old = a.get(key);
    const now = b.get(key);
    const m = (now ?? old) as Manifest;
    const base = { key, kind: m.kind, name: nameOf(m), namespace: namespaceOf(m) };
    if (!old) changes.push({ ...base, change: 'added', fields: [], notes: notesFor(m, []) });
    else if (!now) changes.push({ ...base, change: 'removed', fields: [], notes: [] });
    else {
      const raw: RawChange[] = [];
      compare(old, now, { segments: [], schema: [], reading: options.exact ? EXACT : readingFor(now.apiVersion, now.kind), out: raw });
      if (raw.length === 0) unchanged++;
      else {
        const fields = shown(raw, old, now);
        changes.push({ ...base, change: 'changed', fields, notes: notesFor(m, fields) });
      }
    }
  }
  const count = (c: ObjectChange['change']) => changes.filter((x) => x.change === c).length;
  return { changes, counts: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged } };
}

/** A value as JSON text (`"text"`, `80`, `[…]`), or `(absent)`. */
const show = (v: unknown) => (v === undefined ? '(absent)' : (JSON.stringify(v) ?? String(v)));

/** `before → after`, or `changed (redacted)` when what changed is a secret. */
function change(f: FieldChange): string {
  if (f.redacted) return `changed ${REDACTED}`;
  if (f.before === TOO_DEEP && f.after === TOO_DEEP) return `changed ${TOO_DEEP}`;
  return `${show(f.before)} → ${show(f.after)}`;
}

/** A skipped file or document, as a line of text. */
export function noticeText(n: ReadNotice): string {
  return `notice: ${printable(n.source)}:${n.line}: ${printable(n.message)}`;
}

export function formatDiffText(d: ManifestDiff, notices: readonly ReadNotice[] = []): string {
  const lines: string[] = [];
  for (const c of d.changes) {
    const sign = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    lines.push(`${sign} ${printable(c.kind)} ${printable(c.namespace)}/${printable(c.name)} (${c.change})`);
    for (const f of c.fields) lines.push(`    ${printable(f.path)}: ${printable(change(f))}`);
    for (const n of c.notes) lines.push(`    note: ${printable(n)}`);
  }
  for (const n of notices) lines.push(noticeText(n));
  const { added, removed, changed, unchanged } = d.counts;
  lines.push(`${added} added, ${removed} removed, ${changed} changed, ${unchanged} unchanged.`);
  return lines.join('\n') + '\n';
}

/** JSON: the diff, and every skipped file or document under `notices`. */
export function formatDiffJson(d: ManifestDiff, notices: readonly ReadNotice[] = []): string {
  return jsonText({ ...d, notices });
}

/** A PR-comment-ready summary: counts, a table of objects, collapsible field details; all input escaped. */
export function formatDiffMarkdown(d: ManifestDiff, notices: readonly ReadNotice[] = []): string {
  const { added, removed, changed, unchanged } = d.counts;
  const lines = ['### daprkit diff', '', `**${added}** added · **${removed}** removed · **${changed}** changed · ${unchanged} unchanged`, ''];
  const skipped = notices.length === 0 ? [] : ['', `**Skipped** (${notices.length}):`, '', ...notices.map((n) => `- ${markdownText(`${n.source}:${n.line}: ${n.message}`)}`), ''];
  if (d.changes.length === 0) return [...lines, 'No changes.', ...skipped, ''].join('\n');
  lines.push('| Change | Kind | Namespace | Name | Fields | Notes |', '| --- | --- | --- | --- | --- | --- |');
  for (const c of d.changes) lines.push(`| ${c.change} | ${markdownText(c.kind)} | ${markdownText(c.namespace)} | ${markdownText(c.name)} | ${c.fields.length} | ${markdownText(c.notes.join(' '))} |`);
  for (const c of d.changes.filter((x) => x.fields.length > 0)) {
    lines.push('', `<details><summary>${markdownText(c.kind)} ${markdownText(c.namespace)}/${markdownText(c.name)}: ${c.fields.length} field${c.fields.length === 1 ? '' : 's'}</summary>`, '');
    lines.push('| Field | Before | After |', '| --- | --- | --- |');
    for (const f of c.fields) {
      const [before, after] = f.redacted || (f.before === TOO_DEEP && f.after === TOO_DEEP) ? [change(f), change(f)] : [show(f.before), show(f.after)];
      lines.push(`| <code>${markdownText(f.path)}</code> | ${markdownText(before)} | ${markdownText(after)} |`);
    }
    lines.push('', '</details>');
  }
  lines.push(...skipped);
  return lines.join('\n') + '\n';
}
