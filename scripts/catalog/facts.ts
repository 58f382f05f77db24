/**
 * Turns the raw reference entries (one per component type and version) into catalog facts (one
 * per `spec.type`, with its versions), keeping facts only and sorting everything.
 */
import type {
  AuthProfileFacts,
  BuildingBlock,
  ComponentTypeFacts,
  ComponentVersionFacts,
  FieldFacts,
  FieldType,
} from '../../dapr/component-facts';
import { RawAuthProfile, RawComponent, RawField, RawRuntimeReference } from './reference';
import { registeredOnlyTypes, runtimeEntryOf, withRuntimeFacts } from './runtime-facts';

const BUILDING_BLOCKS: readonly BuildingBlock[] = [
  'bindings',
  'configuration',
  'conversation',
  'crypto',
  'lock',
  'middleware',
  'nameresolution',
  'pubsub',
  'secretstores',
  'state',
];
const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'bool', 'duration', 'bytesize'];
const STATUSES = ['stable', 'beta', 'alpha'] as const;

/** Code-unit order: stable across locales and Node versions. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byCodeUnit);
}

/** `"\"true\""` → `true`; upstream defaults are raw YAML strings, some quoted, some with a trailing newline. */
export function unquote(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let text = raw.trim();
  // A quoted value followed by a remark (`"131072" (128 KB)`): the value is the quoted part.
  const remarked = /^"([^"]*)"\s*\(.*\)$/.exec(text);
  if (remarked) text = remarked[1];
  else if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text === '' ? undefined : text;
}

/** The `spec.type` prefix a runtime registration name is put under. */
function specTypePrefix(block: BuildingBlock): string {
  // Middleware is registered as HTTP middleware; the Component says `middleware.http.<name>`.
  return block === 'middleware' ? 'middleware.http.' : `${block}.`;
}

function buildingBlockOf(raw: RawComponent): BuildingBlock {
  const block = BUILDING_BLOCKS.find((b) => b === raw.buildingBlock);
  if (!block) throw new Error(`${raw.type}: unknown building block "${raw.buildingBlock}".`);
  return block;
}

function fieldTypeOf(raw: RawField, owner: string): FieldType {
  const type = FIELD_TYPES.find((t) => t === (raw.type ?? 'string'));
  if (!type) throw new Error(`${owner}: field ${raw.name} has unknown type "${raw.type}".`);
  return type;
}

interface FieldOccurrence {
  readonly raw: RawField;
  readonly origin: 'component' | 'profile' | 'builtin';
}

/**
 * One field seen in several places (own metadata, profiles, built-ins) becomes one fact: type and
 * default from the most specific place (own, then built-in, then the first profile), sensitive if
 * any place says so, allowed values only if every place restricts them.
 */
function mergeField(name: string, occurrences: readonly FieldOccurrence[], required: boolean, owner: string): FieldFacts {
  const rank = { component: 0, builtin: 1, profile: 2 } as const;
  const ordered = [...occurrences].sort((a, b) => rank[a.origin] - rank[b.origin]);
  const primary = ordered[0];
  const restricted = occurrences.every((o) => (o.raw.allowedValues ?? []).length > 0);
  const defaultValue = ordered.map((o) => unquote(o.raw.default)).find((d) => d !== undefined);
  return {
    name,
    type: fieldTypeOf(primary.raw, owner),
    ...(required ? { required: true as const } : {}),
    ...(occurrences.some((o) => o.raw.sensitive) ? { sensitive: true as const } : {}),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(restricted ? { allowedValues: sortedUnique(occurrences.flatMap((o) => o.raw.allowedValues ?? [])) } : {}),
    ...(occurrences.some((o) => o.raw.deprecated) ? { deprecated: true as const } : {}),
    ...(primary.origin !== 'component' ? { origin: primary.origin } : {}),
    ...(occurrences.some((o) => o.raw.secretIfCredentials) ? { secretIfCredentials: true as const } : {}),
  };
}

/**
 * Corrections where upstream metadata contradicts the component's code; the catalog follows the
 * code. Kept minimal, each with its reason. `oneOf`: fields marked required upstream of which the
 * component takes exactly one; each becomes a profile of its own, so one of them suffices.
 * `sensitive`: credentials upstream does not mark sensitive. `optionalProfile`: the component
 * also works with none of its documented profiles (a profile of that title, needing nothing, is added).
 */
