/**
 * Merges the runtime's side of the facts (`components-runtime.json`: what the component code
 * decodes and reads) into the catalog built from `metadata.yaml`, so the checks know what the
 * sidecar accepts rather than only what upstream documents: aliases, legacy keys, undocumented
 * keys, fields that are documented but never read, and types daprd registers that have no
 * metadata.yaml.
 */
import type { ComponentVersionFacts, FieldFacts, LegacyFieldFacts } from '../../dapr/component-facts';
import { RawComponent, RawRuntimeComponent, RawRuntimeReference } from './reference';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a legacy key stands in for when the runtime facts name no alias for it: `<type>:<key>` (or
 * `*:<key>` for every type) → the fields it fills in. The runtime facts describe these in prose;
 * each entry here is that description reduced to field names, with the reason.
 */
const LEGACY_SATISFIES: Readonly<Record<string, { readonly satisfies: readonly string[]; readonly reason: string }>> = {
  '*:authRequired': { satisfies: ['authType'], reason: 'Kafka derives authType (password, mtls or none) from authRequired when authType is empty' },
  '*:maxRetryBackoff': { satisfies: ['redisMinRetryInterval'], reason: 'Redis state/lock read it as redisMinRetryInterval (nanoseconds) when that is empty' },
  '*:ttl': { satisfies: ['defaultMessageTimeToLiveInSec'], reason: 'Service Bus uses ttl as defaultMessageTimeToLiveInSec when that is unset' },
  '*:ttlInSeconds': { satisfies: ['defaultMessageTimeToLiveInSec'], reason: 'Service Bus uses ttlInSeconds as defaultMessageTimeToLiveInSec when that is unset' },
  '*:vaultName': { satisfies: ['azureEnvironment'], reason: 'Key Vault derives the Azure cloud from the vault host name suffix' },
  '*:qos': { satisfies: [], reason: 'MQTT3 binding reads qos only to log that it is ignored (QoS is always 1)' },
  'bindings.kafka:consumerID': { satisfies: ['consumerGroup'], reason: 'Kafka uses consumerID as consumerGroup when that is empty' },
  'pubsub.kafka:consumerID': { satisfies: ['consumerGroup'], reason: 'Kafka uses consumerID as consumerGroup when that is empty' },
  'pubsub.aws.snssqs:consumerID': { satisfies: ['fifoMessageGroupID'], reason: 'SNS/SQS uses consumerID as fifoMessageGroupID when that is empty' },
  'pubsub.rocketmq:consumerID': { satisfies: ['producerGroup'], reason: 'RocketMQ uses consumerID as producerGroup when that is empty' },
};

/** Building blocks whose runtime facts are partial (configured through a Configuration, nested JSON): no field is called ignored there. */
const PARTIAL_FACTS_BLOCKS = new Set(['nameresolution']);

/** Case-insensitive lookup of a catalog field name. */
function fieldNamed(fields: readonly FieldFacts[], name: string): FieldFacts | undefined {
  const lower = name.toLowerCase();
  return fields.find((f) => f.name === name) ?? fields.find((f) => f.name.toLowerCase() === lower);
}

function legacyOf(type: string, key: string, aliases: Readonly<Record<string, string>>): LegacyFieldFacts {
  const curated = LEGACY_SATISFIES[`${type}:${key}`] ?? LEGACY_SATISFIES[`*:${key}`];
  const aliasTarget = aliases[key];
  if (!curated && aliasTarget === undefined) {
    throw new Error(`${type}: legacy key ${key} has no alias and no entry in LEGACY_SATISFIES; read its fact and add one.`);
  }
  const satisfies = [...new Set([...(aliasTarget !== undefined ? [aliasTarget] : []), ...(curated?.satisfies ?? [])])].sort(byCodeUnit);
  return { name: key, satisfies };
}

