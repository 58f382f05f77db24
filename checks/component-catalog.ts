/**
 * Lookups over the generated component catalog for the checks: a `spec.type` (or alias) to its
 * facts, and a metadata name to its field. Indexes are built once, on first use.
 */
import type { ComponentTypeFacts, ComponentVersionFacts, FieldFacts } from '../dapr/component-facts';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';
import { closest, didYouMean } from './suggest';
import type { CheckOptions } from './types';

let byType: Map<string, ComponentTypeFacts> | undefined;

/** Every `spec.type` the runtime accepts (canonical types and aliases) → its facts. */
function typeIndex(): Map<string, ComponentTypeFacts> {
  if (!byType) {
    byType = new Map();
    for (const t of COMPONENT_CATALOG) {
      byType.set(t.specType, t);
      for (const alias of t.aliases ?? []) byType.set(alias, t);
    }
  }
  return byType;
}

/** The facts of a `spec.type` or alias; undefined when the catalog does not know it. */
export function componentTypeFacts(specType: string): ComponentTypeFacts | undefined {
  return typeIndex().get(specType);
}

/** Every spec type and alias, for "did you mean". */
export function knownSpecTypes(): string[] {
  return [...typeIndex().keys()];
}

/** Every version the runtime accepts for the type, documented or not, sorted. */
export function knownVersions(facts: ComponentTypeFacts): string[] {
  return [...facts.versions.map((v) => v.version), ...(facts.undocumentedVersions ?? [])].sort();
}

export function documentedVersion(facts: ComponentTypeFacts, version: string): ComponentVersionFacts | undefined {
  return facts.versions.find((v) => v.version === version);
}

/** What a metadata name is to the runtime, beyond a catalog field. */
export type FieldRole =
  | { readonly kind: 'field'; readonly field: FieldFacts }
  /** Another name for `field` (the canonical one, when the catalog documents it). */
  | { readonly kind: 'alias'; readonly canonical: string; readonly field?: FieldFacts }
  /** An older key that fills in `satisfies` (nothing: read, but without effect). */
  | { readonly kind: 'legacy'; readonly satisfies: readonly string[] }
  /** Read by the runtime, not documented upstream. */
  | { readonly kind: 'runtime' };

