/** Issue 18 §3: a ServiceAccount per app, apps that read secrets, RBAC, and the checks behind them. */
import * as kplus from 'cdk8s-plus-28';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { Component, ComponentType, Configuration, DaprApp, KUBERNETES_SECRET_STORE, NAMESPACE_DEFAULT_SERVICE_ACCOUNT, SecretStore } from '../index';
import { daprDeployment, daprObject } from './support/manifests';
import { failsAtSynth, find, podAnnotations, synth, synthChecked } from './support/synth';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };
const checksOf = (manifests: Manifest[], id: string) => runChecks(manifests).filter((f) => f.check === id);

describe('ServiceAccounts', () => {
  test('each app runs under a ServiceAccount of its own, named after the app-id, that mounts no token', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', basic));
    expect(find(manifests, 'ServiceAccount', 'orders')).toMatchObject({ automountServiceAccountToken: false, metadata: { labels: { app: 'orders' } } });
    const pod = find(manifests, 'Deployment', 'orders').spec.template.spec;
    expect(pod.serviceAccountName).toBe('orders');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test("serviceAccount passes one, or picks the namespace's default explicitly", () => {
    const mine = synth((chart) => new DaprApp(chart, 'orders', { ...basic, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'shop-runner') }));
    expect(find(mine, 'Deployment', 'orders').spec.template.spec.serviceAccountName).toBe('shop-runner');
    expect(mine.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
    const shared = synth((chart) => new DaprApp(chart, 'orders', { ...basic, serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT }));
    expect(find(shared, 'Deployment', 'orders').spec.template.spec).not.toHaveProperty('serviceAccountName');
    expect(shared.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
  });
});

describe('readsSecrets', () => {
  test('the built-in Kubernetes store: deny-by-default scope, a Role on exactly those Secrets, the token, the store kept on', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', basic).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['db', 'api-key'] }), { namespace: 'shop' });
    expect(find(manifests, 'Configuration', 'orders-config').spec).toEqual({
      secrets: { scopes: [{ storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: ['api-key', 'db'] }] },
    });
    expect(find(manifests, 'Role', 'orders-secret-reader')).toMatchObject({
      metadata: { namespace: 'shop' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-key', 'db'] }],
    });
    expect(find(manifests, 'RoleBinding', 'orders-secret-reader')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'orders-secret-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'orders', namespace: 'shop' }],
    });
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(podAnnotations(deployment)['dapr.io/disable-builtin-k8s-secret-store']).toBe('false');
    expect(podAnnotations(deployment)['dapr.io/config']).toBe('orders-config');
  });

  test('allKeys is explicit: allow in the scope, get and list (bulk reads) in the Role', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', basic).readsSecrets(KUBERNETES_SECRET_STORE, { allKeys: true }));
    expect(find(manifests, 'Configuration', 'orders-config').spec.secrets.scopes).toEqual([{ storeName: 'kubernetes', defaultAccess: 'allow' }]);
    expect(find(manifests, 'Role', 'orders-secret-reader').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
  });

  test('a secretstores.kubernetes Component: scoped to the app, token mounted, the built-in store stays off', () => {
    const manifests = synth((chart) => {
      const store = SecretStore.kubernetes(chart, 'k8s-secrets');
      new DaprApp(chart, 'orders', basic).readsSecrets(store, { keys: ['db'] }).readsSecrets(store, { keys: ['cache'] });
    });
    expect(find(manifests, 'Component', 'k8s-secrets').scopes).toEqual(['orders']);
    expect(find(manifests, 'Role', 'orders-secret-reader').rules[0].resourceNames).toEqual(['cache', 'db']);
    expect(find(manifests, 'Configuration', 'orders-config').spec.secrets.scopes).toEqual([{ storeName: 'k8s-secrets', defaultAccess: 'deny', allowedSecrets: ['cache', 'db'] }]);
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(podAnnotations(deployment)['dapr.io/disable-builtin-k8s-secret-store']).toBe('true');
  });

  test('another store type gets the scope only; the scopes follow a Configuration given later', () => {
    const manifests = synth((chart) => {
      const vault = SecretStore.hashicorpVault(chart, 'vault', { metadata: { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/vault/token' } });
      const app = new DaprApp(chart, 'orders', basic).readsSecrets(vault, { keys: ['payments'] });
      app.useConfiguration(new Configuration(chart, 'orders-settings', { name: 'orders-settings' }));
    });
    expect(manifests.filter((m) => m.kind === 'Role' || m.kind === 'RoleBinding')).toEqual([]);
    expect(manifests.filter((m) => m.kind === 'Configuration').map((m) => m.metadata?.name)).toEqual(['orders-settings']);
    expect(find(manifests, 'Configuration', 'orders-settings').spec.secrets.scopes).toEqual([{ storeName: 'vault', defaultAccess: 'deny', allowedSecrets: ['payments'] }]);
    expect(find(manifests, 'Deployment', 'orders').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('a Role in the namespace the store reads, bound to the app in its own', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', { ...basic, namespace: 'shop' }).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['shared-db'], namespace: 'platform' }));
    const role = find(manifests, 'RoleBinding', 'shop.orders-secret-reader');
    expect(role.metadata?.namespace).toBe('platform');
    expect(role.subjects).toEqual([{ kind: 'ServiceAccount', name: 'orders', namespace: 'shop' }]);
  });

  test('fails without keys or allKeys, naming the store and the fix', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).readsSecrets(KUBERNETES_SECRET_STORE, {}))).toThrow(
      /readsSecrets\["kubernetes"\]: received \{\}, expected exactly one of `keys` or `allKeys: true`/,
    );
  });

  test('fails when the token is switched off explicitly, or the store is not a secret store', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { ...basic, automountServiceAccountToken: false }).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['db'] }))).toThrow(
      /automountServiceAccountToken: received false, expected the token mounted/,
    );
    expect(
      failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).readsSecrets(Component.fromName(chart, 'ref', 'statestore', { type: ComponentType.STATE_REDIS }), { keys: ['db'] })),
    ).toThrow(/readsSecrets\.store: received "statestore \(state\.redis\)", expected a secret-store Component/);
  });

  test('fails when apps sharing a Configuration read different secrets of one store', () => {
    expect(
      failsAtSynth((chart) => {
        const config = new Configuration(chart, 'shared', { name: 'shared' });
        new DaprApp(chart, 'orders', { ...basic, config }).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['orders-db'] });
        new DaprApp(chart, 'billing', { appId: 'billing', image: 'b:1', config }).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['billing-db'] });
      }),
    ).toThrow(/Configuration "shared" is loaded by billing, orders, which read different secrets of store "kubernetes"/);
  });

  test('synthesizes clean: no finding for a reader of either Kubernetes store', () => {
    const { warnings } = synthChecked((chart) => {
      new DaprApp(chart, 'orders', basic).readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['db'] }).readsSecrets(SecretStore.kubernetes(chart, 'k8s'), { keys: ['db'] });
    });
    expect(warnings).toEqual([]);
  });
});

