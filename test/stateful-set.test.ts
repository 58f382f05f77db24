/** Issue 18 §2: DaprApp as a StatefulSet, with its governing headless Service and claim templates. */
import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprApp, DaprAppDefault, WorkloadType } from '../index';
import { failsAtSynth, find, podAnnotations, synth } from './support/synth';

const basic = { appId: 'ledger', image: 'ledger:1.0', appPort: 8080 };

describe('DaprApp as a StatefulSet', () => {
  test('a StatefulSet with Dapr annotations, a governing headless Service, the app Service and typed claim templates', () => {
    const manifests = synth((chart) =>
      new DaprApp(chart, 'ledger', {
        ...basic,
        workload: WorkloadType.STATEFUL_SET,
        replicas: 3,
        volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(10), mountPath: '/var/lib/ledger', storageClassName: 'fast' }],
      }),
    );
    expect(manifests.map((m) => `${m.kind}/${m.metadata?.name}`)).toEqual(['ServiceAccount/ledger', 'Service/ledger-headless', 'StatefulSet/ledger', 'Service/ledger']);
    const sts = find(manifests, 'StatefulSet', 'ledger');
    expect(sts.spec).toMatchObject({ replicas: 3, serviceName: 'ledger-headless', selector: { matchLabels: { app: 'ledger' } }, podManagementPolicy: 'OrderedReady' });
    expect(podAnnotations(sts)).toMatchObject({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'ledger', 'dapr.io/app-port': '8080' });
    expect(sts.spec.template.metadata.labels).toEqual({ app: 'ledger' });
    expect(sts.spec.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'fast' } }]);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/ledger' }]);
    expect(find(manifests, 'Service', 'ledger-headless').spec).toMatchObject({ clusterIP: 'None', selector: { app: 'ledger' }, ports: [{ port: 8080, targetPort: 8080 }] });
    expect(find(manifests, 'Service', 'ledger').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }] });
    expect(runChecks(manifests)).toEqual([]);
  });

  test('an app without a port gets a headless Service without ports; mounts append to given ones', () => {
    const manifests = synth((chart) =>
      new DaprApp(chart, 'worker', {
        appId: 'worker',
        workload: WorkloadType.STATEFUL_SET,
        containers: [{ name: 'worker', image: 'worker:1', volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, 'tmp', 'tmp') }] }],
        volumeClaimTemplates: [{ name: 'state', storage: Size.mebibytes(512), mountPath: '/state' }],
      }),
    );
    const headless = find(manifests, 'Service', 'worker-headless');
    expect(headless.spec).not.toHaveProperty('ports');
    expect(headless.spec.clusterIP).toBe('None');
    expect(find(manifests, 'StatefulSet', 'worker').spec.template.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'tmp' },
      { name: 'state', mountPath: '/state' },
    ]);
  });

  test('deployment is refused for a StatefulSet app; statefulSet and workload are the escape hatches', () => {
    synth((chart) => {
      const app = new DaprApp(chart, 'ledger', { ...basic, workload: WorkloadType.STATEFUL_SET });
      expect(() => app.deployment).toThrow(/runs as a StatefulSet: use `statefulSet`/);
      expect(app.workload).toBe(app.statefulSet);
    });
  });

  test('fails on StatefulSet options for a Deployment, and on a bad claim template', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'ledger', { ...basic, volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }] }))).toThrow(
      /volumeClaimTemplates: .*expected workload: WorkloadType.STATEFUL_SET/,
    );
    expect(
      failsAtSynth((chart) => new DaprApp(chart, 'ledger', { ...basic, workload: WorkloadType.STATEFUL_SET, volumeClaimTemplates: [{ name: 'Data', storage: Size.gibibytes(1), mountPath: 'data' }] })),
    ).toThrow(/volumeClaimTemplates: received "Data", expected unique DNS-label names with absolute mount paths/);
  });

  test('the headless Service selects the pods by the app\'s selector alone (not by a construct-address label the pods lack)', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'ledger', { ...basic, workload: WorkloadType.STATEFUL_SET, selector: { tier: 'ledger' } }));
    const sts = find(manifests, 'StatefulSet', 'ledger');
    expect(find(manifests, 'Service', 'ledger-headless').spec.selector).toEqual({ tier: 'ledger' });
    expect(sts.spec.template.metadata.labels).toEqual({ tier: 'ledger' });
  });

  test('headlessService: the governing Service\'s name, labels, annotations and ports as given, none, or managed elsewhere', () => {
    const manifests = synth((chart) => {
      new DaprApp(chart, 'ledger', {
        ...basic,
        workload: WorkloadType.STATEFUL_SET,
        headlessService: { metadata: { name: 'ledger', labels: { svc: 'ledger' }, annotations: { owner: 'payments' } }, ports: [{ port: 80, targetPort: 'http', name: 'web' }] },
        service: false,
      });
      new DaprApp(chart, 'audit', { appId: 'audit', image: 'audit:1', appPort: 9000, workload: WorkloadType.STATEFUL_SET, headlessService: { ports: [] }, service: false });
      new DaprApp(chart, 'queue', { appId: 'queue', image: 'queue:1', workload: WorkloadType.STATEFUL_SET, headlessService: { metadata: { name: 'queue-peers' }, managedElsewhere: true } });
    });
    const ledger = find(manifests, 'Service', 'ledger');
    expect(ledger.metadata).toEqual({ name: 'ledger', labels: { svc: 'ledger' }, annotations: { owner: 'payments' } });
    expect(ledger.spec).toMatchObject({ clusterIP: 'None', ports: [{ port: 80, targetPort: 'http', name: 'web' }], selector: { app: 'ledger' } });
    expect(find(manifests, 'StatefulSet', 'ledger').spec.serviceName).toBe('ledger');
    expect(find(manifests, 'Service', 'audit-headless').spec).not.toHaveProperty('ports');
    // Managed elsewhere: named, not written.
    expect(find(manifests, 'StatefulSet', 'queue').spec.serviceName).toBe('queue-peers');
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata?.name).sort()).toEqual(['audit-headless', 'ledger']);
  });

  test('KUBERNETES_DEFAULT_FIELDS leaves the headless Service\'s type and empty externalIPs out; patchHeadlessService patches it as written', () => {
    const manifests = synth((chart) => {
      const app = new DaprApp(chart, 'ledger', { ...basic, workload: WorkloadType.STATEFUL_SET, withoutDefaults: [DaprAppDefault.KUBERNETES_DEFAULT_FIELDS] });
      app.patchHeadlessService(JsonPatch.add('/spec/publishNotReadyAddresses', true));
    });
    const headless = find(manifests, 'Service', 'ledger-headless');
    expect(headless.spec).not.toHaveProperty('type');
    expect(headless.spec).not.toHaveProperty('externalIPs');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(find(manifests, 'StatefulSet', 'ledger').spec).not.toHaveProperty('updateStrategy');
  });

  test('fails: headlessService on a Deployment, patchHeadlessService without a headless Service of daprkit\'s', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'ledger', { ...basic, headlessService: { ports: [] } }))).toThrow(/headlessService: .*expected workload: WorkloadType.STATEFUL_SET/);
    expect(
      failsAtSynth((chart) =>
        new DaprApp(chart, 'ledger', { ...basic, workload: WorkloadType.STATEFUL_SET, headlessService: { managedElsewhere: true } }).patchHeadlessService(JsonPatch.remove('/spec/type')),
      ),
    ).toThrow(/patchHeadlessService: .*expected a StatefulSet whose headless Service daprkit writes/);
  });

  test("every pod check reads a hand-written StatefulSet's pods", () => {
    const sts: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'ledger' },
      spec: {
        serviceName: 'ledger',
        selector: { matchLabels: { app: 'ledger' } },
        template: { metadata: { labels: { app: 'ledger' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'ledger', 'dapr.io/app-port': '9999' } }, spec: { containers: [{ name: 'l', image: 'l:1', ports: [{ containerPort: 8080 }] }] } },
      },
    };
    expect(runChecks([sts]).filter((f) => f.check === 'app-port-not-declared').map((f) => [f.resource, f.field])).toEqual([
      ['StatefulSet/default/ledger', 'spec.template.metadata.annotations["dapr.io/app-port"]'],
    ]);
  });
});
