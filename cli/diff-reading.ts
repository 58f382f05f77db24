/**
 * How daprd reads the lists and values of the Dapr objects, for `daprkit diff`: which lists it reads
 * as sets (order and repeats do not matter), which as maps keyed by a field (order does not matter;
 * of two items with the same key, one wins), which in order, and which values it reads as text (so
 * `25` and `"25"` are the same). Each rule was read in Dapr 1.18.3's source (paths below); lists no
 * rule covers keep the diff's general reading (named items matched by name, others by position).
 *
 * - `scopes` of Component, HTTPEndpoint, MCPServer, WorkflowAccessPolicy (`common.Scoped`,
 *   `IsAppScoped`: `slices.Contains`), Resiliency (`pkg/resiliency/resiliency.go`: `slices.Contains`)
 *   and Subscription (`pkg/runtime/processor/subscriptions.go`: `utils.Contains`); the disk loader
 *   filters the same way (`pkg/internal/loader/disk/disk.go`): sets.
 * - Component `spec.metadata`: `pkg/runtime/meta/meta.go` `convertItemsToProps` makes a map by name
 *   (the last item of a name wins) of `Value.String()`, which is the JSON text of the value, unquoted
 *   when it is a string (`pkg/apis/common/namevalue.go`): keyed by name, values as text.
 * - HTTPEndpoint `spec.headers`: `pkg/channel/http/http_channel.go` calls `Header.Set(name,
 *   Value.String())`: keyed by the header name as HTTP compares it (case-insensitive), last wins.
 * - MCPServer `spec.endpoint.{streamableHTTP,sse}.headers` (`pkg/runtime/mcp/auth/auth.go`: a map by
 *   name) and `spec.endpoint.stdio.env` (`pkg/runtime/wfengine/inprocess/mcp/v1/worker.go`: appended
 *   to the command's environment, where the last of a name wins): keyed by name, values as text.
 * - Configuration (`pkg/config/configuration.go`): `features` (`LoadFeatures`: the last item of a name
 *   decides), `tracing.otel.headers` (`parseOtelHeaders` in `pkg/runtime/runtime.go`: a map, values
 *   `Value.String()`), `secrets.scopes` by `storeName` (a repeated storeName is refused, so only
 *   unique names are matched) with `allowedSecrets` and `deniedSecrets` sorted and binary-searched
 *   (sets), `api.allowed` / `api.denied` (`GetRulesByProtocol` and `pkg/api/grpc/endpoints.go`
 *   `apiAccessRuleToMap`: sets of rules), `components.deny` (`pkg/runtime/authorizer/component.go`:
 *   any item matches), `metric(s).http.pathMatching` (`pkg/diagnostics/http_monitoring_path_matching.go`:
 *   sorted and deduplicated), `httpPipeline` / `appHttpPipeline` `handlers` (`pkg/middleware/http/
 *   pipeline.go`: a chain, in order).
 * - Configuration `accessControl.policies` (`pkg/acl/acl.go`: a map keyed by appId and namespace,
 *   the last wins), their `httpVerb` (a map: a set), their `operations` by name — where the first of
 *   a name wins (`pkg/config/acl_trie.go` `PutOperationAction`) — unless a name has a `*` or `**`
 *   segment: the trie tries sibling nodes in the order they were added and a wildcard node matches
 *   before a later exact one, so then the order is read.
 * - WorkflowAccessPolicy `spec.rules`, their `callers`, `workflows` (and each one's `operations`) and
 *   `activities` (`pkg/acl/workflow/policy.go`: a pure allow-list, any matching rule grants): sets.
 */
import { asRecord } from '../checks/manifest';
import { byCodePoint } from './escape';

/** A list item's place in a field path (never a map key, which is always a string). */
export const ITEM = Symbol('item');
export type SchemaStep = string | typeof ITEM;

export type ListReading =
  /** Order and repeats do not matter; an empty list is no list. */
  | { readonly as: 'set' }
  /** Items matched by key (`label` names them in paths); of two with one key, `wins` decides (`unique`: only unique keys are matched). */
  | { readonly as: 'keyed'; readonly key: (item: unknown) => string | undefined; readonly label: (item: unknown) => readonly [string, string][]; readonly wins: 'first' | 'last' | 'unique' }
  /** Item by item, in order. */
  | { readonly as: 'ordered' }
  /** The diff's general reading: by `name` when every item has a unique one, else by position. */
  | { readonly as: 'named' };

export interface Reading {
  /** How the list at this path is read, given both sides (a rule may depend on the items). */
  list(path: readonly SchemaStep[], sides: readonly unknown[][]): ListReading;
  /** True when a rule covers the list at this path (then no list and an empty list are the same). */
  isDaprList(path: readonly SchemaStep[]): boolean;
  /**
   * The scalar at this path as daprd reads it, when that differs from its JSON value: the text of
   * a value read as text (`25` is `"25"`), an HTTP header name in lower case. Undefined otherwise.
   */
  scalarAsRead(path: readonly SchemaStep[], value: unknown): string | undefined;
}

