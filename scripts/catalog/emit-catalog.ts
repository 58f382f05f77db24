/** Writes the facts module (`component-catalog.ts`) and the `ComponentType` constants (`component-types.ts`). */
import type { AuthProfileFacts, ComponentTypeFacts, ComponentVersionFacts, FieldAliasFacts } from '../../dapr/component-facts';
import { byCodeUnit } from './facts';
import { authStem, FieldGrouping, groupFields, pascalToConstant, usersNote } from './field-groups';
import { Call, Code, constantCase, literal, Spread, str } from './ts-source';

// The catalog writes each shared piece once, as a const above COMPONENT_CATALOG: the field groups
// (field-groups.ts), the built-in authentication profiles, and any other profile several versions
// have. Two small helpers put the pieces together; the generator checks that what they compute is
// exactly the facts, so COMPONENT_CATALOG holds the same values as if everything were written out.

const SORTED_FIELDS = `/** Field lists as one list, sorted by name as the catalog keeps fields. */
function sortedFields(...lists: ReadonlyArray<readonly FieldFacts[]>): readonly FieldFacts[] {
  return lists.flat().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
`;

const WITH_FIELDS = `/** Built-in authentication profiles that also need some of the component's own fields. */
function withFields(profiles: readonly AuthProfileFacts[], required: readonly string[], optional: readonly string[] = []): AuthProfileFacts[] {
  const merge = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
  return profiles.map((p) => ({ title: p.title, source: p.source, required: merge(p.required, required), optional: merge(p.optional, optional) }));
}
`;

const SORTED_ALIASES = `/** Alias lists as one list, sorted by alias as the catalog keeps them. */
function sortedAliases(...lists: ReadonlyArray<readonly FieldAliasFacts[]>): readonly FieldAliasFacts[] {
  return lists.flat().sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}
`;

/**
 * Alias entries many versions share (the Azure authentication aliases are in 30) are written once:
 * entries found in exactly the same versions form a block, and a block of at least three entries
 * in at least three versions becomes a const.
 */
class AliasPlan {
  readonly blocks: Array<{ readonly constName: string; readonly entries: readonly FieldAliasFacts[] }> = [];
  private readonly blocksOf = new Map<ComponentVersionFacts, number[]>();

  constructor(versions: readonly ComponentVersionFacts[]) {
    const key = (a: FieldAliasFacts) => `${a.alias}>${a.field}`;
    const where = new Map<string, { entry: FieldAliasFacts; in: number[] }>();
    versions.forEach((v, i) => {
      for (const a of v.aliases ?? []) where.set(key(a), { entry: a, in: [...(where.get(key(a))?.in ?? []), i] });
    });
    const bySignature = new Map<string, { entries: FieldAliasFacts[]; in: number[] }>();
    for (const { entry, in: ids } of where.values()) {
      if (ids.length < 3) continue;
      const signature = ids.join(',');
      const block = bySignature.get(signature) ?? { entries: [], in: ids };
      block.entries.push(entry);
      bySignature.set(signature, block);
    }
    const taken = new Set<string>();
    const blocks = [...bySignature.values()].filter((b) => b.entries.length >= 3).sort((a, b) => b.in.length - a.in.length || byCodeUnit(key(a.entries[0]), key(b.entries[0])));
    for (const block of blocks) {
      const entries = [...block.entries].sort((a, b) => byCodeUnit(a.alias, b.alias));
      let constName = `${constantCase(commonPrefix(entries.map((e) => e.alias)) || commonPrefix(entries.map((e) => e.field)) || 'shared')}_ALIASES`;
      for (let n = 2; taken.has(constName); n++) constName = constName.replace(/(_\d+)?_ALIASES$/, `_${n}_ALIASES`);
      taken.add(constName);
      const index = this.blocks.push({ constName, entries }) - 1;
      for (const i of block.in) this.blocksOf.set(versions[i], [...(this.blocksOf.get(versions[i]) ?? []), index]);
    }
  }

  get used(): boolean {
    return this.blocks.length > 0;
  }

