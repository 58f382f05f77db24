/**
 * Components: the typed factory of their type and version (`StateStore.redis(...)`) when every
 * metadata field fits its typed metadata, else the generic `Component` with the catalog's
 * `ComponentType` (or `ComponentType.custom` for types the catalog does not know). Secret
 * references become `SecretValue.fromSecret`, plaintext in a sensitive field the explicit
 * `SecretValue.unsafePlainText`; scopes naming DaprApps of the chart become `app.uses(component)`.
 */
import { carriesCredentials } from '../checks/component-fields';
import { isDnsSubdomain } from '../checks/formats';
import type { FieldFacts } from '../dapr/component-facts';
import { MapContext } from './context';
import { catalogType, Factory, factoryField, factoryFor, typeConstant } from './component-factories';
import { construct, daprkit, Entry, entry, enumMember, Expr, json, object as objectLiteral, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, typedObjectUnit } from './metadata';
import { coveredKey, InputObject, Phase, Unit } from './model';
import { durationExpr, numberFromText, sizeExpr } from './values';

/** One metadata item as read: a name and one of value, secretKeyRef, envRef. */
type Item =
  | { readonly name: string; readonly kind: 'value'; readonly text: string }
  | { readonly name: string; readonly kind: 'secret'; readonly secretName: string; readonly key: string }
  | { readonly name: string; readonly kind: 'env'; readonly variable: string };

/** The items, or the reason they cannot be written with props. */
function readItems(value: unknown): Item[] | string {
  // An empty `metadata:` reads as null; daprkit writes an empty list, which the escape hatch turns back.
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return 'spec.metadata is not a list';
  const items: Item[] = [];
  const names = new Set<string>();
  for (const raw of value) {
    const item = asRecord(raw);
    if (!item || typeof item.name !== 'string') return 'a metadata item without a name';
    if (item.name === '__proto__' || names.has(item.name)) return `metadata item "${item.name}" appears twice`;
    names.add(item.name);
    const ref = asRecord(item.secretKeyRef);
    const sources = ['value', 'secretKeyRef', 'envRef'].filter((k) => item[k] !== undefined);
    if (sources.length !== 1) return `metadata item "${item.name}" has ${sources.length === 0 ? 'no value' : 'several values'}`;
    if (typeof item.value === 'string' || typeof item.value === 'number' || typeof item.value === 'boolean') {
      items.push({ name: item.name, kind: 'value', text: String(item.value) });
    } else if (ref && typeof ref.name === 'string' && typeof ref.key === 'string' && ref.name.trim() !== '' && ref.key.trim() !== '') {
      items.push({ name: item.name, kind: 'secret', secretName: ref.name, key: ref.key });
    } else if (typeof item.envRef === 'string' && item.envRef.trim() !== '') {
      items.push({ name: item.name, kind: 'env', variable: item.envRef });
    } else {
      return `metadata item "${item.name}" has a value daprkit cannot write`;
    }
  }
  return items;
}

const literal = (text: string) => staticCall('MetadataValue', 'literal', json(text));

/** True for `SecretValue.unsafePlainText(...)`. */
function isPlainText(value: Expr): boolean {
  return value.kind === 'call' && value.callee.kind === 'member' && value.callee.name === 'unsafePlainText';
}

/** The comment beside an explicit plaintext secret: the finding it carries, and the fix. */
function plainTextComment(value: Expr): string | undefined {
  return isPlainText(value) ? 'component-sensitive-plaintext: a secret in plain text; keep it in a secret store and use SecretValue.fromSecret' : undefined;
}

