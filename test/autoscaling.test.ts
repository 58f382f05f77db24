/** Issue 18 §6: a HorizontalPodAutoscaler, KEDA ScaledObjects on the consumer group Dapr uses, and the replicas check. */
import { Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprApp, MetadataValue, PubSub, SecretValue, WorkloadType } from '../index';
import { daprDeployment } from './support/manifests';
import { failsAtSynth, find, synth, synthChecked } from './support/synth';
import { validateBuiltinKinds } from './support/validate';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };
const password = SecretValue.fromSecret('broker', 'password');

describe('autoscale', () => {
  test('an autoscaling/v2 HorizontalPodAutoscaler on CPU, and the Deployment leaves replicas to it', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', basic).autoscale({ minReplicas: 2, maxReplicas: 10 }));
    expect(find(manifests, 'HorizontalPodAutoscaler', 'orders')).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });
    expect(find(manifests, 'Deployment', 'orders').spec).not.toHaveProperty('replicas');
  });

  test('CPU and memory targets, for a StatefulSet', () => {
    const manifests = synth((chart) => new DaprApp(chart, 'orders', { ...basic, workload: WorkloadType.STATEFUL_SET }).autoscale({ maxReplicas: 5, cpu: 60, memory: 75 }));
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'orders');
    expect(hpa.spec.scaleTargetRef.kind).toBe('StatefulSet');
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 75]]);
    expect(find(manifests, 'StatefulSet', 'orders').spec).not.toHaveProperty('replicas');
  });

  test('fails beside fixed replicas, with a second autoscaler, with bad bounds, and without CPU requests', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { ...basic, replicas: 3 }).autoscale({ maxReplicas: 5 }))).toThrow(/replicas: .*no fixed replica count beside an autoscaler/);
    expect(failsAtSynth((chart) => { const a = new DaprApp(chart, 'orders', basic); a.autoscale({ maxReplicas: 5 }); a.autoscale({ maxReplicas: 6 }); })).toThrow(/one autoscaler per app/);
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).autoscale({ minReplicas: 6, maxReplicas: 5 }))).toThrow(/minReplicas\/maxReplicas: received \[6,5\]/);
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', { ...basic, sidecar: { cpu: {} } }).autoscale({ maxReplicas: 5 }))).toThrow(/cpu request of the sidecar/);
  });
});