  /** The `aliases` value to write for a version, checked against its facts. */
  valueOf(version: ComponentVersionFacts): unknown {
    const aliases = version.aliases ?? [];
    const blocks = (this.blocksOf.get(version) ?? []).map((i) => this.blocks[i]);
    if (blocks.length === 0) return aliases;
    const inBlocks = new Set(blocks.flatMap((b) => b.entries.map((a) => `${a.alias}>${a.field}`)));
    const own = aliases.filter((a) => !inBlocks.has(`${a.alias}>${a.field}`));
    const recomputed = [...blocks.flatMap((b) => b.entries), ...own].sort((a, b) => byCodeUnit(a.alias, b.alias));
    if (!same(recomputed, aliases)) throw new Error(`aliases of ${version.version} do not add up`);
    const refs = blocks.map((b) => new Code(b.constName));
    return own.length === 0 && refs.length === 1 ? refs[0] : new Call('sortedAliases', own.length > 0 ? [...refs, own] : refs);
  }
}

/** The lower-case-first word all names start with (`azureClientId`, `azureTenantId` → `azure`), or ''. */
function commonPrefix(names: readonly string[]): string {
  const words = names.map((n) => /^[a-z]+|^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z][a-z]+/.exec(n)?.[0] ?? '');
  return words.every((w) => w !== '' && w === words[0]) ? words[0] : '';
}

