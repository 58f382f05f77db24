/**
 * DaprApp props for matching an existing system (what `daprkit import` writes): selector, pod
 * labels, the Deployment's own metadata, the Service's shape, the update strategy, and each
 * `withoutDefaults` opt-out. Every object is validated against kubernetes-models.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppProtocol, DaprApp, DaprAppDefault, NAMESPACE_DEFAULT_SERVICE_ACCOUNT, Size, WorkloadServiceAccount } from '../index';
import { Manifest } from '../checks/types';
import { find as findObject, podAnnotations, synth, synthChecked } from './support/synth';
import { JsonPatch } from 'cdk8s';
import { validateBuiltinKinds } from './support/validate';

const find = (manifests: readonly Manifest[], kind: string, name: string): any => findObject(manifests, kind, name);

// Pods of the namespace's default ServiceAccount, which mounts its token (the app's own would not):
// with the token opt-out, daprd's Kubernetes secret store then still authenticates.
const basic = { appId: 'orders', appPort: 8080, containers: [{ name: 'orders', image: 'orders:1.0', ports: [{ number: 8080 }] }], serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT as WorkloadServiceAccount };
// Every opt-out that applies to a DaprApp (the job ones are tested in test/dapr-job.test.ts).
const ALL = Object.values(DaprAppDefault).filter((d) => d !== DaprAppDefault.NATIVE_SIDECAR && d !== DaprAppDefault.CONCURRENCY_POLICY);

/** Synthesizes without the checks (the imported systems carry findings of their own); built-in kinds validated. */
function objects(build: (chart: Chart) => void): Manifest[] {
  const chart = new Chart(Testing.app(), 'test');
  build(chart);
  const manifests = chart.toJson() as Manifest[];
  validateBuiltinKinds(manifests);
  return manifests;
}

describe('selector, labels and metadata as an existing system has them', () => {
  test('a custom selector is the Deployment selector, on the pods, and what the Service selects; no app label is forced', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'node', { ...basic, selector: { app: 'node' }, labels: { app: 'node' } }));
    const deployment = find(manifests, 'Deployment', 'orders');
    const service = find(manifests, 'Service', 'orders');
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'node' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'node' });
    expect(deployment.metadata.labels).toEqual({ app: 'node' });
    expect(service.spec.selector).toEqual({ app: 'node' });
    expect(service.metadata.labels).toEqual({ app: 'node' });
  });

  test('without a selector nothing changes: app: <appId> everywhere', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', { ...basic, labels: { tier: 'back' } }));
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'orders' } });
    expect(deployment.metadata.labels).toEqual({ tier: 'back', app: 'orders' });
    expect(deployment.spec.template.metadata.labels).toEqual({ tier: 'back', app: 'orders' });
  });

  test('podLabels and workloadMetadata set the pod template and the Deployment apart, with a name of its own', () => {
    const manifests = synth((chart) =>
      new DaprApp(chart, 'orders', {
        ...basic,
        selector: { app: 'orders-v1' },
        podLabels: { version: 'v1' },
        workloadMetadata: { name: 'orders-deployment', labels: { team: 'a' }, annotations: { 'example.com/owner': 'team-a' } },
      }),
    );
    const deployment = find(manifests, 'Deployment', 'orders-deployment');
    expect(deployment.metadata.labels).toEqual({ team: 'a' });
    expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(deployment.spec.template.metadata.labels).toEqual({ version: 'v1', app: 'orders-v1' });
    expect(podAnnotations(deployment)['dapr.io/app-id']).toBe('orders');
  });

  test('strategy: a Recreate Deployment', () => {
    const deployment = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, strategy: kplus.DeploymentStrategy.recreate() })), 'Deployment', 'orders');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });
});

