/**
 * `daprkit diff`: what changes between two sets of manifests, object by object and field by field,
 * with notes on the Dapr effects people miss (pods roll, sidecars must restart, the control plane
 * upgrades). Formatting, key order and the order of named list items are not changes.
 *
 * Every value shown is taken from a redacted copy of its manifest (cli/redact.ts), so no secret is
 * printed at any depth; a secret that changed still shows that it changed ("changed (redacted)").
 */
import { asRecord, nameOf, namespaceOf } from '../checks/manifest';
import { ReadNotice } from '../checks/read-manifests';
import { Manifest } from '../checks/types';
import { byCodePoint, jsonText, markdownText, printable } from './escape';
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

export interface ManifestDiff {
  readonly changes: ObjectChange[];
  readonly counts: { added: number; removed: number; changed: number; unchanged: number };
}

/** One step of a field path: a map key, a list index, or a named list item (with its index on each side). */
type Segment = { readonly key: string } | { readonly index: number } | { readonly name: string; readonly before: number; readonly after: number };

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
    else out += `[name=${SIMPLE_NAME.test(s.name) ? s.name : JSON.stringify(s.name)}]`;
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

function compare(before: unknown, after: unknown, segments: Segment[], out: RawChange[]): void {
  if (segments.length > MAX_SHOWN_DEPTH) {
    if (!sameValue(before, after)) out.push({ segments: [...segments], ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = namedItems(before);
    const b = namedItems(after);
    if (a && b) {
      for (const name of [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint)) {
        const i = a.get(name) ?? -1;
        const j = b.get(name) ?? -1;
        segments.push({ name, before: i, after: j });
        compare(i >= 0 ? before[i] : undefined, j >= 0 ? after[j] : undefined, segments, out);
        segments.pop();
      }
      return;
    }
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      segments.push({ index: i });
      compare(before[i], after[i], segments, out);
      segments.pop();
    }
    return;
  }
  const ra = asRecord(before);
  const rb = asRecord(after);
  if (ra && rb) {
    for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort(byCodePoint)) {
      segments.push({ key });
      compare(ownValue(ra, key), ownValue(rb, key), segments, out);
      segments.pop();
    }
    return;
  }
  if (sameValue(before, after)) return;
  out.push({ segments: [...segments], ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
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

export function diffManifests(before: readonly Manifest[], after: readonly Manifest[]): ManifestDiff {
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
      compare(old, now, [], raw);
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
