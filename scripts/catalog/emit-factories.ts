/**
 * Writes the typed factories: one class per building block (`StateStore`, `PubSub`, …) with one
 * static factory per component type and version, and one metadata interface per factory whose
 * fields are typed from the catalog (required, sensitive → SecretValue, allowed values → union).
 * Field groups several metadata interfaces have (built-in auth profiles, building-block built-ins,
 * fields components share) are interfaces of their own in `shared-fields.ts`, which they extend.
 */
import type { BuildingBlock, ComponentTypeFacts, ComponentVersionFacts, FieldFacts } from '../../dapr/component-facts';
import { typeConstant } from './emit-catalog';
import { FieldGroup, FieldGrouping, groupFields, sortedFields, usersNote } from './field-groups';
import { camel, key, pascal, str } from './ts-source';

/** The generated file, without `.ts`, that holds the interfaces of field groups several metadata interfaces extend. */
export const SHARED_FIELDS_FILE = 'shared-fields';

interface BlockStyle {
  readonly className: string;
  /** File name in `constructs/generated/`, without `.ts`. */
  readonly file: string;
  /** Our own one-line description of the class. */
  readonly doc: string;
}

export const BLOCK_STYLES: Readonly<Record<BuildingBlock, BlockStyle>> = {
  bindings: { className: 'Binding', file: 'bindings', doc: 'Input and output bindings (`bindings.*`)' },
  configuration: { className: 'ConfigurationStore', file: 'configuration-stores', doc: 'Configuration stores (`configuration.*`)' },
  conversation: { className: 'Conversation', file: 'conversations', doc: 'Conversation (LLM) components (`conversation.*`)' },
  crypto: { className: 'Crypto', file: 'crypto', doc: 'Cryptography key providers (`crypto.*`)' },
  lock: { className: 'Lock', file: 'locks', doc: 'Distributed lock stores (`lock.*`)' },
  middleware: { className: 'Middleware', file: 'middleware', doc: 'HTTP middleware for Configuration pipelines (`middleware.http.*`)' },
  nameresolution: { className: 'NameResolution', file: 'name-resolution', doc: 'Name-resolution providers for a Configuration\'s `spec.nameResolution`' },
  pubsub: { className: 'PubSub', file: 'pubsub', doc: 'Pub/sub brokers (`pubsub.*`)' },
  secretstores: { className: 'SecretStore', file: 'secret-stores', doc: 'Secret stores (`secretstores.*`)' },
  state: { className: 'StateStore', file: 'state-stores', doc: 'State stores (`state.*`)' },
};

/** Names a factory must not take: statics a Component class already has, and Function's own properties. */
const RESERVED_STATICS = new Set(['isComponent', 'fromName', 'isConstruct', 'prototype', 'name', 'length', 'caller', 'arguments']);

/** One factory: a component type at one documented version. */
interface Factory {
  readonly type: ComponentTypeFacts;
  readonly version: ComponentVersionFacts;
  readonly method: string;
  readonly metadataInterface: string;
}

function factoriesOf(block: BuildingBlock, types: readonly ComponentTypeFacts[]): Factory[] {
  const style = BLOCK_STYLES[block];
  const factories = types
    .filter((t) => t.buildingBlock === block && !t.disabled)
    .flatMap((type) =>
      type.versions.map((version) => {
        // The default version gets the plain name; other documented versions a suffix (`postgresqlV2`).
        const suffix = version.version === type.defaultVersion ? '' : pascal(version.version);
        return {
          type,
          version,
          method: camel(type.name) + suffix,
          metadataInterface: `${pascal(type.name)}${style.className}${suffix}Metadata`,
        };
      }),
    )
    .sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
  const methods = new Set<string>();
  for (const f of factories) {
    if (methods.has(f.method) || RESERVED_STATICS.has(f.method)) throw new Error(`${block}: factory name ${f.method} is taken.`);
    methods.add(f.method);
  }
  return factories;
}

