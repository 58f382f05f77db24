/**
 * Configurations with typed sections: each section becomes its typed prop when daprkit writes it
 * back the same (a section it would write differently is left to the escape hatch, which puts it
 * back as written). Access control becomes the callers' `invokes` edges where the policies say
 * exactly what `invokes` compiles (default deny, one allow list per caller that is an app of the
 * chart, one app loading the Configuration); explicit `addAccessControlPolicy` calls otherwise.
 */
import { dnsLabelProblem, isDnsSubdomain } from '../checks/formats';
import { MapContext } from './context';
import { catalogType, typeConstant } from './component-factories';
import { array, call, construct, daprkit, Entry, entry, enumMember, Expr, json, Json, member, object, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, metadataStatements, own } from './metadata';
import { InputObject, Phase, Unit } from './model';
import { durationExpr, numberFromText } from './values';

type Section = Record<string, unknown>;

const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const sorted = (v: readonly string[]) => v.every((x, i) => i === 0 || v[i - 1]! < x);
const keysWithin = (s: Section, allowed: readonly string[]) => Object.keys(s).every((k) => allowed.includes(k));

function tracing(s: Section): Expr | undefined {
  if (!keysWithin(s, ['samplingRate', 'stdout', 'zipkin', 'otel']) || !isString(s.samplingRate)) return undefined;
  const rate = numberFromText(s.samplingRate);
  if (rate === undefined || rate < 0 || rate > 1) return undefined;
  const entries: Entry[] = [entry('samplingRate', json(rate))];
  if (s.zipkin !== undefined) {
    const z = asRecord(s.zipkin);
    if (!z || !keysWithin(z, ['endpointAddress']) || !isString(z.endpointAddress) || !/^https?:\/\//.test(z.endpointAddress)) return undefined;
    entries.push(entry('zipkinEndpoint', json(z.endpointAddress)));
  }
  if (s.otel !== undefined) {
    const o = asRecord(s.otel);
    // daprkit writes protocol and isSecure always: an otel section without them is kept as written.
    if (!o || !keysWithin(o, ['endpointAddress', 'protocol', 'isSecure', 'timeout']) || !isString(o.endpointAddress) || /^[a-z]+:\/\//.test(o.endpointAddress)) return undefined;
    if (!(o.protocol === 'grpc' || o.protocol === 'http') || !isBool(o.isSecure)) return undefined;
    const timeout = o.timeout === undefined ? undefined : isString(o.timeout) ? durationExpr(o.timeout) : undefined;
    if (o.timeout !== undefined && !timeout) return undefined;
    entries.push(
      entry('otel', props([
        entry('endpoint', json(o.endpointAddress)),
        entry('protocol', enumMember('OtelProtocol', o.protocol.toUpperCase())),
        entry('isSecure', json(o.isSecure)),
        timeout ? entry('timeout', timeout) : undefined,
      ])),
    );
  }
  if (s.stdout !== undefined) {
    if (!isBool(s.stdout)) return undefined;
    entries.push(entry('stdout', json(s.stdout)));
  }
  return object(entries);
}

function metrics(s: Section): Expr | undefined {
  // daprkit writes `enabled` always; rules, http options and buckets are rarely hand-written: kept as written.
  if (!keysWithin(s, ['enabled', 'recordErrorCodes']) || !isBool(s.enabled)) return undefined;
  if (s.recordErrorCodes !== undefined && !isBool(s.recordErrorCodes)) return undefined;
  return props([entry('enabled', json(s.enabled)), s.recordErrorCodes !== undefined ? entry('recordErrorCodes', json(s.recordErrorCodes as boolean)) : undefined]);
}

function mtls(s: Section): Expr | undefined {
  if (!keysWithin(s, ['enabled', 'controlPlaneTrustDomain', 'sentryAddress', 'workloadCertTTL', 'allowedClockSkew'])) return undefined;
  // The CRD needs the three first fields whenever the section exists, and daprkit writes them.
  if (!isBool(s.enabled) || !isString(s.controlPlaneTrustDomain) || !isString(s.sentryAddress)) return undefined;
  const ttl = s.workloadCertTTL === undefined ? undefined : isString(s.workloadCertTTL) ? durationExpr(s.workloadCertTTL) : undefined;
  const skew = s.allowedClockSkew === undefined ? undefined : isString(s.allowedClockSkew) ? durationExpr(s.allowedClockSkew) : undefined;
  if ((s.workloadCertTTL !== undefined && !ttl) || (s.allowedClockSkew !== undefined && !skew)) return undefined;
  return props([
    entry('enabled', json(s.enabled)),
    entry('controlPlaneTrustDomain', json(s.controlPlaneTrustDomain)),
    entry('sentryAddress', json(s.sentryAddress)),
    ttl ? entry('workloadCertTtl', ttl) : undefined,
    skew ? entry('allowedClockSkew', skew) : undefined,
  ]);
}

function features(v: unknown): Expr | undefined {
  if (!Array.isArray(v)) return undefined;
  const items = v.map(asRecord);
  if (items.some((i) => !i || !keysWithin(i, ['name', 'enabled']) || !isString(i.name) || !isBool(i.enabled) || !/^[A-Za-z][A-Za-z0-9.-]*$/.test(i.name))) return undefined;
  const names = items.map((i) => i!.name as string);
  // daprkit writes features sorted by name, each once.
  if (!sorted(names)) return undefined;
  return array(items.map((i) => object([entry('name', json(i!.name as string)), ...(i!.enabled === true ? [] : [entry('enabled', json(false))])])));
}

const RESOLVERS: Readonly<Record<string, string>> = { kubernetes: 'KUBERNETES', mdns: 'MDNS', consul: 'CONSUL', sqlite: 'SQLITE', nameformat: 'NAMEFORMAT', 'aws.cloudmap': 'AWS_CLOUDMAP' };

function nameResolution(s: Section): Expr | undefined {
  if (!keysWithin(s, ['component', 'version', 'configuration']) || !isString(s.component) || !isString(s.version) || !asRecord(s.configuration)) return undefined;
  const resolver = own(RESOLVERS, s.component);
  if (!resolver) return undefined;
  return props([
    entry('resolver', enumMember('NameResolver', resolver)),
    s.version !== 'v1' ? entry('version', json(s.version)) : undefined,
    Object.keys(asRecord(s.configuration)!).length > 0 ? entry('configuration', json(s.configuration as Json)) : undefined,
  ]);
}

const API_NAMES = new Set(['invoke', 'state', 'publish', 'bindings', 'secrets', 'actors', 'metadata', 'configuration', 'lock', 'workflows', 'crypto', 'jobs', 'conversation', 'healthz', 'shutdown']);

function apiRules(v: unknown): Expr | undefined {
  if (!Array.isArray(v)) return undefined;
  const rules = v.map(asRecord);
  if (rules.some((r) => !r || !keysWithin(r, ['name', 'version', 'protocol']) || !isString(r.name) || !/^[a-z][a-z0-9-]*$/.test(r.name) || !isString(r.version) || !/^v\d+(\.\d+)?(-(alpha|beta)\d+)?$/.test(r.version))) return undefined;
  if (rules.some((r) => r!.protocol !== undefined && r!.protocol !== 'http' && r!.protocol !== 'grpc')) return undefined;
  const keys = rules.map((r) => `${r!.name}|${r!.version}|${r!.protocol ?? ''}`);
  if (!sorted(keys)) return undefined;
  return array(
    rules.map((r) =>
      props([
        entry('api', API_NAMES.has(r!.name as string) ? enumMember('DaprApi', (r!.name as string).toUpperCase()) : staticCall('DaprApi', 'custom', json(r!.name as string))),
        entry('version', json(r!.version as string)),
        r!.protocol !== undefined ? entry('protocol', enumMember('ApiProtocol', (r!.protocol as string).toUpperCase())) : undefined,
      ]),
    ),
  );
}

function apiLogging(s: Section): Expr | undefined {
  const l = asRecord(s.apiLogging);
  if (!keysWithin(s, ['apiLogging']) || !l || !keysWithin(l, ['enabled', 'obfuscateURLs', 'omitHealthChecks']) || Object.values(l).some((v) => !isBool(v))) return undefined;
  return props([
    l.enabled !== undefined ? entry('enabled', json(l.enabled as boolean)) : undefined,
    l.obfuscateURLs !== undefined ? entry('obfuscateUrls', json(l.obfuscateURLs as boolean)) : undefined,
    l.omitHealthChecks !== undefined ? entry('omitHealthChecks', json(l.omitHealthChecks as boolean)) : undefined,
  ]);
}

/** A middleware Component for a pipeline handler: the chart's, or a reference by name. */
function middleware(handler: Record<string, unknown>, ctx: MapContext, statements: Statement[], unit: number): Expr | undefined {
  if (!keysWithin(handler, ['name', 'type']) || !isString(handler.name) || !isString(handler.type) || !handler.type.startsWith('middleware.') || !isDnsSubdomain(handler.name)) return undefined;
  const declared = ctx.chart.components.get(handler.name);
  if (declared && declared.specType === handler.type) return ref(declared.variable);
  const type = catalogType(handler.type) ? enumMember('ComponentType', typeConstant(handler.type)) : /^[a-z]+\.[A-Za-z0-9][A-Za-z0-9._-]*$/.test(handler.type) ? staticCall('ComponentType', 'custom', json(handler.type)) : undefined;
  if (!type) return undefined;
  const variable = ctx.chart.variables.take(handler.name, 'middleware');
  statements.push({ declares: variable, expr: staticCall('Component', 'fromName', scope, json(ctx.chart.ids.take(`${handler.name}-middleware`, 'ref')), json(handler.name), object([entry('type', type)])), unit });
  return ref(variable);
}

function pipeline(s: Section, ctx: MapContext, statements: Statement[], unit: number): Expr | undefined {
  if (!keysWithin(s, ['handlers']) || !Array.isArray(s.handlers) || s.handlers.length === 0) return undefined;
  const handlers = s.handlers.map(asRecord);
  if (handlers.some((h) => !h) || new Set(handlers.map((h) => h!.name)).size !== handlers.length) return undefined;
  const local: Statement[] = [];
  const exprs = handlers.map((h) => middleware(h!, ctx, local, unit));
  if (exprs.some((e) => !e)) return undefined;
  statements.push(...local);
  return array(exprs as Expr[]);
}

function secretScopes(s: Section, ctx: MapContext): Expr | undefined {
  if (!keysWithin(s, ['scopes']) || !Array.isArray(s.scopes)) return undefined;
  const scopes = s.scopes.map(asRecord);
  const out: Expr[] = [];
  const names: string[] = [];
  for (const sc of scopes) {
    if (!sc || !keysWithin(sc, ['storeName', 'defaultAccess', 'allowedSecrets', 'deniedSecrets']) || !isString(sc.storeName)) return undefined;
    if (!(sc.defaultAccess === 'allow' || sc.defaultAccess === 'deny')) return undefined;
    for (const list of [sc.allowedSecrets, sc.deniedSecrets]) if (list !== undefined && (!strings(list) || list.length === 0 || !sorted(list))) return undefined;
    const declared = ctx.chart.components.get(sc.storeName);
    let store: Expr | undefined;
    if (sc.storeName === 'kubernetes') store = enumMember('BuiltinSecretStore', 'KUBERNETES');
    else if (declared) store = declared.specType.startsWith('secretstores.') ? ref(declared.variable) : undefined;
    // A store the imported objects do not define: referred to by name and building block.
    else if (isDnsSubdomain(sc.storeName)) {
      store = staticCall('Component', 'fromName', scope, json(ctx.chart.ids.take(`${sc.storeName}-secretstore`, 'ref')), json(sc.storeName), object([entry('buildingBlock', json('secretstores'))]));
    }
    if (!store) return undefined;
    names.push(sc.storeName);
    out.push(
      props([
        entry('store', store),
        entry('defaultAccess', enumMember('SecretAccess', (sc.defaultAccess as string).toUpperCase())),
        sc.allowedSecrets !== undefined ? entry('allowedSecrets', json(sc.allowedSecrets as string[])) : undefined,
        sc.deniedSecrets !== undefined ? entry('deniedSecrets', json(sc.deniedSecrets as string[])) : undefined,
      ]),
    );
  }
  return sorted(names) ? array(out) : undefined;
}

const VERBS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A policy's operations as typed ones, in the form daprkit writes them (merged by path, sorted). */
function operations(v: unknown): Expr | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return undefined;
  const ops = v.map(asRecord);
  const out: Expr[] = [];
  for (const op of ops) {
    if (!op || !keysWithin(op, ['name', 'httpVerb', 'action']) || !isString(op.name) || !op.name.startsWith('/')) return undefined;
    if (!(op.action === 'allow' || op.action === 'deny')) return undefined;
    // No verbs means every verb (daprkit writes that as ["*"]; the escape hatch keeps the field out).
    const verbs = op.httpVerb === undefined ? ['*'] : op.httpVerb;
    if (!strings(verbs) || verbs.length === 0) return undefined;
    const every = verbs.length === 1 && verbs[0] === '*';
    if (!every && !verbs.every((x) => VERBS.has(x))) return undefined;
    out.push(
      props([
        entry('path', json(op.name)),
        every ? undefined : entry('verbs', array(verbs.map((x) => enumMember('HttpVerb', x)))),
        op.action === 'deny' ? entry('action', enumMember('AccessAction', 'DENY')) : undefined,
      ]),
    );
  }
  return array(out);
}

interface Policy {
  readonly appId: string;
  readonly namespace: string;
  readonly trustDomain: string;
  readonly defaultAction: 'allow' | 'deny';
  readonly operations?: unknown;
}

function readPolicies(v: unknown): Policy[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: Policy[] = [];
  for (const raw of v) {
    const p = asRecord(raw);
    if (!p || !keysWithin(p, ['appId', 'namespace', 'trustDomain', 'defaultAction', 'operations'])) return undefined;
    if (!isString(p.appId) || dnsLabelProblem(p.appId) || !isString(p.namespace) || dnsLabelProblem(p.namespace) || !isString(p.trustDomain)) return undefined;
    if (!(p.defaultAction === 'allow' || p.defaultAction === 'deny')) return undefined;
    out.push({ appId: p.appId, namespace: p.namespace, trustDomain: p.trustDomain, defaultAction: p.defaultAction, operations: p.operations });
  }
  const keys = out.map((p) => `${p.appId}\u0000${p.namespace}`);
  return new Set(keys).size === keys.length ? out : undefined;
}

/** How the Configuration's access control is written: settings and explicit policies, or invokes edges. */
interface AccessControlCode {
  readonly settings?: Expr;
  readonly policies: number;
  readonly statements: (config: Expr) => Statement[];
  readonly invokes?: { readonly callee: string; readonly edges: readonly { readonly caller: string; readonly operations?: Expr }[] };
}

function accessControl(s: Section, name: string, ctx: MapContext, unit: number): AccessControlCode | undefined {
  if (!keysWithin(s, ['defaultAction', 'trustDomain', 'policies'])) return undefined;
  if (!(s.defaultAction === 'allow' || s.defaultAction === 'deny') || !isString(s.trustDomain)) return undefined;
  const policies = readPolicies(s.policies);
  if (!policies || !sorted(policies.map((p) => `${p.appId}\u0000${p.namespace}`))) return undefined;
  const ops = policies.map((p) => (p.operations === undefined ? undefined : operations(p.operations)));
  if (policies.some((p, i) => p.operations !== undefined && !ops[i])) return undefined;

  // The invocation graph writes exactly: default deny, trust domain public, one policy per caller
  // that is an app of this chart, allow rules only, for the one app that loads this Configuration.
  const loaders = ctx.chart.configurationUsers.get(name) ?? [];
  const callee = loaders.length === 1 ? ([loaders[0]!, ctx.chart.apps.get(loaders[0]!)!] as const) : undefined;
  const asEdges =
    callee !== undefined &&
    s.defaultAction === 'deny' &&
    s.trustDomain === 'public' &&
    policies.length > 0 &&
    policies.every((p, i) => p.defaultAction === 'deny' && p.trustDomain === 'public' && p.namespace === ctx.chart.daprNamespace && ctx.chart.apps.has(p.appId) && p.appId !== callee[0] && ops[i] !== undefined && !JSON.stringify(p.operations).includes('"deny"'));
  if (asEdges) {
    return {
      policies: policies.length,
      statements: () => [],
      invokes: { callee: callee![1].variable, edges: policies.map((p, i) => ({ caller: ctx.chart.apps.get(p.appId)!.variable, operations: ops[i] })) },
    };
  }
  const settings = props([
    s.defaultAction === 'allow' ? entry('defaultAction', enumMember('AccessAction', 'ALLOW')) : undefined,
    s.trustDomain !== 'public' ? entry('trustDomain', json(s.trustDomain)) : undefined,
  ]);
  return {
    settings,
    policies: policies.length,
    statements: (config) =>
      policies.map((p, i) => {
        const app = p.namespace === ctx.chart.daprNamespace ? ctx.chart.apps.get(p.appId) : undefined;
        const caller = app
          ? ref(app.variable)
          : staticCall('DaprApp', 'fromAppId', scope, json(ctx.chart.ids.take(`${p.appId}-${p.namespace}-caller`, 'ref')), json(p.appId), ...(p.namespace !== ctx.chart.daprNamespace ? [object([entry('namespace', json(p.namespace))])] : []));
        const options = props([
          p.trustDomain !== 'public' ? entry('trustDomain', json(p.trustDomain)) : undefined,
          p.defaultAction === 'allow' ? entry('defaultAction', enumMember('AccessAction', 'ALLOW')) : undefined,
          ops[i] ? entry('operations', ops[i]!) : undefined,
        ]);
        return { expr: call(member(config, 'addAccessControlPolicy'), caller, ...(options.kind === 'object' && options.entries.length === 0 ? [] : [options])), unit };
      }),
  };
}

export function mapConfiguration(object_: InputObject, ctx: MapContext): Unit[] | string {
  const m = object_.manifest;
  const md = asRecord(m.metadata);
  const name = md?.name;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes Configurations as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  if (typeof name !== 'string' || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const spec = asRecord(m.spec) ?? {};
  const unit = object_.index;
  const id = ctx.chart.ids.take(name, 'Configuration');
  const variable = ctx.chart.variables.take(name, 'config');
  const statements: Statement[] = [];
  const section = (key: string) => asRecord(spec[key]);
  const entries: (Entry | undefined)[] = [id !== name ? entry('name', json(name)) : undefined];
  const add = (key: string, value: Expr | undefined) => {
    if (value) entries.push(entry(key, value));
  };
  if (section('tracing')) add('tracing', tracing(section('tracing')!));
  if (section('metrics')) add('metrics', metrics(section('metrics')!));
  if (section('mtls')) add('mtls', mtls(section('mtls')!));
  if (spec.features !== undefined) add('features', features(spec.features));
  if (section('httpPipeline')) add('httpPipeline', pipeline(section('httpPipeline')!, ctx, statements, unit));
  if (section('appHttpPipeline')) add('appHttpPipeline', pipeline(section('appHttpPipeline')!, ctx, statements, unit));
  if (section('nameResolution')) add('nameResolution', nameResolution(section('nameResolution')!));
  if (section('secrets')) add('secretScopes', secretScopes(section('secrets')!, ctx));
  const api = section('api');
  if (api && keysWithin(api, ['allowed', 'denied'])) {
    if (api.allowed !== undefined) add('allowedApis', apiRules(api.allowed));
    if (api.denied !== undefined) add('deniedApis', apiRules(api.denied));
  }
  const components = section('components');
  if (components && keysWithin(components, ['deny']) && strings(components.deny) && sorted(components.deny) && components.deny.every((t) => /^[a-z0-9]+(\.[a-z0-9-]+)+(\/v[0-9a-z]+)?$/.test(t))) {
    add('deniedComponentTypes', json(components.deny));
  }
  if (section('logging')) add('apiLogging', apiLogging(section('logging')!));
  const wasm = section('wasm');
  if (wasm && keysWithin(wasm, ['strictSandbox']) && isBool(wasm.strictSandbox)) add('wasmStrictSandbox', json(wasm.strictSandbox));
  const access = section('accessControl') ? accessControl(section('accessControl')!, name, ctx, unit) : undefined;
  // Settings at their defaults are written only when no policy makes the section appear anyway.
  const emptySettings = access?.settings?.kind === 'object' && access.settings.entries.length === 0;
  if (access?.settings && (!emptySettings || access.policies === 0)) add('accessControl', access.settings);

  const configProps = props(entries);
  const args = configProps.kind === 'object' && configProps.entries.length === 0 ? [] : [configProps];
  statements.push({ declares: variable, expr: construct(daprkit('Configuration'), scope, json(id), ...args), unit });
  const apiObject = member(ref(variable), 'apiObject');
  const labels = metadataStatements(object_, member(apiObject, 'metadata'), unit);
  if (!labels) return 'its labels or annotations are not text';
  statements.push(...labels);
  ctx.chart.configurations.set(name, { variable, object: object_ });
  const units: Unit[] = [
    {
      objects: [object_],
      as: 'Configuration',
      variable,
      statements,
      patchTargets: new Map([[unit, { object: apiObject, method: 'addJsonPatch' }]]),
      metadataOf: new Map([[unit, member(apiObject, 'metadata')]]),
      phase: Phase.CONFIGURATION,
    },
  ];
  // Policies and edges name apps, so they come after the apps.
  const late = access?.invokes
    ? access.invokes.edges.map((e) => ({ expr: call(member(ref(e.caller), 'invokes'), ref(access.invokes!.callee), ...(e.operations ? [object([entry('operations', e.operations)])] : [])), unit }))
    : access?.statements(ref(variable)) ?? [];
  if (late.length > 0) {
    units.push({ objects: [], owner: unit, as: 'Configuration', statements: late, patchTargets: new Map(), metadataOf: new Map(), phase: Phase.INVOCATION });
  }
  return units;
}
