/**
 * Random valid Dapr systems for the property tests: a plain-data description (what fast-check
 * generates, shrinks and prints) and a builder that turns it into daprkit constructs.
 *
 * Components are drawn from the catalog with one complete authentication profile, each field
 * written under its canonical name, one of its aliases, or a legacy key the runtime reads in its
 * place, with a value of the field's type (a secret reference for sensitive fields).
 */
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import fc from 'fast-check';
import type { ComponentTypeFacts, ComponentVersionFacts, FieldCondition, FieldFacts } from '../../dapr/component-facts';
import { COMPONENT_CATALOG } from '../../dapr/generated/component-catalog';
import { DaprkitApp } from '../../constructs/app';
import { Component } from '../../constructs/component';
import { DaprApp, HttpVerb } from '../../constructs/dapr-app';
import { ComponentType } from '../../constructs/generated/component-types';
import { MetadataInput, MetadataMap } from '../../constructs/metadata-items';
import { ResiliencyPolicy } from '../../constructs/resiliency';
import { Retry } from '../../constructs/resiliency-policies';
import { SecretValue } from '../../constructs/secret-value';
import { AppProtocol, LogLevel } from '../../constructs/sidecar';

/** How many runs a property makes: `FC_NUM_RUNS`, 50 by default (CI sets 1000). */
export const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 50);

/** A metadata value, as data: the builder turns it into a MetadataInput. */
export type ValueSpec =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly n: number }
  | { readonly kind: 'bool'; readonly b: boolean }
  | { readonly kind: 'seconds'; readonly s: number }
  | { readonly kind: 'mebibytes'; readonly mi: number }
  | { readonly kind: 'secret'; readonly key: string };

export interface ComponentSpec {
  readonly name: string;
  readonly specType: string;
  readonly version: string;
  readonly profile?: string;
  readonly metadata: ReadonlyArray<readonly [string, ValueSpec]>;
  /** Indexes of the namespace's apps that load it. */
  readonly users: readonly number[];
}

export interface AppSpec {
  readonly appId: string;
  readonly appPort: number;
  readonly grpc: boolean;
  readonly logLevel?: LogLevel;
  readonly logAsJson?: boolean;
  readonly enableMetrics?: boolean;
  readonly metricsPort?: number;
  readonly appMaxConcurrency?: number;
  readonly enableAppHealthCheck?: boolean;
  readonly healthProbeSeconds?: number;
  readonly enableApiLogging?: boolean;
  /** Sidecar CPU request and limit, in millicores (limit ≥ request). */
  readonly cpuMillis?: readonly [number, number];
  /** Sidecar memory request and limit, in MiB (limit ≥ request). */
  readonly memoryMi?: readonly [number, number];
  readonly maxBodyMi?: number;
}

export interface NamespaceSpec {
  readonly name: string;
  readonly apps: readonly AppSpec[];
  readonly components: readonly ComponentSpec[];
  /** [caller, callee, path] among the namespace's apps. */
  readonly invocations: ReadonlyArray<readonly [number, number, string]>;
  /** [subscriber, topic, route] on the namespace's pub/sub (components[0]). */
  readonly subscriptions: ReadonlyArray<readonly [number, string, string]>;
  /** Callee apps given a timeout and retry policy. */
  readonly resilientCallees: readonly number[];
}

export interface SystemSpec {
  readonly namespaces: readonly NamespaceSpec[];
}

// --- components from the catalog -------------------------------------------------------------

/** A catalog type at a documented version that a Component can have. */
interface Candidate {
  readonly type: ComponentTypeFacts;
  readonly version: ComponentVersionFacts;
}

/** Name resolution is configured in a Configuration, not as a Component; disabled types never load. */
const CANDIDATES: readonly Candidate[] = COMPONENT_CATALOG.filter((t) => t.buildingBlock !== 'nameresolution' && !t.disabled).flatMap((type) =>
  type.versions.map((version) => ({ type, version })),
);
const PUBSUB_CANDIDATES = CANDIDATES.filter((c) => c.type.buildingBlock === 'pubsub');

