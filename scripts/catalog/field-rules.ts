/**
 * Puts the hand-checked requirement corrections of facts.ts into the catalog: the fields upstream
 * leaves optional that the code requires, the local fallbacks of required addresses, and the rules
 * on several fields (pairs, alternatives, conditional requirements). Every name a correction or
 * rule uses must be a field the runtime reads for that version, so a typo fails the generator
 * instead of silently doing nothing.
 */
import type { BuildingBlock, ComponentVersionFacts, FieldCondition, FieldRuleFacts } from '../../dapr/component-facts';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a correction applies: listed spec types, or every type of a building block. */
export interface TypeSelection {
  /** Spec types (canonical, not aliases). Empty with `block`: every type of the block. */
  readonly types: readonly string[];
  readonly block?: BuildingBlock;
}

/** A correction of the `required` flag (or of a fact tied to it), with the reason and the code that says so. */
export interface RequiredCorrection extends TypeSelection {
  readonly fields: readonly string[];
  /** One sentence, in our own words. */
  readonly reason: string;
  /** Where the component code says so: `path:line @tag` in components-contrib (or dapr). */
  readonly source: string;
}

/** A required address the code defaults to a local one (see `FieldFacts.localDefault`). */
export interface LocalDefault extends TypeSelection {
  readonly field: string;
  readonly address: string;
  readonly reason: string;
  readonly source: string;
}

/**
 * A rule on several fields, as facts.ts writes it. Selected by `types` or `block`, or by
 * `profileSource` (every version with a built-in authentication profile of that source, such as
 * `builtin:azuread`); a version selected by block or profile that lacks one of the rule's fields is
 * skipped, one selected by name must have them all.
 */
export interface FieldRuleEntry {
  readonly types?: readonly string[];
  readonly block?: BuildingBlock;
  readonly profileSource?: string;
  /** @default - every documented version */
  readonly versions?: readonly string[];
  readonly kind: FieldRuleFacts['kind'];
  readonly fields: readonly string[];
  readonly triggers?: readonly string[];
  readonly when?: readonly FieldCondition[];
  readonly effect: FieldRuleFacts['effect'];
  readonly reason: string;
  readonly source: string;
}

export function selects(selection: TypeSelection, specType: string, block: string): boolean {
  return selection.types.includes(specType) || (selection.types.length === 0 && selection.block === block);
}

/** Every name the runtime reads for a version, lower-cased → the spelling the catalog uses. */
function knownNames(version: ComponentVersionFacts): Map<string, { name: string; alias?: string }> {
  const known = new Map<string, { name: string; alias?: string }>();
  for (const f of version.fields) known.set(f.name.toLowerCase(), { name: f.name });
  for (const n of version.runtimeFields ?? []) if (!known.has(n.toLowerCase())) known.set(n.toLowerCase(), { name: n });
  for (const a of version.aliases ?? []) if (!known.has(a.alias.toLowerCase())) known.set(a.alias.toLowerCase(), { name: a.field, alias: a.alias });
  for (const l of version.legacyFields ?? []) if (!known.has(l.name.toLowerCase())) known.set(l.name.toLowerCase(), { name: l.name, alias: l.name });
  return known;
}

/** The rule's names, checked: each one a field or undocumented key the runtime reads, spelt as the catalog does. */
function checkedNames(owner: string, version: ComponentVersionFacts, names: readonly string[]): string[] {
  const known = knownNames(version);
  return names.map((name) => {
    const entry = known.get(name.toLowerCase());
    if (!entry) throw new Error(`${owner}: a rule names "${name}", which the runtime does not read for this version.`);
    if (entry.alias !== undefined) throw new Error(`${owner}: a rule names "${name}", another name for "${entry.name}"; name the field itself.`);
    if (entry.name !== name) throw new Error(`${owner}: a rule names "${name}"; the catalog spells it "${entry.name}".`);
    return entry.name;
  });
}

function hasAll(version: ComponentVersionFacts, names: readonly string[]): boolean {
  const known = knownNames(version);
  return names.every((n) => known.get(n.toLowerCase())?.name === n);
}

const sortedUnique = (names: readonly string[]) => [...new Set(names)].sort(byCodeUnit);

/** The rules of facts.ts that apply to one version, checked and in a stable order (the order of facts.ts). */
export function rulesFor(
  entries: readonly FieldRuleEntry[],
  specType: string,
  block: string,
  version: ComponentVersionFacts,
): FieldRuleFacts[] {
  const owner = `${specType} ${version.version}`;
  const rules: FieldRuleFacts[] = [];
  for (const e of entries) {
    if (e.versions && !e.versions.includes(version.version)) continue;
    const byName = (e.types ?? []).includes(specType);
    const byBlock = e.block !== undefined && e.block === block && (e.types ?? []).length === 0;
    const byProfile = e.profileSource !== undefined && (version.authProfiles ?? []).some((p) => p.source === e.profileSource);
    if (!byName && !byBlock && !byProfile) continue;
    const names = [...e.fields, ...(e.triggers ?? []), ...(e.when ?? []).map((c) => c.field)];
    if (!byName && !hasAll(version, names)) continue;
    checkedNames(owner, version, names);
    if (e.fields.length === 0) throw new Error(`${owner}: a ${e.kind} rule without fields.`);
    if (e.triggers && e.kind !== 'all-or-none') throw new Error(`${owner}: only all-or-none rules have triggers.`);
    rules.push({
      kind: e.kind,
      fields: sortedUnique(e.fields),
      ...(e.triggers ? { triggers: sortedUnique(e.triggers) } : {}),
      ...(e.when ? { when: e.when } : {}),
      effect: e.effect,
    });
  }
  return rules;
}
