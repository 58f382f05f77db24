import { runChecks } from '../checks';
import { DaprkitApp } from '../index';
import { todoDeployment, TodoSystem } from '../stacks/todo';
import { StateStore } from '../constructs/generated';
import { find, podAnnotations } from './support/synth';
import { validateBuiltinKinds } from './support/validate';

function synthTodo() {
  const warnings: string[] = [];
  const app = new DaprkitApp({ onWarnings: (report) => warnings.push(report) });
  const system = new TodoSystem(app, 'todo');
  return { system, manifests: app.synthManifests(), warnings };
}

describe('todo example system', () => {
  const { system, manifests, warnings } = synthTodo();

  test('matches the snapshot, and every built-in object passes kubernetes-models', () => {
    expect(manifests).toMatchSnapshot();
    expect(validateBuiltinKinds(manifests)).toBe(6);
  });

  test('synthesizes with no check findings at all, warnings included', () => {
    expect(warnings).toEqual([]);
    expect(runChecks(manifests)).toEqual([]);
  });

  test.each([
    ['todo-api', 8000],
    ['notification-service', 8001],
  ])('%s runs with a sidecar on port %i, with API logging and tracing (mTLS is the control plane\'s)', (appId, port) => {
    const deployment = find(manifests, 'Deployment', appId);
    expect(podAnnotations(deployment)).toMatchObject({
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': appId,
      'dapr.io/app-port': String(port),
      'dapr.io/enable-api-logging': 'true',
      'dapr.io/config': `${appId}-config`,
    });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ image: `${appId}:latest`, ports: [{ containerPort: port }] });
    expect(find(manifests, 'Service', appId).spec.ports[0]).toMatchObject({ port: 80, targetPort: port });

    const config = find(manifests, 'Configuration', `${appId}-config`);
    expect(config.spec.tracing).toEqual({ samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin.observability.svc.cluster.local:9411/api/v2/spans' } });
    expect(config.spec.mtls).toBeUndefined();
  });

  test('the state store is Redis, scoped to todo-api, with its password from a secret and no actors', () => {
    const store = find(manifests, 'Component', 'statestore');
    expect(store.spec.type).toBe('state.redis');
    expect(store.scopes).toEqual(['todo-api']);
    expect(store.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'redis-password' } });
    expect(store.spec.metadata).toContainEqual({ name: 'actorStateStore', value: 'false' });
    expect(JSON.stringify(store)).not.toMatch(/"value":"[^"]*password/i);
  });

  test('notification-service subscribes to task-events at /events with a dead-letter topic', () => {
    const pubsub = find(manifests, 'Component', 'pubsub');
    expect(pubsub.spec.type).toBe('pubsub.redis');
    expect(pubsub.scopes).toEqual(['notification-service', 'todo-api']);
    const subscription = find(manifests, 'Subscription', 'notification-service-task-events');
    expect(subscription.apiVersion).toBe('dapr.io/v2alpha1');
    expect(subscription.scopes).toEqual(['notification-service']);
    expect(subscription.spec).toEqual({ pubsubname: 'pubsub', topic: 'task-events', routes: { default: '/events' }, deadLetterTopic: 'task-events-dead-letter' });
  });

  test('the email HTTP endpoint takes its token from a secret and is scoped to notification-service', () => {
    const endpoint = find(manifests, 'HTTPEndpoint', 'email-api');
    expect(endpoint.spec.baseUrl).toBe('https://email.example.com/v1');
    expect(endpoint.spec.headers).toEqual([{ name: 'Authorization', secretKeyRef: { name: 'email-api', key: 'authorization' } }]);
    expect(endpoint.scopes).toEqual(['notification-service']);
  });

  test('notification-service allows exactly todo-api POST /notify', () => {
    const acl = find(manifests, 'Configuration', 'notification-service-config').spec.accessControl;
    expect(acl).toEqual({
      defaultAction: 'deny',
      trustDomain: 'public',
      policies: [
        {
          appId: 'todo-api',
          namespace: 'default',
          trustDomain: 'public',
          defaultAction: 'deny',
          operations: [{ name: '/notify', httpVerb: ['POST'], action: 'allow' }],
        },
      ],
    });
    // The caller is not locked down: nothing calls todo-api through Dapr.
    expect(find(manifests, 'Configuration', 'todo-api-config').spec.accessControl).toBeUndefined();
    expect(JSON.parse(podAnnotations(find(manifests, 'Deployment', 'todo-api'))['daprkit.io/invokes'])).toEqual([
      { appId: 'notification-service', operations: [{ path: '/notify', verbs: ['POST'] }] },
    ]);
  });

  test('resiliency: 5s timeout, exponential retry (max 3) and a breaker on notification-service and the state store', () => {
    const resiliency = find(manifests, 'Resiliency', 'todo-resiliency');
    expect(resiliency.scopes).toEqual(['todo-api']);
    expect(resiliency.spec.policies).toEqual({
      timeouts: { general: '5s' },
      retries: { backoff: { policy: 'exponential', maxInterval: '15s', maxRetries: 3 } },
      circuitBreakers: { breaker: { maxRequests: 1, interval: '8s', timeout: '45s', trip: 'consecutiveFailures >= 5' } },
    });
    const target = { timeout: 'general', retry: 'backoff', circuitBreaker: 'breaker' };
    expect(resiliency.spec.targets).toEqual({ apps: { 'notification-service': target }, components: { statestore: { outbound: target } } });
  });

  test('exposes its parts for composition', () => {
    expect(system.todoApi.appId).toBe('todo-api');
    expect(system.notificationService.appId).toBe('notification-service');
    expect(system.stateStore.name).toBe('statestore');
    expect(system.taskEvents.topic).toBe('task-events');
  });
});

describe('todo deployment (control plane + system)', () => {
  test('writes the Flux control plane first, then the system, and lints clean', () => {
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-todo-'));
    try {
      const warnings: string[] = [];
      const app = new DaprkitApp({ outdir, onWarnings: (report) => warnings.push(report) });
      todoDeployment(app);
      const manifests = app.synthManifests();
      app.synth();
      expect(fs.readdirSync(outdir).sort()).toEqual(['0000-dapr-system.k8s.yaml', '0001-todo.k8s.yaml']);
      expect(manifests.slice(0, 3).map((m) => m.kind)).toEqual(['Namespace', 'HelmRepository', 'HelmRelease']);
      expect(validateBuiltinKinds(manifests)).toBe(9);
      expect(warnings).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('todo deployment checks across control plane and apps', () => {
  test('fails when the control plane turns mTLS off under the access control the system relies on', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    todoDeployment(app, { controlPlaneProps: { mtls: { enabled: false } } });
    expect(() => app.synthManifests()).toThrow(/ERROR HelmRelease\/dapr-system\/dapr \(construct dapr-system\/dapr\/HelmRelease\)\n  field: spec.values.global.mtls.enabled\n  problem: mTLS is disabled cluster-wide, but Configuration\/default\/notification-service-config rely on access control/);
  });

  test('fails when the control plane runs without actors', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    const { todo } = todoDeployment(app, { controlPlaneProps: { actors: false } });
    StateStore.redis(todo, 'actor-store', { metadata: { redisHost: 'redis:6379', actorStateStore: true } });
    expect(() => app.synthManifests()).toThrow(/field: spec.values.global.actors.enabled\n  problem: The control plane is installed without actors/);
  });
});