interface Correction {
  readonly reason: string;
  readonly oneOf?: readonly string[];
  readonly sensitive?: readonly string[];
  readonly optionalProfile?: string;
}
const CORRECTIONS: Readonly<Record<string, Correction>> = {
  'secretstores.hashicorp.vault': {
    reason: 'the store fails to start when both or neither of vaultToken and vaultTokenMountPath are set; the token is a credential',
    oneOf: ['vaultToken', 'vaultTokenMountPath'],
    sensitive: ['vaultToken'],
  },
  'state.mongodb': {
    reason: 'without credentials the store connects to host (or server) alone; exactly one of them is needed when there is no connectionString',
    oneOf: ['host', 'server'],
  },
  'bindings.mqtt3': {
    reason: 'TLS is used only with an ssl:// or mqtts:// url; with tcp:// the binding needs no certificate (as the pub/sub documents)',
    optionalProfile: 'No TLS',
  },
};

/**
 * Where upstream marks a field sensitive although its value is plainly not a secret, so that a
 * plaintext value would be a false alarm. `secret: 'if-credentials'`: the value is a secret only
 * when it carries credentials (the typed API takes plain text or a SecretValue); `secret: 'never'`:
 * an identifier, never a secret.
 */
interface SensitivityCorrection {
  readonly types: readonly string[];
  readonly field: string;
  readonly secret: 'if-credentials' | 'never';
  readonly reason: string;
}
export const SENSITIVITY_CORRECTIONS: readonly SensitivityCorrection[] = [
  {
    types: ['bindings.rabbitmq', 'pubsub.pulsar'],
    field: 'host',
    secret: 'if-credentials',
    reason: 'a broker address (amqp://host:5672, pulsar:6650); a secret only when it embeds user:password@',
  },
  {
    types: ['pubsub.mqtt3', 'pubsub.solace.amqp'],
    field: 'url',
    secret: 'if-credentials',
    reason: 'a broker URL (tcp://host:1883); a secret only when it embeds user:password@',
  },
  {
    types: [
      'bindings.azure.blobstorage',
      'bindings.azure.eventhubs',
      'bindings.azure.servicebus.queues',
      'bindings.azure.signalr',
      'bindings.postgres',
      'configuration.azure.appconfig',
      'configuration.postgresql',
      'pubsub.azure.eventhubs',
      'pubsub.azure.servicebus.queues',
      'pubsub.azure.servicebus.topics',
      'pubsub.rabbitmq',
      'state.azure.blobstorage',
      'state.cockroachdb',
      'state.postgresql',
      'state.sqlserver',
    ],
    field: 'connectionString',
    secret: 'if-credentials',
    reason: 'usually carries a password or key, but a passwordless one (Azure AD / IAM auth, "host=db user=app") names only addresses',
  },
  {
    types: ['state.cloudflare.workerskv'],
    field: 'cfAccountID',
    secret: 'never',
    reason: 'an account identifier shown in the Cloudflare dashboard URL, not a credential',
  },
];

function sensitivityCorrected(raw: RawComponent): RawComponent {
  const fix = (f: RawField): RawField => {
    const c = SENSITIVITY_CORRECTIONS.find((s) => s.field === f.name && s.types.includes(raw.componentSpecType));
    if (!c) return f;
    return c.secret === 'never' ? { ...f, sensitive: false } : { ...f, secretIfCredentials: true };
  };
  return {
    ...raw,
    metadata: raw.metadata?.map(fix),
    authenticationProfiles: raw.authenticationProfiles?.map((p) => ({ ...p, metadata: p.metadata.map(fix) })),
  };
}

/** The field whose value selects a profile: required with allowed values in it and in at least one other profile. */
function discriminatorOf(profile: readonly RawAuthProfile[], index: number): AuthProfileFacts['discriminator'] {
  const own = profile[index].metadata.find(
    (f) =>
      f.required &&
      (f.allowedValues ?? []).length > 0 &&
      profile.some((other, j) => j !== index && other.metadata.some((g) => g.name === f.name && g.required && (g.allowedValues ?? []).length > 0)),
  );
  return own ? { field: own.name, values: sortedUnique(own.allowedValues!) } : undefined;
}

/**
 * The runtime reads a binding's `direction` whatever the binding (to know whether to start it as
 * input, output or both), but upstream lists it as built-in metadata of input bindings only, so
 * `direction: output` on an output binding (as tutorials write it) would look unknown.
 */
function withBindingDirection(raw: RawComponent): RawComponent {
  if (raw.buildingBlock !== 'bindings' || (raw.builtinMetadata ?? []).some((f) => f.name === 'direction')) return raw;
  const directions = [...(raw.binding?.input ? ['input'] : []), ...(raw.binding?.output ? ['output'] : [])];
  if (directions.length === 0) return raw;
  const allowedValues = directions.length === 2 ? ['input', 'output', 'input,output'] : directions;
  return { ...raw, builtinMetadata: [...(raw.builtinMetadata ?? []), { name: 'direction', type: 'string', allowedValues }] };
}

