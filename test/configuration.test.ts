import { Chart, Duration, Testing } from 'cdk8s';
import { AccessAction } from '../constructs/access-control-policy';
import { DaprkitApp } from '../constructs/app';
import { Component } from '../constructs/component';
import { Configuration } from '../constructs/configuration';
import { ApiProtocol, BuiltinSecretStore, DaprApi, NameResolver, OtelProtocol, SecretAccess } from '../constructs/configuration-sections';
import { DaprApp, HttpVerb } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { failsAtSynth, find, podAnnotations, synth, synthChecked, synthError, synthReport } from './support/synth';

const middleware = (chart: Chart, name: string) =>
  new Component(chart, name, { name, type: ComponentType.MIDDLEWARE_HTTP_RATELIMIT, metadata: { maxRequestsPerSecond: 10 } });

describe('Configuration', () => {
  test('renders every section with the exact CRD field names', () => {
    const manifests = synth((chart) => {
      const limit = middleware(chart, 'ratelimit');
      const limit2 = middleware(chart, 'ratelimit-app');
      const vault = new Component(chart, 'vault', { name: 'envstore', type: ComponentType.SECRETSTORES_LOCAL_ENV });
      const config = new Configuration(chart, 'config', {
        name: 'appconfig',
        tracing: { samplingRate: 0.1, zipkinEndpoint: 'http://zipkin:9411/api/v2/spans', otel: { endpoint: 'otel:4318', protocol: OtelProtocol.HTTP, timeout: Duration.seconds(5) }, stdout: false },
        metrics: { enabled: true, latencyBuckets: [Duration.millis(10), Duration.millis(100)], http: { increasedCardinality: false, pathMatching: ['/orders/{id}'] }, recordErrorCodes: true, rules: [{ name: 'm', labels: [{ name: 'method', regex: { a: 'a.+' } }] }] },
        mtls: { workloadCertTtl: Duration.hours(12), allowedClockSkew: Duration.minutes(5), sentryAddress: 'dapr-sentry.dapr.svc.cluster.local:443' },
        nameResolution: { resolver: NameResolver.KUBERNETES },
        httpPipeline: [limit],
        appHttpPipeline: [limit2],
        secretScopes: [{ store: vault, allowedSecrets: ['b', 'a'] }],
        allowedApis: [{ api: DaprApi.STATE, version: 'v1.0', protocol: ApiProtocol.HTTP }],
        deniedApis: [{ api: DaprApi.PUBLISH, version: 'v1' }],
        deniedComponentTypes: ['bindings.smtp'],
        apiLogging: { enabled: true, obfuscateUrls: true },
        wasmStrictSandbox: true,
      });
      // Added after construction: the lazily produced spec still contains them.
      config.addFeature('HotReload');
      config.addSecretScope(BuiltinSecretStore.KUBERNETES, { defaultAccess: SecretAccess.ALLOW, deniedSecrets: ['admin'] });
      config.denyComponentType('secretstores.local.file/v1');
    });
    expect(manifests).toMatchSnapshot();

    const spec = find(manifests, 'Configuration', 'appconfig').spec;
    expect(spec.tracing).toEqual({
      samplingRate: '0.1',
      stdout: false,
      zipkin: { endpointAddress: 'http://zipkin:9411/api/v2/spans' },
      otel: { endpointAddress: 'otel:4318', protocol: 'http', isSecure: true, timeout: '5s' },
    });
    // `metrics` (not `metric`): Dapr lets it win, and the CRD defaults the other to enabled.
    expect(spec.metric).toBeUndefined();
    expect(spec.metrics.latencyDistributionBuckets).toEqual([10, 100]);
    expect(spec.mtls).toEqual({
      enabled: true,
      controlPlaneTrustDomain: 'cluster.local',
      sentryAddress: 'dapr-sentry.dapr.svc.cluster.local:443',
      workloadCertTTL: '12h',
      allowedClockSkew: '5m',
    });
    expect(spec.httpPipeline).toEqual({ handlers: [{ name: 'ratelimit', type: 'middleware.http.ratelimit' }] });
    expect(spec.appHttpPipeline.handlers[0].name).toBe('ratelimit-app');
    expect(spec.nameResolution).toEqual({ component: 'kubernetes', version: 'v1', configuration: {} });
    expect(spec.secrets.scopes).toEqual([
      { storeName: 'envstore', defaultAccess: 'deny', allowedSecrets: ['a', 'b'] },
      { storeName: 'kubernetes', defaultAccess: 'allow', deniedSecrets: ['admin'] },
    ]);
    expect(spec.api).toEqual({ allowed: [{ name: 'state', version: 'v1.0', protocol: 'http' }], denied: [{ name: 'publish', version: 'v1' }] });
    expect(spec.components).toEqual({ deny: ['bindings.smtp', 'secretstores.local.file/v1'] });
    expect(spec.features).toEqual([{ name: 'HotReload', enabled: true }]);
    expect(spec.logging).toEqual({ apiLogging: { enabled: true, obfuscateURLs: true } });
    expect(spec.wasm).toEqual({ strictSandbox: true });
    expect(spec.accessControl).toBeUndefined();
  });

  test('writes nothing by default: mTLS is the control plane\'s, not the app Configuration\'s', () => {
    const manifests = synth((chart) => new Configuration(chart, 'c', { name: 'plain' }));
    expect(find(manifests, 'Configuration', 'plain').spec).toEqual({});
  });

  test('writes an mtls section only when asked, and synth warns that only daprsystem counts', () => {
    const { manifests, warnings } = synthChecked((chart) => {
      new Configuration(chart, 'a', { name: 'no-section', mtls: false });
      new Configuration(chart, 'b', { name: 'disabled', mtls: { enabled: false } });
    });
    expect(find(manifests, 'Configuration', 'no-section').spec.mtls).toBeUndefined();
    expect(find(manifests, 'Configuration', 'disabled').spec.mtls).toEqual({ enabled: false, controlPlaneTrustDomain: 'cluster.local', sentryAddress: 'dapr-sentry.dapr-system.svc.cluster.local:443' });
    expect(warnings).toEqual([expect.objectContaining({ check: 'configuration-mtls', resource: 'Configuration/default/disabled', message: expect.stringContaining('Only the "daprsystem" Configuration') })]);
  });

  test('hand-written access-control policies are sorted and their operations merged', () => {
    const manifests = synth((chart) => {
      const config = new Configuration(chart, 'c', { name: 'acl', accessControl: { trustDomain: 'prod' } });
      config.addAccessControlPolicy(DaprApp.fromAppId(chart, 'z', 'zeta'), { operations: [{ path: '/b', verbs: [HttpVerb.PUT] }, { path: '/a', verbs: [HttpVerb.POST] }, { path: '/a', verbs: [HttpVerb.GET] }] });
      config.addAccessControlPolicy(DaprApp.fromAppId(chart, 'a', 'alpha', { namespace: 'other' }), { trustDomain: 'edge', defaultAction: AccessAction.ALLOW });
    });
    expect(find(manifests, 'Configuration', 'acl').spec.accessControl).toEqual({
      defaultAction: 'deny',
      trustDomain: 'prod',
      policies: [
        { appId: 'alpha', namespace: 'other', trustDomain: 'edge', defaultAction: 'allow' },
        {
          appId: 'zeta',
          namespace: 'default',
          trustDomain: 'public',
          defaultAction: 'deny',
          operations: [
            { name: '/a', httpVerb: ['GET', 'POST'], action: 'allow' },
            { name: '/b', httpVerb: ['PUT'], action: 'allow' },
          ],
        },
      ],
    });
  });

  test('takes the chart namespace, and apps point at it with dapr.io/config', () => {
    const manifests = synth(
      (chart) => {
        const config = new Configuration(chart, 'c', { name: 'ns-config' });
        new DaprApp(chart, 'app', { appId: 'orders', image: 'orders:1', config });
      },
      { namespace: 'shop' },
    );
    expect(find(manifests, 'Configuration', 'ns-config').metadata?.namespace).toBe('shop');
    expect(podAnnotations(find(manifests, 'Deployment', 'orders'))['dapr.io/config']).toBe('ns-config');
  });

  test('without a name, is named after its construct id (no hash), and apps reference that', () => {
    const manifests = synth((chart) => {
      const config = new Configuration(chart, 'settings');
      new DaprApp(chart, 'app', { appId: 'orders', image: 'orders:1', config });
    });
    const config = manifests.find((m) => m.kind === 'Configuration')!;
    expect(config.metadata?.name).toBe('settings');
    expect(podAnnotations(find(manifests, 'Deployment', 'orders'))['dapr.io/config']).toBe(config.metadata?.name);
  });

  test('fromName references an existing Configuration', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const ref = Configuration.fromName(chart, 'ref', 'shared');
    expect([ref.name, ref.namespace]).toEqual(['shared', 'shop']);
    expect(Configuration.isConfiguration(ref)).toBe(false);
  });
});

