/**
 * The typed factory daprkit generates for a component type and version (`StateStore.redis`,
 * `PubSub.kafka`, `StateStore.postgresqlV2`), found from the catalog by the same naming rules as
 * `scripts/catalog/emit-factories.ts`; a test checks every name against the generated classes.
 */
import type { BuildingBlock, ComponentTypeFacts, ComponentVersionFacts, FieldFacts } from '../dapr/component-facts';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';

const CLASS_OF: Readonly<Record<BuildingBlock, string | undefined>> = {
  bindings: 'Binding',
  configuration: 'ConfigurationStore',
  conversation: 'Conversation',
  crypto: 'Crypto',
  lock: 'Lock',
  middleware: 'Middleware',
  // Name resolution is configured in a Configuration, not by a Component.
  nameresolution: undefined,
  pubsub: 'PubSub',
  secretstores: 'SecretStore',
  state: 'StateStore',
};

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

function pascal(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function camel(text: string): string {
  const p = pascal(text);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** `state.redis` → `STATE_REDIS`: the `ComponentType` constant of a catalogued type. */
export function typeConstant(specType: string): string {
  return words(specType)
    .map((w) => w.toUpperCase())
    .join('_');
}

export interface Factory {
  /** `StateStore`. */
  readonly className: string;
  /** `redis`, `postgresqlV2`. */
  readonly method: string;
  readonly type: ComponentTypeFacts;
  readonly version: ComponentVersionFacts;
  /** The fields the factory's metadata interface offers (the runtime-ignored ones are left out). */
  readonly fields: readonly FieldFacts[];
}

const BY_SPEC_TYPE = new Map(COMPONENT_CATALOG.map((t) => [t.specType, t]));

/** The catalogued type of `spec.type` (canonical names only: an alias is written back as the canonical type). */
export function catalogType(specType: string): ComponentTypeFacts | undefined {
  return BY_SPEC_TYPE.get(specType);
}

/** The factory of a type at a version, when daprkit generates one. */
export function factoryFor(specType: string, version: string): Factory | undefined {
  const type = BY_SPEC_TYPE.get(specType);
  const className = type && CLASS_OF[type.buildingBlock];
  if (!type || !className || type.disabled) return undefined;
  const facts = type.versions.find((v) => v.version === version);
  if (!facts) return undefined;
  const suffix = version === type.defaultVersion ? '' : pascal(version);
  return { className, method: camel(type.name) + suffix, type, version: facts, fields: facts.fields.filter((f) => !f.ignored) };
}

/** Every factory, for the test that checks the names against the generated classes. */
export function allFactories(): Factory[] {
  return COMPONENT_CATALOG.flatMap((t) => t.versions.map((v) => factoryFor(t.specType, v.version)).filter((f): f is Factory => f !== undefined));
}

/** The field of a factory a metadata key sets: by exact name, or by a `<placeholder>` pattern. */
export function factoryField(factory: Factory, key: string): FieldFacts | undefined {
  const exact = factory.fields.find((f) => f.name === key);
  if (exact) return exact;
  return factory.fields.find((f) => {
    if (!/<[^>]+>/.test(f.name)) return false;
    const pattern = f.name.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`).test(key);
  });
}