/** `<...>` in a name matches any text; the rest literally, ignoring case. */
function patternRegex(name: string): RegExp {
  const source = name
    .split(/<[^>]+>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`, 'i');
}

const isPattern = (name: string) => /<[^>]+>/.test(name);

/**
 * Field lookup for one version: exact name first, then case-insensitive (the runtime ignores
 * case), then patterns. Knows the catalog's fields and what the runtime also accepts: aliases
 * (resolved to their canonical field), legacy keys and undocumented keys.
 */
export class FieldIndex {
  private readonly exact = new Map<string, FieldRole>();
  /** Lower-cased name → the name as the catalog spells it, and its role. */
  private readonly folded = new Map<string, { name: string; role: FieldRole }>();
  private readonly exactCase: ReadonlySet<string>;
  private readonly patterns: Array<{ regex: RegExp; role: FieldRole }> = [];
  /** Alias → canonical field, also for aliases upstream documents as fields of their own (Kafka `awsRegion`). */
  private readonly aliasOf = new Map<string, string>();

  constructor(readonly version: ComponentVersionFacts) {
    this.exactCase = new Set(version.exactCaseFields ?? []);
    const add = (name: string, role: FieldRole) => {
      if (isPattern(name)) {
        this.patterns.push({ regex: patternRegex(name), role });
        return;
      }
      if (!this.exact.has(name)) this.exact.set(name, role);
      if (!this.folded.has(name.toLowerCase())) this.folded.set(name.toLowerCase(), { name, role });
    };
    // Catalog fields first: a name that is both a field and an alias keeps its own facts.
    for (const field of version.fields) add(field.name, { kind: 'field', field });
    const byName = new Map(version.fields.map((f) => [f.name, f]));
    for (const a of version.aliases ?? []) {
      add(a.alias, { kind: 'alias', canonical: a.field, field: byName.get(a.field) });
      this.aliasOf.set(a.alias, a.field);
    }
    for (const l of version.legacyFields ?? []) add(l.name, { kind: 'legacy', satisfies: l.satisfies });
    for (const name of version.runtimeFields ?? []) add(name, { kind: 'runtime' });
  }

  /** What the name is to the runtime; undefined when the runtime does not read it (a key read only in another spelling included). */
  public role(name: string): FieldRole | undefined {
    const exact = this.exact.get(name);
    if (exact) return exact;
    const folded = this.folded.get(name.toLowerCase());
    if (folded && !this.exactCase.has(folded.name)) return folded.role;
    return this.patterns.find((p) => p.regex.test(name))?.role;
  }

  /** The catalog facts that apply to a name: its own field, or the canonical field of an alias. */
  public get(name: string): FieldFacts | undefined {
    const role = this.role(name);
    return role?.kind === 'field' || role?.kind === 'alias' ? role.field : undefined;
  }

  /** True when the runtime reads the name (or takes any name). */
  public isKnown(name: string): boolean {
    return this.version.acceptsAnyField === true || this.role(name) !== undefined;
  }

  /** The fields a set name provides: itself, an alias's canonical field, what a legacy key fills in. */
  public provides(name: string): string[] {
    const role = this.role(name);
    if (role?.kind === 'alias') return [name, role.canonical];
    if (role?.kind === 'legacy') return [name, ...role.satisfies];
    // A documented field that the runtime also decodes into another one stands for both.
    const canonical = role?.kind === 'field' ? this.aliasOf.get(role.field.name) : undefined;
    return canonical !== undefined ? [name, canonical] : [name];
  }

  /** Plain (non-pattern) catalog field names, for "did you mean". */
  public names(): string[] {
    return [...this.exact.entries()].filter(([, r]) => r.kind === 'field').map(([n]) => n);
  }

  /** Every plain name the runtime reads (fields, aliases, legacy and undocumented keys). */
  public allNames(): string[] {
    return [...this.exact.keys()];
  }

  /** Suggestions already made: the same misspelling recurs across Components of a type. Bounded. */
  private readonly suggestions = new Map<string, string>();
  private readonly closestFields = new Map<string, string | undefined>();

  /** The plain catalog field closest to an unknown name (memoized like `didYouMean`). */
  public closestField(name: string): string | undefined {
    if (this.closestFields.has(name)) return this.closestFields.get(name);
    if (this.closestFields.size >= MAX_REMEMBERED_SUGGESTIONS) this.closestFields.clear();
    const meant = closest(name, this.names());
    this.closestFields.set(name, meant);
    return meant;
  }

  /** ` Did you mean "x"?` for an unknown name, against every plain name (or the empty string). */
  public didYouMean(name: string): string {
    let suggestion = this.suggestions.get(name);
    if (suggestion === undefined) {
      if (this.suggestions.size >= MAX_REMEMBERED_SUGGESTIONS) this.suggestions.clear();
      suggestion = didYouMean(name, this.allNames());
      this.suggestions.set(name, suggestion);
    }
    return suggestion;
  }
}

/** How many suggestions a FieldIndex keeps (the index lives as long as the process). */
const MAX_REMEMBERED_SUGGESTIONS = 1000;

const fieldIndexes = new WeakMap<ComponentVersionFacts, FieldIndex>();

export function fieldIndex(version: ComponentVersionFacts): FieldIndex {
  let index = fieldIndexes.get(version);
  if (!index) {
    index = new FieldIndex(version);
    fieldIndexes.set(version, index);
  }
  return index;
}

/**
 * True when something says the Component's type is deliberately outside the catalog (a pluggable
 * or in-house component): its `daprkit.io/custom-type` annotation, or the run's `customTypes`.
 */
export function isDeclaredCustom(c: { readonly customType: boolean; readonly type?: string }, options: CheckOptions = {}): boolean {
  return c.customType || (c.type !== undefined && (options.customTypes ?? []).includes(c.type));
}