describe('Configuration misuse', () => {
  test('fails on a sampling rate outside 0..1, naming the path and value', () => {
    expect(synthReport((c) => new Configuration(c, 'c', { tracing: { samplingRate: 1.5 } }))).toContain(
      '[test/c] tracing.samplingRate: received 1.5, expected a number from 0 to 1. Fix: use 1 to trace every request, 0.1 for one in ten.',
    );
  });

  test('fails at synth on a non-middleware Component in a pipeline', () => {
    expect(
      failsAtSynth((c) => {
        const store = Component.fromName(c, 's', 'statestore', { type: ComponentType.STATE_REDIS });
        new Configuration(c, 'c', { httpPipeline: [store] });
      }),
    ).toThrow(/\[test\/c\] httpPipeline: received "statestore \(state.redis\)", expected a middleware.\* Component/);
  });

  test('fails at synth on a second scope for the same secret store', () => {
    expect(
      failsAtSynth((c) => {
        const config = new Configuration(c, 'c');
        config.addSecretScope(BuiltinSecretStore.KUBERNETES);
        config.addSecretScope(BuiltinSecretStore.KUBERNETES);
      }),
    ).toThrow(/\[test\/c\] secretScopes.store: received "kubernetes", expected one scope per store/);
  });

  test('fails at synth on a secret both allowed and denied', () => {
    expect(failsAtSynth((c) => new Configuration(c, 'c', { secretScopes: [{ store: BuiltinSecretStore.KUBERNETES, allowedSecrets: ['x'], deniedSecrets: ['x'] }] }))).toThrow(
      /\[test\/c\] secretScopes\["kubernetes"\]: received \["x"\]/,
    );
  });

  test('fails at synth on an imported name that is not a DNS subdomain', () => {
    expect(failsAtSynth((c) => Configuration.fromName(c, 'ref', 'Shared_Config'))).toThrow(
      '[test/ref] name: received "Shared_Config", expected a DNS subdomain. Fix: use the metadata.name of the existing Configuration.',
    );
  });

  test('fails at synth on an API version that is not a route version', () => {
    expect(failsAtSynth((c) => new Configuration(c, 'c', { allowedApis: [{ api: DaprApi.STATE, version: '1.0' }] }))).toThrow(/\[test\/c\] allowedApis.version: received "1.0"/);
  });

  test('fails on latency buckets that are not ascending whole milliseconds', () => {
    expect(synthReport((c) => new Configuration(c, 'c', { metrics: { latencyBuckets: [Duration.millis(10), Duration.millis(5)] } }))).toMatch(/metrics.latencyBuckets: received \["10ms","5ms"\], expected strictly ascending buckets/);
  });

  test('fails at synth on an invalid name and on a component type that is not one', () => {
    expect(synthReport((c) => new Configuration(c, 'c', { name: 'App_Config' }))).toMatch(/\[test\/c\] name: received "App_Config"/);
    expect(failsAtSynth((c) => new Configuration(c, 'c', { deniedComponentTypes: ['smtp'] }))).toThrow(/\[test\/c\] deniedComponentTypes: received "smtp"/);
  });

  test('fails at synth on two rules with different actions for one path (Dapr would keep only the first)', () => {
    expect(
      failsAtSynth((c) => {
        new Configuration(c, 'c').addAccessControlPolicy(DaprApp.fromAppId(c, 'a', 'a'), {
          operations: [{ path: '/x', action: AccessAction.ALLOW }, { path: '/x', action: AccessAction.DENY }],
        });
      }),
    ).toThrow(/\[test\/c\] accessControl.operations: received \["\/x"\], expected one action per path/);
  });

  test('a recorded mistake leaves the bad entry out (the first of two stays), so no check repeats it', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const c = new Chart(app, 'test');
    const config = new Configuration(c, 'c', {
      features: [{ name: 'HotReload' }, { name: 'HotReload', enabled: false }, { name: '1bad' }],
      mtls: { workloadCertTtl: Duration.seconds(0) },
      allowedApis: [{ api: DaprApi.STATE, version: 'v1.0' }, { api: DaprApi.STATE, version: '1.0' }],
    });
    config.addAccessControlPolicy(DaprApp.fromAppId(c, 'a', 'a'), {
      operations: [{ path: 'nope', action: AccessAction.ALLOW }, { path: '/x', action: AccessAction.ALLOW }, { path: '/x', action: AccessAction.DENY }, { path: '/ok' }],
    });
    config.addAccessControlPolicy(DaprApp.fromAppId(c, 'a2', 'a'), {});
    const error = synthError(app);
    expect(error.constructErrors.map((e) => e.split(':')[0])).toEqual([
      '[test/c] mtls.workloadCertTtl',
      '[test/c] features["HotReload"]',
      '[test/c] features.name',
      '[test/c] allowedApis.version',
      '[test/c] accessControl.operations.path',
      '[test/c] accessControl.operations',
      '[test/c] accessControl.policies',
    ]);
    // Warnings about this test's setup (an unknown caller, an mtls section outside daprsystem) are not about the mistakes.
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const spec = config.apiObject.toJson().spec;
    expect(spec.mtls).not.toHaveProperty('workloadCertTTL');
    expect(spec.features).toEqual([{ name: 'HotReload', enabled: true }]);
    expect(spec.api).toEqual({ allowed: [{ name: 'state', version: 'v1.0' }] });
    expect(spec.accessControl.policies[0].operations).toEqual([{ name: '/ok', httpVerb: ['*'], action: 'allow' }]);
  });
});
