import { Chart } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { PubSub, SecretStore } from '../constructs/generated';
import { HttpEndpoint, HttpEndpointProps, TlsRenegotiation } from '../constructs/http-endpoint';
import { SecretValue } from '../constructs/secret-value';
import { failsAtSynth, find, synth, synthError } from './support/synth';

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

  const endpoint = (props: Partial<HttpEndpointProps>) => failsAtSynth((chart) => new HttpEndpoint(chart, 'a', { baseUrl: 'https://x.example.com', ...props }));

  test('fails at synth on a base URL that is not absolute http(s)', () => {
    expect(endpoint({ baseUrl: 'payments.example.com' })).toThrow('[test/a] baseUrl: received "payments.example.com", expected an absolute http:// or https:// URL.');
    expect(endpoint({ baseUrl: 'ftp://files.example.com' })).toThrow(/\[test\/a\] baseUrl: received "ftp:/);
  });

  test('fails at synth on a private key that is not a secret reference, or half a client certificate', () => {
    const clientTls = { certificate: PEM, privateKey: SecretValue.unsafePlainText('-----BEGIN PRIVATE KEY-----') };
    expect(endpoint({ clientTls })).toThrow(/\[test\/a\] clientTls.privateKey: .*SecretValue.fromSecret/);
    expect(endpoint({ clientTls: { certificate: PEM } })).toThrow(/\[test\/a\] clientTls: .*certificate and privateKey together/);
    expect(endpoint({ clientTls: { rootCa: 'not a pem' } })).toThrow(/\[test\/a\] clientTls.rootCa: .*PEM/);
  });

  test('fails at synth on an invalid header name or a secret store that is not one', () => {
    expect(endpoint({ headers: { 'Bad Header': 'x' } })).toThrow(/\[test\/a\] headers\["Bad Header"\]/);
    expect(failsAtSynth((chart) => new HttpEndpoint(chart, 'b', { baseUrl: 'https://x.example.com', secretStore: PubSub.inMemory(chart, 'events') }))).toThrow(
      /\[test\/b\] secretStore: received "events \(pubsub.in-memory\)"/,
    );
  });

  test('a recorded mistake leaves the bad part out; the rest renders and no check repeats it', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'test');
    const http = new HttpEndpoint(chart, 'a', {
      baseUrl: 'https://x.example.com',
      headers: { 'Bad Header': 'x', 'X-Ok': 'y' },
      clientTls: { rootCa: 'not a pem', certificate: PEM, privateKey: SecretValue.unsafePlainText('-----BEGIN PRIVATE KEY-----') },
    });
    const error = synthError(app);
    expect(error.constructErrors).toHaveLength(3);
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(http.apiObject.toJson().spec).toEqual({ baseUrl: 'https://x.example.com', headers: [{ name: 'X-Ok', value: 'y' }] });
  });
});
