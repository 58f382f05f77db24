/**
 * The catalog carries the runtime's side of the facts (components-runtime.json) and the
 * generator's corrections; these tests pin the facts the checks rely on.
 */
import { componentTypeFacts, fieldIndex } from '../checks/component-catalog';
import type { ComponentVersionFacts } from '../dapr/component-facts';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';
import { NOT_REQUIRED, SENSITIVITY_CORRECTIONS } from '../scripts/catalog/facts';

function version(specType: string, v = 'v1'): ComponentVersionFacts {
  const facts = componentTypeFacts(specType);
  const found = facts?.versions.find((x) => x.version === v);
  if (!found) throw new Error(`${specType} ${v} is not in the catalog`);
  return found;
}

describe('runtime facts in the catalog', () => {
  test('aliases point at the catalog spelling of their field', () => {
    const postgres = fieldIndex(version('bindings.postgres'));
    expect(postgres.role('url')).toMatchObject({ kind: 'alias', canonical: 'connectionString' });
    expect(postgres.get('url')?.sensitive).toBe(true);
    const blob = fieldIndex(version('state.azure.blobstorage', 'v2'));
    expect(blob.provides('storageAccount')).toEqual(['storageAccount', 'accountName']);
    expect(blob.provides('container')).toEqual(['container', 'containerName']);
  });

  test('legacy keys say what they fill in', () => {
    expect(version('pubsub.kafka').legacyFields).toEqual([
      { name: 'authRequired', satisfies: ['authType'] },
      { name: 'consumerID', satisfies: ['consumerGroup'] },
    ]);
    expect(fieldIndex(version('pubsub.rabbitmq')).provides('host')).toEqual(['host', 'connectionString']);
  });

  test('Kafka profiles are selected by authType', () => {
    const titles = (value: string) => version('pubsub.kafka').authProfiles!.filter((p) => p.discriminator?.values.includes(value)).map((p) => p.title);
    expect(titles('password')).toEqual(['SASL Authentication']);
    expect(titles('none')).toEqual(['No Authentication']);
    expect(titles('awsiam')).toHaveLength(4);
  });

  test('documented fields the runtime never reads are marked ignored and never required', () => {
    const fileName = version('bindings.localstorage').fields.find((f) => f.name === 'fileName');
    expect(fileName).toMatchObject({ ignored: true });
    expect(fileName?.required).toBeUndefined();
    // The runtime facts for name resolution are partial: nothing is called ignored there.
    expect(COMPONENT_CATALOG.filter((t) => t.buildingBlock === 'nameresolution').flatMap((t) => t.versions.flatMap((v) => v.fields.filter((f) => f.ignored)))).toEqual([]);
  });

  test('knows the types daprd registers without upstream metadata', () => {
    expect(componentTypeFacts('middleware.http.uppercase')?.versions.map((v) => v.fields.map((f) => f.name))).toEqual([['direction']]);
  });

  test('exact-case keys are recorded (RabbitMQ host is read only as "host")', () => {
    expect(version('pubsub.rabbitmq').exactCaseFields).toContain('host');
    expect(fieldIndex(version('pubsub.rabbitmq')).role('HOST')).toBeUndefined();
  });
});

describe('documented defaults', () => {
  test('are values, without remarks, and pass the value checks of their field', () => {
    expect(version('pubsub.pulsar').fields.find((f) => f.name === 'batchingMaxSize')?.default).toBe('131072');
  });
});

describe('sensitivity corrections', () => {
  test('every entry has a reason and names a field of each of its types', () => {
    for (const c of SENSITIVITY_CORRECTIONS) {
      expect(c.reason.length).toBeGreaterThan(20);
      for (const type of c.types) {
        const fields = componentTypeFacts(type)!.versions.flatMap((v) => v.fields.map((f) => f.name));
        expect(fields).toContain(c.field);
      }
    }
  });

  test('addresses are secrets only with credentials; an account id is never one', () => {
    // Still sensitive for the typed API (it takes a SecretValue), but plaintext is fine without credentials.
    expect(version('pubsub.pulsar').fields.find((f) => f.name === 'host')).toMatchObject({ sensitive: true, secretIfCredentials: true });
    expect(version('state.postgresql').fields.find((f) => f.name === 'connectionString')).toMatchObject({ sensitive: true, secretIfCredentials: true });
    expect(version('state.cloudflare.workerskv').fields.find((f) => f.name === 'cfAccountID')?.sensitive).toBeUndefined();
  });
});

describe('required-field corrections', () => {
  test('every entry has a reason, and its fields exist and are required by nothing', () => {
    for (const c of NOT_REQUIRED) {
      expect(c.reason.length).toBeGreaterThan(20);
      const types = c.block ? COMPONENT_CATALOG.filter((t) => t.buildingBlock === c.block) : c.types.map((t) => componentTypeFacts(t)!);
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) {
        for (const v of type.versions) {
          for (const name of c.fields) {
            expect(v.fields.find((f) => f.name === name && f.required)).toBeUndefined();
            // Profiles daprkit adds for what upstream leaves out (Kafka authType "certificate") say what the code needs.
            expect((v.authProfiles ?? []).filter((p) => p.required.includes(name) && p.source !== 'daprkit:correction')).toEqual([]);
          }
        }
      }
    }
  });
});
