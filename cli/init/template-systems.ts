/**
 * The Dapr systems `daprkit init` starts a project with, as source text: `system.ts` (the system,
 * shared by both engines), `main.ts` (what `cdk8s synth` runs) and `system.test.ts` (the system
 * synthesized in memory, asserted field by field, plus a snapshot of the manifests).
 * Templates name nothing after the user's input: the texts below are fixed per template.
 */

export type TemplateName = 'minimal' | 'todo';

/** A Kubernetes Secret the system reads through `SecretValue.fromSecret`, for the Pulumi engine to create. */
export interface TemplateSecret {
  readonly name: string;
  readonly key: string;
  /** The Pulumi config key that holds its value. */
  readonly configKey: string;
}

export interface SystemTemplate {
  readonly system: string;
  readonly test: string;
  /** What `npm run synth` writes, first file first. */
  readonly distFiles: readonly string[];
  readonly appIds: readonly string[];
  readonly secrets: readonly TemplateSecret[];
  /** One line for the project's README. */
  readonly summary: string;
}

export const MAIN_TS = `/** What \`cdk8s synth\` runs (cdk8s.yaml): the system, checked as a whole, written to dist/. */
import { DaprkitApp } from 'daprkit';
import { buildSystem } from './system';

const app = new DaprkitApp();
buildSystem(app);
app.synth();
`;

const MINIMAL_SYSTEM = `/**
 * The Dapr system: two apps, a Redis state store only \`orders\` may load, and the one call
 * \`checkout\` may make to \`orders\`. main.ts synthesizes it with cdk8s; system.test.ts checks it.
 */
import { Chart, ChartProps, Construct, DaprApp, HttpVerb, SecretValue, Size, StateStore } from 'daprkit';

export class ShopSystem extends Chart {
  public readonly orders: DaprApp;
  public readonly checkout: DaprApp;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.orders = new DaprApp(this, 'orders', {
      appId: 'orders',
      image: 'ghcr.io/acme/orders:1.0',
      appPort: 8080,
      sidecar: { memory: { limit: Size.mebibytes(256) } },
    });
    this.checkout = new DaprApp(this, 'checkout', {
      appId: 'checkout',
      image: 'ghcr.io/acme/checkout:1.0',
      appPort: 8080,
    });

    // The password is a reference to a Kubernetes Secret: a plain string does not compile here.
    const store = StateStore.redis(this, 'orders-store', {
      metadata: {
        redisHost: 'redis-master.redis.svc.cluster.local:6379',
        redisPassword: SecretValue.fromSecret('redis', 'redis-password'),
      },
    });
    this.orders.uses(store); // scopes: [orders]

    // Access control on orders follows from this edge: checkout may POST /orders, nothing else.
    this.checkout.invokes(this.orders, { operations: [{ path: '/orders', verbs: [HttpVerb.POST] }] });
  }
}

/** Builds the whole system into \`scope\` (a DaprkitApp for cdk8s, a DaprSystem's scope for Pulumi). */
export function buildSystem(scope: Construct): void {
  new ShopSystem(scope, 'shop');
}
`;