/**
 * Fields upstream marks required that the component does not need in its Component metadata: a
 * "required field missing" error on them would be a false alarm. Each entry with the reason,
 * checked against the component code. `types` empty: every type of `block`.
 */
interface RequiredCorrection {
  readonly block?: string;
  readonly types: readonly string[];
  readonly fields: readonly string[];
  readonly reason: string;
}
export const NOT_REQUIRED: readonly RequiredCorrection[] = [
  { block: 'pubsub', types: [], fields: ['consumerID'], reason: 'daprd sets consumerID to the app-id when the Component leaves it out' },
  { types: ['pubsub.jetstream'], fields: ['deliverPolicy'], reason: 'an empty deliverPolicy means "all"' },
  { types: ['middleware.http.bearer'], fields: ['jwksURL'], reason: 'without jwksURL the middleware reads it from the issuer\'s OpenID configuration document' },
  { types: ['bindings.smtp'], fields: ['emailFrom', 'emailTo', 'subject'], reason: 'each request may carry them as request metadata; only a request without them fails' },
  { types: ['bindings.kafka'], fields: ['publishTopic'], reason: 'only output invocations use it; a binding used as input (topics) needs none' },
];

function requiredCorrected(raw: RawComponent): RawComponent {
  const matches = NOT_REQUIRED.filter((c) => (c.block !== undefined && c.block === raw.buildingBlock) || c.types.includes(raw.componentSpecType));
  if (matches.length === 0) return raw;
  const optional = new Set(matches.flatMap((c) => c.fields));
  const fix = (f: RawField): RawField => (optional.has(f.name) && f.required ? { ...f, required: false } : f);
  return {
    ...raw,
    metadata: raw.metadata?.map(fix),
    builtinMetadata: raw.builtinMetadata?.map(fix),
    authenticationProfiles: raw.authenticationProfiles?.map((p) => ({ ...p, metadata: p.metadata.map(fix) })),
  };
}

/** Applies CORRECTIONS: the alternatives become optional fields, each required by its own profile. */
function corrected(original: RawComponent): RawComponent {
  const raw = requiredCorrected(withBindingDirection(sensitivityCorrected(original)));
  const correction = CORRECTIONS[raw.type];
  if (!correction) return raw;
  const oneOf = correction.oneOf ?? [];
  const own = (raw.metadata ?? []).map((f) => ((correction.sensitive ?? []).includes(f.name) ? { ...f, sensitive: true } : f));
  const profileFields = (raw.authenticationProfiles ?? []).flatMap((p) => p.metadata);
  const profiles = oneOf.map((name) => {
    const field = own.find((f) => f.name === name) ?? profileFields.find((f) => f.name === name);
    if (!field) throw new Error(`${raw.type}: correction names unknown field ${name} (${correction.reason}).`);
    return { title: `Only ${name}`, source: 'daprkit:correction', metadata: [{ ...field, required: true }] };
  });
  return {
    ...raw,
    metadata: own.map((f) => (oneOf.includes(f.name) ? { ...f, required: false } : f)),
    authenticationProfiles: [
      ...(raw.authenticationProfiles ?? []),
      ...profiles,
      ...(correction.optionalProfile ? [{ title: correction.optionalProfile, source: 'daprkit:correction', metadata: [] }] : []),
    ],
  };
}

