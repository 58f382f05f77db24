import { Chart, Testing } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { accessControlChecks } from '../checks/access-control';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { AccessControl } from '../constructs/access-control';
import { Configuration } from '../constructs/configuration';
import { DaprApp, HttpVerb } from '../constructs/dapr-app';
import { find, podAnnotations, synth, synthChecked, synthReport } from './support/synth';
import { Component } from '../constructs/component';
import { ComponentType } from '../constructs/generated/component-types';

type Build = (chart: Chart) => void;

const app = (chart: Chart, appId: string, extra: Partial<ConstructorParameters<typeof DaprApp>[2]> = {}) =>
  new DaprApp(chart, appId, { appId, image: `${appId}:1`, appPort: 8080, ...extra });

/** The todo system's graph: todo-api calls notification-service and audit; worker calls notification-service. */
const todoGraph: Build = (chart) => {
  const api = app(chart, 'todo-api');
  const worker = app(chart, 'worker');
  const notifier = app(chart, 'notification-service', { appPort: 3000 });
  const audit = app(chart, 'audit');
  api.invokes(notifier, { operations: [{ path: '/notify', verbs: [HttpVerb.POST] }, { path: '/status', verbs: [HttpVerb.GET] }] });
  api.invokes(audit);
  worker.invokes(notifier, { operations: [{ path: '/notify', verbs: [HttpVerb.PUT] }] });
  worker.invokes(notifier, { operations: [{ path: '/notify', verbs: [HttpVerb.POST] }] });
};

