/**
 * Lookups over the generated component catalog for the checks: a `spec.type` (or alias) to its
 * facts, and a metadata name to its field. Indexes are built once, on first use.
 */
import type { ComponentTypeFacts, ComponentVersionFacts, FieldFacts } from '../dapr/component-facts';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';

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

/** Field lookup for one version: exact name first, then case-insensitive (the runtime ignores case). */
export class FieldIndex {
  private readonly exact = new Map<string, FieldFacts>();
  private readonly folded = new Map<string, FieldFacts>();
  private readonly patterns: Array<{ regex: RegExp; field: FieldFacts }> = [];

  constructor(readonly version: ComponentVersionFacts) {
    for (const field of version.fields) {
      if (/<[^>]+>/.test(field.name)) {
        const source = field.name
          .split(/<[^>]+>/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+');
        this.patterns.push({ regex: new RegExp(`^${source}$`, 'i'), field });
        continue;
      }
      this.exact.set(field.name, field);
      if (!this.folded.has(field.name.toLowerCase())) this.folded.set(field.name.toLowerCase(), field);
    }
  }

  public get(name: string): FieldFacts | undefined {
    return (
      this.exact.get(name) ?? this.folded.get(name.toLowerCase()) ?? this.patterns.find((p) => p.regex.test(name))?.field
    );
  }

  /** Plain (non-pattern) field names, for "did you mean". */
  public names(): string[] {
    return [...this.exact.keys()];
  }
}

const fieldIndexes = new WeakMap<ComponentVersionFacts, FieldIndex>();

export function fieldIndex(version: ComponentVersionFacts): FieldIndex {
  let index = fieldIndexes.get(version);
  if (!index) {
    index = new FieldIndex(version);
    fieldIndexes.set(version, index);
  }
  return index;
}