/** The typed value of an item for a factory field, or undefined when the field's type cannot hold it. */
function typedValue(field: FieldFacts, item: Item): Expr | undefined {
  if (item.kind === 'secret') return field.sensitive ? staticCall('SecretValue', 'fromSecret', json(item.secretName), json(item.key)) : undefined;
  if (item.kind === 'env') return staticCall(field.sensitive ? 'SecretValue' : 'MetadataValue', 'fromEnv', json(item.variable));
  const text = item.text;
  // An address is plain text; with credentials in it, it is plaintext in a sensitive field.
  if (field.sensitive) return field.secretIfCredentials && !carriesCredentials(text) ? json(text) : staticCall('SecretValue', 'unsafePlainText', json(text));
  if (field.allowedValues) {
    if (!field.allowedValues.includes(text)) return literal(text);
    return field.type === 'number' && /^-?\d+(\.\d+)?$/.test(text) ? json(Number(text)) : json(text);
  }
  switch (field.type) {
    case 'bool':
      return text === 'true' || text === 'false' ? json(text === 'true') : literal(text);
    case 'number': {
      const n = numberFromText(text);
      return n === undefined ? literal(text) : json(n);
    }
    case 'duration':
      return durationExpr(text) ?? literal(text);
    case 'bytesize':
      return sizeExpr(text) ?? literal(text);
    default:
      return json(text);
  }
}

/** The value of an item for the generic Component: text as written, secrets as SecretValue. */
function genericValue(item: Item, sensitive: boolean, secretIfCredentials: boolean): Expr {
  if (item.kind === 'secret') return staticCall('SecretValue', 'fromSecret', json(item.secretName), json(item.key));
  if (item.kind === 'env') return staticCall('SecretValue', 'fromEnv', json(item.variable));
  return sensitive && !(secretIfCredentials && !carriesCredentials(item.text)) ? staticCall('SecretValue', 'unsafePlainText', json(item.text)) : json(item.text);
}

