/**
 * Typed factories: an address field upstream marks sensitive (broker host, URL, connection string)
 * takes plain text, and synthesis fails only when the text carries credentials.
 */
import { Chart } from 'cdk8s';
import { DaprkitApp, DaprkitValidationError } from '../constructs/app';
import { PubSub } from '../constructs/generated';
import { SecretValue } from '../constructs/secret-value';
import { synthChecked } from './support/synth';

describe('address fields in typed factories', () => {
  test('a plain broker address synthesizes without findings on it', () => {
    const { manifests, warnings } = synthChecked((chart) => {
      PubSub.pulsar(chart, 'pulsar', { metadata: { host: 'pulsar.messaging.svc:6650' } });
      PubSub.rabbitmq(chart, 'rabbit', { metadata: { connectionString: 'amqp://rabbitmq:5672' } });
    });
    expect(manifests.filter((m) => m.kind === 'Component')).toHaveLength(2);
    expect(warnings.filter((w) => w.check === 'component-sensitive-plaintext')).toEqual([]);
  });

  test('fails on credentials in a plain connection string, and takes a SecretValue instead', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    PubSub.rabbitmq(new Chart(app, 'c'), 'rabbit', { metadata: { connectionString: 'amqp://app:hunter2@rabbitmq:5672' } });
    expect(() => app.synthManifests()).toThrow(DaprkitValidationError);
    expect(() => app.synthManifests()).toThrow(/field: spec\.metadata\[name=connectionString\]/);
    synthChecked((chart) => {
      PubSub.rabbitmq(chart, 'rabbit', { metadata: { connectionString: SecretValue.fromSecret('rabbit', 'url') } });
    });
  });
});