describe('the Service as an existing system has it', () => {
  test('several ports, a named target port, NodePort, a name, labels and annotations of its own', () => {
    const manifests = synth((chart) =>
      new DaprApp(chart, 'orders', {
        ...basic,
        appProtocol: AppProtocol.GRPC,
        service: {
          type: kplus.ServiceType.NODE_PORT,
          ports: [
            { port: 80, targetPort: 8080, name: 'http', protocol: kplus.Protocol.TCP, nodePort: 30080 },
            { port: 9090, targetPort: 'metrics', name: 'metrics' },
          ],
          metadata: { name: 'orders-svc', labels: { exposed: 'yes' }, annotations: { 'prometheus.io/scrape': 'true' } },
        },
      }),
    );
    const service = find(manifests, 'Service', 'orders-svc');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 },
      { name: 'metrics', port: 9090, targetPort: 'metrics' },
    ]);
    expect(service.metadata.labels).toEqual({ exposed: 'yes' });
    expect(service.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(service.spec.selector).toEqual({ app: 'orders' });
  });

  test('a port without targetPort writes none (Kubernetes targets the same number)', () => {
    const service = find(synth((chart) => new DaprApp(chart, 'orders', { ...basic, service: { ports: [{ port: 8080 }] } })), 'Service', 'orders');
    expect(service.spec.ports).toEqual([{ port: 8080 }]);
  });

  test('with ports given, a Service needs no appPort', () => {
    const { appPort, ...noPort } = basic;
    void appPort;
    const service = find(synth((chart) => new DaprApp(chart, 'orders', { ...noPort, service: { ports: [{ port: 80, targetPort: 8080 }] } })), 'Service', 'orders');
    expect(service.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });
});