/** The TypeScript type of a field's value. */
function fieldValueType(field: FieldFacts): string {
  // An address that is a secret only with credentials in it takes plain text too; the check flags credentials.
  if (field.sensitive) return field.secretIfCredentials ? 'StringField | SecretField' : 'SecretField';
  // A user name may be plain text or kept in the secret its password is in.
  if (field.mayBeSecret) return 'StringField | SecretField';
  if (field.allowedValues) {
    const members = field.allowedValues.map((v) => (field.type === 'number' && /^-?\d+(\.\d+)?$/.test(v) ? v : str(v)));
    return `OneOf<${members.join(' | ')}>`;
  }
  switch (field.type) {
    case 'number':
      return 'NumberField';
    case 'bool':
      return 'BoolField';
    case 'duration':
      return 'DurationField';
    case 'bytesize':
      return 'SizeField';
    default:
      return 'StringField';
  }
}

/** `<topic-name>.avroschema` → the template literal type `` `${string}.avroschema` ``. */
function patternKey(name: string): string | undefined {
  if (!/<[^>]+>/.test(name)) return undefined;
  const template = name.replace(/`/g, '\\`').split(/<[^>]+>/).join('${string}');
  return `[field: \`${template}\`]`;
}

function fieldLine(field: FieldFacts): string {
  const type = fieldValueType(field);
  const pattern = patternKey(field.name);
  if (pattern) return `  /** Any field named like \`${field.name}\`. */\n  readonly ${pattern}: ${type};\n`;
  const tags = [
    ...(field.deprecated ? ['@deprecated upstream'] : []),
    ...(field.required ? [] : [`@default ${field.default !== undefined ? field.default.replace(/\*\//g, '*\\/') : '- not set'}`]),
  ];
  const doc = tags.length > 0 ? `  /** ${tags.join(' ')} */\n` : '';
  return `${doc}  readonly ${key(field.name)}${field.required ? '' : '?'}: ${type};\n`;
}

/**
 * Which field groups get an interface of their own: those at least two metadata interfaces
 * extend. A metadata interface extends its groups' interfaces and declares only the rest, which
 * types exactly the same fields: the groups do not overlap, and `extends` keeps excess-property checks.
 */
class SharedInterfaces {
  readonly groups: readonly FieldGroup[];

  constructor(
    private readonly grouping: FieldGrouping,
    factories: readonly Factory[],
  ) {
    const uses = new Map<FieldGroup, number>();
    for (const f of factories) for (const g of grouping.planOf(f.version).groups) uses.set(g, (uses.get(g) ?? 0) + 1);
    this.groups = grouping.groups.filter((g) => (uses.get(g) ?? 0) >= 2);
  }

  /** The group interfaces a factory's metadata extends, and the fields it declares itself. */
  planOf(f: Factory): { readonly bases: readonly FieldGroup[]; readonly own: readonly FieldFacts[] } {
    const plan = this.grouping.planOf(f.version);
    const bases = plan.groups.filter((g) => this.groups.includes(g));
    const inlined = plan.groups.filter((g) => !bases.includes(g)).map((g) => g.fields);
    return { bases, own: sortedFields(...inlined, plan.own) };
  }
}

function metadataInterface(shared: SharedInterfaces, f: Factory): string {
  const head = `/** Metadata of \`${f.type.specType}\` ${f.version.version}. */\n`;
  if (f.version.fields.length === 0) return `${head}export type ${f.metadataInterface} = NoMetadata;\n`;
  const { bases, own } = shared.planOf(f);
  const heritage = bases.length > 0 ? ` extends ${bases.map((g) => g.interfaceName).join(', ')}` : '';
  return `${head}export interface ${f.metadataInterface}${heritage} {${own.length > 0 ? `\n${own.map(fieldLine).join('')}` : ''}}\n`;
}

function fieldGroupInterface(group: FieldGroup): string {
  return (
    `/** ${group.description}. Used by ${usersNote(group)}. */\n` +
    `export interface ${group.interfaceName} {\n${group.fields.map(fieldLine).join('')}}\n`
  );
}

function hasRequired(f: Factory): boolean {
  return f.version.fields.some((field) => field.required);
}

/**
 * The catalog's unconditional all-or-none rules whose fields the typed metadata has: the factory
 * types them (`AllOrNone`), so a user without a password does not compile. Conditional rules and
 * the other kinds are left to the synth-time check, which reports them with the construct's path.
 */
function togetherRules(f: Factory): Array<{ fields: readonly string[]; triggers?: readonly string[] }> {
  const typed = new Set(f.version.fields.map((field) => field.name));
  return (f.version.rules ?? [])
    .filter((r) => r.kind === 'all-or-none' && !r.when && [...r.fields, ...(r.triggers ?? [])].every((n) => typed.has(n)))
    .map((r) => ({ fields: r.fields, ...(r.triggers ? { triggers: r.triggers } : {}) }));
}

const keyUnion = (names: readonly string[]) => names.map(str).join(' | ');
const codeList = (names: readonly string[]) => {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length <= 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
};
const sameNames = (a: readonly string[], b: readonly string[]) => a.join() === b.join();

/** The metadata type a factory takes: the interface, with its all-or-none rules. */
function metadataType(f: Factory): string {
  const rules = togetherRules(f).map((r) =>
    r.triggers && !sameNames(r.triggers, r.fields)
      ? `AllOrNone<${f.metadataInterface}, ${keyUnion(r.fields)}, ${keyUnion(r.triggers)}>`
      : `AllOrNone<${f.metadataInterface}, ${keyUnion(r.fields)}>`,
  );
  return [f.metadataInterface, ...rules].join(' & ');
}

function factoryDoc(f: Factory): string {
  const notes = togetherRules(f).map((r) =>
    r.triggers && !sameNames(r.triggers, r.fields)
      ? ` Once any of ${codeList(r.triggers)} is set, set all of ${codeList(r.fields)}.`
      : ` Set ${codeList(r.fields)} together or not at all.`,
  );
  return `  /** \`${f.type.specType}\` ${f.version.version} (${f.version.status}).${notes.join('')} */\n`;
}

function componentFactory(className: string, f: Factory): string {
  const props = hasRequired(f)
    ? `props: TypedComponentProps<${metadataType(f)}>`
    : `props: OptionalTypedComponentProps<${metadataType(f)}> = {}`;
  return (
    factoryDoc(f) +
    `  public static ${f.method}(scope: Construct, id: string, ${props}): ${className} {\n` +
    `    return new ${className}(scope, id, typedComponentProps(ComponentType.${typeConstant(f.type.specType)}, ${str(f.version.version)}, props));\n` +
    '  }\n'
  );
}

function nameResolutionFactory(f: Factory): string {
  const component = f.type.specType.slice('nameresolution.'.length);
  return (
    factoryDoc(f) +
    `  public static ${f.method}(configuration?: Readonly<Record<string, unknown>>): NameResolutionSpec {\n` +
    `    return nameResolutionSpec(${str(component)}, ${str(f.version.version)}, configuration);\n` +
    '  }\n'
  );
}

const FIELD_TYPE_NAMES = ['BoolField', 'DurationField', 'NumberField', 'OneOf', 'SecretField', 'SizeField', 'StringField'];

/** The field value types `source` uses. */
function fieldTypesIn(source: string): string[] {
  return FIELD_TYPE_NAMES.filter((n) => new RegExp(`: ${n}[<;]`).test(source));
}

function sharedFieldsFile(header: string, shared: SharedInterfaces): string {
  const interfaces = shared.groups.map(fieldGroupInterface).join('\n');
  return (
    `${header}\n` +
    (interfaces === '' ? '' : `import type { ${fieldTypesIn(interfaces).join(', ')} } from '../typed-component';\n\n`) +
    '// Field groups several metadata interfaces share; each of those interfaces extends the groups it has.\n' +
    (interfaces === '' ? '' : `\n${interfaces}`)
  );
}

function componentBlockFile(header: string, block: BuildingBlock, factories: readonly Factory[], shared: SharedInterfaces): string {
  const { className, doc } = BLOCK_STYLES[block];
  const interfaces = factories.map((f) => metadataInterface(shared, f)).join('\n');
  const used = fieldTypesIn(interfaces);
  const bases = [...new Set(factories.flatMap((f) => shared.planOf(f).bases.map((g) => g.interfaceName)))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const needsNoMetadata = interfaces.includes('NoMetadata');
  const needsOptional = factories.some((f) => !hasRequired(f));
  const needsRequired = factories.some(hasRequired);
  const typedImports = [
    ...(factories.some((f) => togetherRules(f).length > 0) ? ['AllOrNone'] : []),
    ...used,
    ...(needsNoMetadata ? ['NoMetadata'] : []),
    ...(needsOptional ? ['OptionalTypedComponentProps'] : []),
    ...(needsRequired ? ['TypedComponentProps'] : []),
    'typedComponentProps',
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    `${header}\n` +
    "import { Construct } from 'constructs';\n" +
    "import { Component, ComponentProps } from '../component';\n" +
    `import { ${typedImports.join(', ')} } from '../typed-component';\n` +
    "import { ComponentType } from './component-types';\n" +
    (bases.length > 0 ? `import type { ${bases.join(', ')} } from './${SHARED_FIELDS_FILE}';\n` : '') +
    '\n' +
    `${interfaces}\n` +
    `/** ${doc}: one factory per type and documented version in the catalog. */\n` +
    `export class ${className} extends Component {\n` +
    factories.map((f) => componentFactory(className, f)).join('\n') +
    '\n' +
    '  private constructor(scope: Construct, id: string, props: ComponentProps) {\n' +
    '    super(scope, id, props);\n' +
    '  }\n' +
    '}\n'
  );
}

function nameResolutionFile(header: string, factories: readonly Factory[]): string {
  const { className, doc } = BLOCK_STYLES.nameresolution;
  return (
    `${header}\n` +
    "import { nameResolutionSpec, NameResolutionSpec } from '../typed-component';\n\n" +
    `/**\n * ${doc}: one factory per provider in the catalog.\n` +
    ' * Settings are passed through as given, since several providers take nested objects that the\n' +
    ' * flat catalog does not describe.\n */\n' +
    `export class ${className} {\n` +
    factories.map(nameResolutionFactory).join('\n') +
    '\n' +
    '  private constructor() {}\n' +
    '}\n'
  );
}

/** One file per building block, keyed by file name (`state-stores.ts`). */
export function emitFactories(header: string, catalog: readonly ComponentTypeFacts[]): Map<string, string> {
  const blocks = Object.keys(BLOCK_STYLES).sort() as BuildingBlock[];
  const factories = new Map(blocks.map((block) => [block, factoriesOf(block, catalog)]));
  // Name-resolution factories take no typed metadata; the other blocks' interfaces share groups.
  const typed = blocks.filter((b) => b !== 'nameresolution').flatMap((b) => factories.get(b)!);
  const shared = new SharedInterfaces(groupFields(catalog), typed.filter((f) => f.version.fields.length > 0));
  const files = new Map<string, string>([[`${SHARED_FIELDS_FILE}.ts`, sharedFieldsFile(header, shared)]]);
  for (const block of blocks) {
    const file = `${BLOCK_STYLES[block].file}.ts`;
    const mine = factories.get(block)!;
    files.set(file, block === 'nameresolution' ? nameResolutionFile(header, mine) : componentBlockFile(header, block, mine, shared));
  }
  return files;
}

/** `index.ts` of the generated folder: the public part (types and factories, not the raw facts). */
export function emitIndex(header: string): string {
  const modules = ['component-types', SHARED_FIELDS_FILE, ...Object.values(BLOCK_STYLES).map((s) => s.file)].sort();
  return `${header}\n${modules.map((m) => `export * from './${m}';\n`).join('')}`;
}