describe('AccessControl from the invocation graph', () => {
  test('gives each callee a default-deny Configuration with one allow policy per caller', () => {
    const manifests = synth(todoGraph);
    expect(manifests).toMatchSnapshot();

    const config = find(manifests, 'Configuration', 'notification-service-config');
    expect(config.spec.accessControl).toEqual({
      defaultAction: 'deny',
      trustDomain: 'public',
      policies: [
        {
          appId: 'todo-api',
          namespace: 'default',
          trustDomain: 'public',
          defaultAction: 'deny',
          operations: [
            { name: '/notify', httpVerb: ['POST'], action: 'allow' },
            { name: '/status', httpVerb: ['GET'], action: 'allow' },
          ],
        },
        { appId: 'worker', namespace: 'default', trustDomain: 'public', defaultAction: 'deny', operations: [{ name: '/notify', httpVerb: ['POST', 'PUT'], action: 'allow' }] },
      ],
    });
    // mTLS is the control plane's: nothing in the app's Configuration.
    expect(config.spec.mtls).toBeUndefined();
    expect(podAnnotations(find(manifests, 'Deployment', 'notification-service'))['dapr.io/config']).toBe('notification-service-config');
    // An edge without operations allows every path and verb.
    expect(find(manifests, 'Configuration', 'audit-config').spec.accessControl.policies[0].operations).toEqual([{ name: '/**', httpVerb: ['*'], action: 'allow' }]);
    // Pure callers get no Configuration (their trust domain is the default one).
    expect(manifests.filter((m) => m.kind === 'Configuration').map((m) => m.metadata?.name).sort()).toEqual(['audit-config', 'notification-service-config']);
    expect(podAnnotations(find(manifests, 'Deployment', 'todo-api'))['dapr.io/config']).toBeUndefined();
    // What AccessControl writes, the access-control checks accept.
    expect(runChecks(manifests, accessControlChecks).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test.each([
    ['invokes, then useConfiguration', true],
    ['useConfiguration, then invokes', false],
  ])('merges into the callee\'s own Configuration whatever the order (%s)', (_name, invokesFirst) => {
    const manifests = synth((chart) => {
      const caller = app(chart, 'caller');
      const callee = app(chart, 'callee');
      const own = new Configuration(chart, 'own', { name: 'callee-settings', tracing: { samplingRate: 1 } });
      if (invokesFirst) caller.invokes(callee, { operations: [{ path: '/x', verbs: [HttpVerb.GET] }] });
      callee.useConfiguration(own);
      if (!invokesFirst) caller.invokes(callee, { operations: [{ path: '/x', verbs: [HttpVerb.GET] }] });
    });
    const configs = manifests.filter((m) => m.kind === 'Configuration');
    expect(configs.map((c) => c.metadata?.name)).toEqual(['callee-settings']);
    const spec = find(manifests, 'Configuration', 'callee-settings').spec;
    expect(spec.tracing.samplingRate).toBe('1');
    expect(spec.accessControl.policies).toEqual([{ appId: 'caller', namespace: 'default', trustDomain: 'public', defaultAction: 'deny', operations: [{ name: '/x', httpVerb: ['GET'], action: 'allow' }] }]);
    expect(podAnnotations(find(manifests, 'Deployment', 'callee'))['dapr.io/config']).toBe('callee-settings');
  });

  test.each([
    ['before the edges', true],
    ['after the edges', false],
  ])('a non-public trust domain reaches callers and policies when AccessControl is declared %s', (_name, first) => {
    const manifests = synth((chart) => {
      if (first) new AccessControl(chart, 'acl', { trustDomain: 'shop.example.com' });
      const caller = app(chart, 'caller');
      const callee = app(chart, 'callee');
      caller.invokes(callee, { operations: [{ path: '/x' }] });
      if (!first) new AccessControl(chart, 'acl', { trustDomain: 'shop.example.com' });
    });
    const callee = find(manifests, 'Configuration', 'callee-config').spec.accessControl;
    expect(callee.trustDomain).toBe('shop.example.com');
    expect(callee.policies[0].trustDomain).toBe('shop.example.com');
    // The caller needs the trust domain in its own certificate: it gets a Configuration carrying it.
    expect(find(manifests, 'Configuration', 'caller-config').spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'shop.example.com' });
    expect(podAnnotations(find(manifests, 'Deployment', 'caller'))['dapr.io/config']).toBe('caller-config');
    expect(runChecks(manifests, accessControlChecks)).toEqual([]);
  });

  test('cross-namespace callers are named with their namespace', () => {
    const manifests = synth((chart) => {
      const other = new Chart(chart, 'other', { namespace: 'frontend' });
      const web = app(other, 'web');
      const api = app(chart, 'api');
      web.invokes(api, { operations: [{ path: '/items', verbs: [HttpVerb.GET] }] });
    });
    expect(find(manifests, 'Configuration', 'api-config').spec.accessControl.policies[0]).toMatchObject({ appId: 'web', namespace: 'frontend' });
  });

  test('creates no constructs during synthesis, and synthesizes identically twice', () => {
    const root = Testing.app();
    const chart = new Chart(root, 'test');
    todoGraph(chart);
    new AccessControl(chart, 'acl', { networkPolicies: true });
    const before = root.node.findAll().length;
    const first = Testing.synth(chart);
    expect(root.node.findAll().length).toBe(before);
    expect(Testing.synth(chart)).toEqual(first);
  });

  test('fails on a second AccessControl for a namespace', () => {
    const report = synthReport((chart) => {
      new AccessControl(chart, 'a');
      new AccessControl(chart, 'b');
    });
    expect(report).toContain('[test/b] namespace: received "default", expected one AccessControl per namespace. Fix: test/a already governs it; configure that one.');
  });

  test('fails on a trust domain that is not one', () => {
    expect(synthReport((chart) => new AccessControl(chart, 'a', { trustDomain: 'Shop/Prod' }))).toMatch(/\[test\/a\] trustDomain: received "Shop\/Prod"/);
  });

  test('fails to give an app a second Configuration of its own (only the implicit one gives way)', () => {
    const report = synthReport((chart) => {
      const a = app(chart, 'a');
      a.useConfiguration(new Configuration(chart, 'c1', { name: 'c1' }));
      a.useConfiguration(new Configuration(chart, 'c2', { name: 'c2' }));
      expect(a.config?.name).toBe('c1');
    });
    expect(report).toMatch(/\[test\/a\] config: received "c2", expected a single Configuration \(already using "c1"\)/);
  });
});

describe('AccessControl NetworkPolicies', () => {
  const build: Build = (chart) => {
    todoGraph(chart);
    new AccessControl(chart, 'acl', { networkPolicies: { restrictEgress: true } });
  };

  const policy = (manifests: Manifest[], appId: string) => find(manifests, 'NetworkPolicy', `${appId}-dapr-access`);

  test('allow sidecar traffic only along edges, plus control plane, DNS, Service and metrics ports', () => {
    const manifests = synth(build);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toMatchSnapshot();
    for (const m of manifests.filter((x) => x.kind === 'NetworkPolicy')) new NetworkPolicy(m as never).validate();

    const notifier = policy(manifests, 'notification-service').spec;
    expect(notifier.podSelector).toEqual({ matchLabels: { app: 'notification-service' } });
    expect(notifier.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(notifier.ingress).toEqual([
      {
        from: ['notification-service', 'todo-api', 'worker'].map((a) => ({ podSelector: { matchLabels: { app: a } } })),
        ports: [{ protocol: 'TCP', port: 50002 }],
      },
      { ports: [{ protocol: 'TCP', port: 3000 }, { protocol: 'TCP', port: 9090 }] },
    ]);
    const api = policy(manifests, 'todo-api').spec;
    expect(api.egress[0]).toEqual({
      to: ['audit', 'notification-service', 'todo-api'].map((a) => ({ podSelector: { matchLabels: { app: a } } })),
      ports: [{ protocol: 'TCP', port: 50002 }],
    });
    expect(api.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dapr-system' } } }],
      ports: [6500, 50001, 50005, 50006].map((port) => ({ protocol: 'TCP', port })),
    });
    expect(api.egress[2]).toEqual({ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] });
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata?.name).sort()).toEqual(
      ['audit', 'notification-service', 'todo-api', 'worker'].map((a) => `${a}-dapr-access`),
    );
  });

  test('leave egress open unless asked', () => {
    const manifests = synth((chart) => {
      todoGraph(chart);
      new AccessControl(chart, 'acl', { networkPolicies: true });
    });
    for (const m of manifests.filter((x) => x.kind === 'NetworkPolicy')) {
      expect((m as any).spec.policyTypes).toEqual(['Ingress']);
      expect((m as any).spec.egress).toBeUndefined();
    }
  });

  test('when egress is restricted, allow the in-cluster services the app\'s Components name, and warn on the rest', () => {
    const { manifests, warnings } = synthChecked((chart) => {
      const store = new Component(chart, 'statestore', { type: ComponentType.STATE_REDIS, metadata: { redisHost: 'redis-master.data.svc.cluster.local:6379' } });
      const hook = new Component(chart, 'webhook', { type: ComponentType.BINDINGS_HTTP, metadata: { url: 'https://hooks.example.com/in' } });
      new AccessControl(chart, 'acl', { networkPolicies: { restrictEgress: true } });
      const a = app(chart, 'caller');
      app(chart, 'callee');
      a.invokes(app(chart, 'other'), { operations: [{ path: '/x' }] });
      a.uses(store, hook);
    });
    const egress = warnings.filter((w) => w.check === 'network-policy-egress');
    expect(egress.map((w) => w.resource)).toEqual(['Deployment/default/caller']);
    expect(egress[0].message).toBe(
      "NetworkPolicy caller-dapr-access restricts the app's egress, which cuts it off from: " +
        'hooks.example.com:443 (Component/default/webhook url, outside the cluster: not expressible as a NetworkPolicy peer).',
    );
    expect(policy(manifests, 'caller').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }],
      ports: [{ protocol: 'TCP', port: 6379 }],
    });
    // Apps that do not use the store get no rule for it.
    expect(JSON.stringify(policy(manifests, 'other').spec.egress)).not.toContain('"data"');
  });

  test('honour dapr.io/internal-grpc-port and metrics settings, and can leave egress open', () => {
    const manifests = synth((chart) => {
      new AccessControl(chart, 'acl', { networkPolicies: { restrictEgress: false } });
      const caller = app(chart, 'caller', { sidecar: { enableMetrics: false } });
      const callee = app(chart, 'callee', { sidecar: { internalGrpcPort: 51000, metricsPort: 9191 } });
      caller.invokes(callee, { operations: [{ path: '/x' }] });
    });
    const callee = policy(manifests, 'callee').spec;
    expect(callee.policyTypes).toEqual(['Ingress']);
    expect(callee.egress).toBeUndefined();
    expect(callee.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 51000 }]);
    expect(callee.ingress[1].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9191 }]);
    expect(policy(manifests, 'caller').spec.ingress[1].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });

  test('reach callers in other namespaces through a namespace selector', () => {
    const manifests = synth((chart) => {
      const other = new Chart(chart, 'other', { namespace: 'frontend' });
      new AccessControl(chart, 'acl', { networkPolicies: true });
      app(other, 'web').invokes(app(chart, 'api'), { operations: [{ path: '/x' }] });
    });
    expect(policy(manifests, 'api').spec.ingress[0].from).toContainEqual({
      podSelector: { matchLabels: { app: 'web' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend' } },
    });
    // The caller's namespace declared no AccessControl with NetworkPolicies: none for it.
    expect(manifests.some((m) => m.kind === 'NetworkPolicy' && m.metadata?.name === 'web-dapr-access')).toBe(false);
  });
});