/** Legacy keys the generator may write in place of the field they stand for, with a value the runtime takes. */
const LEGACY_FORMS: Readonly<Record<string, { readonly value: ValueSpec; readonly when: (profileValue?: string) => boolean }>> = {
  // authRequired "false" means authType "none".
  authRequired: { value: { kind: 'text', text: 'false' }, when: (v) => v === 'none' },
};

function valueOf(field: FieldFacts, name: string): fc.Arbitrary<ValueSpec> {
  if (field.sensitive) return fc.constant({ kind: 'secret', key: name });
  if (field.allowedValues) return fc.constantFrom(...field.allowedValues).map((text): ValueSpec => ({ kind: 'text', text }));
  switch (field.type) {
    case 'number':
      return fc.integer({ min: 1, max: 1000 }).map((n): ValueSpec => ({ kind: 'number', n }));
    case 'bool':
      return fc.boolean().map((b): ValueSpec => ({ kind: 'bool', b }));
    case 'duration':
      return fc.integer({ min: 1, max: 300 }).map((s): ValueSpec => ({ kind: 'seconds', s }));
    case 'bytesize':
      return fc.integer({ min: 1, max: 512 }).map((mi): ValueSpec => ({ kind: 'mebibytes', mi }));
    default:
      return fc.constantFrom('orders', 'svc.cluster.local:6379', 'app-1').map((text): ValueSpec => ({ kind: 'text', text }));
  }
}

/**
 * Optional fields the generator leaves alone: they make claims about the rest of the system
 * (one actor state store per app, an outbox pub/sub that must exist), which other properties cover.
 */
const NOT_DRAWN = new Set(['actorStateStore', 'outboxPublishPubsub', 'outboxPublishTopic', 'outboxPubsub', 'outboxDiscardWhenMissingState']);

/** A value for an optional field: a valid one of its type, or the documented default as written upstream. */
function optionalValue(field: FieldFacts): fc.Arbitrary<ValueSpec> {
  if (field.default === undefined || field.sensitive) return valueOf(field, field.name);
  return fc.oneof(valueOf(field, field.name), fc.constant<ValueSpec>({ kind: 'text', text: field.default }));
}

/** Every field the catalog's rules name for a version (fields, triggers, conditions): never drawn as an optional extra. */
function ruleNames(version: ComponentVersionFacts): Set<string> {
  return new Set((version.rules ?? []).flatMap((r) => [...r.fields, ...(r.triggers ?? []), ...(r.when ?? []).map((c) => c.field)]));
}

/** The text the runtime reads for a drawn value; undefined for a secret (unknown to the checks). */
function textOf(v: ValueSpec): string | undefined {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return String(v.n);
    case 'bool':
      return String(v.b);
    case 'seconds':
      return `${v.s}s`;
    case 'mebibytes':
      return `${v.mi}Mi`;
    case 'secret':
      return undefined;
  }
}

/** A fixed valid value of a field, for what the rules need beyond the drawn items. */
function fixedValueOf(field: FieldFacts): ValueSpec {
  if (field.sensitive) return { kind: 'secret', key: field.name };
  if (field.allowedValues) return { kind: 'text', text: field.allowedValues[0] };
  if (field.type === 'number') return { kind: 'number', n: 1 };
  if (field.type === 'duration') return { kind: 'seconds', s: 30 };
  if (field.type === 'bytesize') return { kind: 'mebibytes', mi: 1 };
  return { kind: 'text', text: 'orders' };
}

/**
 * The items completed for the catalog's rules (pairs, alternatives, requirements under a
 * condition), judged as the check judges them: a rule whose condition needs a secret's value is
 * not applied.
 */