const own = (value: unknown, key: string): unknown => {
  const record = asRecord(value);
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
};
const stringField = (field: string) => (item: unknown) => {
  const v = own(item, field);
  return typeof v === 'string' ? v : undefined;
};

/** An HTTP header name as Go's `Header.Set` keys it: case-insensitive when it is a valid token, else as written. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const headerName = (name: unknown) => (typeof name !== 'string' ? undefined : HEADER_TOKEN.test(name) ? name.toLowerCase() : name);
const headerKey = (item: unknown) => headerName(own(item, 'name'));

const SET: ListReading = { as: 'set' };
const ORDERED: ListReading = { as: 'ordered' };
const NAMED: ListReading = { as: 'named' };
const byName = (wins: 'first' | 'last' | 'unique'): ListReading => ({ as: 'keyed', key: stringField('name'), label: (item) => [['name', String(own(item, 'name'))]], wins });
const HEADERS: ListReading = { as: 'keyed', key: headerKey, label: (item) => [['name', String(own(item, 'name'))]], wins: 'last' };
const STORES: ListReading = { as: 'keyed', key: stringField('storeName'), label: (item) => [['storeName', String(own(item, 'storeName'))]], wins: 'unique' };
const POLICIES: ListReading = {
  as: 'keyed',
  key: (item) => {
    const [appId, namespace] = [own(item, 'appId'), own(item, 'namespace')];
    return typeof appId === 'string' && typeof namespace === 'string' ? JSON.stringify([appId, namespace]) : undefined;
  },
  label: (item) => [
    ['appId', String(own(item, 'appId'))],
    ['namespace', String(own(item, 'namespace'))],
  ],
  wins: 'last',
};
/** A trie wildcard: a whole path segment `*` or `**`. */
const hasWildcard = (item: unknown) => {
  const name = own(item, 'name');
  return typeof name === 'string' && name.split('/').some((s) => s === '*' || s === '**');
};

type Rule = { readonly list?: ListReading | ((sides: readonly unknown[][]) => ListReading); readonly scalar?: (value: unknown) => string | undefined };

/** `spec.metadata[].value` → ['spec', 'metadata', ITEM, 'value']. */
function pattern(text: string): SchemaStep[] {
  return text.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), ITEM] : [part]));
}

const NAME_VALUE_TEXT = (list: string): [string, Rule][] => [
  [list, { list: byName('last') }],
  [`${list}[].value`, { scalar: asText }],
];

/** The rules per kind, by field path. */
const RULES: Readonly<Record<string, readonly [string, Rule][]>> = {
  Component: [['scopes', { list: SET }], ...NAME_VALUE_TEXT('spec.metadata')],
  HTTPEndpoint: [
    ['scopes', { list: SET }],
    ['spec.headers', { list: HEADERS }],
    ['spec.headers[].name', { scalar: headerName }],
    ['spec.headers[].value', { scalar: asText }],
  ],
  MCPServer: [['scopes', { list: SET }], ...NAME_VALUE_TEXT('spec.endpoint.streamableHTTP.headers'), ...NAME_VALUE_TEXT('spec.endpoint.sse.headers'), ...NAME_VALUE_TEXT('spec.endpoint.stdio.env')],
  WorkflowAccessPolicy: [
    ['scopes', { list: SET }],
    ['spec.rules', { list: SET }],
    ['spec.rules[].callers', { list: SET }],
    ['spec.rules[].workflows', { list: SET }],
    ['spec.rules[].workflows[].operations', { list: SET }],
    ['spec.rules[].activities', { list: SET }],
  ],
  Resiliency: [['scopes', { list: SET }]],
  Subscription: [['scopes', { list: SET }]],
  Configuration: [
    ['spec.features', { list: byName('last') }],
    ...NAME_VALUE_TEXT('spec.tracing.otel.headers'),
    ['spec.secrets.scopes', { list: STORES }],
    ['spec.secrets.scopes[].allowedSecrets', { list: SET }],
    ['spec.secrets.scopes[].deniedSecrets', { list: SET }],
    ['spec.api.allowed', { list: SET }],
    ['spec.api.denied', { list: SET }],
    ['spec.components.deny', { list: SET }],
    ['spec.metric.http.pathMatching', { list: SET }],
    ['spec.metrics.http.pathMatching', { list: SET }],
    ['spec.httpPipeline.handlers', { list: ORDERED }],
    ['spec.appHttpPipeline.handlers', { list: ORDERED }],
    ['spec.accessControl.policies', { list: POLICIES }],
    ['spec.accessControl.policies[].httpVerb', { list: SET }],
    ['spec.accessControl.policies[].operations', { list: (sides) => (sides.some((items) => items.some(hasWildcard)) ? ORDERED : byName('first')) }],
    ['spec.accessControl.policies[].operations[].httpVerb', { list: SET }],
  ],
};

