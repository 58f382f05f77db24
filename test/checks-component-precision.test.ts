/**
 * The component checks know what the Dapr runtime accepts, not only what upstream documents:
 * aliases, legacy keys, list-valued settings, registered-only types, declared custom types and
 * fields whose value is a secret only when it carries credentials. Each case here was a false
 * alarm (or a missed error) before the catalog took the runtime facts in.
 */
import { runChecks } from '../checks';
import { carriesCredentials } from '../checks/component-fields';
import { componentChecks } from '../checks/components';
import { Finding, Manifest } from '../checks/types';

type Item = { name: string; value?: unknown; secretKeyRef?: { name: string; key: string } };

function component(type: string, items: Item[], extra: { version?: string; annotations?: Record<string, string> } = {}): Manifest {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'c', namespace: 'default', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { type, version: extra.version ?? 'v1', metadata: items },
    scopes: ['app'],
  };
}

const secret = (name: string): Item => ({ name, secretKeyRef: { name: 's', key: name } });
const value = (name: string, v: unknown): Item => ({ name, value: v });

function findings(m: Manifest, options = {}): Finding[] {
  return runChecks([m], componentChecks, options).filter((f) => f.check !== 'scope-unknown-app');
}
const errors = (m: Manifest, options = {}) => findings(m, options).filter((f) => f.severity === 'error');

describe('aliases', () => {
  test('an alias satisfies its canonical required field and is a known field (postgres url)', () => {
    expect(findings(component('bindings.postgres', [secret('url')]))).toEqual([]);
    expect(findings(component('state.postgresql', [secret('url')]))).toEqual([]);
  });

  test('Azure storage aliases storageAccount / storageAccessKey / container complete the account-key profile', () => {
    const blob = (type: string) => component(type, [value('storageAccount', 'acct'), secret('storageAccessKey'), value('container', 'orders')], { version: type.startsWith('state.') ? 'v2' : 'v1' });
    expect(findings(blob('state.azure.blobstorage'))).toEqual([]);
    expect(findings(blob('bindings.azure.blobstorage'))).toEqual([]);
  });

  test('an alias of a sensitive field is sensitive too', () => {
    const [f] = errors(component('state.azure.blobstorage', [value('storageAccount', 'acct'), value('storageAccessKey', 'hunter22'), value('container', 'c')]));
    expect(f).toMatchObject({ check: 'component-sensitive-plaintext', field: 'spec.metadata[name=storageAccessKey]' });
  });

  test('warns when a field is set under its name and an alias: the runtime reads only one', () => {
    const [f] = findings(component('bindings.postgres', [secret('url'), secret('connectionString')]));
    expect(f).toMatchObject({ check: 'component-ignored-field', severity: 'warning', field: 'spec.metadata[name=url]' });
    expect(f.message).toBe('"url" is another name for "connectionString", which is also set; the runtime reads only one of them.');
  });

  test('fails, as before, on a field that is neither a field nor an alias', () => {
    const [f] = findings(component('bindings.postgres', [secret('url'), value('urll', 'x')]));
    expect(f).toMatchObject({ check: 'component-unknown-field', severity: 'warning', field: 'spec.metadata[name=urll]' });
    expect(f.hint).toContain('Did you mean "url"?');
  });
});

describe('legacy keys', () => {
  test('Kafka authRequired stands in for the required authType', () => {
    const kafka = component('pubsub.kafka', [value('brokers', 'kafka:9092'), value('authRequired', 'false')]);
    expect(findings(kafka)).toEqual([]);
  });

  test('RabbitMQ host is the legacy form of connectionString; Service Bus keeps its misspelled retry key', () => {
    expect(findings(component('pubsub.rabbitmq', [value('host', 'amqp://rabbitmq:5672')]))).toEqual([]);
    expect(findings(component('pubsub.azure.servicebus.topics', [secret('connectionString'), value('publishInitialRetryInternalInMs', '500')]))).toEqual([]);
  });

  test('warns on a key in another case where the runtime reads it only in its exact spelling (RabbitMQ Host)', () => {
    const [f] = findings(component('pubsub.rabbitmq', [value('Host', 'amqp://rabbitmq:5672')]));
    expect(f).toMatchObject({ check: 'component-unknown-field', severity: 'warning', field: 'spec.metadata[name=Host]' });
    expect(f.hint).toContain('Did you mean "host"?');
    expect(findings(component('pubsub.rabbitmq', [value('ConnectionString', 'amqp://rabbitmq:5672')]))).toEqual([]);
  });

  test('warns on a legacy key the runtime reads only to say it ignores it (MQTT3 binding qos)', () => {
    const f = findings(component('bindings.mqtt3', [value('url', 'tcp://mqtt:1883'), value('topic', 't'), value('consumerID', 'reader'), value('qos', '2')]));
    expect(f.map((x) => [x.check, x.severity, x.field])).toEqual([['component-ignored-field', 'warning', 'spec.metadata[name=qos]']]);
  });
});

