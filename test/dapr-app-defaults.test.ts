/** Defaults that run (issue 10 §1): resources, security context, token, namespaces, unchecked synth. */
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { DaprApp, DaprkitApp, DaprNamespaces } from '../index';
import { UNCHECKED_SYNTH_WARNING } from '../constructs/unchecked-synth';
import { find, podAnnotations, synth, synthChecked, synthReport } from './support/synth';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };

describe('DaprApp container props without the containers detour', () => {
  test('resources and securityContext apply to the image container, which keeps its name', () => {
    const deployment = find(
      synth((chart) =>
        new DaprApp(chart, 'orders', {
          ...basic,
          resources: { cpu: { request: kplus.Cpu.millis(200) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) } },
          securityContext: { readOnlyRootFilesystem: false },
        }),
      ),
      'Deployment',
      'orders',
    );
    const container = deployment.spec.template.spec.containers[0];
    expect(container.name).toBe('orders');
    expect(container.resources).toEqual({ requests: { cpu: '200m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: false, runAsNonRoot: true, allowPrivilegeEscalation: false });
  });

  test('runAsRoot is an explicit opt-out: root user, writable filesystem, pod-security exemption', () => {
    const { manifests, warnings } = synthChecked((chart) => new DaprApp(chart, 'orders', { ...basic, runAsRoot: true }));
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false });
    expect(podAnnotations(deployment)['daprkit.io/pod-security-exempt']).toBe('runAsRoot: the image runs as root');
    expect(warnings).toEqual([]);
  });

  test('a root securityContext without the opt-out gets the pod-security warning', () => {
    const { warnings } = synthChecked((chart) => new DaprApp(chart, 'orders', { ...basic, securityContext: { ensureNonRoot: false, user: 0 } }));
    expect(warnings.map((w) => w.check)).toEqual(['pod-security-restricted']);
    expect(warnings[0].message).toContain('container "orders" may run as root');
  });

  test('podSecurityExemption silences the pod-security warning with a reason', () => {
    const { manifests, warnings } = synthChecked((chart) =>
      new DaprApp(chart, 'orders', { ...basic, securityContext: { ensureNonRoot: false, user: 0 }, podSecurityExemption: 'vendor image needs root' }),
    );
    expect(warnings).toEqual([]);
    expect(podAnnotations(find(manifests, 'Deployment', 'orders'))['daprkit.io/pod-security-exempt']).toBe('vendor image needs root');
  });

  test('warns when a non-root app listens below 1024', () => {
    const { warnings } = synthChecked((chart) => new DaprApp(chart, 'web', { appId: 'web', image: 'web:1', appPort: 80 }));
    expect(warnings.map((w) => w.check)).toEqual(['privileged-app-port']);
  });

  test('fails when a container requests more than its limit', () => {
    expect(
      synthReport((chart) => new DaprApp(chart, 'orders', { ...basic, resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } })),
    ).toContain('container "orders" memory request "1024Mi" is above its limit "512Mi"; Kubernetes refuses the pod.');
  });

  test('mounting the service account token keeps the built-in Kubernetes secret store', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, automountServiceAccountToken: true })), 'Deployment', 'orders');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(podAnnotations(deployment)['dapr.io/disable-builtin-k8s-secret-store']).toBeUndefined();
  });
});

