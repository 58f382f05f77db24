import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Cpu } from 'cdk8s-plus-28';
import { POD_ANNOTATION_KEYS } from '../dapr/annotations';
import { ANNOTATIONS_BY_KEY } from '../dapr/annotations';
import { annotationValueProblem } from '../checks/annotations';
import { APP_CONTAINER_DEFAULT_RESOURCES, AppProtocol, DaprApp, DaprkitApp, HttpVerb, InitEndpoint, LogLevel, SidecarOptions, SidecarSeccompProfile, TokenSecret } from '../index';
import { find, podAnnotations, synth, synthChecked } from './support/synth';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };

describe('DaprApp', () => {
  test('synthesizes an annotated Deployment and a Service named after the app-id', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', basic));
    expect(manifests.map((m) => `${m.kind}/${m.metadata?.name}`)).toEqual(['ServiceAccount/orders', 'Deployment/orders', 'Service/orders']);
    expect(manifests).toMatchSnapshot();

    const deployment = find(manifests, 'Deployment', 'orders');
    const annotations = podAnnotations(deployment);
    expect(annotations['dapr.io/enabled']).toBe('true');
    expect(annotations['dapr.io/app-id']).toBe('orders');
    expect(annotations['dapr.io/app-port']).toBe('8080');
    // Annotations go on the pod template, never on the Deployment's own metadata.
    expect(deployment.metadata?.annotations ?? {}).toEqual({});
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'orders' });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'orders' });
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);

    const service = find(manifests, 'Service', 'orders');
    expect(service.spec.selector).toEqual({ app: 'orders' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
  });

  test('is secure by default: restricted app container, sidecar limits and seccomp', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', basic)), 'Deployment', 'orders');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // Modest requests (not cdk8s-plus's 1 CPU / 512Mi), a memory limit, no CPU limit.
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(APP_CONTAINER_DEFAULT_RESOURCES.cpu?.limit).toBeUndefined();
    // No service account token: daprd's built-in Kubernetes secret store is turned off to match.
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(podAnnotations(deployment)['dapr.io/disable-builtin-k8s-secret-store']).toBe('true');
    // The annotation is one the injector reads on pods, and takes a boolean.
    const spec = ANNOTATIONS_BY_KEY.get('dapr.io/disable-builtin-k8s-secret-store')!;
    expect(spec).toMatchObject({ appliesTo: 'Pod', format: 'bool' });
    expect(annotationValueProblem(spec, 'true')).toBeUndefined();
    // GOMEMLIMIT at 90% of the sidecar memory limit, against OOM kills.
    expect(podAnnotations(deployment)['dapr.io/env']).toBe('GOMEMLIMIT=900MiB');
    expect(podAnnotations(deployment)).toMatchObject({
      'dapr.io/sidecar-cpu-request': '100m',
      'dapr.io/sidecar-cpu-limit': '300m',
      'dapr.io/sidecar-memory-request': '250Mi',
      'dapr.io/sidecar-memory-limit': '1000Mi',
      'dapr.io/sidecar-seccomp-profile-type': 'RuntimeDefault',
    });
  });

  test('opting out of sidecar resources is explicit', () => {
    const deployment = find(
      synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { cpu: {}, memory: { limit: Size.gibibytes(1) } } })),
      'Deployment',
      'orders',
    );
    const annotations = podAnnotations(deployment);
    expect(annotations['dapr.io/sidecar-cpu-limit']).toBeUndefined();
    expect(annotations['dapr.io/sidecar-memory-limit']).toBe('1Gi');
    expect(annotations['dapr.io/sidecar-memory-request']).toBeUndefined();
  });

  test('every pod annotation Dapr reads is reachable from a typed prop', () => {
    const everyOption: Required<SidecarOptions> = {
      appChannelAddress: '127.0.0.1',
      appMaxConcurrency: 10,
      appSsl: false,
      appBindingOptionsTimeout: Duration.seconds(10),
      disableInitEndpoints: [InitEndpoint.CONFIG, InitEndpoint.SUBSCRIBE],
      enableAppHealthCheck: true,
      appHealthCheckPath: '/health',
      appHealthProbeInterval: Duration.seconds(10),
      appHealthProbeTimeout: Duration.millis(800),
      appHealthThreshold: 4,
      logLevel: LogLevel.DEBUG,
      logAsJson: true,
      enableApiLogging: true,
      enableProfiling: true,
      enableMetrics: false,
      metricsPort: 9091,
      enableDebug: true,
      debugPort: 40001,
      grpcPort: 50011,
      internalGrpcPort: 50012,
      listenAddresses: ['0.0.0.0'],
      unixDomainSocketPath: '/var/run/dapr',
      apiTokenSecret: TokenSecret.fromSecretName('api-token'),
      appTokenSecret: TokenSecret.fromSecret(new kplus.Secret(Testing.chart(), 'app-token', { metadata: { name: 'app-token' } })),
      sentryRequestJwtAudiences: ['a', 'b'],
      disableBuiltinK8sSecretStore: true,
      seccompProfileType: SidecarSeccompProfile.LOCALHOST,
      env: { GOMEMLIMIT: '400MiB', A: 'b' },
      envFromSecret: { DB_PASSWORD: { secretName: 'db', key: 'password' }, TOKEN: { secretName: 'token' } },
      volumeMounts: [{ volume: 'certs', mountPath: '/certs' }],
      volumeMountsRw: [{ volume: 'cache', mountPath: '/cache' }],
      cpu: { request: Cpu.millis(50), limit: Cpu.units(1) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(512) },
      livenessProbe: { initialDelay: Duration.seconds(5), timeout: Duration.seconds(2), period: Duration.seconds(7), failureThreshold: 3 },
      readinessProbe: { initialDelay: Duration.seconds(2), timeout: Duration.seconds(2), period: Duration.seconds(3), failureThreshold: 2 },
      image: 'ghcr.io/dapr/daprd:1.18.3',
      maxBodySize: Size.mebibytes(16),
      readBufferSize: Size.kibibytes(16),
      httpMaxRequestSize: 16,
      httpReadBufferSize: 16,
      gracefulShutdown: Duration.seconds(20),
      blockShutdownDuration: Duration.seconds(30),
      enableNativeSidecar: true,
      placementHostAddresses: [],
      schedulerHostAddresses: ['scheduler-0:50006'],
      actorsDisseminateTimeout: Duration.minutes(1),
      pluggableComponents: ['my-store'],
      pluggableComponentsSocketsFolder: '/var/run/sockets',
      injectPluggableComponents: true,
      serviceAnnotations: { 'prometheus.io/scrape': 'true' },
    };
    const { manifests, warnings } = synthChecked((chart) => {
      new DaprApp(chart, 'orders', {
        ...basic,
        appProtocol: AppProtocol.GRPC,
        containers: [
          { image: 'orders:1.0', portNumber: 8080 },
          { name: 'my-store', image: 'store:1.0' },
        ],
        image: undefined,
        sidecar: everyOption,
        config: undefined,
      });
    });
    const annotations = podAnnotations(find(manifests, 'Deployment', 'orders'));
    const produced = new Set([...Object.keys(annotations), 'dapr.io/config']);
    expect(POD_ANNOTATION_KEYS.filter((k) => !produced.has(k))).toEqual([]);
    expect(POD_ANNOTATION_KEYS).toHaveLength(63);
    // Values are the strings the injector parses.
    expect(annotations).toMatchObject({
      'dapr.io/app-binding-options-timeout': '10s',
      'dapr.io/app-health-probe-interval': '10',
      'dapr.io/app-health-probe-timeout': '800',
      'dapr.io/disable-init-endpoints': 'config,subscribe',
      'dapr.io/env': 'A=b,GOMEMLIMIT=400MiB',
      'dapr.io/env-from-secret': 'DB_PASSWORD=db:password,TOKEN=token',
      'dapr.io/volume-mounts': 'certs:/certs',
      'dapr.io/sidecar-cpu-limit': '1',
      'dapr.io/max-body-size': '16Mi',
      'dapr.io/read-buffer-size': '16Ki',
      'dapr.io/graceful-shutdown-seconds': '20',
      'dapr.io/placement-host-address': '',
      'dapr.io/actors-disseminate-timeout': '1m',
      'dapr.io/sidecar-liveness-probe-delay-seconds': '5',
      'dapr.io/enable-metrics': 'false',
      'dapr.io/app-protocol': 'grpc',
    });
    // Deprecated annotations are accepted, with a warning naming the replacement.
    expect(warnings.map((w) => w.field)).toEqual(
      expect.arrayContaining([
        'spec.template.metadata.annotations["dapr.io/app-ssl"]',
        'spec.template.metadata.annotations["dapr.io/http-max-request-size"]',
        'spec.template.metadata.annotations["dapr.io/http-read-buffer-size"]',
      ]),
    );
    expect(warnings.find((w) => w.field.includes('app-ssl'))?.hint).toContain('dapr.io/app-protocol');
  });

  test('adds appPort to the first container when no container declares a port', () => {
    const deployment = find(
      synth((chart) => new DaprApp(chart, 'orders', { appId: 'orders', containers: [{ image: 'orders:1.0' }], appPort: 9000 })),
      'Deployment',
      'orders',
    );
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9000 }]);
  });

  test('an app without a port gets no Service unless asked', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'worker', { appId: 'worker', image: 'worker:1.0' }));
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'Deployment']);
    expect(podAnnotations(find(manifests, 'Deployment', 'worker'))['dapr.io/app-port']).toBeUndefined();
  });

  test('honours namespace, replicas, labels, service port and gRPC naming', () => {
    const manifests = synth((chart) =>
      new DaprApp(chart, 'orders', {
        ...basic,
        namespace: 'shop',
        replicas: 3,
        labels: { team: 'checkout' },
        appProtocol: AppProtocol.GRPC,
        service: { port: 50051 },
      }),
    );
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.metadata?.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata?.labels).toEqual({ app: 'orders', team: 'checkout' });
    const service = find(manifests, 'Service', 'orders');
    expect(service.metadata?.namespace).toBe('shop');
    expect(service.spec.ports).toEqual([{ name: 'grpc', port: 50051, targetPort: 8080 }]);
  });

  test('takes the chart namespace when none is given', () => {
    let app: DaprApp | undefined;
    synth((chart) => (app = new DaprApp(chart, 'orders', basic)), { namespace: 'shop' });
    expect(app?.namespace).toBe('shop');
  });

  test('extraAnnotations pass through known and foreign keys', () => {
    const deployment = find(
      synth((chart) => new DaprApp(chart, 'orders', { ...basic, extraAnnotations: { 'dapr.io/log-level': 'debug', 'example.com/owner': 'team-a' } })),
      'Deployment',
      'orders',
    );
    expect(podAnnotations(deployment)).toMatchObject({ 'dapr.io/log-level': 'debug', 'example.com/owner': 'team-a' });
  });

  test('invokes() records the edge on the caller as a daprkit.io/invokes annotation', () => {
    const manifests = synth((chart) => {
      const api = new DaprApp(chart, 'api', { appId: 'api', image: 'api:1' });
      const orders = new DaprApp(chart, 'orders', basic);
      api.invokes(orders, { operations: [{ path: '/orders', verbs: [HttpVerb.POST, HttpVerb.GET] }] });
      api.invokes(orders, { operations: [{ path: '/health' }] });
      expect(api.invocations).toHaveLength(2);
    });
    const edges = JSON.parse(podAnnotations(find(manifests, 'Deployment', 'api'))['daprkit.io/invokes']);
    expect(edges).toEqual([{ appId: 'orders', operations: [{ path: '/orders', verbs: ['GET', 'POST'] }, { path: '/health' }] }]);
  });

  test('fromAppId references an app defined elsewhere', () => {
    const chart = Testing.chart();
    const ref = DaprApp.fromAppId(chart, 'ext', 'billing', { namespace: 'finance' });
    expect(ref.appId).toBe('billing');
    expect(ref.namespace).toBe('finance');
  });

  describe('records construct-local misuse and reports it at synth', () => {
    const build = (props: Partial<ConstructorParameters<typeof DaprApp>[2]>) => () => {
      const app = new DaprkitApp({ onWarnings: () => undefined });
      new DaprApp(new Chart(app, 'test'), 'orders', { ...basic, ...props } as ConstructorParameters<typeof DaprApp>[2]);
      app.synthManifests();
    };

    test('fails on an app-id that is not a DNS label, naming path, field, value and a fix', () => {
      expect(build({ appId: 'Orders_Service' })).toThrow(/\[test\/orders\] appId: received "Orders_Service".*upper-case.*"orders-service"/);
      expect(build({ appId: 'a'.repeat(64) })).toThrow(/64 characters long/);
    });

    test('fails on an appPort out of range', () => {
      expect(build({ appPort: 70000 })).toThrow(/appPort: received 70000, expected a port from 1 to 65535/);
      expect(build({ appPort: -1 })).toThrow(/appPort: received -1/);
    });

    test('fails on an appPort no container declares', () => {
      expect(build({ image: undefined, containers: [{ image: 'x', portNumber: 3000 }] })).toThrow(/appPort: received 8080, expected one of the containers' ports \(3000\)/);
    });

    test('fails on unknown dapr.io keys in extraAnnotations, with a suggestion', () => {
      expect(build({ extraAnnotations: { 'dapr.io/log-levl': 'debug' } })).toThrow(/extraAnnotations\["dapr.io\/log-levl"\].*Did you mean "dapr.io\/log-level"\?/);
      expect(build({ extraAnnotations: { 'dapr.io/component-container': '{}' } })).toThrow(/extraAnnotations/);
    });

    test('fails when extraAnnotations fight a typed prop', () => {
      expect(build({ extraAnnotations: { 'dapr.io/app-port': '9090' } })).toThrow(/already "8080" from the typed props/);
    });

    test('fails on invalid sidecar options, listing every problem', () => {
      let message = '';
      try {
        build({ sidecar: { metricsPort: 0, env: { A: 'x,y' }, volumeMounts: [{ volume: 'Certs', mountPath: 'certs' }] } })();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain('dapr.io/metrics-port: "0" is not a port number');
      expect(message).toContain('"A=x,y"');
      expect(message).toContain('dapr.io/volume-mounts');
    });

    test('fails on both or neither of image and containers', () => {
      expect(build({ containers: [{ image: 'x' }] })).toThrow(/exactly one of `image` or `containers`/);
      expect(build({ image: undefined })).toThrow(/exactly one of `image` or `containers`/);
    });

    test('fails when a service is asked for without a port', () => {
      expect(build({ appPort: undefined, service: true })).toThrow(/service: .*appPort/);
    });

    test('fails when an app invokes an operation path without a leading slash, or itself', () => {
      const app = new DaprkitApp({ onWarnings: () => undefined });
      const chart = new Chart(app, 'test');
      const a = new DaprApp(chart, 'a', { appId: 'a', image: 'a' });
      const b = new DaprApp(chart, 'b', { appId: 'b', image: 'b' });
      a.invokes(b, { operations: [{ path: 'notify' }] });
      a.invokes(a);
      expect(() => app.synthManifests()).toThrow(/invokes.operations.path: received "notify"[\s\S]*\[test\/a\] invokes: received "a", expected another app/);
    });

    test('fails with every construct problem of a program at once, not only the first', () => {
      expect(build({ appId: 'Orders_Service', appPort: 70000, replicas: -1, extraAnnotations: { 'dapr.io/log-levl': 'debug' } })).toThrow(
        /synthesis failed with \d+ errors[\s\S]*appId: received "Orders_Service"[\s\S]*appPort: received 70000[\s\S]*replicas: received -1[\s\S]*log-levl/,
      );
    });

    test('fails on sidecar durations that are not whole units, reported instead of thrown', () => {
      expect(build({ sidecar: { gracefulShutdown: Duration.millis(1500), appHealthProbeTimeout: Duration.seconds(0.0005) } })).toThrow(
        /\[test\/orders\] sidecar: appHealthProbeTimeout: '0.0005 seconds' cannot be converted into a whole number of millis[\s\S]*\[test\/orders\] sidecar: gracefulShutdown: '1500 millis' cannot be converted into a whole number of seconds/,
      );
    });

    test('fails naming a default as a default when extraAnnotations fight it', () => {
      expect(build({ extraAnnotations: { 'dapr.io/sidecar-memory-limit': '2Gi' } })).toThrow(/already "1000Mi" from daprkit's default/);
    });
  });
});