describe('values the runtime parses', () => {
  test('a binding direction "input, output" is a list the runtime splits and trims', () => {
    const kafka = (direction: string) =>
      component('bindings.kafka', [
        value('brokers', 'kafka:9092'),
        value('publishTopic', 't'),
        value('topics', 't'),
        value('consumerGroup', 'g'),
        value('authType', 'none'),
        value('direction', direction),
      ]);
    expect(findings(kafka('input, output'))).toEqual([]);
    expect(findings(kafka('output,input'))).toEqual([]);
    const [bad] = errors(kafka('sideways'));
    expect(bad).toMatchObject({ check: 'component-field-value', field: 'spec.metadata[name=direction]' });
  });

  test('an output binding takes direction "output" (the runtime reads direction for every binding)', () => {
    expect(findings(component('bindings.postgres', [secret('url'), value('direction', 'output')]))).toEqual([]);
    const [f] = errors(component('bindings.postgres', [secret('url'), value('direction', 'input')]));
    expect(f).toMatchObject({ check: 'component-field-value', field: 'spec.metadata[name=direction]' });
  });

  test('warns on a documented field the runtime never reads from the Component (a per-request key)', () => {
    const [f] = findings(component('bindings.localstorage', [value('rootPath', '/data'), value('fileName', 'x.txt')]));
    expect(f).toMatchObject({ check: 'component-ignored-field', severity: 'warning', field: 'spec.metadata[name=fileName]' });
    expect(f.message).toBe('field "fileName" of bindings.localstorage v1 is never read from the Component\'s metadata, so setting it has no effect.');
  });
});

describe('fields upstream calls required that the component does not need', () => {
  test('a pub/sub needs no consumerID (daprd sets the app-id), JetStream no deliverPolicy, bearer no jwksURL', () => {
    expect(findings(component('pubsub.azure.eventhubs', [secret('connectionString'), value('storageAccountName', 'a'), secret('storageAccountKey'), value('storageContainerName', 'c')]))).toEqual([]);
    expect(findings(component('pubsub.jetstream', [value('natsURL', 'nats://nats:4222')]))).toEqual([]);
    expect(findings(component('middleware.http.bearer', [value('issuer', 'https://login.example.com'), value('audience', 'api')]))).toEqual([]);
    const input = [value('brokers', 'kafka:9092'), value('topics', 'orders'), value('consumerGroup', 'g'), value('authType', 'none'), value('direction', 'input')];
    expect(findings(component('bindings.kafka', input))).toEqual([]);
  });

  test('MongoDB without credentials needs host or server, and fails without either', () => {
    expect(findings(component('state.mongodb', [value('host', 'mongo:27017')]))).toEqual([]);
    const [f] = errors(component('state.mongodb', [value('databaseName', 'orders')]));
    expect(f.check).toBe('component-required-field');
    expect(f.message).toBe('state.mongodb v1 needs exactly one of "host", "server" when "connectionString" is not set, and none is set; without one the component fails to initialize.');
  });
});

describe('authentication profile chosen by its discriminator', () => {
  test('fails on Kafka authType "password" without saslPassword, although the "none" profile needs no more', () => {
    const kafka = component('pubsub.kafka', [value('brokers', 'kafka:9092'), value('authType', 'password'), value('saslUsername', 'u'), value('saslMechanism', 'SHA-512')]);
    const [f] = errors(kafka);
    expect(f).toMatchObject({ check: 'component-required-field', field: 'spec.metadata[name=saslPassword]' });
    expect(f.message).toBe('authType "password" selects the authentication profile "SASL Authentication" of pubsub.kafka v1, which misses "saslPassword".');
    expect(f.hint).toContain('or change authType to the authentication you mean');
  });

  test('accepts Kafka authType "none" and a complete SASL profile', () => {
    expect(findings(component('pubsub.kafka', [value('brokers', 'kafka:9092'), value('authType', 'none')]))).toEqual([]);
    const sasl = [value('brokers', 'kafka:9092'), value('authType', 'password'), value('saslUsername', 'u'), secret('saslPassword'), value('saslMechanism', 'SHA-512')];
    expect(findings(component('pubsub.kafka', sasl))).toEqual([]);
  });
});

