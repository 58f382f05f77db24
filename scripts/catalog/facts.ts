/**
 * Turns the raw reference entries (one per component type and version) into catalog facts (one
 * per `spec.type`, with its versions), keeping facts only and sorting everything.
 */
import type {
  AuthProfileFacts,
  BuildingBlock,
  ComponentTypeFacts,
  ComponentVersionFacts,
  FieldCondition,
  FieldFacts,
  FieldType,
} from '../../dapr/component-facts';
import { FieldRuleEntry, LocalDefault, RequiredCorrection, rulesFor, selects } from './field-rules';
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
function mergeField(name: string, occurrences: readonly FieldOccurrence[], required: boolean, owner: string, code: CodeFacts = {}): FieldFacts {
  const rank = { component: 0, builtin: 1, profile: 2 } as const;
  const ordered = [...occurrences].sort((a, b) => rank[a.origin] - rank[b.origin]);
  const primary = ordered[0];
  const restricted = occurrences.every((o) => (o.raw.allowedValues ?? []).length > 0);
  // A field the code requires has no default, whatever upstream documents (SMTP's "587" is never applied).
  const defaultValue = code.required ? undefined : ordered.map((o) => unquote(o.raw.default)).find((d) => d !== undefined);
  return {
    name,
    type: fieldTypeOf(primary.raw, owner),
    ...(required || code.required ? { required: true as const } : {}),
    ...(occurrences.some((o) => o.raw.sensitive) ? { sensitive: true as const } : {}),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(restricted ? { allowedValues: sortedUnique(occurrences.flatMap((o) => o.raw.allowedValues ?? [])) } : {}),
    ...(occurrences.some((o) => o.raw.deprecated) ? { deprecated: true as const } : {}),
    ...(primary.origin !== 'component' ? { origin: primary.origin } : {}),
    ...(occurrences.some((o) => o.raw.secretIfCredentials) ? { secretIfCredentials: true as const } : {}),
    ...(occurrences.some((o) => o.raw.mayBeSecret) ? { mayBeSecret: true as const } : {}),
    ...(code.localDefault !== undefined ? { localDefault: code.localDefault } : {}),
  };
}

/** What REQUIRED and LOCAL_DEFAULTS say about one field. */
interface CodeFacts {
  readonly required?: boolean;
  readonly localDefault?: string;
}

/**
 * Corrections where upstream metadata contradicts the component's code; the catalog follows the
 * code. Kept minimal, each with its reason. `sensitive`: credentials upstream does not mark
 * sensitive. `optionalProfile`: the component also works with none of its documented profiles (a
 * profile of that title, needing nothing, is added). `profiles`: ways to authenticate the code
 * has that upstream does not document.
 */
interface Correction {
  readonly reason: string;
  readonly source?: string;
  readonly sensitive?: readonly string[];
  readonly optionalProfile?: string;
  readonly profiles?: readonly RawAuthProfile[];
}

/** Kafka's `authType: certificate`: TLS with a private CA and no client authentication. */
const KAFKA_CERTIFICATE_PROFILE: RawAuthProfile = {
  title: 'Certificate Authentication',
  source: 'daprkit:correction',
  metadata: [
    { name: 'authType', type: 'string', required: true, allowedValues: ['certificate'] },
    { name: 'caCert', type: 'string', required: true },
  ],
};
const KAFKA_CERTIFICATE: Correction = {
  reason: 'authType "certificate" (TLS with a private CA, no client authentication) is accepted by the code and needs caCert, but upstream documents neither the value nor a profile',
  source: 'common/component/kafka/metadata.go:39,352-355 @v1.18.4',
  profiles: [KAFKA_CERTIFICATE_PROFILE],
};

const CORRECTIONS: Readonly<Record<string, Correction>> = {
  'secretstores.hashicorp.vault': {
    reason: 'the token is a credential',
    sensitive: ['vaultToken'],
  },
  'bindings.mqtt3': {
    reason: 'TLS is used only with an ssl:// or mqtts:// url; with tcp:// the binding needs no certificate (as the pub/sub documents)',
    optionalProfile: 'No TLS',
  },
  'bindings.kafka': KAFKA_CERTIFICATE,
  'pubsub.kafka': KAFKA_CERTIFICATE,
};

/**
 * Where upstream's sensitivity does not fit the value. `secret: 'if-credentials'`: upstream marks
 * it sensitive, but the value is a secret only when it carries credentials (the typed API takes
 * plain text or a SecretValue); `secret: 'never'`: upstream marks an identifier sensitive, and a
 * plaintext value would be a false alarm; `secret: 'optional'`: not a secret, but often kept in a
 * secret store with the password it goes with (the typed API takes plain text or a SecretValue).
 */
interface SensitivityCorrection {
  readonly types: readonly string[];
  readonly field: string;
  readonly secret: 'if-credentials' | 'never' | 'optional';
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
  {
    types: ['bindings.smtp'],
    field: 'user',
    secret: 'optional',
    reason: 'the user name of the SMTP credentials, often kept in the same secret as the password',
  },
  {
    types: ['state.cassandra', 'state.mongodb'],
    field: 'username',
    secret: 'optional',
    reason: 'the user name of the database credentials, often kept in the same secret as the password',
  },
];

