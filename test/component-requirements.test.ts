/**
 * Required fields as the component code has them (components-contrib v1.18.4): the corrections of
 * scripts/catalog/facts.ts each name a real type and field, and the checks follow the code — what
 * Dapr accepts lints clean, what Init refuses is an error, a setting silently dropped a warning,
 * and a binding's direction-dependent requirement applies only when `direction` is explicit.
 * Also a compile-time test: each `@ts-expect-error` line must stay a type error.
 */
import { Chart } from 'cdk8s';
import { runChecks } from '../checks';
import { componentTypeFacts, fieldIndex } from '../checks/component-catalog';
import { componentChecks } from '../checks/components';
import { Finding, Manifest } from '../checks/types';
import type { ComponentVersionFacts } from '../dapr/component-facts';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';
import { Binding, StateStore } from '../constructs/generated';
import { SecretValue } from '../constructs/secret-value';
import { FIELD_RULES, LOCAL_DEFAULTS, NOT_REQUIRED, REQUIRED } from '../scripts/catalog/facts';
import { synthChecked, synthReport } from './support/synth';

type Item = { name: string; value?: unknown; secretKeyRef?: { name: string; key: string } };
const value = (name: string, v: unknown): Item => ({ name, value: v });
const secret = (name: string): Item => ({ name, secretKeyRef: { name: 's', key: name } });

function component(type: string, items: Item[], version = 'v1'): Manifest {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'c', namespace: 'default' },
    spec: { type, version, metadata: items },
    scopes: ['app'],
  };
}

/** The component findings, without the scope one (no app named "app" here). */
function findings(m: Manifest): Finding[] {
  return runChecks([m], componentChecks).filter((f) => f.check !== 'scope-unknown-app');
}
const brief = (f: Finding) => [f.check, f.severity, f.field];

function version(specType: string, v = 'v1'): ComponentVersionFacts {
  const found = componentTypeFacts(specType)?.versions.find((x) => x.version === v);
  if (!found) throw new Error(`${specType} ${v} is not in the catalog`);
  return found;
}

describe('the corrections in facts.ts', () => {
  const canonical = new Map(COMPONENT_CATALOG.map((t) => [t.specType, t]));
  const knows = (specType: string, name: string) => canonical.get(specType)!.versions.some((v) => fieldIndex(v).isKnown(name) && !v.acceptsAnyField);
  const SOURCE = /^(dapr: )?[\w./-]+\.go(:[\d,-]+)?( \(.+\))?([,;] [\w./-]+\.go(:[\d,-]+)?)*( @v1\.18\.\d)( \(.+\))?$/;

  test('every entry names canonical catalog types and fields they have, with a reason and a source', () => {
    const entries = [
      ...NOT_REQUIRED.map((c) => ({ list: 'NOT_REQUIRED', types: c.types, block: c.block, names: c.fields, reason: c.reason, source: c.source })),
      ...REQUIRED.map((c) => ({ list: 'REQUIRED', types: c.types, block: c.block, names: c.fields, reason: c.reason, source: c.source })),
      ...LOCAL_DEFAULTS.map((c) => ({ list: 'LOCAL_DEFAULTS', types: c.types, block: c.block, names: [c.field], reason: c.reason, source: c.source })),
    ];
    for (const e of entries) {
      const where = `${e.list} ${e.types.join(', ') || e.block}: ${e.names.join(', ')}`;
      expect({ where, reason: e.reason.length > 20 && !/\.\s/.test(e.reason), source: SOURCE.test(e.source) }).toEqual({ where, reason: true, source: true });
      for (const t of e.types) {
        expect({ where, type: t, canonical: canonical.has(t) }).toEqual({ where, type: t, canonical: true });
        for (const name of e.names) expect({ where, type: t, name, known: knows(t, name) }).toEqual({ where, type: t, name, known: true });
      }
      if (e.types.length === 0) {
        const inBlock = COMPONENT_CATALOG.filter((t) => t.buildingBlock === e.block);
        expect(inBlock.some((t) => e.names.every((n) => knows(t.specType, n)))).toBe(true);
      }
    }
  });

  test('every field rule names known fields and applies to some version of the catalog', () => {
    for (const e of FIELD_RULES) {
      const where = `${e.kind} ${e.fields.join(', ')} (${(e.types ?? []).join(', ') || e.block || e.profileSource})`;
      expect({ where, reason: e.reason.length > 20 && !/\.\s/.test(e.reason), source: SOURCE.test(e.source) }).toEqual({ where, reason: true, source: true });
      for (const t of e.types ?? []) {
        expect({ where, type: t, canonical: canonical.has(t) }).toEqual({ where, type: t, canonical: true });
        for (const name of [...e.fields, ...(e.triggers ?? []), ...(e.when ?? []).map((c) => c.field)]) {
          expect({ where, type: t, name, known: knows(t, name) }).toEqual({ where, type: t, name, known: true });
        }
      }
      const applied = COMPONENT_CATALOG.flatMap((t) => t.versions).filter((v) =>
        (v.rules ?? []).some((r) => r.kind === e.kind && r.effect === e.effect && r.fields.join() === [...e.fields].sort().join()),
      );
      expect({ where, applied: applied.length > 0 }).toEqual({ where, applied: true });
    }
  });

  test('what the catalog now says: required by the code, not by upstream, and no false default', () => {
    expect(fieldIndex(version('bindings.smtp')).get('port')).toEqual({ name: 'port', type: 'string', required: true });
    expect(fieldIndex(version('bindings.smtp')).get('user')).toMatchObject({ mayBeSecret: true });
    for (const name of ['user', 'password']) expect(fieldIndex(version('bindings.smtp')).get(name)?.required).toBeUndefined();
    for (const name of ['tlsEnable', 'ca', 'cert', 'key']) expect(fieldIndex(version('state.etcd')).get(name)?.required).toBeUndefined();
    expect(version('state.etcd').authProfiles!.every((p) => p.required.length === 0)).toBe(true);
    expect(version('bindings.smtp').rules).toEqual([{ kind: 'all-or-none', fields: ['password', 'user'], effect: 'refused' }]);
    expect(fieldIndex(version('pubsub.redis')).get('redisHost')).toMatchObject({ required: true, localDefault: 'localhost:6379' });
  });
});