describe('a Configuration shared by callees', () => {
  const tutorial = (sameOperations: boolean) => () => {
    const dapr = new DaprkitApp({ onWarnings: () => undefined });
    const chart = new Chart(dapr, 'calc', { namespace: 'calc' });
    const shared = new Configuration(chart, 'appconfig', { name: 'appconfig' });
    const front = app(chart, 'frontend', { config: shared });
    const add = app(chart, 'addapp', { config: shared });
    const sub = app(chart, 'subtractapp', { config: shared });
    front.invokes(add, { operations: [{ path: sameOperations ? '/calc' : '/add' }] });
    front.invokes(sub, { operations: [{ path: sameOperations ? '/calc' : '/subtract' }] });
    return dapr.synthManifests();
  };

  test('fails when callees with different callers or operations share one, saying how to fix it', () => {
    expect(tutorial(false)).toThrow(
      '[calc/appconfig] Configuration "appconfig" is loaded by callees addapp, subtractapp, which admit different callers or operations; ' +
        'its one access-control section would let every caller call all of them. ' +
        'Fix: give each of these callees a Configuration of its own (e.g. "addapp-config" with the same settings), passed as its `config`.',
    );
  });

  test('callees admitting the same callers and operations may share one', () => {
    const manifests = tutorial(true)();
    expect(find(manifests, 'Configuration', 'appconfig').spec.accessControl.policies).toHaveLength(1);
  });
});
