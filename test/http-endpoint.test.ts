import { Testing } from 'cdk8s';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { PubSub, SecretStore } from '../constructs/generated';
import { HttpEndpoint, TlsRenegotiation } from '../constructs/http-endpoint';
import { SecretValue } from '../constructs/secret-value';
import { find, synth } from './support/synth';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('HttpEndpoint', () => {
  test('synthesizes a dapr.io/v1alpha1 HTTPEndpoint with secret-backed headers and client TLS', () => {
    const manifests = synth((chart) => {
      const vault = SecretStore.hashicorpVault(chart, 'vault', {
        metadata: { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/vault/token' },
        scopes: ['payments-client'],
      });
      new HttpEndpoint(chart, 'payments', {
        baseUrl: 'https://payments.example.com/v2',
        headers: { 'X-Tenant': 'shop', Authorization: SecretValue.fromSecret('payments', 'token') },
        clientTls: {
          rootCa: PEM,
          certificate: SecretValue.fromSecret('payments-tls', 'tls.crt'),
          privateKey: SecretValue.fromSecret('payments-tls', 'tls.key'),
          renegotiation: TlsRenegotiation.ONCE_AS_CLIENT,
        },
        secretStore: vault,
        scopes: ['payments-client'],
      });
    });
    const endpoint = find(manifests, 'HTTPEndpoint', 'payments');
    expect(endpoint).toMatchSnapshot();
    expect(endpoint.apiVersion).toBe('dapr.io/v1alpha1');
    expect(endpoint.spec.baseUrl).toBe('https://payments.example.com/v2');
    expect(endpoint.spec.headers).toEqual([
      { name: 'Authorization', secretKeyRef: { name: 'payments', key: 'token' } },
      { name: 'X-Tenant', value: 'shop' },
    ]);
    expect(endpoint.spec.clientTLS).toEqual({
      rootCA: { value: PEM },
      certificate: { secretKeyRef: { name: 'payments-tls', key: 'tls.crt' } },
      privateKey: { secretKeyRef: { name: 'payments-tls', key: 'tls.key' } },
      renegotiation: 'OnceAsClient',
    });
    expect(endpoint.auth).toEqual({ secretStore: 'vault' });
    expect(endpoint.scopes).toEqual(['payments-client']);
    expect(runChecks(manifests, componentChecks).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a bare endpoint has only its base URL', () => {
    const manifests = synth((chart) => new HttpEndpoint(chart, 'github', { baseUrl: 'https://api.github.com' }));
    expect(find(manifests, 'HTTPEndpoint', 'github').spec).toEqual({ baseUrl: 'https://api.github.com' });
  });

  test('fails at once on a base URL that is not absolute http(s)', () => {
    const chart = Testing.chart();
    expect(() => new HttpEndpoint(chart, 'a', { baseUrl: 'payments.example.com' })).toThrow('[test/a] baseUrl: received "payments.example.com", expected an absolute http:// or https:// URL.');
    expect(() => new HttpEndpoint(chart, 'b', { baseUrl: 'ftp://files.example.com' })).toThrow(/baseUrl: received "ftp:/);
  });

  test('fails at once on a private key that is not a secret reference, or half a client certificate', () => {
    const chart = Testing.chart();
    const clientTls = { certificate: PEM, privateKey: SecretValue.unsafePlainText('-----BEGIN PRIVATE KEY-----') };
    expect(() => new HttpEndpoint(chart, 'a', { baseUrl: 'https://x.example.com', clientTls })).toThrow(/clientTls.privateKey: .*SecretValue.fromSecret/);
    expect(() => new HttpEndpoint(chart, 'b', { baseUrl: 'https://x.example.com', clientTls: { certificate: PEM } })).toThrow(/certificate and privateKey together/);
    expect(() => new HttpEndpoint(chart, 'c', { baseUrl: 'https://x.example.com', clientTls: { rootCa: 'not a pem' } })).toThrow(/clientTls.rootCa: .*PEM/);
  });

  test('fails at once on an invalid header name or a secret store that is not one', () => {
    const chart = Testing.chart();
    expect(() => new HttpEndpoint(chart, 'a', { baseUrl: 'https://x.example.com', headers: { 'Bad Header': 'x' } })).toThrow(/headers\["Bad Header"\]/);
    const pubsub = PubSub.inMemory(chart, 'events');
    expect(() => new HttpEndpoint(chart, 'b', { baseUrl: 'https://x.example.com', secretStore: pubsub })).toThrow(/secretStore: received "events \(pubsub.in-memory\)"/);
  });
});