describe('the checks follow the code', () => {
  const smtp = [value('host', 'smtp.example.com'), value('port', '587')];

  test('SMTP: host and port without credentials lint clean; without port it is an error', () => {
    expect(findings(component('bindings.smtp', smtp))).toEqual([]);
    const [f, ...rest] = findings(component('bindings.smtp', [value('host', 'smtp.example.com')]));
    expect(rest).toEqual([]);
    expect(brief(f)).toEqual(['component-required-field', 'error', 'spec.metadata[name=port]']);
  });

  test('SMTP: a user without a password (or a password without a user) is an error naming the missing half', () => {
    const [f, ...rest] = findings(component('bindings.smtp', [...smtp, value('user', 'mailer')]));
    expect(rest).toEqual([]);
    expect(brief(f)).toEqual(['component-field-combination', 'error', 'spec.metadata[name=password]']);
    expect(f.message).toBe('"user" is set without "password": bindings.smtp v1 takes "password", "user" together, and without it the component fails to initialize.');
    expect(f.hint).toContain('Set "password" (secrets: use SecretValue.fromSecret / secretKeyRef) too, or remove "user".');
    expect(findings(component('bindings.smtp', [...smtp, secret('password')])).map(brief)).toEqual([['component-field-combination', 'error', 'spec.metadata[name=user]']]);
    expect(findings(component('bindings.smtp', [...smtp, secret('user'), secret('password')]))).toEqual([]);
  });

  test('etcd without any TLS field lints clean; tlsEnable asks for the three PEM values', () => {
    // etcd v1 is deprecated upstream (a warning of its own, left out here).
    const etcd = (items: Item[]) => findings(component('state.etcd', [value('endpoints', 'etcd:2379'), ...items])).filter((f) => f.check !== 'component-version');
    expect(etcd([])).toEqual([]);
    expect(etcd([value('tlsEnable', 'false')])).toEqual([]);
    const [f] = etcd([value('tlsEnable', 'true'), secret('ca')]);
    expect(brief(f)).toEqual(['component-required-field', 'error', 'spec.metadata']);
    expect(f.message).toBe('"cert", "key" are required by state.etcd v1 when "tlsEnable" is "true"; without them the component fails to initialize.');
  });

  test('Event Hubs binding: output only needs no consumer group or checkpoint store; input does, when direction says so', () => {
    const base = [secret('connectionString'), value('eventHub', 'orders')];
    expect(findings(component('bindings.azure.eventhubs', [...base, value('direction', 'output')]))).toEqual([]);
    // No direction: daprd starts the input side only if the app asks, so nothing is required on a guess.
    expect(findings(component('bindings.azure.eventhubs', base))).toEqual([]);
    const input = findings(component('bindings.azure.eventhubs', [...base, value('direction', 'output, input')]));
    expect(input.map((f) => f.message)).toEqual([
      '"storageAccountName", "storageContainerName" are required by bindings.azure.eventhubs v1 when "direction" includes "input"; without them the component starts but cannot work.',
      'bindings.azure.eventhubs v1 needs at least one of "consumerGroup", "consumerID" when "direction" includes "input", and none is set; without any the component starts but cannot work.',
    ]);
    const complete = [...base, value('direction', 'input'), value('consumerID', 'g'), value('storageAccountName', 'a'), secret('storageAccountKey'), value('storageContainerName', 'c')];
    expect(findings(component('bindings.azure.eventhubs', complete))).toEqual([]);
    expect(findings(component('bindings.azure.eventhubs', [...base, value('eventHubNamespace', 'ns.servicebus.windows.net')])).map(brief)).toEqual([
      ['component-field-combination', 'error', 'spec.metadata[name=eventHubNamespace]'],
    ]);
  });

  test('Kafka: mTLS needs a CA unless skipVerify; authType "certificate" is a valid value that needs caCert', () => {
    const mtls = [value('brokers', 'kafka:9093'), value('authType', 'mtls'), secret('clientCert'), secret('clientKey')];
    expect(findings(component('pubsub.kafka', [...mtls, value('skipVerify', 'true')]))).toEqual([]);
    expect(findings(component('pubsub.kafka', [...mtls, secret('caCert')]))).toEqual([]);
    expect(findings(component('pubsub.kafka', mtls)).map(brief)).toEqual([['component-required-field', 'error', 'spec.metadata[name=caCert]']]);
    // A condition on a value held in a secret cannot be judged: no finding on a guess.
    expect(findings(component('pubsub.kafka', [value('brokers', 'kafka:9093'), secret('authType'), secret('clientCert'), secret('clientKey')]))).toEqual([]);
    expect(findings(component('pubsub.kafka', [value('brokers', 'kafka:9093'), value('authType', 'certificate'), secret('caCert')]))).toEqual([]);
    const [f] = findings(component('pubsub.kafka', [value('brokers', 'kafka:9093'), value('authType', 'certificate')]));
    expect(f.message).toContain('authType "certificate" selects the authentication profile "Certificate Authentication"');
    expect(findings(component('pubsub.kafka', [value('brokers', 'k:9098'), value('authType', 'awsiam')])).map(brief)).toEqual([
      ['component-required-field', 'error', 'spec.metadata[name=region]'],
    ]);
    // awsRegion, documented as a field of its own, is read as region.
    expect(findings(component('pubsub.kafka', [value('brokers', 'k:9098'), value('authType', 'awsiam'), value('awsRegion', 'eu-west-1')]))).toEqual([]);
  });

  test('Kafka binding: publishTopic only with an explicit output direction; topics and a consumer group only with input', () => {
    const base = [value('brokers', 'kafka:9092'), value('authType', 'none')];
    expect(findings(component('bindings.kafka', base))).toEqual([]);
    expect(findings(component('bindings.kafka', [...base, value('direction', 'output')])).map((f) => f.field)).toEqual(['spec.metadata[name=publishTopic]']);
    // consumerID is the legacy name of consumerGroup.
    expect(findings(component('bindings.kafka', [...base, value('direction', 'input'), value('topics', 'orders'), value('consumerID', 'g')]))).toEqual([]);
  });

  test('a silently ignored half is a warning: Azure client secret without its ids, AWS key without its secret', () => {
    const blob = [value('accountName', 'acct'), value('containerName', 'orders')];
    const [f] = findings(component('state.azure.blobstorage', [...blob, secret('azureClientSecret')], 'v2'));
    expect(brief(f)).toEqual(['component-field-combination', 'warning', 'spec.metadata']);
    expect(f.message).toBe(
      '"azureClientSecret" is set without "azureClientId", "azureTenantId": state.azure.blobstorage v2 takes "azureClientId", "azureClientSecret", "azureTenantId" together, and without them the component silently ignores the incomplete setting.',
    );
    // Aliases count: clientId and tenantId are other names of azureClientId and azureTenantId.
    expect(findings(component('state.azure.blobstorage', [...blob, secret('azureClientSecret'), value('clientId', 'id'), value('tenantId', 't')], 'v2'))).toEqual([]);
    // A client id alone is managed or workload identity: fine.
    expect(findings(component('state.azure.blobstorage', [...blob, value('azureClientId', 'id')], 'v2'))).toEqual([]);
    expect(findings(component('bindings.aws.s3', [value('bucket', 'b'), secret('accessKey')])).map(brief)).toEqual([
      ['component-field-combination', 'warning', 'spec.metadata[name=secretKey]'],
    ]);
    // IRSA (no keys) and an assumed role alone are both fine.
    expect(findings(component('bindings.aws.s3', [value('bucket', 'b'), value('region', 'eu-west-1')]))).toEqual([]);
    expect(findings(component('bindings.aws.s3', [value('bucket', 'b'), value('assumeRoleArn', 'arn:aws:iam::1:role/r')]))).toEqual([]);
  });

  test('exactly one, and forbidden together: Vault token or token file, MongoDB host or server, Redis Entra ID without a password', () => {
    const vault = (items: Item[]) => findings(component('secretstores.hashicorp.vault', [value('vaultAddr', 'https://vault:8200'), ...items]));
    expect(vault([value('vaultTokenMountPath', '/var/run/secrets/vault/token')])).toEqual([]);
    expect(vault([]).map(brief)).toEqual([['component-required-field', 'error', 'spec.metadata']]);
    expect(vault([secret('vaultToken'), value('vaultTokenMountPath', '/t')]).map(brief)).toEqual([['component-field-combination', 'error', 'spec.metadata[name=vaultTokenMountPath]']]);
    expect(findings(component('state.mongodb', [value('host', 'mongo:27017'), value('server', 'mongo.example.com')])).map((f) => f.check)).toEqual(['component-field-combination']);
    expect(findings(component('state.mongodb', [secret('connectionString')]))).toEqual([]);
    const [f] = findings(component('state.redis', [value('redisHost', 'cache.redis.cache.windows.net:6380'), value('useEntraID', 'true'), secret('redisPassword')]));
    expect(f.message).toBe('"redisPassword" must not be set when "useEntraID" is "true": with it the component fails to initialize.');
  });

  test('PostgreSQL: any one connection field will do; AWS IAM needs a region (or its other name AWSRegion)', () => {
    expect(findings(component('state.postgresql', [value('host', 'db'), value('user', 'app'), secret('password')]))).toEqual([]);
    expect(findings(component('state.postgresql', [value('tableName', 'state')])).map(brief)).toEqual([['component-required-field', 'error', 'spec.metadata']]);
    expect(findings(component('state.postgresql', [secret('connectionString'), value('useAWSIAM', 'true')])).map(brief)).toEqual([
      ['component-required-field', 'error', 'spec.metadata[name=region]'],
    ]);
    expect(findings(component('state.postgresql', [secret('connectionString'), value('useAWSIAM', 'true'), value('AWSRegion', 'eu-west-1')]))).toEqual([]);
  });

  test('a transactional outbox with only its pub/sub or only its topic is a warning', () => {
    const [f] = findings(component('state.redis', [value('redisHost', 'redis:6379'), value('outboxPublishPubsub', 'events')]));
    expect(brief(f)).toEqual(['component-field-combination', 'warning', 'spec.metadata[name=outboxPublishTopic]']);
  });
});