const TODO_SYSTEM = `/**
 * The todo system of Dapr's tutorials, behind Dapr's own control plane: \`todo-api\` keeps tasks in a
 * Redis state store, publishes task events on a Redis pub/sub and calls \`notification-service\`,
 * which subscribes to the events and mails through an external HTTP endpoint. main.ts synthesizes
 * it with cdk8s; system.test.ts checks it.
 */
import {
  Chart, ChartProps, Configuration, Construct, ControlPlane, DaprApp, Duration, HttpEndpoint, HttpVerb,
  PubSub, ResiliencyPolicy, Retry, SecretValue, StateStore, Trip,
} from 'daprkit';

export interface TodoSystemProps extends ChartProps {
  /** The control plane the apps run on: its chart is written and applied first. */
  readonly controlPlane?: ControlPlane;
}

export class TodoSystem extends Chart {
  public readonly todoApi: DaprApp;
  public readonly notificationService: DaprApp;

  constructor(scope: Construct, id: string, props: TodoSystemProps = {}) {
    super(scope, id, props);
    props.controlPlane?.requiredBy(this);
    const redisHost = 'redis-master.redis.svc.cluster.local:6379';
    const redisPassword = SecretValue.fromSecret('redis', 'redis-password');
    const tracing = { samplingRate: 1, zipkinEndpoint: 'http://zipkin.observability.svc.cluster.local:9411/api/v2/spans' };

    this.notificationService = new DaprApp(this, 'notification-service', {
      appId: 'notification-service',
      image: 'ghcr.io/acme/notification-service:1.0',
      appPort: 8001,
      config: new Configuration(this, 'notification-service-config', { name: 'notification-service-config', tracing }),
    });
    this.todoApi = new DaprApp(this, 'todo-api', {
      appId: 'todo-api',
      image: 'ghcr.io/acme/todo-api:1.0',
      appPort: 8000,
      config: new Configuration(this, 'todo-api-config', { name: 'todo-api-config', tracing }),
    });

    const statestore = StateStore.redis(this, 'statestore', { metadata: { redisHost, redisPassword } });
    this.todoApi.uses(statestore); // scopes: [todo-api]

    const pubsub = PubSub.redis(this, 'pubsub', { metadata: { redisHost, redisPassword } });
    this.todoApi.uses(pubsub);
    this.notificationService.subscribe(pubsub, 'task-events', { route: '/events', deadLetterTopic: 'task-events-dead-letter' });

    new HttpEndpoint(this, 'email-api', {
      baseUrl: 'https://email.example.com/v1',
      headers: { Authorization: SecretValue.fromSecret('email-api', 'authorization') },
      scopes: [this.notificationService],
    });

    // Access control on notification-service follows from this edge: todo-api may POST /notify, nothing else.
    this.todoApi.invokes(this.notificationService, { operations: [{ path: '/notify', verbs: [HttpVerb.POST] }] });

    // Resiliency applies in the calling sidecar, so it is scoped to todo-api.
    const resiliency = new ResiliencyPolicy(this, 'resiliency', { name: 'todo-resiliency', scopes: [this.todoApi] });
    const timeout = resiliency.addTimeout('general', Duration.seconds(5));
    const retry = resiliency.addRetry('backoff', Retry.exponential({ maxInterval: Duration.seconds(15), maxRetries: 3 }));
    const circuitBreaker = resiliency.addCircuitBreaker('breaker', {
      trip: Trip.consecutiveFailures(5), maxRequests: 1, interval: Duration.seconds(8), timeout: Duration.seconds(45),
    });
    resiliency.forApp(this.notificationService, { timeout, retry, circuitBreaker });
    resiliency.forComponent(statestore, { outbound: { timeout, retry, circuitBreaker } });
  }
}

/**
 * Builds the whole system into \`scope\`: Dapr's control plane (pinned chart, mTLS on) in chart
 * \`dapr-system\`, then the todo system in chart \`todo\`, which depends on it.
 */
export function buildSystem(scope: Construct): void {
  const controlPlane = new ControlPlane(new Chart(scope, 'dapr-system'), 'dapr');
  new TodoSystem(scope, 'todo', { controlPlane });
}
`;

/** The in-memory synthesis helper and manifest lookups every template's test starts with. */
const TEST_PRELUDE = `import { describe, expect, test } from 'vitest';
import { Chart, DaprApp, DaprkitApp, Manifest } from 'daprkit';
import { buildSystem } from './system';

/** The system's manifests, synthesized and checked in memory (nothing is written to disk). */
function synthesize(): { manifests: Manifest[]; yaml: string } {
  const app = new DaprkitApp();
  buildSystem(app);
  const manifests = app.synthManifests();
  const again = new DaprkitApp();
  buildSystem(again);
  return { manifests, yaml: again.synthYaml() };
}

const { manifests, yaml } = synthesize();

function find(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  if (!found) throw new Error(\`no \${kind} named \${name} among \${manifests.length} manifests\`);
  return found;
}

/** A field of a manifest by path, e.g. at(deployment, 'spec', 'template', 'metadata', 'annotations'). */
function at(m: Manifest, ...keys: string[]): any {
  return keys.reduce<any>((v, k) => (v === undefined ? undefined : v[k]), m);
}
`;

const MISTAKE_TEST = `
  test('a mistake fails synthesis with a report naming the field, before anything is written', () => {
    const app = new DaprkitApp();
    const api = new DaprApp(new Chart(app, 'broken'), 'api', { appId: 'api', image: 'api:1.0', appPort: 8080 });
    api.deployment.podMetadata.addAnnotation('dapr.io/app-protocl', 'http'); // a typo Dapr would silently ignore
    expect(() => app.synthManifests()).toThrow(/Did you mean "dapr.io\\/app-protocol"/);
  });
`;