/** The version facts with the runtime's knowledge added; `runtime` undefined leaves them as they are. */
export function withRuntimeFacts(type: string, block: string, facts: ComponentVersionFacts, runtime: RawRuntimeComponent | undefined): ComponentVersionFacts {
  if (!runtime) return facts;
  const partial = PARTIAL_FACTS_BLOCKS.has(block);
  // Documented but never read: a dead setting, and never required.
  const notRead = new Set(
    partial ? [] : [...(runtime.metadataYamlNotRead ?? []), ...Object.keys(runtime.aliasesNotHonored ?? {})].map((n) => n.toLowerCase()),
  );
  const isIgnored = (f: FieldFacts) => notRead.has(f.name.toLowerCase()) && f.origin !== 'builtin';
  const fields = facts.fields.map((f): FieldFacts => {
    if (!isIgnored(f)) return f;
    const { required: _required, ...rest } = f;
    return { ...rest, ignored: true };
  });
  const ignoredNames = new Set(fields.filter((f) => f.ignored).map((f) => f.name));
  const authProfiles = facts.authProfiles?.map((p) => ({
    ...p,
    required: p.required.filter((n) => !ignoredNames.has(n)),
    optional: [...p.optional, ...p.required.filter((n) => ignoredNames.has(n))].sort(byCodeUnit),
  }));

  // Aliases point at the catalog's spelling of the canonical field when it has one.
  const canonical = (name: string) => fieldNamed(facts.fields, name)?.name ?? name;
  const aliases = Object.entries(runtime.aliases ?? {})
    .sort(([a], [b]) => byCodeUnit(a, b))
    .map(([alias, target]) => ({ alias, field: canonical(target) }));
  const legacyFields = Object.keys(runtime.legacy ?? {})
    .sort(byCodeUnit)
    .map((key) => {
      const legacy = legacyOf(type, key, runtime.aliases ?? {});
      return { name: legacy.name, satisfies: legacy.satisfies.map(canonical) };
    });

  const mdonlyOther = new Set(Object.keys(runtime.mdonlyOtherTypes ?? {}).map((n) => n.toLowerCase()));
  const named = new Set([...aliases.map((a) => a.alias), ...legacyFields.map((l) => l.name)].map((n) => n.toLowerCase()));
  const candidates = [
    ...(runtime.decodedFields ?? []),
    ...(runtime.readKeys ?? []),
    ...aliases.map((a) => a.field),
    ...(runtime.dynamicKeys ?? []).map((d) => d.pattern),
  ];
  const seen = new Set<string>();
  const runtimeFields = candidates
    .filter((name) => {
      const lower = name.toLowerCase();
      if (seen.has(lower) || mdonlyOther.has(lower) || named.has(lower) || fieldNamed(facts.fields, name)) return false;
      seen.add(lower);
      return true;
    })
    .sort(byCodeUnit);

  const exactCaseFields = [...new Set(runtime.caseSensitiveKeys ?? [])].sort(byCodeUnit);
  return {
    ...facts,
    fields,
    ...(authProfiles ? { authProfiles } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(legacyFields.length > 0 ? { legacyFields } : {}),
    ...(runtimeFields.length > 0 ? { runtimeFields } : {}),
    ...(exactCaseFields.length > 0 ? { exactCaseFields } : {}),
    ...(runtime.acceptsArbitraryKeys ? { acceptsAnyField: true as const } : {}),
  };
}

/** The runtime entry of a metadata.yaml entry (same type and version). */
export function runtimeEntryOf(runtime: RawRuntimeReference | undefined, raw: RawComponent): RawRuntimeComponent | undefined {
  return runtime?.components.find((c) => c.type === raw.type && c.version === raw.version);
}

/**
 * Types daprd registers that have no metadata.yaml at all (not versions of a known type): they
 * become catalog entries whose fields are the keys the code reads, typed as strings.
 */
export function registeredOnlyTypes(runtime: RawRuntimeReference | undefined, known: readonly RawComponent[]): RawComponent[] {
  if (!runtime) return [];
  const knownSpecTypes = new Set(known.map((k) => k.componentSpecType));
  return runtime.components
    .filter((c) => !c.inComponentsMetadata && !knownSpecTypes.has(c.componentSpecType))
    .filter((c) => runtime.registeredTypes.some((r) => r.componentSpecType === c.componentSpecType && r.version === c.version))
    .map((c): RawComponent => {
      const block = c.type.slice(0, c.type.indexOf('.'));
      return {
        type: c.type,
        componentSpecType: c.componentSpecType,
        buildingBlock: block,
        name: c.type.slice(block.length + 1),
        version: c.version,
        // No metadata.yaml means no stability promise upstream.
        status: 'alpha',
        metadata: [...(c.decodedFields ?? []), ...(c.readKeys ?? [])].sort(byCodeUnit).map((name) => ({ name, type: 'string' })),
      };
    });
}