describe('Namespace objects', () => {
  test('one Namespace per namespace used, in a chart that comes first; none for default', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    const calc = new Chart(app, 'calc', { namespace: 'calc' });
    new DaprApp(calc, 'a', { appId: 'a', image: 'a:1' });
    new DaprApp(calc, 'b', { appId: 'b', image: 'b:1' });
    new DaprApp(new Chart(app, 'plain'), 'c', { appId: 'c', image: 'c:1' });
    const manifests = app.synthManifests();
    const namespaces = manifests.filter((m) => m.kind === 'Namespace');
    expect(namespaces.map((m) => m.metadata?.name)).toEqual(['calc']);
    expect(manifests[0].kind).toBe('Namespace');
  });

  test('namespaces managed elsewhere get none', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined, namespacesManagedElsewhere: ['calc'] });
    new DaprApp(new Chart(app, 'calc', { namespace: 'calc' }), 'a', { appId: 'a', image: 'a:1' });
    expect(app.synthManifests().filter((m) => m.kind === 'Namespace')).toEqual([]);
  });

  test('fails when a namespace is opted out after an app already used it', () => {
    expect(
      synthReport((chart) => {
        new DaprApp(chart, 'a', { appId: 'a', image: 'a:1' });
        DaprNamespaces.manageElsewhere(chart, 'calc');
      }, { namespace: 'calc' }),
    ).toContain('manageElsewhere: received "calc", expected a namespace no DaprApp has used yet');
  });
});

describe('a plain cdk8s App', () => {
  test('warns once that daprkit checks do not run', () => {
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i++) {
        const app = new App({ outdir: Testing.app().outdir });
        new DaprApp(new Chart(app, 'c'), 'a', { appId: 'a', image: 'a:1' });
        new DaprApp(new Chart(app, 'd'), 'b', { appId: 'b', image: 'b:1' });
        app.synthYaml();
      }
      const ours = emit.mock.calls.filter((c) => c[0] === UNCHECKED_SYNTH_WARNING);
      // Two apps, four charts (cdk8s validates every chart's tree again): one warning. Jest loads
      // modules per test file, and nothing else in this file synthesizes under a plain App.
      expect(ours).toHaveLength(1);
      expect(UNCHECKED_SYNTH_WARNING).toContain('DaprkitApp');
    } finally {
      emit.mockRestore();
    }
  });

  test('a DaprkitApp never warns', () => {
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      synth((chart) => new DaprApp(chart, 'a', { appId: 'a', image: 'a:1' }));
      expect(emit.mock.calls.filter((c) => c[0] === UNCHECKED_SYNTH_WARNING)).toEqual([]);
    } finally {
      emit.mockRestore();
    }
  });
});

describe('invoking an app by app-id', () => {
  test('warns with a did-you-mean when fromAppId is one edit away from an app of the namespace', () => {
    const { warnings } = synthChecked((chart) => {
      const front = new DaprApp(chart, 'front', { appId: 'front', image: 'front:1' });
      new DaprApp(chart, 'add', { appId: 'addapp', image: 'add:1', appPort: 6000 });
      front.invokes(DaprApp.fromAppId(chart, 'typo', 'addap'), { operations: [{ path: '/add' }] });
      front.invokes(DaprApp.fromAppId(chart, 'billing', 'billing'), { operations: [{ path: '/pay' }] });
    });
    expect(warnings.map((w) => w.message)).toEqual(['the app invokes "addap" in namespace "default", which no workload here runs. Did you mean "addapp"?']);
  });
});

describe('sidecar memory', () => {
  test('GOMEMLIMIT follows the memory limit at 90% and keeps the other env entries', () => {
    const deployment = find(
      synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { memory: { limit: Size.mebibytes(512) }, env: { LOG: 'x' } } })),
      'Deployment',
      'orders',
    );
    expect(podAnnotations(deployment)['dapr.io/env']).toBe('GOMEMLIMIT=460MiB,LOG=x');
  });

  test('an explicit GOMEMLIMIT wins, and no limit means no GOMEMLIMIT', () => {
    const own = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { env: { GOMEMLIMIT: '700MiB' } } })), 'Deployment', 'orders');
    expect(podAnnotations(own)['dapr.io/env']).toBe('GOMEMLIMIT=700MiB');
    const none = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { memory: {} } })), 'Deployment', 'orders');
    expect(podAnnotations(none)['dapr.io/env']).toBeUndefined();
  });

  test('fails when the sidecar requests more memory than its limit', () => {
    expect(
      synthReport((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } })),
    ).toContain('sidecar memory request "2Gi" is above its limit "1Gi"; Kubernetes refuses the pod.');
  });
});