describe('the typed factories follow', () => {
  /** Compile-time only: never called. */
  function typeLevelChecks(chart: Chart): void {
    Binding.smtp(chart, 'no-credentials', { metadata: { host: 'smtp.example.com', port: '587' } });
    Binding.smtp(chart, 'credentials', {
      metadata: { host: 'smtp.example.com', port: '587', user: SecretValue.fromSecret('smtp', 'user'), password: SecretValue.fromSecret('smtp', 'password') },
    });
    Binding.smtp(chart, 'plain-user', { metadata: { host: 'smtp.example.com', port: '587', user: 'mailer', password: SecretValue.fromSecret('smtp', 'password') } });
    // @ts-expect-error a user without a password
    Binding.smtp(chart, 'half', { metadata: { host: 'smtp.example.com', port: '587', user: 'mailer' } });
    // @ts-expect-error SMTP needs a port
    Binding.smtp(chart, 'no-port', { metadata: { host: 'smtp.example.com' } });
    StateStore.etcd(chart, 'plain-etcd', { metadata: { endpoints: 'etcd:2379' } });
  }
  void typeLevelChecks;

  test('Binding.smtp without credentials, or with a user kept in a secret, synthesizes and lints clean', () => {
    const { manifests, warnings } = synthChecked((chart) => {
      Binding.smtp(chart, 'mail', { metadata: { host: 'smtp.example.com', port: '587' } });
      Binding.smtp(chart, 'mail-auth', {
        metadata: { host: 'smtp.example.com', port: '587', user: SecretValue.fromSecret('smtp', 'user'), password: SecretValue.fromSecret('smtp', 'password') },
      });
    });
    const items = manifests.filter((m) => m.kind === 'Component').map((m) => (m as any).spec.metadata as Item[]);
    expect(items.map((list) => list.map((i) => i.name).sort())).toEqual([['host', 'port'], ['host', 'password', 'port', 'user']]);
    expect(items[1]).toContainEqual({ name: 'user', secretKeyRef: { name: 'smtp', key: 'user' } });
    expect(warnings.filter((w) => w.check.startsWith('component-') && w.check !== 'component-unscoped')).toEqual([]);
  });

  test('from JavaScript (no types), half a pair fails synthesis with the construct path', () => {
    const report = synthReport((chart) => {
      Binding.smtp(chart, 'mail', { metadata: { host: 'smtp.example.com', port: '587', user: 'mailer' } as never });
    });
    expect(report).toContain('(construct test/mail/Resource)');
    expect(report).toContain('"user" is set without "password"');
  });
});