/** The typed metadata of a factory, or why the items do not fit it. */
function typedMetadata(factory: Factory, items: readonly Item[]): Entry[] | string {
  const entries: Entry[] = [];
  for (const item of items) {
    const field = factoryField(factory, item.name);
    if (!field) return `"${item.name}" is not a field of the typed ${factory.className}.${factory.method} metadata`;
    const value = typedValue(field, item);
    if (!value) return `"${item.name}" is a secret reference, which the typed field does not take`;
    entries.push(entry(item.name, value, plainTextComment(value)));
  }
  const missing = factory.fields.filter((f) => f.required && !items.some((i) => i.name === f.name));
  if (missing.length > 0) return `required field${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${f.name}"`).join(', ')} missing`;
  return entries;
}

export function mapComponent(object: InputObject, ctx: MapContext): Unit | string {
  const m = object.manifest;
  const metadata = asRecord(m.metadata);
  const spec = asRecord(m.spec);
  const name = metadata?.name;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes Components as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  if (typeof name !== 'string' || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  if (!spec || typeof spec.type !== 'string') return 'it has no spec.type';
  const specType = spec.type;
  const items = readItems(spec.metadata);
  if (typeof items === 'string') return items;
  const version = typeof spec.version === 'string' ? spec.version : undefined;
  const known = catalogType(specType);

  const id = ctx.chart.ids.take(name, 'Component');
  const variable = ctx.chart.variables.take(name, 'component');
  const scopes = Array.isArray(m.scopes) ? m.scopes.filter((s): s is string => typeof s === 'string') : [];
  const scopeStrings = scopes.filter((s) => !ctx.chart.apps.has(s));

  const secretStore = asRecord(m.auth)?.secretStore;
  let storeExpr: Expr | undefined;
  if (secretStore === 'kubernetes') storeExpr = json('kubernetes');
  else if (typeof secretStore === 'string') {
    const store = ctx.chart.components.get(secretStore);
    if (store && store.specType.startsWith('secretstores.')) storeExpr = ref(store.variable);
    // A store the imported objects do not define: referred to by name and building block.
    else if (!store && isDnsSubdomain(secretStore)) {
      storeExpr = staticCall('Component', 'fromName', scope, json(ctx.chart.ids.take(`${secretStore}-secretstore`, 'ref')), json(secretStore), objectLiteral([entry('buildingBlock', json('secretstores'))]));
    }
  }
  const initTimeout = typeof spec.initTimeout === 'string' ? durationExpr(spec.initTimeout) : undefined;
  const options: (Entry | undefined)[] = [
    id !== name ? entry('name', json(name)) : undefined,
    scopeStrings.length > 0 ? entry('scopes', json(scopeStrings)) : undefined,
    storeExpr ? entry('secretStore', storeExpr) : undefined,
    initTimeout ? entry('initTimeout', initTimeout) : undefined,
    typeof spec.ignoreErrors === 'boolean' ? entry('ignoreErrors', json(spec.ignoreErrors)) : undefined,
  ];

  const factory = factoryFor(specType, version ?? known?.defaultVersion ?? '');
  const typed = factory ? typedMetadata(factory, items) : 'the catalog has no typed factory for it';
  let expr: Expr;
  let as: string;
  let why: string | undefined;
  if (factory && typeof typed !== 'string') {
    const metadataEntry = typed.length > 0 || factory.fields.some((f) => f.required) ? entry('metadata', props(typed)) : undefined;
    expr = staticCall(factory.className, factory.method, scope, json(id), props([...options.slice(0, 1), metadataEntry, ...options.slice(1)]));
    as = `${factory.className}.${factory.method}`;
  } else {
    const fieldOf = (item: Item) => (factory ? factoryField(factory, item.name) : undefined);
    const type = known ? enumMember('ComponentType', typeConstant(specType)) : staticCall('ComponentType', 'custom', json(specType), ...(version ? [json(version)] : []));
    const generic = props([
      ...options.slice(0, 1),
      entry('type', type),
      version !== undefined && known && version !== known.defaultVersion ? entry('version', json(version)) : undefined,
      items.length > 0 ? entry('metadata', props(items.map((i) => {
        const value = genericValue(i, fieldOf(i)?.sensitive === true, fieldOf(i)?.secretIfCredentials === true);
        return entry(i.name, value, plainTextComment(value));
      }))) : undefined,
      ...options.slice(1),
    ]);
    expr = construct(daprkit('Component'), scope, json(id), generic);
    as = 'Component';
    why = known ? `generic Component: ${typed}` : undefined;
  }
  const statements: Statement[] = [{ declares: variable, expr, unit: object.index, ...(why ? { comments: [`A generic Component: ${typed}.`] } : {}) }];
  // Plaintext written as SecretValue.unsafePlainText is its own explicit opt-out of the plaintext check.
  const covered = new Set(
    items.filter((i) => i.kind === 'value' && statementsHavePlainText(statements, i.name)).map((i) => coveredKey('component-sensitive-plaintext', `spec.metadata[name=${i.name}]`)),
  );
  const mapped = typedObjectUnit(object, ref(variable), { as, variable, statements, phase: Phase.COMPONENT, covered, ...(why ? { reason: why } : {}) });
  if (typeof mapped === 'string') return mapped;
  const declared = { variable, object, specType, scopes };
  ctx.chart.components.set(name, declared);
  for (const appId of new Set(scopes)) {
    const list = ctx.chart.componentsByScope.get(appId) ?? [];
    list.push(declared);
    ctx.chart.componentsByScope.set(appId, list);
  }
  return mapped;
}

/** True when the component's statement gives field `name` as `SecretValue.unsafePlainText`. */
function statementsHavePlainText(statements: readonly Statement[], name: string): boolean {
  const first = statements[0]?.expr;
  const props_ = first && (first.kind === 'call' || first.kind === 'new') ? first.args[2] : undefined;
  const metadata = props_?.kind === 'object' ? props_.entries.find((e) => e.key === 'metadata')?.value : undefined;
  const value = metadata?.kind === 'object' ? metadata.entries.find((e) => e.key === name)?.value : undefined;
  return value !== undefined && isPlainText(value);
}