const MINIMAL_TEST = `${TEST_PRELUDE}
describe('the shop system', () => {
  test('orders and checkout run with a Dapr sidecar under their app-ids', () => {
    for (const appId of ['orders', 'checkout']) {
      const annotations = at(find('Deployment', appId), 'spec', 'template', 'metadata', 'annotations');
      expect(annotations['dapr.io/enabled']).toBe('true');
      expect(annotations['dapr.io/app-id']).toBe(appId);
      expect(annotations['dapr.io/app-port']).toBe('8080');
    }
    expect(at(find('Deployment', 'orders'), 'spec', 'template', 'metadata', 'annotations')['dapr.io/sidecar-memory-limit']).toBe('256Mi');
  });

  test('only orders may load the state store, whose password comes from a Secret', () => {
    const store = find('Component', 'orders-store');
    expect(at(store, 'spec', 'type')).toBe('state.redis');
    expect(at(store, 'scopes')).toEqual(['orders']);
    expect(at(store, 'spec', 'metadata')).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'redis-password' } });
  });

  test('access control on orders lets checkout POST /orders and denies everything else', () => {
    const configName = at(find('Deployment', 'orders'), 'spec', 'template', 'metadata', 'annotations')['dapr.io/config'];
    const accessControl = at(find('Configuration', configName), 'spec', 'accessControl');
    expect(accessControl.defaultAction).toBe('deny');
    expect(accessControl.policies).toEqual([
      expect.objectContaining({ appId: 'checkout', defaultAction: 'deny', operations: [{ name: '/orders', httpVerb: ['POST'], action: 'allow' }] }),
    ]);
  });
${MISTAKE_TEST}
  test('the manifests match the committed snapshot', async () => {
    await expect(yaml).toMatchFileSnapshot('__snapshots__/system.k8s.yaml');
  });
});
`;

const TODO_TEST = `${TEST_PRELUDE}
describe('the todo system', () => {
  test('the control plane comes first, as a pinned Helm release with mTLS on', () => {
    const release = find('HelmRelease', 'dapr');
    expect(manifests.indexOf(release)).toBeLessThan(manifests.indexOf(find('Deployment', 'todo-api')));
    expect(at(release, 'spec', 'chart', 'spec', 'version')).toMatch(/^\\d+\\.\\d+\\.\\d+$/);
    expect(at(release, 'spec', 'values', 'global', 'mtls', 'enabled')).toBe(true);
  });

  test('both apps run with a Dapr sidecar under their app-ids', () => {
    for (const [appId, port] of [['todo-api', '8000'], ['notification-service', '8001']]) {
      const annotations = at(find('Deployment', appId!), 'spec', 'template', 'metadata', 'annotations');
      expect(annotations['dapr.io/app-id']).toBe(appId);
      expect(annotations['dapr.io/app-port']).toBe(port);
      expect(annotations['dapr.io/config']).toBe(\`\${appId}-config\`);
    }
  });

  test('components are scoped to the apps that use them, with passwords from Secrets', () => {
    expect(at(find('Component', 'statestore'), 'scopes')).toEqual(['todo-api']);
    expect([...at(find('Component', 'pubsub'), 'scopes')].sort()).toEqual(['notification-service', 'todo-api']);
    expect(at(find('Component', 'statestore'), 'spec', 'metadata')).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'redis-password' } });
    expect(at(find('Subscription', 'notification-service-task-events'), 'scopes')).toEqual(['notification-service']);
  });

  test('access control on notification-service lets todo-api POST /notify and denies everything else', () => {
    const accessControl = at(find('Configuration', 'notification-service-config'), 'spec', 'accessControl');
    expect(accessControl.defaultAction).toBe('deny');
    expect(accessControl.policies).toEqual([
      expect.objectContaining({ appId: 'todo-api', defaultAction: 'deny', operations: [{ name: '/notify', httpVerb: ['POST'], action: 'allow' }] }),
    ]);
  });
${MISTAKE_TEST}
  test('the manifests match the committed snapshot', async () => {
    await expect(yaml).toMatchFileSnapshot('__snapshots__/system.k8s.yaml');
  });
});
`;

export const SYSTEM_TEMPLATES: Readonly<Record<TemplateName, SystemTemplate>> = {
  minimal: {
    system: MINIMAL_SYSTEM,
    test: MINIMAL_TEST,
    distFiles: ['shop.k8s.yaml'],
    appIds: ['checkout', 'orders'],
    secrets: [{ name: 'redis', key: 'redis-password', configKey: 'redisPassword' }],
    summary: 'two apps (`orders`, `checkout`), a Redis state store scoped to `orders`, and access control that lets `checkout` `POST /orders` only',
  },
  todo: {
    system: TODO_SYSTEM,
    test: TODO_TEST,
    distFiles: ['0000-dapr-system.k8s.yaml', '0001-todo.k8s.yaml'],
    appIds: ['notification-service', 'todo-api'],
    secrets: [
      { name: 'redis', key: 'redis-password', configKey: 'redisPassword' },
      { name: 'email-api', key: 'authorization', configKey: 'emailApiAuthorization' },
    ],
    summary: "the todo system of Dapr's tutorials (two apps, a Redis state store and pub/sub, a subscription, an HTTP endpoint, resiliency, access control) behind Dapr's control plane as a Flux `HelmRelease`",
  },
};
