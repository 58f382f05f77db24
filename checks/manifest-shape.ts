/**
 * The shape every check may rely on, established once before the checks run: each input is an
 * object with a string `apiVersion` and `kind`; `metadata` (top level and pod template) is an
 * object whose `name` / `namespace` are strings and whose `annotations` / `labels` map strings to
 * strings. Input that breaks this (what a YAML file can hold: a bare number, `metadata: null`, an
 * annotation value `8080` unquoted) becomes a finding, and the object is passed on repaired (the
 * broken part left out) or, when it is not a Kubernetes object at all, not passed on.
 */
import { asRecord, DEFAULT_NAMESPACE, setOwn } from './manifest';
import { Finding, Manifest } from './types';

const CHECK = 'manifest-shape';

/** Where a pod template's metadata sits, by kind (the same kinds `podsOf` reads). */
const POD_METADATA_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', []],
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
]);

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}

/** A string map with the non-string entries left out, and a finding for each. */
function stringMap(value: unknown, field: string, report: (field: string, message: string, hint: string) => void): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const map = asRecord(value);
  if (!map) {
    report(field, `${field} is ${typeName(value)}, not a map of strings.`, `Write ${field} as key: "value" pairs.`);
    return undefined;
  }
  if (Object.values(map).every((v) => typeof v === 'string')) return map as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(map)) {
    if (typeof v === 'string') setOwn(out, key, v);
    else {
      const quoted = typeof v === 'number' || typeof v === 'boolean' ? `"${key}": "${String(v)}"` : `"${key}": "<text>"`;
      report(`${field}["${key}"]`, `the value of "${key}" is ${typeName(v)}; Kubernetes takes only strings here.`, `Quote it: ${quoted}.`);
    }
  }
  return out;
}

/** Metadata with the shape the checks expect; findings for what had to be left out. */
function repairedMetadata(value: unknown, base: string, report: (field: string, message: string, hint: string) => void, top: boolean): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const metadata = asRecord(value);
  if (!metadata) {
    report(base, `${base} is ${typeName(value)}, not a map.`, `Write ${base} as a map with name${top ? ', namespace' : ''} and annotations.`);
    return {};
  }
  // Copied only when something has to be left out: well-formed metadata (nearly all) is passed on as is.
  let out: Record<string, unknown> | undefined;
  for (const key of ['name', 'namespace'] as const) {
    const v = metadata[key];
    if (v === undefined || typeof v === 'string') continue;
    out ??= { ...metadata };
    delete out[key];
    // A missing name is the object-name check's finding; a broken namespace would silently become the default one.
    if (key === 'namespace' || v !== null) {
      report(`${base}.${key}`, `${base}.${key} is ${typeName(v)}, not a string.`, key === 'namespace' ? `Write the namespace name, or omit it for "${DEFAULT_NAMESPACE}".` : 'Write the name as a string.');
    }
  }
  for (const key of ['annotations', 'labels'] as const) {
    if (metadata[key] === undefined) continue;
    const map = stringMap(metadata[key], `${base}.${key}`, report);
    if (map === metadata[key]) continue;
    out ??= { ...metadata };
    if (map === undefined) delete out[key];
    else out[key] = map;
  }
  return out ?? metadata;
}

/** Replaces the value at `path` inside a copy of `root` (copying only along the path). */
function withValueAt(root: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  if (path.length === 0) return value as Record<string, unknown>;
  const [head, ...rest] = path;
  const child = asRecord(root[head]) ?? {};
  return { ...root, [head]: rest.length === 0 ? value : withValueAt(child, rest, value) };
}

function atPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const step of path) node = asRecord(node)?.[step];
  return node;
}

/** Deeper than this, an object is not a manifest anyone wrote (and recursive readers could overflow the stack). */
export const MAX_DEPTH = 64;

/** Thrown (and caught below) when an object nests deeper than MAX_DEPTH. */
class TooDeep {}

/**
 * Throws TooDeep when `node` nests deeper than MAX_DEPTH, so the recursion itself stays shallow.
 * Keys are not filtered: a `__proto__` or `toString` key is data like any other, and the checks
 * read input by own keys (`dig`, `ownValue`) and build their maps with Map or without prototype.
 */
function checkDepth(node: unknown, depth: number = 0): void {
  if (node === null || typeof node !== 'object') return;
  if (depth >= MAX_DEPTH) throw new TooDeep();
  for (const value of Array.isArray(node) ? node : Object.values(node)) checkDepth(value, depth + 1);
}

/** The inputs the checks can read, and findings for every input (or part of one) they cannot. */
export function wellFormedManifests(inputs: readonly unknown[]): { manifests: Manifest[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const manifests: Manifest[] = [];
  inputs.forEach((input, index) => {
    const object = asRecord(input);
    const kindValue = object?.kind;
    const nameValue = asRecord(object?.metadata)?.name;
    const namespaceValue = asRecord(object?.metadata)?.namespace;
    const resource =
      typeof kindValue === 'string' && typeof nameValue === 'string'
        ? `${kindValue}/${typeof namespaceValue === 'string' ? namespaceValue : DEFAULT_NAMESPACE}/${nameValue}`
        : `object #${index + 1}`;
    const report = (field: string, message: string, hint: string) => findings.push({ check: CHECK, severity: 'error', resource, field, message, hint });
    if (!object) {
      report('', `object #${index + 1} is ${typeName(input)}, not a Kubernetes object.`, 'Each YAML document must be a map with apiVersion, kind and metadata.');
      return;
    }
    const missing = (['apiVersion', 'kind'] as const).filter((k) => typeof object[k] !== 'string' || object[k] === '');
    if (missing.length > 0) {
      for (const k of missing) report(k, `${k} is ${object[k] === undefined ? 'missing' : typeName(object[k])}; the object cannot be applied.`, `Set ${k} to a string, e.g. ${k === 'kind' ? '"Deployment"' : '"apps/v1"'}.`);
      return;
    }
    let repaired: Record<string, unknown> = object;
    try {
      checkDepth(object);
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      report('', `the object is nested more than ${MAX_DEPTH} levels deep; it is not checked.`, 'Check the YAML for runaway nesting (a value indented under itself, a generated document gone wrong).');
      return;
    }
    if (repaired.metadata !== undefined) {
      const metadata = repairedMetadata(repaired.metadata, 'metadata', report, true);
      if (metadata !== repaired.metadata) repaired = { ...repaired, metadata };
    }
    const podPath = POD_METADATA_PATHS.get(object.kind as string);
    if (podPath && podPath.length > 0) {
      const podMetadata = atPath(repaired, [...podPath, 'metadata']);
      if (podMetadata !== undefined) {
        const metadata = repairedMetadata(podMetadata, [...podPath, 'metadata'].join('.'), report, false);
        if (metadata !== podMetadata) repaired = withValueAt(repaired, [...podPath, 'metadata'], metadata);
      }
    }
    manifests.push(repaired as Manifest);
  });
  return { manifests, findings };
}
