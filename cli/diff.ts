/**
 * `daprkit diff`: what changes between two sets of manifests, object by object and field by field,
 * with notes on the Dapr effects people miss (pods roll, sidecars must restart, the control plane
 * upgrades). Formatting, key order and the order of named list items are not changes.
 */
import { asRecord, nameOf, namespaceOf } from '../checks/manifest';
import { Manifest } from '../checks/types';

export interface FieldChange {
  readonly path: string;
  /** Undefined when the field is added. */
  readonly before?: unknown;
  /** Undefined when the field is removed. */
  readonly after?: unknown;
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

export const REDACTED = '(redacted)';

/** Names whose values are treated as secrets wherever they appear (metadata items, env vars). */
const SENSITIVE_NAME = /passw(or)?d|secret|token|api[-_]?key|access[-_]?key|account[-_]?key|private[-_]?key|credential|connection[-_]?string|^authorization$/i;

function keyOf(m: Manifest): string {
  return `${m.apiVersion} ${m.kind} ${namespaceOf(m)}/${nameOf(m)}`;
}

/** Lists whose items all carry a unique string `name` are matched by name, not by index. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
  if (list.length === 0) return undefined;
  const byName = new Map<string, unknown>();
  for (const item of list) {
    const name = asRecord(item)?.name;
    if (typeof name !== 'string' || byName.has(name)) return undefined;
    byName.set(name, item);
  }
  return byName;
}

function isSensitivePath(path: string, kind: string): boolean {
  if (kind === 'Secret' && /^(data|stringData)(\.|\[|$)/.test(path)) return true;
  // A reference to a secret (its store, name and key) is not the secret.
  if (/secretKeyRef|secretStore/i.test(path)) return false;
  const names = [...path.matchAll(/\[name=([^\]]*)\]|\.([A-Za-z0-9_-]+)|\["([^"]*)"\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  return names.some((n) => SENSITIVE_NAME.test(n));
}

function childPath(base: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

function compare(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = namedItems(before);
    const b = namedItems(after);
    if (a && b) {
      for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) compare(a.get(name), b.get(name), `${path}[name=${name}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(before.length, after.length); i++) compare(before[i], after[i], `${path}[${i}]`, out);
    return;
  }
  const ra = asRecord(before);
  const rb = asRecord(after);
  if (ra && rb) {
    for (const key of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) compare(ra[key], rb[key], childPath(path, key), out);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  out.push({ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
}

function redact(fields: FieldChange[], kind: string): FieldChange[] {
  return fields.map((f) =>
    isSensitivePath(f.path, kind)
      ? { path: f.path, ...(f.before === undefined ? {} : { before: REDACTED }), ...(f.after === undefined ? {} : { after: REDACTED }) }
      : f,
  );
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const SIDECAR_LOADED = new Set(['Component', 'Configuration', 'Resiliency', 'Subscription', 'HTTPEndpoint']);

function notesFor(m: Manifest, fields: FieldChange[]): string[] {
  const notes: string[] = [];
  if (WORKLOADS.has(m.kind) && fields.some((f) => /template\.metadata\.annotations\["dapr\.io\//.test(f.path))) {
    notes.push('A dapr.io/* annotation changed: the pods roll (the sidecar injector reads annotations only when a pod is created).');
  }
  if (m.apiVersion?.startsWith('dapr.io/') && SIDECAR_LOADED.has(m.kind)) {
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
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const old = a.get(key);
    const now = b.get(key);
    const m = (now ?? old) as Manifest;
    const base = { key, kind: m.kind, name: nameOf(m), namespace: namespaceOf(m) };
    if (!old) changes.push({ ...base, change: 'added', fields: [], notes: notesFor(m, []) });
    else if (!now) changes.push({ ...base, change: 'removed', fields: [], notes: [] });
    else {
      const fields: FieldChange[] = [];
      compare(old, now, '', fields);
      if (fields.length === 0) unchanged++;
      else changes.push({ ...base, change: 'changed', fields: redact(fields, m.kind), notes: notesFor(m, fields) });
    }
  }
  const count = (c: ObjectChange['change']) => changes.filter((x) => x.change === c).length;
  return { changes, counts: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged } };
}

const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

export function formatDiffText(d: ManifestDiff): string {
  const lines: string[] = [];
  for (const c of d.changes) {
    const sign = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    lines.push(`${sign} ${c.kind} ${c.namespace}/${c.name} (${c.change})`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${show(f.before)} → ${show(f.after)}`);
    for (const n of c.notes) lines.push(`    note: ${n}`);
  }
  const { added, removed, changed, unchanged } = d.counts;
  lines.push(`${added} added, ${removed} removed, ${changed} changed, ${unchanged} unchanged.`);
  return lines.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A PR-comment-ready summary: counts, a table of objects, collapsible field details. */
export function formatDiffMarkdown(d: ManifestDiff): string {
  const { added, removed, changed, unchanged } = d.counts;
  const lines = ['### daprkit diff', '', `**${added}** added · **${removed}** removed · **${changed}** changed · ${unchanged} unchanged`, ''];
  if (d.changes.length === 0) return [...lines, 'No changes.', ''].join('\n');
  lines.push('| Change | Kind | Namespace | Name | Fields | Notes |', '| --- | --- | --- | --- | --- | --- |');
  for (const c of d.changes) lines.push(`| ${c.change} | ${c.kind} | ${cell(c.namespace)} | ${cell(c.name)} | ${c.fields.length} | ${cell(c.notes.join(' '))} |`);
  for (const c of d.changes.filter((x) => x.fields.length > 0)) {
    lines.push('', `<details><summary>${c.kind} ${cell(c.namespace)}/${cell(c.name)}: ${c.fields.length} field${c.fields.length === 1 ? '' : 's'}</summary>`, '');
    lines.push('| Field | Before | After |', '| --- | --- | --- |');
    for (const f of c.fields) lines.push(`| \`${cell(f.path)}\` | ${cell(show(f.before))} | ${cell(show(f.after))} |`);
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}
