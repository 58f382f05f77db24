/** Issue 18 §4: the image shortcut's defaults, typed health, and shutdown within the grace period. */
import { Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { AppProtocol, DaprApp } from '../index';
import { daprDeployment } from './support/manifests';
import { failsAtSynth, find, podAnnotations, synth, synthChecked } from './support/synth';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };

describe('the image shortcut follows Kubernetes defaults', () => {
  test('no imagePullPolicy and no probes unless asked; the app port is declared', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', basic)), 'Deployment', 'orders');
    const container = deployment.spec.template.spec.containers[0];
    expect(container).not.toHaveProperty('imagePullPolicy');
    expect(container).not.toHaveProperty('startupProbe');
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container).not.toHaveProperty('livenessProbe');
    expect(container.ports).toEqual([{ containerPort: 8080 }]);
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'orders' });
  });

  test('an app port added to given containers brings no startup probe either', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', { appId: 'orders', appPort: 8080, containers: [{ name: 'web', image: 'web:1' }] })), 'Deployment', 'orders');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ containerPort: 8080 }]);
    expect(container).not.toHaveProperty('startupProbe');
  });
});

describe('typed health', () => {
  test('gives readiness and liveness probes and the matching daprd app health check', () => {
    const deployment = find(
      synth((chart) => new DaprApp(chart, 'orders', { ...basic, health: { path: '/healthz', interval: Duration.seconds(10), timeout: Duration.seconds(2), failureThreshold: 4 } })),
      'Deployment',
      'orders',
    );
    const container = deployment.spec.template.spec.containers[0];
    const probe = { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 4 };
    expect(container.readinessProbe).toEqual(probe);
    expect(container.livenessProbe).toEqual(probe);
    expect(podAnnotations(deployment)).toMatchObject({
      'dapr.io/enable-app-health-check': 'true',
      'dapr.io/app-health-check-path': '/healthz',
      'dapr.io/app-health-probe-interval': '10',
      'dapr.io/app-health-probe-timeout': '2000',
      'dapr.io/app-health-threshold': '4',
    });
  });

  test('a gRPC app is probed with the gRPC health protocol, without a path', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, appProtocol: AppProtocol.GRPC, health: { liveness: false } })), 'Deployment', 'orders');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe).toEqual({ grpc: { port: 8080 }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 });
    expect(container).not.toHaveProperty('livenessProbe');
    expect(podAnnotations(deployment)['dapr.io/enable-app-health-check']).toBe('true');
    expect(podAnnotations(deployment)).not.toHaveProperty('dapr.io/app-health-check-path');
  });

  test('fails on an HTTP health check without a path, and on a health option set twice', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { ...basic, health: {} }))).toThrow(/health\.path: received undefined, expected the HTTP path/);
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { ...basic, health: { path: '/healthz' }, sidecar: { appHealthCheckPath: '/other' } }))).toThrow(
      /sidecar\.appHealthCheckPath: .*no app health option beside `health`/,
    );
  });

  test('fails on a health check with nothing to probe', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { appId: 'orders', image: 'o:1', health: { path: '/healthz' } }))).toThrow(/health\.port: received undefined, expected a port to probe/);
  });
});

describe('shutdown within the grace period', () => {
  test('a long sidecar.gracefulShutdown lengthens the pod grace period to cover it', () => {
    const long = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { gracefulShutdown: Duration.seconds(40), blockShutdownDuration: Duration.seconds(15) } })), 'Deployment', 'orders');
    expect(long.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    const short = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { gracefulShutdown: Duration.seconds(20) } })), 'Deployment', 'orders');
    expect(short.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
  });

  test('an explicit grace period wins, and synth warns when it is too short', () => {
    const { manifests, warnings } = synthChecked((chart) =>
      new DaprApp(chart, 'orders', { ...basic, sidecar: { gracefulShutdown: Duration.seconds(40) }, terminationGracePeriod: Duration.seconds(20) }),
    );
    expect(find(manifests, 'Deployment', 'orders').spec.template.spec.terminationGracePeriodSeconds).toBe(20);
    expect(warnings.map((w) => [w.check, w.field])).toEqual([['shutdown-grace-period', 'spec.template.metadata.annotations["dapr.io/graceful-shutdown-seconds"]']]);
  });

  test('fails (warns) on hand-written YAML whose shutdown reaches the grace period, naming both', () => {
    const pod = daprDeployment('orders', { 'dapr.io/graceful-shutdown-seconds': '25', 'dapr.io/block-shutdown-duration': '10s' });
    const findings = runChecks([pod]).filter((f) => f.check === 'shutdown-grace-period');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/35s .*graceful shutdown 25s \+ block-shutdown-duration 10s.*terminationGracePeriodSeconds is 30 \(Kubernetes' default\)/);
  });

  test('a grace period above the shutdown is clean, and the default 5s never warns', () => {
    const pod = daprDeployment('orders', { 'dapr.io/graceful-shutdown-seconds': '25', 'dapr.io/block-shutdown-duration': '10s' }) as any;
    pod.spec.template.spec.terminationGracePeriodSeconds = 45;
    expect(runChecks([pod]).filter((f) => f.check === 'shutdown-grace-period')).toEqual([]);
    expect(runChecks([daprDeployment('orders', { 'dapr.io/block-shutdown-duration': '20s' })]).filter((f) => f.check === 'shutdown-grace-period')).toEqual([]);
  });
});