/** What the catalog's `withFields` computes. */
function withFields(profiles: readonly AuthProfileFacts[], required: readonly string[], optional: readonly string[]): AuthProfileFacts[] {
  const merge = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort(byCodeUnit);
  return profiles.map((p) => ({ title: p.title, source: p.source, required: merge(p.required, required), optional: merge(p.optional, optional) }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/** A version's profiles in runs: each run one component profile, or consecutive profiles of one built-in source. */
function runsOf(profiles: readonly AuthProfileFacts[]): AuthProfileFacts[][] {
  const runs: AuthProfileFacts[][] = [];
  for (const p of profiles) {
    const last = runs[runs.length - 1];
    if (last && p.source.startsWith('builtin:') && last[0].source === p.source) last.push(p);
    else runs.push([p]);
  }
  return runs;
}

/** A built-in source's profiles as upstream defines them: what all its runs with the same titles have in common. */
interface BuiltinProfiles {
  readonly source: string;
  readonly constName: string;
  readonly profiles: readonly AuthProfileFacts[];
}

/** How one run of built-in profiles is written: the built-in const plus the component's extra fields. */
interface BuiltinUse {
  readonly builtin: BuiltinProfiles;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

class ProfilePlan {
  private readonly builtins = new Map<string, BuiltinProfiles>();
  private readonly uses = new Map<AuthProfileFacts[], BuiltinUse>();
  /** Profile facts (JSON) several versions have, written inline otherwise → const name. */
  private readonly shared = new Map<string, string>();
  private readonly runs: Map<ComponentVersionFacts, AuthProfileFacts[][]>;
  readonly consts: Array<{ name: string; doc: string; value: AuthProfileFacts }> = [];

  constructor(versions: readonly ComponentVersionFacts[]) {
    this.runs = new Map(versions.map((v) => [v, runsOf(v.authProfiles ?? [])]));
    const allRuns = [...this.runs.values()].flat();
    const bySource = new Map<string, AuthProfileFacts[][]>();
    for (const run of allRuns.filter((r) => r[0].source.startsWith('builtin:'))) {
      bySource.set(run[0].source, [...(bySource.get(run[0].source) ?? []), run]);
    }
    for (const [source, runs] of [...bySource].sort(([a], [b]) => byCodeUnit(a, b))) {
      const titles = runs[0].map((p) => p.title);
      const alike = runs.filter((r) => same(r.map((p) => p.title), titles));
      const common = (pick: (p: AuthProfileFacts) => readonly string[], i: number) =>
        alike.map((r) => pick(r[i])).reduce((acc, names) => acc.filter((n) => names.includes(n)));
      const builtin: BuiltinProfiles = {
        source,
        constName: `${pascalToConstant(authStem(source))}_AUTH_PROFILES`,
        profiles: titles.map((title, i) => ({ title, source, required: common((p) => p.required, i), optional: common((p) => p.optional, i) })),
      };
      const uses = alike.flatMap((run) => {
        const required = minus(run[0].required, builtin.profiles[0].required);
        const optional = minus(run[0].optional, builtin.profiles[0].optional);
        return same(withFields(builtin.profiles, required, optional), run) ? [[run, { builtin, required, optional }] as const] : [];
      });
      if (uses.length < 2) continue;
      this.builtins.set(source, builtin);
      for (const [run, use] of uses) this.uses.set(run, use);
    }

    const counts = new Map<string, { profile: AuthProfileFacts; n: number }>();
    for (const runs of this.runs.values()) {
      for (const p of runs.filter((r) => !this.uses.has(r)).flat()) {
        const key = JSON.stringify(p);
        counts.set(key, { profile: p, n: (counts.get(key)?.n ?? 0) + 1 });
      }
    }
    // Named after the title; of profiles whose titles give the same name, the most used gets it bare.
    const stemOf = (p: AuthProfileFacts) => `${constantCase(p.title)}_PROFILE`;
    const repeated = [...counts].filter(([, c]) => c.n >= 2);
    repeated.sort(([ka, a], [kb, b]) => byCodeUnit(stemOf(a.profile), stemOf(b.profile)) || b.n - a.n || byCodeUnit(ka, kb));
    const taken = new Map<string, number>();
    for (const [key, { profile, n }] of repeated) {
      const stem = stemOf(profile);
      const count = (taken.get(stem) ?? 0) + 1;
      taken.set(stem, count);
      const name = count > 1 ? `${stem}_${count}` : stem;
      this.shared.set(key, name);
      this.consts.push({ name, doc: `The \`${profile.title}\` profile (${n} component versions).`, value: profile });
    }
  }

  get builtinConsts(): readonly BuiltinProfiles[] {
    return [...this.builtins.values()];
  }

  get usesWithFields(): boolean {
    return [...this.uses.values()].some((u) => u.required.length > 0 || u.optional.length > 0);
  }

  /** The `authProfiles` value to write for a version, checked against its facts. */
  valueOf(version: ComponentVersionFacts): unknown {
    const profiles = version.authProfiles ?? [];
    const parts: Array<{ code: unknown; value: readonly AuthProfileFacts[]; spread: boolean }> = [];
    for (const run of this.runs.get(version) ?? []) {
      const use = this.uses.get(run);
      if (use) {
        const ref = new Code(use.builtin.constName);
        const extra = use.required.length > 0 || use.optional.length > 0;
        const args = use.optional.length > 0 ? [ref, use.required, use.optional] : [ref, use.required];
        parts.push({
          code: extra ? new Call('withFields', args) : ref,
          value: withFields(use.builtin.profiles, use.required, use.optional),
          spread: true,
        });
      } else {
        for (const p of run) {
          const name = this.shared.get(JSON.stringify(p));
          parts.push({ code: name ? new Code(name) : p, value: [p], spread: false });
        }
      }
    }
    if (!same(parts.flatMap((p) => p.value), profiles)) throw new Error(`authentication profiles of ${version.version} do not add up`);
    if (parts.length === 1 && parts[0].spread) return parts[0].code;
    return parts.map((p) => (p.spread ? new Spread(p.code) : p.code));
  }
}

/** The `fields` value to write for a version: its own fields, one group, or `sortedFields(...)` of several. */
function fieldsValue(grouping: FieldGrouping, version: ComponentVersionFacts): Call | Code | readonly unknown[] {
  const plan = grouping.planOf(version);
  if (plan.groups.length === 0) return plan.own;
  const refs = plan.groups.map((g) => new Code(g.constName));
  if (plan.own.length === 0 && refs.length === 1) return refs[0];
  return new Call('sortedFields', plan.own.length > 0 ? [...refs, plan.own] : refs);
}

export function emitCatalog(header: string, catalog: readonly ComponentTypeFacts[]): string {
  const grouping = groupFields(catalog);
  const profilePlan = new ProfilePlan(catalog.flatMap((t) => t.versions));
  const aliasPlan = new AliasPlan(catalog.flatMap((t) => t.versions));
  let usesSortedFields = false;
  const entries = catalog.map((type) => ({
    ...type,
    versions: type.versions.map((version) => {
      // groupFields checked that the groups and own fields sort back into exactly version.fields.
      const fields = fieldsValue(grouping, version);
      usesSortedFields ||= fields instanceof Call;
      return {
        ...version,
        fields,
        ...(version.authProfiles ? { authProfiles: profilePlan.valueOf(version) } : {}),
        ...(version.aliases ? { aliases: aliasPlan.valueOf(version) } : {}),
      };
    }),
  }));
  const types = entries.map((t) => `  ${literal(t, 2)},\n`).join('');

  const fieldConsts = grouping.groups.map((g) => {
    const doc = `${g.description}. Used by ${usersNote(g)}.`;
    const head = `const ${g.constName}: readonly FieldFacts[] = `;
    return `/** ${doc} */\n${head}${literal(g.fields, 0, head.length)};\n`;
  });
  const builtinProfileConsts = profilePlan.builtinConsts.map((b) => {
    const name = b.source.slice('builtin:'.length);
    const head = `const ${b.constName}: readonly AuthProfileFacts[] = `;
    const doc = `The built-in \`${name}\` authentication profiles${profilePlan.usesWithFields ? '; `withFields` adds what a component also needs' : ''}.`;
    return `/** ${doc} */\n${head}${literal(b.profiles, 0, head.length)};\n`;
  });
  const profileConsts = profilePlan.consts.map(({ name, doc, value }) => {
    const head = `const ${name}: AuthProfileFacts = `;
    return `/** ${doc} */\n${head}${literal(value, 0, head.length)};\n`;
  });
  const aliasConsts = aliasPlan.blocks.map((b) => {
    const head = `const ${b.constName}: readonly FieldAliasFacts[] = `;
    return `/** Aliases shared by several component versions. */\n${head}${literal(b.entries, 0, head.length)};\n`;
  });
  const helpers = [...(usesSortedFields ? [SORTED_FIELDS] : []), ...(profilePlan.usesWithFields ? [WITH_FIELDS] : []), ...(aliasPlan.used ? [SORTED_ALIASES] : [])];
  const imported = [
    ...(builtinProfileConsts.length + profileConsts.length > 0 ? ['AuthProfileFacts'] : []),
    'ComponentTypeFacts',
    ...(aliasPlan.used ? ['FieldAliasFacts'] : []),
    ...(fieldConsts.length > 0 ? ['FieldFacts'] : []),
  ];
  const pieces = [...helpers, ...fieldConsts, ...builtinProfileConsts, ...profileConsts, ...aliasConsts];
  return (
    `${header}\n` +
    `import type { ${imported.join(', ')} } from '../component-facts';\n\n` +
    pieces.map((p) => `${p}\n`).join('') +
    '/** Every component type of components-contrib and daprd, sorted by `spec.type`: facts only, no descriptions. */\n' +
    `export const COMPONENT_CATALOG: readonly ComponentTypeFacts[] = [\n${types}];\n`
  );
}

/** The constant name of a spec type: `state.redis` → `STATE_REDIS`. */
export function typeConstant(specType: string): string {
  return constantCase(specType);
}

export function emitComponentTypes(header: string, catalog: readonly ComponentTypeFacts[]): string {
  const seen = new Set<string>();
  const constants = catalog.map((t) => {
    const name = typeConstant(t.specType);
    if (seen.has(name)) throw new Error(`two spec types map to the constant ${name}`);
    seen.add(name);
    return (
      `  /** \`${t.specType}\` (default version ${t.defaultVersion}). */\n` +
      `  public static readonly ${name} = new ComponentType(${str(t.specType)}, ${str(t.defaultVersion)});\n`
    );
  });
  return `${header}
import { checkCustomType, ComponentTypeBase } from '../component-type';

/**
 * The type of a Dapr Component (\`spec.type\`): one constant per type in the catalog, or
 * \`ComponentType.custom(...)\` for a pluggable or in-house component.
 */
export class ComponentType extends ComponentTypeBase {
${constants.join('')}
  /**
   * A type outside the catalog (a pluggable or in-house component). The catalog checks skip
   * Components of such a type, since they know nothing about its metadata.
   * @param specType \`<building block>.<name>\`, e.g. \`state.mystore\`
   * @param defaultVersion the version Components get when they name none
   */
  public static custom(specType: string, defaultVersion: string = 'v1'): ComponentType {
    const known = Object.values(ComponentType).some((t) => t instanceof ComponentType && t.specType === specType);
    checkCustomType(specType, defaultVersion, known);
    return new ComponentType(specType, defaultVersion, true);
  }

  private constructor(specType: string, defaultVersion: string, isCustom: boolean = false) {
    super(specType, defaultVersion, isCustom);
  }
}
`;
}
