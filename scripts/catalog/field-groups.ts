/**
 * Finds the field groups several component versions share, so the generated code can write each
 * group once (a const in the catalog, an interface for the typed factories) and refer to it.
 *
 * A version's fields are split into, in this order:
 * - `auth`: the fields of a built-in authentication profile it uses (`builtin:aws`, `builtin:azuread`,
 *   `builtin:gcp`): the profile fields every user of that profile has;
 * - `builtin`: the fields the runtime accepts for every component of its building block;
 * - `shared`: fields with identical facts that the same set of versions (at least two) has, when
 *   there are at least MIN_SHARED of them (e.g. what `bindings.kafka` and `pubsub.kafka` share);
 * - its own fields: the rest.
 * A group is kept only when at least two versions have it with identical facts; otherwise its
 * fields stay the version's own. Everything is ordered deterministically.
 */
import type { ComponentTypeFacts, ComponentVersionFacts, FieldFacts } from '../../dapr/component-facts';
import { byCodeUnit } from './facts';
import { constantCase, pascal } from './ts-source';

/** Fewest fields a `shared` group has: fewer are not worth a name of their own. */
const MIN_SHARED = 3;

/** Names of the built-in authentication profiles, as they appear in type names. */
const AUTH_NAMES: Readonly<Record<string, string>> = { aws: 'Aws', azuread: 'AzureAd', gcp: 'Gcp' };

/** `builtin:azuread` → `AzureAd`: the stem of the names of what a built-in profile brings. */
export function authStem(source: string): string {
  const name = source.slice('builtin:'.length);
  return AUTH_NAMES[name] ?? pascal(name);
}

export type GroupKind = 'auth' | 'builtin' | 'shared';

/** One component type at one documented version. */
export interface VersionRef {
  readonly type: ComponentTypeFacts;
  readonly version: ComponentVersionFacts;
}

export interface FieldGroup {
  readonly kind: GroupKind;
  /** The const in the catalog, e.g. `AZURE_AD_AUTH_FIELDS`. */
  readonly constName: string;
  /** The interface of the typed factories, e.g. `AzureAdAuthFields`. */
  readonly interfaceName: string;
  /** What the fields are, for a doc comment (no trailing period; usersNote says where they are used). */
  readonly description: string;
  /** The fields, sorted by name. */
  readonly fields: readonly FieldFacts[];
  /** The versions whose fields include the group, in catalog order. */
  readonly users: readonly VersionRef[];
}

/** How one version's fields are written: the groups it includes plus its own fields. */
export interface FieldPlan {
  /** In the order of FieldGrouping.groups. */
  readonly groups: readonly FieldGroup[];
  /** Sorted by name. */
  readonly own: readonly FieldFacts[];
}

export interface FieldGrouping {
  /** Every group, in the order they are written: auth, builtin, shared, each by name. */
  readonly groups: readonly FieldGroup[];
  planOf(version: ComponentVersionFacts): FieldPlan;
}