describe('types', () => {
  test('knows middleware.http.uppercase, which daprd registers though upstream metadata lacks it', () => {
    expect(findings(component('middleware.http.uppercase', []))).toEqual([]);
  });

  test('fails on a Component without the spec.metadata list the CRD requires, custom or not', () => {
    for (const annotations of [{}, { 'daprkit.io/custom-type': 'true' }] as Record<string, string>[]) {
      const bare: Manifest = { ...component('state.redis', [], { annotations }), spec: { type: 'state.redis', version: 'v1' } };
      const f = errors(bare).find((x) => x.field === 'spec.metadata');
      expect(f?.check).toBe('component-spec');
      expect(f?.message).toBe('the component has no spec.metadata list; the Component CRD requires one.');
    }
  });

  test('fails on a type daprd does not register in its release build (bindings.kitex)', () => {
    const [f] = errors(component('bindings.kitex', []));
    expect(f).toMatchObject({ check: 'component-type', field: 'spec.type' });
    expect(f.message).toBe('component type "bindings.kitex" is not registered in the released daprd build, so the sidecar cannot load it.');
  });

  test('fails on an undeclared pluggable type, saying how to declare it', () => {
    const [f] = errors(component('state.redis-pluggable', [value('anything', 'x')]));
    expect(f.message).toBe('unknown component type "state.redis-pluggable": daprd 1.18 registers no such type, and nothing declares it a pluggable or custom component.');
    expect(f.hint).toContain('daprkit.io/custom-type: "true"');
    expect(f.hint).toContain('daprkit lint --custom-type state.redis-pluggable');
    expect(f.hint).toContain('runChecks(manifests, { customTypes: [...] })');
  });

  test('accepts a pluggable type declared by annotation or by the customTypes option', () => {
    const annotated = component('state.redis-pluggable', [value('anything', 'x')], { annotations: { 'daprkit.io/custom-type': 'true' } });
    expect(findings(annotated)).toEqual([]);
    const plain = component('bindings.kafka-pluggable', [value('anything', 'x')]);
    expect(findings(plain, { customTypes: ['bindings.kafka-pluggable'] })).toEqual([]);
    expect(runChecks([plain], { customTypes: ['bindings.kafka-pluggable'] }).filter((f) => f.check.startsWith('component-type'))).toEqual([]);
  });
});

describe('sensitive fields', () => {
  test('a broker address marked sensitive upstream is no plaintext secret', () => {
    expect(findings(component('pubsub.pulsar', [value('host', 'pulsar.messaging.svc:6650')]))).toEqual([]);
    expect(findings(component('pubsub.mqtt3', [value('url', 'tcp://mqtt:1883')]))).toEqual([]);
    expect(findings(component('state.postgresql', [value('connectionString', 'host=db user=orders dbname=orders sslmode=require'), value('useAzureAD', 'true')]))).toEqual([]);
  });

  test('fails when such an address carries credentials', () => {
    const [f] = errors(component('pubsub.mqtt3', [value('url', 'tcp://admin:s3cret@mqtt:1883')]));
    expect(f).toMatchObject({ check: 'component-sensitive-plaintext', field: 'spec.metadata[name=url]' });
    expect(f.message).not.toContain('s3cret');
    const [pg] = errors(component('state.postgresql', [value('connectionString', 'host=db user=orders password=hunter2')]));
    expect(pg.check).toBe('component-sensitive-plaintext');
  });

  test('fails on plaintext under a misspelled sensitive field (redisPasword)', () => {
    const redis = component('state.redis', [value('redisHost', 'redis:6379'), value('redisPasword', 'x')]);
    const all = findings(redis);
    expect(all.map((f) => [f.check, f.severity])).toEqual([
      ['component-sensitive-plaintext', 'error'],
      ['component-unknown-field', 'warning'],
    ]);
    expect(all[0].message).toBe('field "redisPasword" looks like a misspelling of the sensitive field "redisPassword" and holds a plaintext value (<redacted, 1 characters>).');
    expect(all[0].hint).toContain('Rename it to "redisPassword"');
  });

  test('recognizes credentials in URLs and connection strings', () => {
    expect(carriesCredentials('amqp://user:pw@rabbit:5672')).toBe(true);
    expect(carriesCredentials('Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=abc')).toBe(true);
    expect(carriesCredentials('host=db password=x')).toBe(true);
    expect(carriesCredentials('amqp://rabbit:5672')).toBe(false);
    expect(carriesCredentials('Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a')).toBe(false);
    expect(carriesCredentials('host=db user=app')).toBe(false);
  });
});