function withRulesSatisfied(version: ComponentVersionFacts, drawn: ReadonlyArray<readonly [string, ValueSpec]>): Array<readonly [string, ValueSpec]> {
  const items = [...drawn];
  const canonical = new Map<string, string>([
    ...(version.aliases ?? []).map((a): [string, string] => [a.alias, a.field]),
    ...(version.legacyFields ?? []).flatMap((l) => l.satisfies.map((f): [string, string] => [l.name, f])),
  ]);
  const byName = new Map(version.fields.map((f) => [f.name, f]));
  const valueOfField = (name: string) => items.find(([written]) => written === name || canonical.get(written) === name)?.[1];
  const truthy = (t: string) => ['1', 't', 'true', 'y', 'yes', 'on'].includes(t.trim().toLowerCase());
  const holds = (c: FieldCondition): boolean => {
    const v = valueOfField(c.field);
    if (c.is === 'set') return v !== undefined;
    if (c.is === 'unset') return v === undefined;
    if (v === undefined) return c.is === 'not-true';
    const t = textOf(v);
    if (t === undefined) return false;
    switch (c.is) {
      case 'true':
        return truthy(t);
      case 'not-true':
        return !truthy(t);
      case 'one-of':
        return c.values.some((x) => x.toLowerCase() === t.toLowerCase());
      case 'starts-with':
        return c.values.some((x) => t.startsWith(x));
      case 'listing':
        return c.values.some((x) => t.split(',').map((p) => p.trim().toLowerCase()).includes(x));
    }
  };
  for (const rule of version.rules ?? []) {
    if (!(rule.when ?? []).every(holds)) continue;
    const missing = rule.fields.filter((f) => valueOfField(f) === undefined);
    const add = (names: readonly string[]) => names.forEach((n) => byName.has(n) && items.push([n, fixedValueOf(byName.get(n)!)] as const));
    if (rule.kind === 'required') add(missing);
    else if ((rule.kind === 'at-least-one' || rule.kind === 'exactly-one') && missing.length === rule.fields.length) add(rule.fields.slice(0, 1));
    else if (rule.kind === 'all-or-none' && (rule.triggers ?? rule.fields).some((f) => valueOfField(f) !== undefined)) add(missing);
  }
  return items;
}

/** Names the runtime reads for a field: the field itself, its aliases, legacy keys standing for it. */
function namesFor(version: ComponentVersionFacts, field: string, profileValue: string | undefined): string[] {
  const aliases = (version.aliases ?? []).filter((a) => a.field === field).map((a) => a.alias);
  const legacy = (version.legacyFields ?? []).filter((l) => l.satisfies.includes(field) && LEGACY_FORMS[l.name]?.when(profileValue)).map((l) => l.name);
  return [field, ...aliases, ...legacy];
}

/** One Component of the candidate, complete for one of its profiles. */
function componentOf(candidate: Candidate, name: string, users: fc.Arbitrary<number[]>): fc.Arbitrary<ComponentSpec> {
  const { type, version } = candidate;
  const profiles = version.authProfiles ?? [];
  const profileArb = profiles.length > 0 ? fc.integer({ min: 0, max: profiles.length - 1 }).map((i) => profiles[i]) : fc.constant(undefined);
  return profileArb.chain((profile) => {
    const byName = new Map(version.fields.map((f) => [f.name, f]));
    const needed = [...new Set([...version.fields.filter((f) => f.required).map((f) => f.name), ...(profile?.required ?? [])])].sort();
    const discriminator = profile?.discriminator;
    const inRules = ruleNames(version);
    const items = needed.flatMap((field) => {
      const facts = byName.get(field);
      if (!facts || facts.ignored || /<[^>]+>/.test(field)) return [];
      const fixed = discriminator?.field === field ? discriminator.values[0] : undefined;
      return [
        fc.constantFrom(...namesFor(version, field, fixed)).chain((written) => {
          const legacy = LEGACY_FORMS[written];
          if (legacy && written !== field) return fc.constant([written, legacy.value] as const);
          const value = fixed !== undefined ? fc.constant<ValueSpec>({ kind: 'text', text: fixed }) : valueOf(facts, field);
          return value.map((v) => [written, v] as const);
        }),
      ];
    });
    // Optional fields, some with their documented default: writing the default must never be an error.
    const optional = version.fields.filter(
      (f) =>
        !needed.includes(f.name) &&
        !f.ignored &&
        !f.deprecated &&
        !/<[^>]+>/.test(f.name) &&
        !NOT_DRAWN.has(f.name) &&
        !inRules.has(f.name) &&
        f.name !== discriminator?.field,
    );
    type Items = ReadonlyArray<readonly [string, ValueSpec]>;
    const none: fc.Arbitrary<Items> = fc.constant([]);
    const extras: fc.Arbitrary<Items> =
      optional.length === 0
        ? none
        : fc
            .uniqueArray(fc.constantFrom(...optional), { maxLength: 3, selector: (f) => f.name })
            .chain((fs): fc.Arbitrary<Items> => (fs.length === 0 ? none : fc.tuple(...fs.map((f) => optionalValue(f).map((v) => [f.name, v] as const)))));
    return fc.record({
      name: fc.constant(name),
      specType: fc.constant(type.specType),
      version: fc.constant(version.version),
      profile: fc.constant(profile?.title),
      metadata: fc.tuple(items.length > 0 ? fc.tuple(...items) : fc.constant([]), extras).map(([a, b]) => withRulesSatisfied(version, [...a, ...b])),
      users,
    });
  });
}