describe('check secret-store-token', () => {
  const noToken = (annotations: Record<string, string> = {}): Manifest => {
    const d = daprDeployment('orders', annotations) as any;
    d.spec.template.spec.automountServiceAccountToken = false;
    return d;
  };

  test('fails on a pod without its token whose daprd loads the built-in Kubernetes store', () => {
    const findings = checksOf([noToken()], 'secret-store-token');
    expect(findings.map((f) => [f.severity, f.field])).toEqual([['error', 'spec.template.spec.automountServiceAccountToken']]);
    expect(findings[0].message).toContain('built-in "kubernetes" secret store');
  });

  test('is clean once the built-in store is off, or the token is mounted', () => {
    expect(checksOf([noToken({ 'dapr.io/disable-builtin-k8s-secret-store': 'true' })], 'secret-store-token')).toEqual([]);
    expect(checksOf([daprDeployment('orders')], 'secret-store-token')).toEqual([]);
  });

  test("fails when the pod's ServiceAccount switches the token off and the pod does not say otherwise", () => {
    const d = daprDeployment('orders') as any;
    d.spec.template.spec.serviceAccountName = 'orders';
    const account: Manifest = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'orders', namespace: 'default' }, automountServiceAccountToken: false };
    expect(checksOf([d, account], 'secret-store-token')).toHaveLength(1);
  });

  test('fails on a secretstores.kubernetes Component the app loads; a warning when it ignores errors', () => {
    const pod = noToken({ 'dapr.io/disable-builtin-k8s-secret-store': 'true' });
    const store = daprObject('Component', 'k8s', { type: 'secretstores.kubernetes', version: 'v1', metadata: [] }, { scopes: ['orders'] });
    expect(checksOf([pod, store], 'secret-store-token').map((f) => f.severity)).toEqual(['error']);
    const lenient = daprObject('Component', 'k8s', { type: 'secretstores.kubernetes', version: 'v1', metadata: [], ignoreErrors: true }, { scopes: ['orders'] });
    expect(checksOf([pod, lenient], 'secret-store-token').map((f) => f.severity)).toEqual(['warning']);
    const elsewhere = daprObject('Component', 'k8s', { type: 'secretstores.kubernetes', version: 'v1', metadata: [] }, { scopes: ['billing'] });
    expect(checksOf([pod, elsewhere], 'secret-store-token')).toEqual([]);
  });
});

describe('check secret-scope-store', () => {
  const config = (storeName: string) => daprObject('Configuration', 'appconfig', { secrets: { scopes: [{ storeName, defaultAccess: 'deny', allowedSecrets: ['db'] }] } });

  test('fails on a scope naming no secret store, with a did-you-mean', () => {
    const vault = daprObject('Component', 'vault', { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [{ name: 'vaultAddr', value: 'https://vault:8200' }] });
    const findings = checksOf([config('vaultt'), vault], 'secret-scope-store');
    expect(findings.map((f) => [f.severity, f.resource, f.field])).toEqual([['error', 'Configuration/default/appconfig', 'spec.secrets.scopes[0].storeName']]);
    expect(findings[0].message).toContain('Did you mean "vault"?');
  });

  test('is clean for the built-in store and for a secret-store Component', () => {
    const vault = daprObject('Component', 'vault', { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [] });
    expect(checksOf([config('kubernetes')], 'secret-scope-store')).toEqual([]);
    expect(checksOf([config('vault'), vault], 'secret-scope-store')).toEqual([]);
  });

  test('fails on a scope naming a Component that is not a secret store', () => {
    const redis = daprObject('Component', 'statestore', { type: 'state.redis', version: 'v1', metadata: [] });
    expect(checksOf([config('statestore'), redis], 'secret-scope-store')[0].message).toContain('state.redis Component, not a secret store');
  });
});