/** Where a group is used, for its doc comment: the versions when few, else how many. */
export function usersNote(group: FieldGroup): string {
  const labels = group.users.map(versionLabel);
  if (labels.length > 6) return `${labels.length} component versions`;
  return labels.length === 2 ? labels.join(' and ') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** `spec.type version`, e.g. `state.redis v1`. */
export function versionLabel(ref: VersionRef): string {
  return `${ref.type.specType} ${ref.version.version}`;
}

/** The fields of several lists as one list sorted by name: what the catalog's `sortedFields` computes. */
export function sortedFields(...lists: ReadonlyArray<readonly FieldFacts[]>): FieldFacts[] {
  return lists.flat().sort((a, b) => byCodeUnit(a.name, b.name));
}

/** `AzureAd` → `AZURE_AD`. */
export function pascalToConstant(name: string): string {
  return constantCase(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
}

interface Candidate {
  readonly kind: GroupKind;
  /** Pascal-case stem of the names (`AzureAd`, `State`, `Kafka`). */
  readonly stem: string;
  readonly description: string;
  readonly fields: readonly FieldFacts[];
  readonly users: VersionRef[];
}

/** Field names of the built-in profile `source` that every version using it has in those profiles. */
function authCoreNames(versions: readonly VersionRef[]): Map<string, Set<string>> {
  const core = new Map<string, Set<string>>();
  for (const { version } of versions) {
    const bySource = new Map<string, Set<string>>();
    for (const p of version.authProfiles ?? []) {
      if (!p.source.startsWith('builtin:')) continue;
      const names = bySource.get(p.source) ?? new Set<string>();
      for (const n of [...p.required, ...p.optional]) names.add(n);
      bySource.set(p.source, names);
    }
    for (const [source, names] of bySource) {
      const seen = core.get(source);
      core.set(source, seen ? new Set([...seen].filter((n) => names.has(n))) : names);
    }
  }
  return core;
}

/** The longest `.`-separated prefix of the names, or a whole name that starts all others (`postgres`). */
function commonName(names: readonly string[]): string {
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (names.includes(prefix) || names.every((n) => n === prefix || n[prefix.length] === '.')) return prefix;
  const dot = prefix.lastIndexOf('.');
  return dot > 0 ? prefix.slice(0, dot) : '';
}

/** The first camel-case word most field names start with (`emailFrom`, `emailTo`, `subject` → `email`), if any. */
function commonFieldWord(fields: readonly FieldFacts[]): string {
  const counts = new Map<string, number>();
  for (const f of fields) {
    const word = /^[a-z]+/.exec(f.name)?.[0];
    if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const [best] = [...counts].sort(([a, m], [b, n]) => n - m || byCodeUnit(a, b));
  return best && best[1] * 2 > fields.length ? best[0] : '';
}

function sharedStem(users: readonly VersionRef[], fields: readonly FieldFacts[]): string {
  const name = commonName([...new Set(users.map((u) => u.type.name))]);
  if (name !== '') {
    const blocks = new Set(users.map((u) => u.type.buildingBlock));
    // Only one building block: say so, to tell e.g. the pub/sub-only Service Bus fields apart.
    return (blocks.size === 1 ? pascal([...blocks][0]) : '') + pascal(name);
  }
  return pascal(commonFieldWord(fields) || 'shared');
}

/** Splits the catalog's fields into shared groups and own fields. */
export function groupFields(catalog: readonly ComponentTypeFacts[]): FieldGrouping {
  const versions: VersionRef[] = catalog.flatMap((type) => type.versions.map((version) => ({ type, version })));
  const core = authCoreNames(versions);
  const json = (fields: readonly FieldFacts[]) => JSON.stringify(fields);

  // Pass 1: auth and builtin candidates, keyed by kind, source or block, and exact facts.
  const candidates = new Map<string, Candidate>();
  const tentative = new Map<ComponentVersionFacts, string[]>();
  for (const ref of versions) {
    const keys: string[] = [];
    const taken = new Set<string>();
    const sources = [...new Set((ref.version.authProfiles ?? []).map((p) => p.source))].filter((s) => core.has(s)).sort(byCodeUnit);
    const take = (kind: GroupKind, id: string, stem: string, description: string, fields: FieldFacts[]) => {
      if (fields.length === 0) return;
      const key = `${kind} ${id} ${json(fields)}`;
      const candidate = candidates.get(key) ?? { kind, stem, description, fields, users: [] };
      candidate.users.push(ref);
      candidates.set(key, candidate);
      keys.push(key);
      for (const f of fields) taken.add(f.name);
    };
    for (const source of sources) {
      const names = core.get(source)!;
      const name = source.slice('builtin:'.length);
      const fields = ref.version.fields.filter((f) => f.origin === 'profile' && names.has(f.name) && !taken.has(f.name));
      take('auth', source, authStem(source), `The fields of the built-in \`${name}\` authentication profiles`, fields);
    }
    const builtin = ref.version.fields.filter((f) => f.origin === 'builtin' && !taken.has(f.name));
    const block = ref.type.buildingBlock;
    take('builtin', block, `${pascal(block)}Builtin`, `Built-in \`${block}\` fields, which the runtime reads whatever the component`, builtin);
    tentative.set(ref.version, keys);
  }
  const kept = new Map([...candidates].filter(([, c]) => c.users.length >= 2));

  // Pass 2: the rest, grouped by the exact set of versions that has each field fact.
  const member = new Map<ComponentVersionFacts, Candidate[]>();
  const rest = new Map<ComponentVersionFacts, FieldFacts[]>();
  for (const ref of versions) {
    const groups = tentative.get(ref.version)!.flatMap((k) => (kept.has(k) ? [kept.get(k)!] : []));
    const grouped = new Set(groups.flatMap((g) => g.fields.map((f) => f.name)));
    member.set(ref.version, groups);
    rest.set(ref.version, ref.version.fields.filter((f) => !grouped.has(f.name)));
  }
  const usersOf = new Map<string, { field: FieldFacts; users: VersionRef[] }>();
  for (const ref of versions) {
    for (const field of rest.get(ref.version)!) {
      const entry = usersOf.get(JSON.stringify(field)) ?? { field, users: [] };
      entry.users.push(ref);
      usersOf.set(JSON.stringify(field), entry);
    }
  }
  const bySignature = new Map<string, { users: VersionRef[]; fields: FieldFacts[] }>();
  for (const { field, users } of usersOf.values()) {
    if (users.length < 2) continue;
    const signature = users.map(versionLabel).join(' ');
    const entry = bySignature.get(signature) ?? { users, fields: [] };
    entry.fields.push(field);
    bySignature.set(signature, entry);
  }
  const shared: Candidate[] = [...bySignature.values()]
    .filter((e) => e.fields.length >= MIN_SHARED)
    .map(({ users, fields }) => {
      const sorted = [...fields].sort((a, b) => byCodeUnit(a.name, b.name));
      return { kind: 'shared' as const, stem: sharedStem(users, sorted), description: 'Fields several components have alike', fields: sorted, users };
    });
  for (const group of shared) {
    for (const ref of group.users) {
      member.get(ref.version)!.push(group);
      const names = new Set(group.fields.map((f) => f.name));
      rest.set(ref.version, rest.get(ref.version)!.filter((f) => !names.has(f.name)));
    }
  }

  // Names: by kind, then most users first; a stem taken twice gets a number (`RedisFields2`).
  const kindOrder: Record<GroupKind, number> = { auth: 0, builtin: 1, shared: 2 };
  const ordered = [...kept.values(), ...shared].sort(
    (a, b) =>
      kindOrder[a.kind] - kindOrder[b.kind] ||
      byCodeUnit(a.stem, b.stem) ||
      b.users.length - a.users.length ||
      byCodeUnit(versionLabel(a.users[0]), versionLabel(b.users[0])) ||
      byCodeUnit(json(a.fields), json(b.fields)),
  );
  const stemCount = new Map<string, number>();
  const named = new Map<Candidate, FieldGroup>();
  for (const c of ordered) {
    const stem = `${c.stem}${c.kind === 'auth' ? 'Auth' : ''}Fields`;
    const n = (stemCount.get(stem) ?? 0) + 1;
    stemCount.set(stem, n);
    named.set(c, {
      kind: c.kind,
      constName: pascalToConstant(stem) + (n > 1 ? `_${n}` : ''),
      interfaceName: stem + (n > 1 ? String(n) : ''),
      description: c.description,
      fields: c.fields,
      users: c.users,
    });
  }
  const groups = [...named.values()];
  const index = new Map(groups.map((g, i) => [g, i]));

  const plans = new Map<ComponentVersionFacts, FieldPlan>();
  for (const ref of versions) {
    const own = rest.get(ref.version)!;
    const mine = member.get(ref.version)!.map((c) => named.get(c)!).sort((a, b) => index.get(a)! - index.get(b)!);
    if (json(sortedFields(...mine.map((g) => g.fields), own)) !== json(ref.version.fields)) {
      throw new Error(`${versionLabel(ref)}: the field groups do not add up to the version's fields.`);
    }
    plans.set(ref.version, { groups: mine, own });
  }
  return {
    groups,
    planOf(version) {
      const plan = plans.get(version);
      if (!plan) throw new Error(`version ${version.version} is not in the catalog`);
      return plan;
    },
  };
}