// --- the system -----------------------------------------------------------------------------

const APP_IDS = ['orders', 'checkout', 'cart', 'payments', 'notifier', 'catalog'];
const NAMESPACES = ['default', 'shop', 'ops'];

const appArb = (appId: string): fc.Arbitrary<AppSpec> =>
  fc.record(
    {
      appId: fc.constant(appId),
      appPort: fc.integer({ min: 1024, max: 65535 }),
      grpc: fc.boolean(),
      logLevel: fc.constantFrom(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR),
      logAsJson: fc.boolean(),
      enableMetrics: fc.boolean(),
      metricsPort: fc.integer({ min: 9000, max: 9999 }),
      appMaxConcurrency: fc.integer({ min: 1, max: 1000 }),
      enableAppHealthCheck: fc.boolean(),
      healthProbeSeconds: fc.integer({ min: 1, max: 30 }),
      enableApiLogging: fc.boolean(),
      cpuMillis: fc.tuple(fc.integer({ min: 10, max: 500 }), fc.integer({ min: 0, max: 1500 })).map(([r, extra]) => [r, r + extra] as const),
      memoryMi: fc.tuple(fc.integer({ min: 32, max: 256 }), fc.integer({ min: 0, max: 768 })).map(([r, extra]) => [r, r + extra] as const),
      maxBodyMi: fc.integer({ min: 1, max: 16 }),
    },
    { requiredKeys: ['appId', 'appPort', 'grpc'] },
  );

function namespaceArb(name: string): fc.Arbitrary<NamespaceSpec> {
  return fc
    .shuffledSubarray(APP_IDS, { minLength: 1, maxLength: 4 })
    .chain((ids) => {
      const n = ids.length;
      const index = fc.integer({ min: 0, max: n - 1 });
      const users = fc.uniqueArray(index, { maxLength: n }).map((u) => [...u].sort());
      const pubsub = fc.constantFrom(...PUBSUB_CANDIDATES).chain((c) => componentOf(c, 'pubsub', fc.constant(ids.map((_, i) => i))));
      const others = fc
        .array(fc.constantFrom(...CANDIDATES), { maxLength: 4 })
        .chain((cs): fc.Arbitrary<ComponentSpec[]> => (cs.length > 0 ? fc.tuple(...cs.map((c, i) => componentOf(c, `component-${i}`, users))) : fc.constant([])));
      const edges: fc.Arbitrary<Array<[number, number, string]>> = n < 2 ? fc.constant([]) : fc.array(fc.tuple(index, index, fc.constantFrom('/orders', '/api/*', '/**')).filter(([a, b]) => a !== b), { maxLength: 4 });
      return fc.record({
        name: fc.constant(name),
        apps: fc.tuple(...ids.map(appArb)),
        components: fc.tuple(pubsub, others).map(([p, o]) => [p, ...o]),
        invocations: edges.map((e) => uniqueBy(e, ([a, b]) => `${a}>${b}`)),
        subscriptions: fc.array(fc.tuple(index, fc.constantFrom('orders', 'payments', 'audit'), fc.constantFrom('/events', '/orders/created')), { maxLength: 3 }).map((s) => uniqueBy(s, ([a, t]) => `${a}/${t}`)),
        resilientCallees: fc.uniqueArray(index, { maxLength: n }),
      });
    });
}

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

export const systemArb: fc.Arbitrary<SystemSpec> = fc
  .shuffledSubarray(NAMESPACES, { minLength: 1, maxLength: 2 })
  .chain((names) => fc.tuple(...[...names].sort().map(namespaceArb)))
  .map((namespaces) => ({ namespaces }));

// --- building -------------------------------------------------------------------------------