function versionFacts(original: RawComponent, runtime: RawRuntimeReference | undefined): ComponentVersionFacts {
  const raw = corrected(original);
  const owner = `${raw.type} ${raw.version}`;
  const profiles = raw.authenticationProfiles ?? [];
  const occurrences = new Map<string, FieldOccurrence[]>();
  const add = (field: RawField, origin: FieldOccurrence['origin']) => {
    const list = occurrences.get(field.name) ?? [];
    list.push({ raw: field, origin });
    occurrences.set(field.name, list);
  };
  for (const f of raw.metadata ?? []) add(f, 'component');
  for (const f of raw.builtinMetadata ?? []) add(f, 'builtin');
  for (const p of profiles) for (const f of p.metadata) add(f, 'profile');

  const inProfile = (name: string) => profiles.some((p) => p.metadata.some((f) => f.name === name));
  const requiredByAllProfiles = (name: string) =>
    profiles.length > 0 && profiles.every((p) => p.metadata.some((f) => f.name === name && f.required));
  const ownRequired = (name: string) => (raw.metadata ?? []).some((f) => f.name === name && f.required);

  const fields = [...occurrences.keys()].sort(byCodeUnit).map((name) => {
    // Required whatever the profile: required by the component and not part of any profile
    // (a profile field is needed only when that profile is chosen), or required by every profile.
    const required = (ownRequired(name) && !inProfile(name)) || requiredByAllProfiles(name);
    return mergeField(name, occurrences.get(name)!, required, owner);
  });

  const authProfiles: AuthProfileFacts[] = profiles.map((p, i) => {
    const discriminator = discriminatorOf(profiles, i);
    return {
      title: p.title,
      source: p.source,
      required: sortedUnique(p.metadata.filter((f) => f.required).map((f) => f.name)),
      optional: sortedUnique(p.metadata.filter((f) => !f.required).map((f) => f.name)),
      ...(discriminator ? { discriminator } : {}),
    };
  });

  const status = STATUSES.find((s) => s === raw.status);
  if (!status) throw new Error(`${owner}: unknown status "${raw.status}".`);
  const capabilities = sortedUnique(raw.capabilities ?? []);
  const facts: ComponentVersionFacts = {
    version: raw.version,
    status,
    ...(capabilities.length > 0 ? { capabilities } : {}),
    ...(raw.binding ? { binding: { input: raw.binding.input === true, output: raw.binding.output === true } } : {}),
    fields,
    ...(authProfiles.length > 0 ? { authProfiles } : {}),
  };
  return withRuntimeFacts(raw.type, raw.buildingBlock, facts, runtimeEntryOf(runtime, raw));
}

function typeFacts(entries: readonly RawComponent[], runtimeFacts: RawRuntimeReference | undefined): ComponentTypeFacts {
  const first = entries[0];
  const block = buildingBlockOf(first);
  const specType = first.componentSpecType;
  const prefix = specTypePrefix(block);
  const names = first.runtime?.names ?? [];
  if (names.length > 0 && !names.some((n) => prefix + n === specType)) {
    throw new Error(`${specType}: none of the runtime names ${names.join(', ')} gives this spec type.`);
  }
  const aliases = sortedUnique(names.map((n) => prefix + n)).filter((t) => t !== specType);
  const versions = [...entries].sort((a, b) => byCodeUnit(a.version, b.version)).map((e) => versionFacts(e, runtimeFacts));
  const documented = new Set(versions.map((v) => v.version));
  const runtime = first.runtime?.versions;
  const known = sortedUnique([
    ...documented,
    ...(runtime?.preferred ? [runtime.preferred] : []),
    ...(runtime?.others ?? []),
    ...(runtime?.deprecated ?? []),
    ...(runtime?.default ? [runtime.default] : []),
  ]);
  const undocumented = known.filter((v) => !documented.has(v));
  const defaultVersion = runtime?.default ?? (documented.has('v1') ? 'v1' : versions[0].version);
  const deprecated = sortedUnique(runtime?.deprecated ?? []);
  const name = first.type.slice(first.buildingBlock.length + 1);
  return {
    specType,
    buildingBlock: block,
    name,
    ...(aliases.length > 0 ? { aliases } : {}),
    defaultVersion,
    ...(runtime?.preferred ? { preferredVersion: runtime.preferred } : {}),
    ...(deprecated.length > 0 ? { deprecatedVersions: deprecated } : {}),
    ...(undocumented.length > 0 ? { undocumentedVersions: undocumented } : {}),
    ...(first.runtime?.disabled ? { disabled: true as const } : {}),
    versions,
  };
}

/**
 * Groups the reference entries by `spec.type` and builds the facts, sorted by spec type. With the
 * runtime facts, adds what the component code accepts and the types only daprd registers.
 */
export function buildCatalog(documented: readonly RawComponent[], runtime?: RawRuntimeReference): ComponentTypeFacts[] {
  const raw = [...documented, ...registeredOnlyTypes(runtime, documented)];
  const bySpecType = new Map<string, RawComponent[]>();
  for (const entry of raw) {
    const list = bySpecType.get(entry.componentSpecType) ?? [];
    list.push(entry);
    bySpecType.set(entry.componentSpecType, list);
  }
  const catalog = [...bySpecType.keys()].sort(byCodeUnit).map((t) => typeFacts(bySpecType.get(t)!, runtime));
  const claimed = new Map<string, string>();
  for (const t of catalog) {
    for (const s of [t.specType, ...(t.aliases ?? [])]) {
      const owner = claimed.get(s);
      if (owner !== undefined && owner !== t.specType) throw new Error(`spec type ${s} is claimed by ${owner} and ${t.specType}.`);
      claimed.set(s, t.specType);
    }
  }
  return catalog;
}