describe('withoutDefaults: each opt-out leaves out exactly its default', () => {
  const withAll = (extra: object = {}) =>
    objects((chart) =>
      new DaprApp(chart, 'orders', {
        ...basic,
        resources: {},
        sidecar: { cpu: {}, memory: {} },
        withoutDefaults: ALL,
        ...extra,
      }),
    );

  test('with every opt-out, the Deployment says only what the props say', () => {
    const deployment = find(withAll(), 'Deployment', 'orders');
    expect(deployment.spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: { annotations: { 'dapr.io/app-id': 'orders', 'dapr.io/app-port': '8080', 'dapr.io/enabled': 'true' }, labels: { app: 'orders' } },
        spec: { containers: [{ image: 'orders:1.0', name: 'orders', ports: [{ containerPort: 8080 }] }] },
      },
    });
    expect(find(withAll(), 'Service', 'orders').spec).toEqual({ ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { app: 'orders' } });
    // Kubernetes' default type stays when the props ask for it.
    const typed = objects((chart) => new DaprApp(chart, 'orders', { ...basic, service: { type: kplus.ServiceType.CLUSTER_IP }, withoutDefaults: ALL }));
    expect(find(typed, 'Service', 'orders').spec.type).toBe('ClusterIP');
  });

  test('what the props ask for stays: replicas, pull policy, security context, strategy, probes with a threshold', () => {
    const deployment = find(
      withAll({
        replicas: 1,
        strategy: kplus.DeploymentStrategy.rollingUpdate(),
        containers: [
          {
            name: 'orders',
            image: 'orders:1.0',
            ports: [{ number: 8080 }],
            imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
            securityContext: { user: 1000 },
            readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, failureThreshold: 5 }),
          },
        ],
      }),
      'Deployment',
      'orders',
    );
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const container = deployment.spec.template.spec.containers[0];
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.securityContext).toEqual({ runAsUser: 1000 });
    expect(container.readinessProbe).toEqual({ failureThreshold: 5, httpGet: { path: '/healthz', port: 8080 } });
  });

  test.each([
    [DaprAppDefault.SECURITY_CONTEXT, (d: any) => [d.spec.template.spec.securityContext, d.spec.template.spec.containers[0].securityContext]],
    [DaprAppDefault.IMAGE_PULL_POLICY, (d: any) => [d.spec.template.spec.containers[0].imagePullPolicy]],
    [DaprAppDefault.SERVICE_ACCOUNT_TOKEN, (d: any) => [d.spec.template.spec.automountServiceAccountToken, podAnnotations(d)['dapr.io/disable-builtin-k8s-secret-store']]],
    [DaprAppDefault.SIDECAR_SECCOMP, (d: any) => [podAnnotations(d)['dapr.io/sidecar-seccomp-profile-type']]],
    [DaprAppDefault.SIDECAR_GOMEMLIMIT, (d: any) => [podAnnotations(d)['dapr.io/env']]],
    [DaprAppDefault.REPLICAS, (d: any) => [d.spec.replicas]],
    [DaprAppDefault.KUBERNETES_DEFAULT_FIELDS, (d: any) => [d.spec.strategy, d.spec.minReadySeconds, d.spec.template.spec.dnsPolicy, d.spec.template.spec.terminationGracePeriodSeconds]],
  ])('%s: present by default, absent with the opt-out, other defaults untouched', (member, read) => {
    const plain = find(objects((chart) => new DaprApp(chart, 'orders', basic)), 'Deployment', 'orders');
    const without = find(objects((chart) => new DaprApp(chart, 'orders', { ...basic, withoutDefaults: [member] })), 'Deployment', 'orders');
    expect(read(plain).every((v: unknown) => v !== undefined)).toBe(true);
    expect(read(without)).toEqual(read(plain).map(() => undefined));
    // Every other default is still there.
    for (const other of ALL.filter((m) => m !== member)) {
      const reader = ([
        [DaprAppDefault.SIDECAR_SECCOMP, (d: any) => podAnnotations(d)['dapr.io/sidecar-seccomp-profile-type']],
        [DaprAppDefault.REPLICAS, (d: any) => d.spec.replicas],
      ] as const).find(([m]) => m === other);
      if (reader) expect(reader[1](without)).toBeDefined();
    }
  });

  test('SIDECAR_GOMEMLIMIT keeps the other env entries and a GOMEMLIMIT set explicitly', () => {
    const env = (sidecarEnv: Record<string, string>) =>
      podAnnotations(find(objects((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { env: sidecarEnv, memory: { limit: Size.mebibytes(512) } }, withoutDefaults: [DaprAppDefault.SIDECAR_GOMEMLIMIT] })), 'Deployment', 'orders'))['dapr.io/env'];
    expect(env({ LOG: 'x' })).toBe('LOG=x');
    expect(env({ GOMEMLIMIT: '400MiB' })).toBe('GOMEMLIMIT=400MiB');
  });

  test('the opted-out app synthesizes with the checks: no error, only the warnings the opt-outs explain (pod security, GOMEMLIMIT)', () => {
    const { warnings } = synthChecked((chart) => new DaprApp(chart, 'orders', { ...basic, withoutDefaults: ALL }));
    expect(warnings.map((w) => w.check).sort()).toEqual(['pod-security-restricted', 'sidecar-gomemlimit']);
  });

  test('a terminationGracePeriod asked for stays, even at the 30 seconds the opt-out leaves out', () => {
    const grace = (seconds: number | undefined) =>
      find(objects((chart) => new DaprApp(chart, 'orders', { ...basic, withoutDefaults: [DaprAppDefault.KUBERNETES_DEFAULT_FIELDS], ...(seconds !== undefined ? { terminationGracePeriod: Duration.seconds(seconds) } : {}) })), 'Deployment', 'orders').spec.template.spec.terminationGracePeriodSeconds;
    expect([grace(undefined), grace(30), grace(45)]).toEqual([undefined, 30, 45]);
  });

  test('the output of a plain cdk8s App and of DaprkitApp agree', () => {
    const chart = new Chart(new App(), 'test');
    new DaprApp(chart, 'orders', { ...basic, withoutDefaults: ALL });
    const plain = chart.toJson() as Manifest[];
    const checked = synth((c) => new DaprApp(c, 'orders', { ...basic, withoutDefaults: ALL, podSecurityExemption: 'test' }));
    expect(find(checked, 'Deployment', 'orders').spec.template.spec).toEqual(find(plain, 'Deployment', 'orders').spec.template.spec);
  });
});

describe('escape hatches on the synthesized objects', () => {
  test('patchWorkload and patchService apply to the manifests as written, after the opt-outs', () => {
    const manifests = objects((chart) => {
      const app = new DaprApp(chart, 'orders', { ...basic, withoutDefaults: [DaprAppDefault.KUBERNETES_DEFAULT_FIELDS] });
      app.patchWorkload(JsonPatch.add('/spec/template/spec/setHostnameAsFQDN', true), JsonPatch.add('/spec/template/spec/volumes', [{ name: 'data', emptyDir: {} }]));
      app.patchService(JsonPatch.replace('/spec/ports/0/targetPort', 'http'));
    });
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.spec.template.spec.setHostnameAsFQDN).toBe(true);
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }]);
    expect(find(manifests, 'Service', 'orders').spec.ports[0].targetPort).toBe('http');
  });

  test('fails: patchService on an app without a Service is a synth error naming the app', () => {
    const { appPort, ...noPort } = basic;
    void appPort;
    expect(() =>
      synth((chart) => {
        new DaprApp(chart, 'orders', noPort).patchService(JsonPatch.remove('/spec/type'));
      }),
    ).toThrow(/patchService: received 1, expected an app with a Service/);
  });
});