describe('autoscaleOn (KEDA)', () => {
  test('Redis streams: the topic is the stream, the app-id the consumer group, the password from the same Secret', () => {
    const manifests = synth((chart) => {
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis-master.data:6379', redisPassword: password, enableTLS: true } });
      const app = new DaprApp(chart, 'orders', basic);
      app.subscribe(pubsub, 'orders', { route: '/orders' });
      app.autoscaleOn(pubsub, 'orders', { maxReplicas: 20, target: 50, pollingInterval: Duration.seconds(15) });
    });
    expect(validateBuiltinKinds(manifests.filter((m) => m.apiVersion.startsWith('keda.sh/')))).toBe(2);
    expect(find(manifests, 'ScaledObject', 'orders').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' },
      minReplicaCount: 1,
      maxReplicaCount: 20,
      pollingInterval: 15,
      triggers: [
        {
          type: 'redis-streams',
          name: 'pubsub-orders',
          metadata: { address: 'redis-master.data:6379', stream: 'orders', consumerGroup: 'orders', lagCount: '50', enableTLS: 'true' },
          authenticationRef: { name: 'orders-pubsub' },
        },
      ],
    });
    expect(find(manifests, 'TriggerAuthentication', 'orders-pubsub').spec).toEqual({ secretTargetRef: [{ parameter: 'password', name: 'broker', key: 'password' }] });
    expect(find(manifests, 'Deployment', 'orders').spec).not.toHaveProperty('replicas');
  });

  test('Kafka: consumerID with {appID} and {namespace} resolved as daprd does; SASL SCRAM with TLS', () => {
    const manifests = synth(
      (chart) => {
        const pubsub = PubSub.kafka(chart, 'events', {
          metadata: { brokers: 'kafka-0.kafka:9092,kafka-1.kafka:9092', authType: 'password', saslUsername: 'orders-svc', saslPassword: SecretValue.fromSecret('kafka', 'password'), saslMechanism: 'SHA-512', consumerID: '{namespace}-workers' },
        });
        const app = new DaprApp(chart, 'orders', basic);
        app.subscribesInCode(pubsub, 'orders');
        app.autoscaleOn(pubsub, 'orders', { minReplicas: 0, maxReplicas: 12 });
      },
      { namespace: 'shop' },
    );
    const trigger = find(manifests, 'ScaledObject', 'orders').spec.triggers[0];
    expect(trigger).toMatchObject({
      type: 'kafka',
      metadata: { bootstrapServers: 'kafka-0.kafka:9092,kafka-1.kafka:9092', consumerGroup: 'shop.orders-workers', topic: 'orders', lagThreshold: '10', sasl: 'scram_sha512', tls: 'enable' },
    });
    expect(find(manifests, 'ScaledObject', 'orders').spec.minReplicaCount).toBe(0);
    // KEDA reads the user name from authentication only: a plain one goes through a ConfigMap.
    expect(find(manifests, 'TriggerAuthentication', 'orders-events').spec).toEqual({
      secretTargetRef: [{ parameter: 'password', name: 'kafka', key: 'password' }],
      configMapTargetRef: [{ parameter: 'username', name: 'orders-events', key: 'username' }],
    });
    expect(find(manifests, 'ConfigMap', 'orders-events').data).toEqual({ username: 'orders-svc' });
  });

  test('RabbitMQ: the queue is <consumerID>-<topic>, or the subscription\'s queueName; the URI from the Secret', () => {
    const manifests = synth((chart) => {
      const pubsub = PubSub.rabbitmq(chart, 'rabbit', { metadata: { connectionString: SecretValue.fromSecret('rabbit', 'uri') } });
      const app = new DaprApp(chart, 'orders', basic);
      app.subscribe(pubsub, 'orders', { route: '/orders' });
      app.subscribe(pubsub, 'refunds', { route: '/refunds', metadata: { queueName: 'refunds-q' } });
      app.autoscaleOn(pubsub, 'orders', { maxReplicas: 4 });
      app.autoscaleOn(pubsub, 'refunds', { maxReplicas: 4 });
    });
    const triggers = find(manifests, 'ScaledObject', 'orders').spec.triggers;
    expect(triggers.map((t: any) => t.metadata)).toEqual([
      { queueName: 'orders-orders', mode: 'QueueLength', value: '20' },
      { queueName: 'refunds-q', mode: 'QueueLength', value: '20' },
    ]);
    expect(find(manifests, 'TriggerAuthentication', 'orders-rabbit').spec.secretTargetRef).toEqual([{ parameter: 'host', name: 'rabbit', key: 'uri' }]);
  });

  test('fails on a topic the app does not consume, a per-pod consumer group, an unsupported broker, and a secret KEDA cannot read', () => {
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).autoscaleOn(PubSub.redis(chart, 'p', { metadata: { redisHost: 'r:6379' } }), 'orders', { maxReplicas: 3 }))).toThrow(
      /autoscaleOn: received "p\/orders", expected a topic the app subscribes to/,
    );
    const build = (metadata: Record<string, unknown>, type: 'redis' | 'mqtt3' = 'redis') => (chart: any) => {
      const pubsub = type === 'redis' ? PubSub.redis(chart, 'p', { metadata: { redisHost: 'r:6379', ...metadata } as never }) : PubSub.mqtt3(chart, 'p', { metadata: { url: 'tcp://mqtt:1883' } as never });
      const app = new DaprApp(chart, 'orders', basic);
      app.subscribe(pubsub, 'orders', { route: '/orders' });
      app.autoscaleOn(pubsub, 'orders', { maxReplicas: 3 });
    };
    expect(failsAtSynth(build({ consumerID: '{podName}' }))).toThrow(/consumerID: received "\{podName\}", expected one consumer group for all pods/);
    expect(failsAtSynth(build({}, 'mqtt3'))).toThrow(/autoscaleOn\["p"\]: received "pubsub.mqtt3", expected a pub\/sub Component of pubsub.redis, pubsub.kafka, pubsub.rabbitmq/);
    expect(failsAtSynth(build({ redisPassword: SecretValue.fromEnv('REDIS_PASSWORD') }))).toThrow(/redisPassword: received "envRef REDIS_PASSWORD", expected a secretKeyRef to a Kubernetes Secret/);
    expect(failsAtSynth(build({ redisHost: MetadataValue.fromEnv('REDIS_HOST') }))).toThrow(/redisHost: received "envRef REDIS_HOST", expected a plain value/);
  });

  test('synthesizes clean', () => {
    const { warnings } = synthChecked((chart) => {
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
      const app = new DaprApp(chart, 'orders', basic);
      app.subscribe(pubsub, 'orders', { route: '/orders' });
      app.autoscaleOn(pubsub, 'orders', { maxReplicas: 3 });
    });
    expect(warnings).toEqual([]);
  });
});

describe('check autoscaler-replicas', () => {
  const hpa = (name: string): Manifest => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' }, maxReplicas: 5 } });
  const scaledObject: Manifest = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'orders', namespace: 'default' }, spec: { scaleTargetRef: { name: 'orders' }, triggers: [] } };
  const withReplicas = () => {
    const d = daprDeployment('orders') as any;
    d.spec.replicas = 3;
    return d as Manifest;
  };
  const of = (manifests: Manifest[]) => runChecks(manifests).filter((f) => f.check === 'autoscaler-replicas');

  test('fails (warns) on replicas beside an HPA or a KEDA ScaledObject (kind defaults to Deployment)', () => {
    expect(of([withReplicas(), hpa('orders')]).map((f) => [f.severity, f.resource, f.field])).toEqual([['warning', 'Deployment/default/orders', 'spec.replicas']]);
    expect(of([withReplicas(), scaledObject])).toHaveLength(1);
  });

  test('fails (warns) on two autoscalers for one workload; clean without replicas', () => {
    expect(of([daprDeployment('orders'), hpa('orders'), scaledObject]).map((f) => f.field)).toEqual(['metadata.name']);
    expect(of([daprDeployment('orders'), hpa('orders')])).toEqual([]);
  });
});