const COMPILED = new Map<string, { path: SchemaStep[]; rule: Rule }[]>(Object.entries(RULES).map(([kind, rules]) => [kind, rules.map(([p, rule]) => ({ path: pattern(p), rule }))]));

function ruleAt(kind: string, path: readonly SchemaStep[]): Rule | undefined {
  for (const { path: p, rule } of COMPILED.get(kind) ?? []) {
    if (p.length === path.length && p.every((step, i) => step === path[i])) return rule;
  }
  return undefined;
}

/** The general reading, for objects Dapr does not read (and Dapr fields no rule covers). */
export const GENERAL: Reading = { list: () => NAMED, isDaprList: () => false, scalarAsRead: () => undefined };

/** `--exact`: every list item by item, in order; every value with its type. */
export const EXACT: Reading = { list: () => ORDERED, isDaprList: () => false, scalarAsRead: () => undefined };

/** How daprd reads an object of this apiVersion and kind (the general reading for anything else). */
export function readingFor(apiVersion: unknown, kind: unknown): Reading {
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith('dapr.io/') || typeof kind !== 'string' || !COMPILED.has(kind)) return GENERAL;
  return {
    list: (path, sides) => {
      const list = ruleAt(kind, path)?.list;
      return list === undefined ? NAMED : typeof list === 'function' ? list(sides) : list;
    },
    isDaprList: (path) => ruleAt(kind, path)?.list !== undefined,
    scalarAsRead: (path, value) => ruleAt(kind, path)?.scalar?.(value),
  };
}

/** A scalar as daprd's `Value.String()` gives it: a string as is, a number or a boolean as its JSON text. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  return undefined;
}

/**
 * The items of a keyed list that daprd keeps, by key (undefined when an item has no key, or, for
 * `unique`, when a key repeats: then the list is compared item by item).
 */
export function keyedItems(list: readonly unknown[], reading: Extract<ListReading, { as: 'keyed' }>): Map<string, number> | undefined {
  const byKey = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const key = reading.key(list[i]);
    if (key === undefined) return undefined;
    if (byKey.has(key)) {
      if (reading.wins === 'unique') return undefined;
      if (reading.wins === 'first') continue;
    }
    byKey.set(key, i);
  }
  return byKey;
}

/** Past this depth a value is never the same as another (no manifest nests so deep; the diff shows it changed). */
const MAX_CANONICAL_DEPTH = 200;
let deepMarks = 0;

const isEmptyList = (value: unknown) => value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/**
 * A value as daprd reads it, in a form whose JSON text is equal for two values exactly when daprd
 * reads them the same: sets sorted and without repeats, keyed lists reduced to the items kept and
 * sorted by key, maps sorted by key, text values as text, empty Dapr lists left out. Lists no rule
 * covers keep their order. `path` is the value's field path, restored on return.
 */
function canonical(value: unknown, path: SchemaStep[], reading: Reading, depth: number): unknown {
  if (depth > MAX_CANONICAL_DEPTH) return ['deep', ++deepMarks];
  if (Array.isArray(value)) {
    const list = reading.list(path, [value]);
    path.push(ITEM);
    try {
      const items = (indexes: Iterable<number>) => [...indexes].map((i) => canonical(value[i], path, reading, depth + 1));
      if (list.as === 'set') {
        const byText = new Map<string, unknown>();
        for (const item of items(value.keys())) byText.set(JSON.stringify(item), item);
        return ['set', ...[...byText.keys()].sort(byCodePoint).map((t) => byText.get(t))];
      }
      const kept = list.as === 'keyed' ? keyedItems(value, list) : undefined;
      if (kept) return ['keyed', ...[...kept.keys()].sort(byCodePoint).flatMap((k) => [k, ...items([kept.get(k)!])])];
      return ['list', ...items(value.keys())];
    } finally {
      path.pop();
    }
  }
  const record = asRecord(value);
  if (record) {
    const out: unknown[] = ['map'];
    for (const key of Object.keys(record).sort(byCodePoint)) {
      path.push(key);
      if (!(reading.isDaprList(path) && isEmptyList(record[key]))) out.push(key, canonical(record[key], path, reading, depth + 1));
      path.pop();
    }
    return out;
  }
  const asRead = reading.scalarAsRead(path, value);
  if (asRead !== undefined) return asRead;
  if (typeof value === 'number' && !Number.isFinite(value)) return ['number', String(value)];
  return value === undefined ? ['absent'] : value;
}

/** True when daprd reads the two lists at this path as the same set. */
export function sameAsRead(before: unknown, after: unknown, path: readonly SchemaStep[], reading: Reading): boolean {
  return JSON.stringify(canonical(before, [...path], reading, 0)) === JSON.stringify(canonical(after, [...path], reading, 0));
}

/** True when the value at this path is a list that daprd reads as no list (absent, null or empty). */
export function emptyDaprList(value: unknown, path: readonly SchemaStep[], reading: Reading): boolean {
  return reading.isDaprList(path) && isEmptyList(value);
}