function componentType(specType: string): ComponentType {
  const found = Object.values(ComponentType).find((t): t is ComponentType => t instanceof ComponentType && t.specType === specType);
  if (!found) throw new Error(`no ComponentType constant for ${specType}`);
  return found;
}

function input(v: ValueSpec): MetadataInput {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return v.n;
    case 'bool':
      return v.b;
    case 'seconds':
      return Duration.seconds(v.s);
    case 'mebibytes':
      return Size.mebibytes(v.mi);
    case 'secret':
      return SecretValue.fromSecret('credentials', v.key.toLowerCase());
  }
}

/** Builds the system into a fresh DaprkitApp, one chart per namespace. */
export function buildSystem(spec: SystemSpec, app: DaprkitApp): void {
  for (const ns of spec.namespaces) {
    const chart = new Chart(app, ns.name, { namespace: ns.name });
    // A Kubernetes secret store authenticates with the pod's token: the apps that load one mount it.
    const kubernetesStores = ns.components.filter((c) => c.specType === 'secretstores.kubernetes');
    const loadsKubernetesStore = (i: number) => kubernetesStores.some((c) => c.users.length === 0 || c.users.includes(i));
    const apps = ns.apps.map(
      (a, i) =>
        new DaprApp(chart, a.appId, {
          appId: a.appId,
          ...(loadsKubernetesStore(i) ? { automountServiceAccountToken: true } : {}),
          image: `ghcr.io/example/${a.appId}:1.0.0`,
          appPort: a.appPort,
          namespace: ns.name,
          ...(a.grpc ? { appProtocol: AppProtocol.GRPC } : {}),
          sidecar: {
            ...(a.logLevel ? { logLevel: a.logLevel } : {}),
            ...(a.logAsJson !== undefined ? { logAsJson: a.logAsJson } : {}),
            ...(a.enableMetrics !== undefined ? { enableMetrics: a.enableMetrics } : {}),
            ...(a.enableMetrics && a.metricsPort !== undefined ? { metricsPort: a.metricsPort } : {}),
            ...(a.appMaxConcurrency !== undefined ? { appMaxConcurrency: a.appMaxConcurrency } : {}),
            ...(a.enableAppHealthCheck ? { enableAppHealthCheck: true, appHealthCheckPath: '/healthz' } : {}),
            ...(a.enableAppHealthCheck && a.healthProbeSeconds !== undefined ? { appHealthProbeInterval: Duration.seconds(a.healthProbeSeconds) } : {}),
            ...(a.enableApiLogging !== undefined ? { enableApiLogging: a.enableApiLogging } : {}),
            ...(a.cpuMillis ? { cpu: { request: Cpu.millis(a.cpuMillis[0]), limit: Cpu.millis(a.cpuMillis[1]) } } : {}),
            ...(a.memoryMi ? { memory: { request: Size.mebibytes(a.memoryMi[0]), limit: Size.mebibytes(a.memoryMi[1]) } } : {}),
            ...(a.maxBodyMi !== undefined ? { maxBodySize: Size.mebibytes(a.maxBodyMi) } : {}),
          },
        }),
    );
    const components = ns.components.map((c) => {
      const metadata: MetadataMap = Object.fromEntries(c.metadata.map(([name, v]) => [name, input(v)]));
      const component = new Component(chart, c.name, { name: c.name, namespace: ns.name, type: componentType(c.specType), version: c.version, metadata });
      for (const i of c.users) apps[i].uses(component);
      return component;
    });
    for (const [caller, callee, path] of ns.invocations) apps[caller].invokes(apps[callee], { operations: [{ path, verbs: [HttpVerb.GET, HttpVerb.POST] }] });
    for (const [subscriber, topic, route] of ns.subscriptions) apps[subscriber].subscribe(components[0], topic, { route });
    if (ns.resilientCallees.length > 0) {
      const res = new ResiliencyPolicy(chart, 'resiliency', { name: 'resiliency', namespace: ns.name, scopes: apps });
      const timeout = res.addTimeout('fast', Duration.seconds(5));
      const retry = res.addRetry('retry', Retry.constant(Duration.seconds(1), 3));
      for (const i of ns.resilientCallees) res.forApp(apps[i], { timeout, retry });
      res.forComponent(components[0], { outbound: { retry } });
    }
  }
}