function sensitivityCorrected(raw: RawComponent): RawComponent {
  const fix = (f: RawField): RawField => {
    const c = SENSITIVITY_CORRECTIONS.find((s) => s.field === f.name && s.types.includes(raw.componentSpecType));
    if (!c) return f;
    if (c.secret === 'optional') return { ...f, mayBeSecret: true };
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

// Requirements as the component code has them (components-contrib v1.18.4, daprd v1.18.3). Upstream
// metadata marks fields required from the documentation's point of view; these lists correct it
// where the code's Init and metadata parsing say otherwise. Every entry names the code it follows.
// A name that is not a field of every listed type fails the generator.

/**
 * Fields upstream marks required (outright or in every authentication profile) that the component
 * does not need in its Component metadata: a "required field missing" error on them would be a
 * false alarm. `types` empty: every type of `block`. A correction applies to the field wherever it
 * appears (own metadata, built-ins, profiles); what the code needs instead is in FIELD_RULES.
 */
export const NOT_REQUIRED: readonly RequiredCorrection[] = [
  // pub/sub
  { block: 'pubsub', types: [], fields: ['consumerID'], reason: 'daprd sets consumerID to the app-id when the Component leaves it out', source: 'dapr: pkg/runtime/processor/pubsub/pubsub.go:81-86 @v1.18.3' },
  { types: ['pubsub.jetstream'], fields: ['deliverPolicy'], reason: 'an empty deliverPolicy means "all"', source: 'pubsub/jetstream/metadata.go @v1.18.4' },
  { types: ['middleware.http.bearer'], fields: ['jwksURL'], reason: 'without jwksURL the middleware reads it from the issuer\'s OpenID configuration document', source: 'middleware/http/bearer/bearer_middleware.go @v1.18.4' },
  { types: ['bindings.kafka', 'pubsub.kafka'], fields: ['saslMechanism'], reason: 'an empty SASL mechanism means PLAIN (SHA-256 and SHA-512 select SCRAM)', source: 'common/component/kafka/auth.go:25-38 @v1.18.4' },
  { types: ['bindings.kafka', 'pubsub.kafka'], fields: ['caCert'], reason: 'mTLS needs a CA certificate only when skipVerify is not true (see FIELD_RULES)', source: 'common/component/kafka/auth.go:53-62 @v1.18.4' },
  // bindings
  { types: ['bindings.alicloud.tablestore'], fields: ['tableName'], reason: 'each request may name its table in its metadata; the Component\'s value is only the fallback', source: 'bindings/alicloud/tablestore/tablestore.go:329-336 @v1.18.4' },
  { types: ['bindings.aws.dynamodb', 'bindings.aws.kinesis', 'bindings.aws.ses', 'bindings.aws.sqs'], fields: ['accessKey', 'secretKey'], reason: 'without static keys the AWS SDK\'s default credential chain (IRSA, pod identity, instance role, environment) is used', source: 'common/aws/auth/auth_static.go:53-77 @v1.18.4' },
  { types: ['bindings.aws.dynamodb', 'bindings.aws.kinesis', 'bindings.aws.ses', 'bindings.aws.sqs', 'conversation.aws.bedrock', 'pubsub.aws.snssqs', 'secretstores.aws.parameterstore', 'secretstores.aws.secretmanager', 'state.aws.dynamodb'], fields: ['region'], reason: 'the region is passed to the AWS SDK only when set; otherwise the SDK takes it from its environment (AWS_REGION, shared config)', source: 'common/aws/config.go:57-62 @v1.18.4' },
  { types: ['bindings.aws.ses', 'bindings.smtp', 'bindings.twilio.sendgrid'], fields: ['emailFrom', 'emailTo', 'subject'], reason: 'each request may carry them as request metadata; only a request without them fails', source: 'bindings/aws/ses/ses.go:108-119, bindings/smtp/smtp.go, bindings/twilio/sendgrid/sendgrid.go:118-176 @v1.18.4' },
  { types: ['bindings.azure.eventgrid'], fields: ['handshakePort'], reason: 'an empty handshake port means 8080', source: 'bindings/azure/eventgrid/eventgrid.go:472-474 @v1.18.4' },
  { types: ['bindings.azure.eventgrid'], fields: ['accessKey', 'topicEndpoint', 'scope', 'subscriberEndpoint'], reason: 'the output side reads only accessKey and topicEndpoint, the input side only scope and subscriberEndpoint (see FIELD_RULES by direction)', source: 'bindings/azure/eventgrid/eventgrid.go:246-254,406-441 @v1.18.4' },
  { types: ['bindings.azure.eventhubs'], fields: ['consumerID', 'storageAccountName', 'storageContainerName'], reason: 'only subscribing (the input side) needs a consumer group and a checkpoint store; publishing works without them', source: 'common/component/azure/eventhubs/eventhubs.go:235-238,612-618 @v1.18.4' },
  { types: ['bindings.gcp.bucket', 'bindings.gcp.pubsub', 'pubsub.gcp.pubsub', 'secretstores.gcp.secretmanager'], fields: ['clientEmail', 'clientID', 'privateKey', 'privateKeyID'], reason: 'without privateKeyID the client uses Google Application Default Credentials (workload identity, GOOGLE_APPLICATION_CREDENTIALS, the metadata server)', source: 'bindings/gcp/bucket/bucket.go:137-157, bindings/gcp/pubsub/pubsub.go:102-126, pubsub/gcp/pubsub/pubsub.go:173-219, secretstores/gcp/secretmanager/secretmanager.go:90-126 @v1.18.4' },
  { types: ['bindings.gcp.pubsub'], fields: ['topic'], reason: 'each output request may name its topic in its metadata, and the input side never reads it', source: 'bindings/gcp/pubsub/pubsub.go:165-169 @v1.18.4' },
  { types: ['bindings.huawei.obs'], fields: ['region'], reason: 'the binding decodes region but never uses it', source: 'bindings/huawei/obs/obs.go:53 @v1.18.4' },
  { types: ['bindings.kafka'], fields: ['publishTopic'], reason: 'only output invocations use it; a binding used as input (topics) needs none', source: 'bindings/kafka/kafka.go:63-66,88-91 @v1.18.4' },
  { types: ['bindings.kubemq', 'pubsub.kubemq'], fields: ['authToken'], reason: 'the token is passed to the client as given, and a KubeMQ server without authentication accepts none', source: 'bindings/kubemq/kubemq.go:44-56, pubsub/kubemq/metadata.go:43-62 @v1.18.4' },
  { types: ['bindings.postgres', 'configuration.postgresql', 'state.cockroachdb', 'state.postgresql'], fields: ['connectionString'], reason: 'the connection string is built from connectionString and the separate host, port, user, password, database, hostaddr and sslRootCert fields; any one of them is enough', source: 'common/authentication/postgresql/metadata.go:79-84,107-146 @v1.18.4' },
  { types: ['bindings.rocketmq'], fields: ['accessKey', 'secretKey'], reason: 'credentials are added only when accessKey is set, and an unauthenticated RocketMQ accepts the connection', source: 'bindings/rocketmq/rocketmq.go:185-205 @v1.18.4 (github.com/cinience/go_rocketmq native producer)' },
  { types: ['pubsub.rocketmq'], fields: ['accessKey', 'secretKey'], reason: 'credentials are passed to the client only as a pair, and a broker without ACLs needs none', source: 'pubsub/rocketmq/rocketmq.go:146-152,269-275 @v1.18.4' },
  { types: ['bindings.rocketmq'], fields: ['topics'], reason: 'an output request may name its topic in its metadata (rocketmq-topic); only the input side needs topics', source: 'bindings/rocketmq/rocketmq.go:91-93,222-232 @v1.18.4' },
  { types: ['bindings.sftp'], fields: ['rootPath'], reason: 'each request may give rootPath or fileName in its metadata; only a request with neither fails', source: 'bindings/sftp/sftp.go:288-311 @v1.18.4' },
  { types: ['bindings.smtp'], fields: ['password', 'user'], reason: 'without credentials the mail is sent unauthenticated; user and password go together (see FIELD_RULES)', source: 'bindings/smtp/smtp.go:154-161 @v1.18.4' },
  { types: ['bindings.twilio.sms'], fields: ['toNumber'], reason: 'each request may carry toNumber in its metadata', source: 'bindings/twilio/sms/sms.go:92-100 @v1.18.4' },
  // state
  { types: ['state.cassandra'], fields: ['password', 'username'], reason: 'a cluster without authentication is valid: the authenticator is set only when both are given', source: 'state/cassandra/cassandra.go:137-139 @v1.18.4' },
  { types: ['state.etcd'], fields: ['ca', 'cert', 'key', 'tlsEnable'], reason: 'TLS is optional: without tlsEnable the client connects in plain text and never reads ca, cert or key', source: 'state/etcd/etcd.go:112-129 @v1.18.4' },
  { types: ['state.gcp.firestore'], fields: ['auth_provider_x509_cert_url', 'auth_uri', 'client_id', 'client_x509_cert_url', 'token_uri'], reason: 'descriptive fields of a service-account key that signing in with the key does not use (the token URL has a default)', source: 'state/gcp/firestore/firestore.go:232-240 @v1.18.4' },
  { types: ['state.hashicorp.consul'], fields: ['aclToken', 'datacenter', 'httpAddr', 'keyPrefixPath', 'scheme'], reason: 'the Consul client defaults each of them (CONSUL_HTTP_ADDR or 127.0.0.1:8500, http, the agent\'s datacenter, CONSUL_HTTP_TOKEN or none) and the prefix defaults to "dapr"', source: 'state/hashicorp/consul/consul.go:65-80 @v1.18.4' },
  { types: ['state.mongodb'], fields: ['connectionString', 'password', 'username'], reason: 'without a connection string the store connects to host or server, with or without credentials (see FIELD_RULES)', source: 'state/mongodb/mongodb.go:583-600,641-648 @v1.18.4' },
  { types: ['state.oci.objectstorage'], fields: ['configFilePath'], reason: 'with configFileAuthentication and no path the OCI SDK reads its default configuration file', source: 'state/oci/objectstorage/objectstorage.go:191-205 @v1.18.4' },
  { types: ['configuration.redis', 'pubsub.redis', 'state.redis'], fields: ['enableTLS'], reason: 'Entra ID authentication needs useEntraID, not TLS, in the code (Azure Cache may still refuse plain connections)', source: 'common/component/redis/redis.go:170-175 @v1.18.4' },
  // pub/sub, configuration, middleware
  { types: ['pubsub.azure.eventhubs'], fields: ['storageAccountName', 'storageContainerName'], reason: 'only subscribing needs the checkpoint store; a publish-only pub/sub starts and publishes without it', source: 'common/component/azure/eventhubs/eventhubs.go:88-121,612-618 @v1.18.4' },
  { types: ['pubsub.rabbitmq'], fields: ['connectionString'], reason: 'SASL EXTERNAL needs amqps and the three PEM values, which hostname and protocol give as well as a connection string', source: 'pubsub/rabbitmq/metadata.go:160-162 @v1.18.4' },
  { types: ['middleware.http.ratelimit'], fields: ['maxRequestsPerSecond'], reason: 'an unset rate means 100 requests per second; only a value of 0 or less is refused', source: 'middleware/http/ratelimit/ratelimit_middleware.go:40,89-101 @v1.18.4' },
  { types: ['middleware.http.sentinel'], fields: ['appName'], reason: 'Sentinel\'s default configuration already names the app; appName only overrides it', source: 'middleware/http/sentinel/middleware.go:136-150 @v1.18.4' },
  // secret stores
  { types: ['secretstores.hashicorp.vault'], fields: ['vaultToken', 'vaultTokenMountPath'], reason: 'the store takes exactly one of them, never both (see FIELD_RULES)', source: 'secretstores/hashicorp/vault/vault.go:402-408 @v1.18.4' },
];

/**
 * Fields upstream leaves optional that the component code requires: Init refuses the Component
 * without them, or the component cannot work as written. A documented default the code never
 * applies is dropped.
 */
export const REQUIRED: readonly RequiredCorrection[] = [
  { types: ['bindings.kubernetes'], fields: ['namespace'], reason: 'Init refuses an empty namespace; the "default" documented upstream is never applied', source: 'bindings/kubernetes/kubernetes.go:91-109 @v1.18.4' },
  { types: ['bindings.mqtt3'], fields: ['consumerID'], reason: 'Init refuses an empty consumerID (the MQTT client id), which daprd fills in for pub/sub Components only', source: 'bindings/mqtt3/metadata.go:82-84 @v1.18.4' },
  { types: ['bindings.rethinkdb.statechange'], fields: ['database', 'table'], reason: 'the change feed reads the configured database and table, with no default for either (the documented "daprstate" is never applied)', source: 'bindings/rethinkdb/statechange/statechange.go:47-51,157-174 @v1.18.4' },
  { types: ['bindings.rocketmq'], fields: ['accessProto'], reason: 'Init looks up the producer by accessProto (tcp or http) and refuses a value, empty included, that names none', source: 'bindings/rocketmq/rocketmq.go:185-205 @v1.18.4' },
  { types: ['middleware.http.oauth2'], fields: ['authHeaderName'], reason: 'the middleware stores and forwards the token under this header name, with no default in the code (the "Authorization" documented upstream is never applied)', source: 'middleware/http/oauth2/oauth2_middleware.go:37-49,106-112 @v1.18.4' },
  { types: ['middleware.http.oauth2clientcredentials'], fields: ['scopes'], reason: 'the middleware refuses to start without scopes', source: 'middleware/http/oauth2clientcredentials/oauth2clientcredentials_middleware.go:157,173-176 @v1.18.4' },
  { types: ['bindings.smtp'], fields: ['port'], reason: 'Init refuses a missing or zero port; the 587 documented upstream is never applied', source: 'bindings/smtp/smtp.go:149-152 @v1.18.4' },
  { types: ['state.ravendb'], fields: ['ServerURL'], reason: 'Init refuses an empty server URL; the 127.0.0.1 documented upstream is never applied', source: 'state/ravendb/ravendb.go:482-496 @v1.18.4' },
  { types: ['state.rethinkdb'], fields: ['database'], reason: 'Init lists the tables of the configured database right after connecting, and the server rejects an empty database name', source: 'state/rethinkdb/rethinkdb.go:161-166 @v1.18.4' },
];

/**
 * Required addresses the code would default to a local one. They stay required: in a Kubernetes
 * pod nothing listens on localhost, so a Component without them cannot work there. The fact is
 * kept (`localDefault`) for a self-hosted target, where `dapr init` runs these services locally.
 */
export const LOCAL_DEFAULTS: readonly LocalDefault[] = [
  { types: ['bindings.redis', 'configuration.redis', 'lock.redis', 'pubsub.redis', 'state.redis'], field: 'redisHost', address: 'localhost:6379', reason: 'an empty host is kept and go-redis dials localhost:6379', source: 'common/component/redis/settings.go:149-152 @v1.18.4' },
  { types: ['state.coherence'], field: 'serverAddress', address: 'localhost:1408', reason: 'an empty address means localhost:1408', source: 'state/coherence/coherence.go:49,146-170 @v1.18.4' },
];

const input: FieldCondition = { field: 'direction', is: 'listing', values: ['input'] };
const output: FieldCondition = { field: 'direction', is: 'listing', values: ['output'] };
const isTrue = (field: string): FieldCondition => ({ field, is: 'true' });
const isSet = (field: string): FieldCondition => ({ field, is: 'set' });
const oneOf = (field: string, ...values: string[]): FieldCondition => ({ field, is: 'one-of', values });

/** The AWS components whose credentials come from common/aws/auth (static keys, an assumed role, or IAM Roles Anywhere). */
const AWS_AUTH_TYPES = [
  'bindings.aws.dynamodb',
  'bindings.aws.kinesis',
  'bindings.aws.s3',
  'bindings.aws.ses',
  'bindings.aws.sns',
  'bindings.aws.sqs',
  'pubsub.aws.snssqs',
  'secretstores.aws.parameterstore',
  'secretstores.aws.secretmanager',
  'state.aws.dynamodb',
];
/** The Redis components built on common/component/redis. */
const REDIS_TYPES = ['bindings.redis', 'configuration.redis', 'lock.redis', 'pubsub.redis', 'state.redis'];

/**
 * Requirements on several fields, as the component code checks them (see `FieldRuleFacts`). Only
 * what the per-field flags and the authentication profiles do not already say: a rule that would
 * repeat a profile's finding is left out.
 */
export const FIELD_RULES: readonly FieldRuleEntry[] = [
  // Credentials shared by many components
  { profileSource: 'builtin:azuread', kind: 'all-or-none', fields: ['azureClientId', 'azureClientSecret', 'azureTenantId'], triggers: ['azureClientSecret'], effect: 'ignored', reason: 'the client-secret credential joins the Azure AD chain only with the client and tenant ids; otherwise the chain silently moves on (workload identity, managed identity, CLI)', source: 'common/authentication/azure/auth.go:275-287 @v1.18.4' },
  { profileSource: 'builtin:azuread', kind: 'all-or-none', fields: ['azureTenantId'], triggers: ['azureCertificate', 'azureCertificateFile'], effect: 'ignored', reason: 'a client certificate becomes a credential only with a tenant id; without one Azure\'s library refuses it and the chain silently moves on', source: 'common/authentication/azure/auth.go:119-127,296-315 @v1.18.4' },
  { types: [...AWS_AUTH_TYPES, 'conversation.aws.bedrock'], kind: 'all-or-none', fields: ['accessKey', 'secretKey'], effect: 'ignored', reason: 'static keys are used only as a pair; one alone is dropped and the default credential chain is used', source: 'common/aws/auth/auth_static.go:53-58 @v1.18.4' },
  { types: AWS_AUTH_TYPES, kind: 'all-or-none', fields: ['assumeRoleArn', 'trustAnchorArn', 'trustProfileArn'], triggers: ['trustAnchorArn', 'trustProfileArn'], effect: 'ignored', reason: 'IAM Roles Anywhere is used only with all three ARNs; with a trust ARN missing the component silently falls back (an assumeRoleArn alone is the assumed-role method)', source: 'common/aws/auth/auth_x509.go:21-26, common/aws/auth/auth.go:57-65 @v1.18.4' },
  { block: 'state', types: [], kind: 'all-or-none', fields: ['outboxPublishPubsub', 'outboxPublishTopic'], triggers: ['outboxPublishPubsub', 'outboxPublishTopic', 'outboxPubsub'], effect: 'ignored', reason: 'daprd turns the transactional outbox on only when both the pub/sub and the topic are set; otherwise the outbox fields do nothing', source: 'dapr: pkg/runtime/pubsub/outbox.go:108-121 @v1.18.3' },
  // Redis
  { types: REDIS_TYPES, kind: 'forbidden', fields: ['redisPassword', 'redisUsername'], when: [isTrue('useEntraID')], effect: 'refused', reason: 'Entra ID derives the user and password from its token, and Init refuses a Component that also sets them', source: 'common/component/redis/redis.go:170-175,299-303 @v1.18.4' },
  { types: REDIS_TYPES, kind: 'required', fields: ['sentinelMasterName'], when: [isTrue('failover')], effect: 'refused', reason: 'with failover the client asks the sentinels for the named master, and Init\'s ping fails without a name', source: 'common/component/redis/v9client.go:329-337 @v1.18.4' },
  { types: REDIS_TYPES, kind: 'all-or-none', fields: ['clientCert', 'clientKey'], effect: 'ignored', reason: 'the client certificate is loaded only when both are set; one alone is silently ignored', source: 'common/component/redis/settings.go:198-201 @v1.18.4' },
  // Kafka
  { types: ['bindings.kafka', 'pubsub.kafka'], kind: 'required', fields: ['caCert'], when: [oneOf('authType', 'mtls'), { field: 'skipVerify', is: 'not-true' }], effect: 'refused', reason: 'mTLS without a CA certificate and without skipVerify leaves the TLS configuration unset, and daprd crashes attaching the client certificate', source: 'common/component/kafka/auth.go:41-62 @v1.18.4 (dapr/components-contrib#4583)' },
  { types: ['bindings.kafka', 'pubsub.kafka'], kind: 'forbidden', fields: ['disableTls'], when: [oneOf('authType', 'mtls'), isTrue('disableTls')], effect: 'refused', reason: 'mTLS cannot be configured with TLS turned off, and Init refuses the combination', source: 'common/component/kafka/auth.go:41-44 @v1.18.4' },
  { types: ['bindings.kafka', 'pubsub.kafka'], kind: 'required', fields: ['region'], when: [oneOf('authType', 'awsiam')], effect: 'refused', reason: 'AWS IAM authentication refuses to start without region (or awsRegion)', source: 'common/component/kafka/kafka.go:215-220,307-319 @v1.18.4' },
  { types: ['bindings.kafka'], kind: 'required', fields: ['publishTopic'], when: [output], effect: 'fails', reason: 'every output invocation publishes to publishTopic; a request cannot name another', source: 'bindings/kafka/kafka.go:63-66,88-91 @v1.18.4' },
  { types: ['bindings.kafka'], kind: 'required', fields: ['consumerGroup', 'topics'], when: [input], effect: 'fails', reason: 'without topics the input side never starts, and the broker refuses to join an empty consumer group (daprd sets consumerID for pub/sub only)', source: 'bindings/kafka/kafka.go:68-71,98-101, common/component/kafka/metadata.go:238-246 @v1.18.4' },
  // Bindings
  { types: ['bindings.smtp'], kind: 'all-or-none', fields: ['password', 'user'], effect: 'refused', reason: 'Init refuses a user without a password and a password without a user', source: 'bindings/smtp/smtp.go:154-157 @v1.18.4' },
  { types: ['bindings.aws.kinesis'], kind: 'required', fields: ['consumerName'], when: [input], effect: 'fails', reason: 'reading registers a consumer by this name, and the shared-throughput worker crashes daprd without one', source: 'bindings/aws/kinesis/kinesis.go:166-177, common/aws/kinesis.go:33-48 @v1.18.4' },
  { types: ['bindings.azure.eventgrid'], kind: 'required', fields: ['accessKey', 'topicEndpoint'], when: [output], effect: 'fails', reason: 'every output invocation fails without the topic endpoint and its access key', source: 'bindings/azure/eventgrid/eventgrid.go:308-313,432-441 @v1.18.4' },
  { types: ['bindings.azure.eventgrid'], kind: 'required', fields: ['azureClientId', 'azureTenantId', 'scope', 'subscriberEndpoint', 'subscriptionID'], when: [input], effect: 'fails', reason: 'the input side creates the Event Grid subscription and refuses to start without any of them, managed identity included', source: 'bindings/azure/eventgrid/eventgrid.go:246-254,406-430 @v1.18.4' },
  { types: ['bindings.azure.eventhubs', 'pubsub.azure.eventhubs'], kind: 'at-most-one', fields: ['connectionString', 'eventHubNamespace'], effect: 'refused', reason: 'Init refuses both a connection string and a namespace (the profiles say one of them is needed)', source: 'common/component/azure/eventhubs/metadata.go:65-71 @v1.18.4' },
  { types: ['bindings.azure.eventhubs'], kind: 'at-least-one', fields: ['consumerGroup', 'consumerID'], when: [input], effect: 'fails', reason: 'subscribing needs a consumer group, named by consumerGroup or consumerID', source: 'common/component/azure/eventhubs/metadata.go:73-76, eventhubs.go:235-238 @v1.18.4' },
  { types: ['bindings.azure.eventhubs'], kind: 'required', fields: ['storageAccountName', 'storageContainerName'], when: [input], effect: 'fails', reason: 'the input side keeps its checkpoints in this storage container and receives nothing without it', source: 'common/component/azure/eventhubs/eventhubs.go:612-618 @v1.18.4' },
  { types: ['bindings.azure.eventhubs', 'pubsub.azure.eventhubs'], kind: 'required', fields: ['resourceGroupName', 'subscriptionId'], when: [isTrue('enableEntityManagement'), { field: 'connectionString', is: 'unset' }], effect: 'refused', reason: 'entity management (Azure AD only) refuses to start without the resource group and subscription', source: 'common/component/azure/eventhubs/entity_management.go:49-85 @v1.18.4' },
  { types: ['bindings.azure.servicebus.queues', 'pubsub.azure.servicebus.queues', 'pubsub.azure.servicebus.topics'], kind: 'at-most-one', fields: ['connectionString', 'namespaceName'], effect: 'refused', reason: 'Init refuses both a connection string and a namespace (the profiles say one of them is needed)', source: 'common/component/azure/servicebus/metadata.go:159-167 @v1.18.4' },
  { types: ['bindings.gcp.bucket', 'bindings.gcp.pubsub', 'secretstores.gcp.secretmanager'], kind: 'required', fields: ['type'], when: [isSet('privateKeyID')], effect: 'refused', reason: 'a privateKeyID turns the fields into a service-account key, which Google\'s client refuses without its type (service_account)', source: 'bindings/gcp/bucket/bucket.go:137-149, bindings/gcp/pubsub/pubsub.go:102-120 @v1.18.4' },
  { types: ['bindings.gcp.bucket', 'bindings.gcp.pubsub', 'pubsub.gcp.pubsub', 'secretstores.gcp.secretmanager'], kind: 'required', fields: ['clientEmail', 'privateKey'], when: [isSet('privateKeyID')], effect: 'fails', reason: 'a service-account key signs its tokens with privateKey as clientEmail', source: 'bindings/gcp/bucket/bucket.go:137-149, bindings/gcp/pubsub/pubsub.go:102-120 @v1.18.4' },
  { types: ['bindings.gcp.pubsub'], kind: 'required', fields: ['subscription'], when: [input], effect: 'fails', reason: 'the input side receives from the named subscription and only logs an error without one', source: 'bindings/gcp/pubsub/pubsub.go:134-158 @v1.18.4' },
  { types: ['bindings.http'], kind: 'all-or-none', fields: ['MTLSClientCert', 'MTLSClientKey'], effect: 'ignored', reason: 'the client certificate is loaded only when both are set; one alone is silently ignored', source: 'bindings/http/http.go:106-111 @v1.18.4' },
  { types: ['bindings.mqtt3'], kind: 'all-or-none', fields: ['clientCert', 'clientKey'], effect: 'ignored', reason: 'the client certificate is used only when both are set; one alone is silently ignored', source: 'bindings/mqtt3/mqtt.go:235-243 @v1.18.4' },
  { types: ['pubsub.mqtt3', 'pubsub.rabbitmq', 'pubsub.solace.amqp'], kind: 'all-or-none', fields: ['clientCert', 'clientKey'], effect: 'ignored', reason: 'the client certificate is loaded only when both are set; one alone is silently ignored', source: 'pubsub/tls.go:54-60, pubsub/solace/amqp/amqp.go:263 @v1.18.4' },
  { types: ['bindings.rabbitmq'], kind: 'all-or-none', fields: ['caCert', 'clientCert', 'clientKey'], effect: 'ignored', reason: 'the binding dials with TLS settings only when all three are set; with fewer it connects without them', source: 'bindings/rabbitmq/rabbitmq.go:513-518 @v1.18.4' },
  { types: ['bindings.rethinkdb.statechange', 'state.rethinkdb'], kind: 'required', fields: ['clientCert', 'clientKey'], when: [isTrue('enableTLS')], effect: 'refused', reason: 'TLS refuses to start without both the client certificate and key', source: 'bindings/rethinkdb/statechange/statechange.go:122-144, state/rethinkdb/rethinkdb.go:144-150,379-382 @v1.18.4' },
  { types: ['bindings.rocketmq'], kind: 'required', fields: ['topics'], when: [input], effect: 'fails', reason: 'the input side refuses to start without topics', source: 'bindings/rocketmq/rocketmq.go:91-93 @v1.18.4' },
  { types: ['bindings.sftp'], kind: 'at-least-one', fields: ['hostPublicKey', 'knownHostsFile'], when: [{ field: 'insecureIgnoreHostKey', is: 'not-true' }], effect: 'refused', reason: 'Init refuses to start without a way to check the server\'s host key', source: 'bindings/sftp/sftp.go:81-101 @v1.18.4' },
  { types: ['bindings.zeebe.command', 'bindings.zeebe.jobworker'], kind: 'all-or-none', fields: ['authorizationServerUrl', 'clientId', 'clientSecret', 'tokenAudience'], triggers: ['authorizationServerUrl', 'clientConfigPath', 'clientId', 'clientSecret', 'tokenAudience', 'tokenScope'], effect: 'refused', reason: 'any OAuth field turns OAuth on, and Init then refuses the Component without all four of client id, secret, authorization server and audience', source: 'bindings/zeebe/client.go:100-133 @v1.18.4' },
  // State
  { types: ['state.cassandra'], kind: 'all-or-none', fields: ['password', 'username'], effect: 'ignored', reason: 'the authenticator is set only when both are given; one alone is dropped and the session connects without authentication', source: 'state/cassandra/cassandra.go:137-139 @v1.18.4' },
  { types: ['configuration.postgresql', 'state.cockroachdb', 'state.postgresql'], kind: 'at-least-one', fields: ['connectionString', 'database', 'host', 'hostaddr', 'password', 'port', 'sslRootCert', 'user'], effect: 'refused', reason: 'Init builds the connection string from these fields and refuses the Component when all are empty', source: 'common/authentication/postgresql/metadata.go:79-84,141-143 @v1.18.4' },
  { types: ['bindings.postgres'], kind: 'at-least-one', fields: ['connectionString', 'database', 'host', 'hostaddr', 'password', 'port', 'sslRootCert', 'user'], effect: 'refused', reason: 'Init builds the connection string from these fields and refuses the Component when all are empty', source: 'common/authentication/postgresql/metadata.go:79-84,141-143 @v1.18.4' },
  { types: ['configuration.postgresql', 'state.postgresql'], kind: 'required', fields: ['region'], when: [isTrue('useAWSIAM')], effect: 'refused', reason: 'AWS IAM authentication refuses to start without region (or AWSRegion)', source: 'common/authentication/postgresql/metadata.go:223-231, common/component/postgresql/v1/postgresql.go:112-116 @v1.18.4' },
  { types: ['state.etcd'], kind: 'required', fields: ['ca', 'cert', 'key'], when: [isTrue('tlsEnable')], effect: 'refused', reason: 'with tlsEnable the store refuses to start unless all three PEM values are set', source: 'state/etcd/etcd.go:113-122 @v1.18.4' },
  { types: ['state.gcp.firestore'], kind: 'required', fields: ['client_email', 'private_key', 'type'], when: [isSet('private_key_id')], effect: 'refused', reason: 'a private_key_id turns the fields into a service-account key, which needs its type, key and client email', source: 'state/gcp/firestore/firestore.go:232-243 @v1.18.4' },
  { types: ['pubsub.jetstream', 'state.jetstream'], kind: 'all-or-none', fields: ['jwt', 'seedKey'], effect: 'refused', reason: 'Init refuses a jwt without a seed key and a seed key without a jwt', source: 'state/jetstream/jetstream.go:139-145, pubsub/jetstream/metadata.go:77-83 @v1.18.4' },
  { types: ['state.mongodb'], kind: 'exactly-one', fields: ['host', 'server'], when: [{ field: 'connectionString', is: 'unset' }], effect: 'refused', reason: 'without a connection string Init needs exactly one of host and server, and refuses both', source: 'state/mongodb/mongodb.go:641-648 @v1.18.4' },
  { types: ['state.mongodb'], kind: 'all-or-none', fields: ['password', 'username'], when: [{ field: 'connectionString', is: 'unset' }], effect: 'ignored', reason: 'credentials go into the connection URI only as a pair; one alone is silently dropped', source: 'state/mongodb/mongodb.go:583-600 @v1.18.4' },
  { types: ['state.ravendb'], kind: 'required', fields: ['CertPath', 'KeyPath'], when: [{ field: 'ServerURL', is: 'starts-with', values: ['https'] }], effect: 'refused', reason: 'an https server URL needs a client certificate and key, and Init refuses it without them', source: 'state/ravendb/ravendb.go:498-502 @v1.18.4' },
  // Conversation
  { types: ['conversation.anthropic'], kind: 'required', fields: ['endpoint'], when: [oneOf('apiType', 'foundry')], effect: 'refused', reason: 'the Foundry API type needs an endpoint', source: 'conversation/anthropic/anthropic.go:57-60 @v1.18.4' },
  { types: ['conversation.openai'], kind: 'required', fields: ['apiVersion', 'endpoint'], when: [oneOf('apiType', 'azure')], effect: 'refused', reason: 'Azure OpenAI needs both the endpoint and the API version', source: 'conversation/openai/openai.go:61-64 @v1.18.4' },
  // Pub/sub
  { types: ['pubsub.aws.snssqs'], kind: 'all-or-none', fields: ['messageReceiveLimit', 'sqsDeadLettersQueueName'], effect: 'refused', reason: 'a dead-letter queue needs both its name and the receive limit, and Init refuses one without the other', source: 'pubsub/aws/snssqs/metadata.go:128-131 @v1.18.4' },
  { types: ['pubsub.aws.snssqs'], kind: 'forbidden', fields: ['disableDeleteOnRetryLimit'], when: [isSet('sqsDeadLettersQueueName'), isTrue('disableDeleteOnRetryLimit')], effect: 'refused', reason: 'keeping messages past the retry limit conflicts with a dead-letter queue, and Init refuses the combination', source: 'pubsub/aws/snssqs/metadata.go:133-135 @v1.18.4' },
  { types: ['pubsub.aws.snssqs'], kind: 'required', fields: ['region'], when: [isTrue('disableEntityManagement')], effect: 'fails', reason: 'without entity management the topic and queue ARNs are built from the region in the metadata, which the environment does not fill in', source: 'pubsub/aws/snssqs/snssqs.go:215, pubsub/aws/snssqs/metadata.go:111-112 @v1.18.4' },
  { types: ['pubsub.jetstream'], kind: 'all-or-none', fields: ['tls_client_cert', 'tls_client_key'], effect: 'refused', reason: 'Init refuses a client certificate without its key and a key without its certificate', source: 'pubsub/jetstream/metadata.go:85-91 @v1.18.4' },
  { types: ['pubsub.jetstream'], kind: 'required', fields: ['startSequence'], when: [oneOf('deliverPolicy', 'sequence')], effect: 'fails', reason: 'delivery from a sequence needs the sequence, and the NATS server refuses the consumer without one', source: 'pubsub/jetstream/jetstream.go @v1.18.4 (NATS consumer configuration)' },
  { types: ['pubsub.jetstream'], kind: 'required', fields: ['startTime'], when: [oneOf('deliverPolicy', 'time')], effect: 'fails', reason: 'delivery from a time needs the time, and the NATS server refuses the consumer without one', source: 'pubsub/jetstream/jetstream.go @v1.18.4 (NATS consumer configuration)' },
  { types: ['pubsub.pulsar'], kind: 'all-or-none', fields: ['publicKey'], triggers: ['keys', 'privateKey'], effect: 'ignored', reason: 'encryption (keys) and decryption (privateKey) are used only with the public key; without it they are silently ignored', source: 'pubsub/pulsar/pulsar.go:360-366 @v1.18.4' },
  { types: ['pubsub.rabbitmq'], kind: 'required', fields: ['caCert', 'clientCert', 'clientKey'], when: [isTrue('saslExternal')], effect: 'refused', reason: 'SASL EXTERNAL authenticates with the client certificate, and Init refuses it without the CA, certificate and key', source: 'pubsub/rabbitmq/metadata.go:160-162 @v1.18.4' },
  { types: ['pubsub.rocketmq'], kind: 'all-or-none', fields: ['accessKey', 'secretKey'], effect: 'ignored', reason: 'credentials are passed to the client only as a pair; one alone is silently dropped', source: 'pubsub/rocketmq/rocketmq.go:146-152,269-275 @v1.18.4' },
  { types: ['pubsub.solace.amqp'], kind: 'required', fields: ['password', 'username'], when: [isSet('anonymous'), { field: 'anonymous', is: 'not-true' }], effect: 'refused', reason: 'unless anonymous is true, Init refuses the Component without a username and password', source: 'pubsub/solace/amqp/metadata.go:78-86 @v1.18.4' },
  // Configuration stores
  { types: ['configuration.azure.appconfig'], kind: 'exactly-one', fields: ['connectionString', 'host'], effect: 'refused', reason: 'the store connects with a connection string or to a host with Azure AD, and refuses neither and both', source: 'configuration/azure/appconfig/metadata.go:50-56 @v1.18.4' },
  // Secret stores
  { types: ['secretstores.hashicorp.vault'], kind: 'exactly-one', fields: ['vaultToken', 'vaultTokenMountPath'], effect: 'refused', reason: 'the store needs a token or a token file, and refuses both', source: 'secretstores/hashicorp/vault/vault.go:402-408 @v1.18.4' },
];

function requiredCorrected(raw: RawComponent): RawComponent {
  const matches = NOT_REQUIRED.filter((c) => selects(c, raw.componentSpecType, raw.buildingBlock));
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

/** Applies CORRECTIONS: sensitivity, and the profile that needs nothing when the component works without any. */
function corrected(original: RawComponent): RawComponent {
  const raw = requiredCorrected(withBindingDirection(sensitivityCorrected(original)));
  const correction = CORRECTIONS[raw.type];
  if (!correction) return raw;
  const own = (raw.metadata ?? []).map((f) => ((correction.sensitive ?? []).includes(f.name) ? { ...f, sensitive: true } : f));
  return {
    ...raw,
    metadata: own,
    authenticationProfiles: [
      ...(raw.authenticationProfiles ?? []),
      ...(correction.profiles ?? []),
      ...(correction.optionalProfile ? [{ title: correction.optionalProfile, source: 'daprkit:correction', metadata: [] }] : []),
    ],
  };
}

/** What REQUIRED and LOCAL_DEFAULTS say about the fields of one component version. */
function codeFactsOf(raw: RawComponent, names: ReadonlySet<string>): Map<string, CodeFacts> {
  const owner = `${raw.type} ${raw.version}`;
  const facts = new Map<string, CodeFacts>();
  for (const c of REQUIRED.filter((r) => selects(r, raw.componentSpecType, raw.buildingBlock))) {
    for (const name of c.fields) {
      if (!names.has(name)) throw new Error(`${owner}: REQUIRED names "${name}", which is not a field of this version.`);
      facts.set(name, { ...facts.get(name), required: true });
    }
  }
  for (const d of LOCAL_DEFAULTS.filter((l) => selects(l, raw.componentSpecType, raw.buildingBlock))) {
    if (!names.has(d.field)) throw new Error(`${owner}: LOCAL_DEFAULTS names "${d.field}", which is not a field of this version.`);
    facts.set(d.field, { ...facts.get(d.field), localDefault: d.address });
  }
  return facts;
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

  const code = codeFactsOf(raw, new Set(occurrences.keys()));
  const fields = [...occurrences.keys()].sort(byCodeUnit).map((name) => {
    // Required whatever the profile: required by the component and not part of any profile
    // (a profile field is needed only when that profile is chosen), or required by every profile.
    const required = (ownRequired(name) && !inProfile(name)) || requiredByAllProfiles(name);
    const field = mergeField(name, occurrences.get(name)!, required, owner, code.get(name));
    if (field.localDefault !== undefined && !field.required) throw new Error(`${owner}: LOCAL_DEFAULTS names "${name}", which is not required.`);
    return field;
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
  const withRuntime = withRuntimeFacts(raw.type, raw.buildingBlock, facts, runtimeEntryOf(runtime, raw));
  for (const [name, c] of code) {
    if (c.required && !withRuntime.fields.some((f) => f.name === name && f.required)) {
      throw new Error(`${owner}: REQUIRED names "${name}", which the runtime never reads.`);
    }
  }
  const rules = rulesFor(FIELD_RULES, raw.componentSpecType, raw.buildingBlock, withRuntime);
  return rules.length > 0 ? { ...withRuntime, rules } : withRuntime;
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
  checkCorrectionsApply(catalog);
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

/**
 * Every correction and rule must do something: each type it names is a canonical catalog type
 * whose versions have the fields it names, and each rule applies to some version. A typo would
 * otherwise silently change nothing.
 */
function checkCorrectionsApply(catalog: readonly ComponentTypeFacts[]): void {
  const bySpecType = new Map(catalog.map((t) => [t.specType, t]));
  const typeOf = (list: string, specType: string) => {
    const type = bySpecType.get(specType);
    if (!type) throw new Error(`${list} names ${specType}, which is not a canonical spec type of the catalog.`);
    return type;
  };
  const hasField = (type: ComponentTypeFacts, name: string) => type.versions.some((v) => v.fields.some((f) => f.name === name));
  for (const [list, entries] of [['NOT_REQUIRED', NOT_REQUIRED], ['REQUIRED', REQUIRED]] as const) {
    for (const c of entries) {
      const types = c.types.length > 0 ? c.types.map((t) => typeOf(list, t)) : catalog.filter((t) => t.buildingBlock === c.block);
      for (const name of c.fields) {
        const missing = c.types.length > 0 ? types.filter((t) => !hasField(t, name)) : types.some((t) => hasField(t, name)) ? [] : types;
        if (missing.length > 0) throw new Error(`${list} names field ${name}, which ${missing.map((t) => t.specType).join(', ')} does not have.`);
      }
    }
  }
  for (const d of LOCAL_DEFAULTS) for (const t of d.types) typeOf('LOCAL_DEFAULTS', t);
  for (const e of FIELD_RULES) {
    for (const t of e.types ?? []) typeOf('FIELD_RULES', t);
    const applied = catalog.some((t) => t.versions.some((v) => rulesFor([e], t.specType, t.buildingBlock, v).length > 0));
    if (!applied) throw new Error(`FIELD_RULES: the ${e.kind} rule on ${e.fields.join(', ')} applies to no component version.`);
  }
}
