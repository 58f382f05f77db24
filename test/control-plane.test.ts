import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { DaprkitApp } from '../constructs/app';
import { ControlPlane, ControlPlaneFlavour } from '../constructs/control-plane';
import { PodAntiAffinityPolicy } from '../constructs/control-plane-values';
import { LogLevel } from '../constructs/sidecar';
import { DaprApp } from '../constructs/dapr-app';
import { DAPR_CHART_VALUES } from '../dapr/control-plane';
import { find, synth, synthReport } from './support/synth';
import { validateGitOpsObject } from './support/validate';

describe('ControlPlane (Flux, the default)', () => {
  const manifests = synth((chart) => {
    new ControlPlane(chart, 'dapr');
  });

  test('installs the pinned dapr chart from Dapr\'s repository into dapr-system', () => {
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}`)).toEqual([
      'v1 Namespace',
      'source.toolkit.fluxcd.io/v1 HelmRepository',
      'helm.toolkit.fluxcd.io/v2 HelmRelease',
    ]);
    expect(find(manifests, 'Namespace', 'dapr-system')).toBeDefined();
    expect(find(manifests, 'HelmRepository', 'dapr').spec.url).toBe('https://dapr.github.io/helm-charts');
    const release = find(manifests, 'HelmRelease', 'dapr');
    expect(release.metadata?.namespace).toBe('dapr-system');
    expect(release.spec.chart.spec).toEqual({ chart: 'dapr', version: '1.18.3', sourceRef: { kind: 'HelmRepository', name: 'dapr', namespace: 'dapr-system' } });
  });

  test('creates and replaces CRDs, waits for health and rolls back a failed upgrade', () => {
    const spec = find(manifests, 'HelmRelease', 'dapr').spec;
    expect(spec.install).toEqual({ crds: 'CreateReplace', disableWait: false, remediation: { retries: 3 } });
    expect(spec.upgrade).toMatchObject({ crds: 'CreateReplace', disableWait: false, remediation: { strategy: 'rollback', remediateLastFailure: true } });
    expect(spec.timeout).toBe('10m');
  });

  test('is secure by default: mTLS on, spelled out in the values', () => {
    expect(find(manifests, 'HelmRelease', 'dapr').spec.values).toEqual({ global: { mtls: { enabled: true } } });
  });

  test('every object validates against the Flux models', () => {
    for (const m of manifests.filter((m) => m.kind !== 'Namespace')) expect(() => validateGitOpsObject(m)).not.toThrow();
    expect(manifests).toMatchSnapshot();
  });

  test('fails schema validation when a field is wrong (the oracle can fail)', () => {
    const release = find(manifests, 'HelmRelease', 'dapr');
    expect(() => validateGitOpsObject({ ...release, spec: { ...release.spec, install: { crds: 'Always' } } })).toThrow(/crds/);
  });
});

describe('ControlPlane typed values', () => {
  const values = (props: ConstructorParameters<typeof ControlPlane>[2]) =>
    find(synth((chart) => new ControlPlane(chart, 'dapr', props)), 'HelmRelease', 'dapr').spec.values;

  test('map to the chart\'s value names, with durations and quantities rendered', () => {
    expect(
      values({
        registry: 'registry.example.com/dapr',
        tag: '1.18.3-mariner',
        imagePullSecrets: ['regcred'],
        ha: { enabled: true, replicaCount: 5, podAntiAffinityPolicy: PodAntiAffinityPolicy.REQUIRED },
        mtls: { workloadCertTTL: Duration.hours(12), allowedClockSkew: Duration.minutes(5) },
        logAsJson: true,
        logLevel: LogLevel.WARN,
        prometheus: { enabled: false },
        actors: false,
        services: {
          operator: { replicaCount: 2, resources: { cpu: { request: Cpu.millis(100) }, memory: { limit: Size.mebibytes(512) } } },
          scheduler: { logLevel: LogLevel.DEBUG, storageSize: Size.gibibytes(32), storageClassName: 'fast' },
        },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'dapr', effect: 'NoSchedule' }],
        priorityClassName: 'system-cluster-critical',
      }),
    ).toEqual({
      global: {
        registry: 'registry.example.com/dapr',
        tag: '1.18.3-mariner',
        imagePullSecrets: [{ name: 'regcred' }],
        ha: { enabled: true, replicaCount: 5, podAntiAffinityPolicy: 'requiredDuringSchedulingIgnoredDuringExecution' },
        mtls: { enabled: true, workloadCertTTL: '12h', allowedClockSkew: '5m' },
        logAsJson: true,
        prometheus: { enabled: false },
        actors: { enabled: false },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'dapr', effect: 'NoSchedule' }],
        priorityClassName: 'system-cluster-critical',
      },
      dapr_operator: { logLevel: 'warn', replicaCount: 2, resources: { requests: { cpu: '100m' }, limits: { memory: '512Mi' } } },
      dapr_placement: { logLevel: 'warn' },
      dapr_sentry: { logLevel: 'warn' },
      dapr_sidecar_injector: { logLevel: 'warn' },
      dapr_scheduler: { logLevel: 'debug', cluster: { storageSize: '32Gi', storageClassName: 'fast' } },
    });
  });

  test('every typed value names a key the chart has', () => {
    const v = values({ ha: { enabled: true, replicaCount: 3, topologyKey: 'kubernetes.io/hostname' }, services: { scheduler: { storageSize: Size.gibibytes(1) }, sentry: { replicaCount: 1 } }, scheduler: false, logAsJson: true });
    const has = (obj: unknown, keys: string[]): boolean => keys.length === 0 || (obj !== null && typeof obj === 'object' && keys[0] in (obj as object) && has((obj as any)[keys[0]], keys.slice(1)));
    const leaves = (obj: any, prefix: string[] = []): string[][] =>
      Object.entries(obj).flatMap(([k, x]) => (x && typeof x === 'object' && !Array.isArray(x) ? leaves(x, [...prefix, k]) : [[...prefix, k]]));
    for (const leaf of leaves(v)) expect({ leaf: leaf.join('.'), known: has(DAPR_CHART_VALUES, leaf) }).toEqual({ leaf: leaf.join('.'), known: true });
  });

  test('raw values are deep-merged last, over the typed ones', () => {
    expect(values({ ha: { enabled: true }, values: { global: { ha: { enabled: false, replicaCount: 5 } }, dapr_sentry: { extraArgs: ['--jwt-ttl=48h'] } } })).toEqual({
      global: { mtls: { enabled: true }, ha: { enabled: false, replicaCount: 5 } },
      dapr_sentry: { extraArgs: ['--jwt-ttl=48h'] },
    });
  });

  test.each([
    [{ version: 'latest' }, /version: received "latest", expected a Dapr release version/],
    [{ ha: { replicaCount: 0 } }, /ha.replicaCount: received 0, expected a whole number of at least 1/],
    [{ namespace: 'Dapr_System' }, /namespace: received "Dapr_System", expected a DNS label/],
    [{ mtls: { workloadCertTTL: Duration.seconds(0) } }, /mtls.workloadCertTTL: received 0/],
  ])('fails on bad input %j, naming the construct path and field', (props, message) => {
    expect(() => synth((chart) => new ControlPlane(chart, 'dapr', props))).toThrow(message);
    expect(() => synth((chart) => new ControlPlane(chart, 'dapr', props))).toThrow(/\[test\/dapr\]/);
  });

  test('fails with every bad input in one report at synth, each once, instead of throwing at the first', () => {
    const build = (chart: Chart) =>
      new ControlPlane(chart, 'dapr', {
        version: 'latest',
        namespace: 'Dapr_System',
        ha: { enabled: true, replicaCount: 0 },
        services: { sentry: { replicaCount: -2 } },
        mtls: { allowedClockSkew: Duration.seconds(0) },
      });
    expect(() => build(new Chart(new DaprkitApp(), 'test'))).not.toThrow();
    const report = synthReport(build);
    for (const field of ['version: received "latest"', 'namespace: received "Dapr_System"', 'ha.replicaCount: received 0', 'services.sentry.replicaCount: received -2', 'mtls.allowedClockSkew: received 0']) {
      expect(report.split(`[test/dapr] ${field}`)).toHaveLength(2);
    }
    expect(report).toMatch(/synthesis failed with 5 errors/);
  });
});

describe('ControlPlane (Argo CD)', () => {
  const manifests = synth((chart) => {
    new ControlPlane(chart, 'dapr', { flavour: ControlPlaneFlavour.ARGO_CD, ha: { enabled: true } });
  });
  const app = find(manifests, 'Application', 'dapr');

  test('is one Application with a Helm source of the pinned chart, in an earlier sync wave than the apps', () => {
    expect(manifests).toHaveLength(1);
    expect(app.metadata).toEqual({ name: 'dapr', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } });
    expect(app.spec.source).toEqual({
      repoURL: 'https://dapr.github.io/helm-charts',
      chart: 'dapr',
      targetRevision: '1.18.3',
      helm: { releaseName: 'dapr', valuesObject: { global: { ha: { enabled: true }, mtls: { enabled: true } } } },
    });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'dapr-system' });
  });

  test('applies server-side and ignores the caBundle fields the control plane patches', () => {
    expect(app.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'CreateNamespace=true', 'RespectIgnoreDifferences=true']));
    expect(app.spec.ignoreDifferences).toEqual([
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
    ]);
  });

  test('validates against the Argo CD model', () => {
    expect(() => validateGitOpsObject(app)).not.toThrow();
    expect(() => validateGitOpsObject({ ...app, spec: { ...app.spec, destination: 'dapr-system' } })).toThrow();
    expect(manifests).toMatchSnapshot();
  });
});

describe('ordering', () => {
  test('app charts that require the control plane come after it in dist/', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-cp-'));
    try {
      const app = new DaprkitApp({ outdir, onWarnings: () => undefined });
      const apps = new Chart(app, 'apps');
      const orders = new DaprApp(apps, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
      const system = new Chart(app, 'control-plane');
      new ControlPlane(system, 'dapr').requiredBy(orders);
      app.synth();
      expect(fs.readdirSync(outdir).sort()).toEqual(['0000-control-plane.k8s.yaml', '0001-apps.k8s.yaml']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('Flux dependsOn', () => {
  test('Flux HelmReleases of dependent scopes wait for the control plane\'s release', () => {
    const manifests = synth((chart) => {
      const cp = new ControlPlane(chart, 'dapr');
      const { ApiObject } = require('cdk8s') as typeof import('cdk8s');
      const redis = new ApiObject(chart, 'redis', { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'redis', namespace: 'redis' }, spec: { interval: '10m', chart: { spec: { chart: 'redis', sourceRef: { kind: 'HelmRepository', name: 'bitnami' } } } } });
      const other = new ApiObject(chart, 'other', { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'other' }, spec: { interval: '10m', dependsOn: [{ name: 'redis', namespace: 'redis' }], chart: { spec: { chart: 'x', sourceRef: { kind: 'HelmRepository', name: 'y' } } } } });
      cp.requiredBy(redis, other);
    });
    expect(find(manifests, 'HelmRelease', 'redis').spec.dependsOn).toEqual([{ name: 'dapr', namespace: 'dapr-system' }]);
    expect(find(manifests, 'HelmRelease', 'other').spec.dependsOn).toEqual([{ name: 'redis', namespace: 'redis' }, { name: 'dapr', namespace: 'dapr-system' }]);
    expect(find(manifests, 'HelmRelease', 'dapr').spec.dependsOn).toBeUndefined();
    for (const m of manifests.filter((m) => m.kind === 'HelmRelease')) expect(() => validateGitOpsObject(m)).not.toThrow();
  });
});
