/**
 * Hostile manifest objects for fuzzing the checks: realistic Dapr and Kubernetes objects with any
 * field replaced by a value of the wrong type (a number for a map, null metadata, arrays of
 * arrays, huge strings), plus deeply nested and very large objects.
 */
import fc from 'fast-check';

/** Values of every JSON type, including the awkward ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308, true, false, '', ' ', 'true', '__proto__', 'constructor', 'x'.repeat(5000)),
  fc.constantFrom<unknown>([], [[]], [[1, [null]]], {}, { a: { b: [] } }, [{ name: 1 }], { name: null, value: [] }, { toString: 1 }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

const item = (name: string, value: string) => ({ name, value });

/** Templates of every kind the checks read, complete enough to reach deep into each check. */
export const TEMPLATES: readonly Record<string, unknown>[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: {
        metadata: {
          labels: { app: 'orders' },
          annotations: {
            'dapr.io/enabled': 'true',
            'dapr.io/app-id': 'orders',
            'dapr.io/app-port': '8080',
            'dapr.io/config': 'appconfig',
            'dapr.io/sidecar-memory-limit': '512Mi',
            'dapr.io/sidecar-memory-request': '128Mi',
            'daprkit.io/invokes': JSON.stringify([{ appId: 'cart', operations: [{ path: '/cart/*', verbs: ['GET'] }] }]),
          },
        },
        spec: { containers: [{ name: 'orders', image: 'orders:1', ports: [{ containerPort: 8080 }] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'cart', namespace: 'shop', annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'cart', 'dapr.io/app-port': '3000' } },
    spec: { containers: [{ name: 'cart', image: 'cart:1', ports: [{ containerPort: 3000 }] }] },
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'statestore', namespace: 'shop', annotations: { 'daprkit.io/plaintext-ok': 'redisPassword' } },
    auth: { secretStore: 'vault' },
    spec: {
      type: 'state.redis',
      version: 'v1',
      metadata: [item('redisHost', 'redis:6379'), { name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } }, item('actorStateStore', 'true')],
    },
    scopes: ['orders', 'cart'],
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'pubsub', namespace: 'shop' },
    spec: { type: 'pubsub.kafka', version: 'v1', metadata: [item('brokers', 'kafka:9092'), item('authType', 'password'), item('saslUsername', 'u')] },
    scopes: ['orders'],
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'vault', namespace: 'shop' },
    spec: { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [item('vaultAddr', 'https://vault:8200'), item('vaultTokenMountPath', '/t')] },
  },
  {
    apiVersion: 'dapr.io/v2alpha1',
    kind: 'Subscription',
    metadata: { name: 'orders', namespace: 'shop' },
    spec: { pubsubname: 'pubsub', topic: 'orders', routes: { rules: [{ match: 'event.type == "a"', path: '/a' }], default: '/orders' } },
    scopes: ['orders'],
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Configuration',
    metadata: { name: 'appconfig', namespace: 'shop' },
    spec: {
      tracing: { samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin:9411/api/v2/spans' } },
      features: [{ name: 'HotReload', enabled: true }],
      accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'cart', defaultAction: 'deny', operations: [{ name: '/cart/*', httpVerb: ['GET'], action: 'allow' }] }] },
      httpPipeline: { handlers: [{ name: 'ratelimit', type: 'middleware.http.ratelimit' }] },
      workflow: { maxConcurrentWorkflowInvocations: 10, workflowConcurrencyLimits: [{ name: 'OrderWorkflow', maxConcurrent: 2 }], stateRetentionPolicy: { completed: '1h' } },
    },
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Resiliency',
    metadata: { name: 'resiliency', namespace: 'shop' },
    spec: {
      policies: {
        timeouts: { fast: '5s' },
        retries: { retry: { policy: 'constant', duration: '1s', maxRetries: 3, matching: { httpStatusCodes: '429,500-504' } } },
        circuitBreakers: { cb: { maxRequests: 1, interval: '8s', timeout: '45s', trip: 'consecutiveFailures >= 5' } },
      },
      targets: { apps: { cart: { timeout: 'fast', retry: 'retry', circuitBreaker: 'cb' } }, components: { statestore: { outbound: { retry: 'retry' } } } },
    },
    scopes: ['orders'],
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'HTTPEndpoint',
    metadata: { name: 'payments', namespace: 'shop' },
    spec: { baseUrl: 'https://payments.example.com', headers: [item('X-Tenant', 'shop'), { name: 'Authorization', secretKeyRef: { name: 'p', key: 't' } }] },
    auth: { secretStore: 'vault' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'checkout' } },
      template: {
        metadata: {
          labels: { app: 'checkout' },
          annotations: {
            'dapr.io/enabled': 'true',
            'dapr.io/app-id': 'checkout',
            'daprkit.io/actor-types': 'Cart,Basket',
            'daprkit.io/actor-state-store': 'statestore',
            'daprkit.io/workflows': JSON.stringify({ workflows: ['OrderWorkflow'], activities: ['Charge'] }),
            'daprkit.io/schedules-workflows': JSON.stringify([{ appId: 'orders', workflows: [{ name: 'Order*', operations: ['schedule', 'get'] }], activities: ['Charge'] }]),
          },
        },
        spec: { containers: [{ name: 'checkout', image: 'checkout:1' }] },
      },
    },
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'WorkflowAccessPolicy',
    metadata: { name: 'orders-workflows', namespace: 'shop' },
    spec: { rules: [{ callers: [{ appID: 'checkout' }], workflows: [{ name: 'Order[*]', operations: ['schedule', 'get'] }], activities: [{ name: 'Charge*' }] }] },
    scopes: ['orders'],
  },
  {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'MCPServer',
    metadata: { name: 'tools', namespace: 'shop', annotations: { 'daprkit.io/plaintext-ok': 'X-Tenant' } },
    spec: {
      endpoint: {
        streamableHTTP: {
          url: 'https://tools.example.com/mcp',
          timeout: '30s',
          headers: [item('X-Tenant', 'shop'), { name: 'Authorization', secretKeyRef: { name: 't', key: 'k' } }],
          auth: { secretStore: 'vault', oauth2: { issuer: 'https://login.example.com/token', secretKeyRef: { name: 'o', key: 's' } } },
        },
      },
      middleware: { beforeCallTool: [{ workflow: { workflowName: 'Redact', appID: 'checkout' }, mutate: true }], afterListTools: [{ workflow: { workflowName: 'Filter' } }] },
    },
    scopes: ['orders'],
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ledger-peers', namespace: 'shop' },
    spec: { clusterIP: 'None', selector: { app: 'ledger' }, ports: [{ name: 'api', port: 9000, targetPort: 'api' }] },
  },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ledger', namespace: 'shop', labels: { app: 'ledger' } }, automountServiceAccountToken: false },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'ledger', namespace: 'shop' },
    spec: {
      serviceName: 'ledger-peers',
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: 'ledger' } },
      template: {
        metadata: { labels: { app: 'ledger' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'ledger', 'dapr.io/app-port': '9000' } },
        spec: { serviceAccountName: 'ledger', containers: [{ name: 'ledger', image: 'ledger:1', ports: [{ containerPort: 9000, name: 'api' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cleanup', namespace: 'shop' },
    spec: {
      schedule: '*/5 * * * *',
      successfulJobsHistoryLimit: 2,
      jobTemplate: { spec: { backoffLimit: 1, template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'cleanup', 'dapr.io/enable-native-sidecar': 'true' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'c:1' }] } } } },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'shop' },
    spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } },
  },
];

/** Every path into a value (objects and arrays, leaves included), the root excluded. */
export function valuePaths(root: unknown): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const walk = (node: unknown, at: Array<string | number>) => {
    if (at.length > 0) out.push(at);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...at, i]));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
  };
  walk(root, []);
  return out;
}

/** A deep copy of `root` with the value at `at` replaced. */
export function replaced(root: unknown, at: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
  let node: any = copy;
  for (const step of at.slice(0, -1)) node = node[step];
  node[at[at.length - 1]] = value;
  return copy;
}

/** A set of templates with 1–3 fields replaced by hostile values. */
export const hostileManifests: fc.Arbitrary<unknown[]> = fc
  .array(fc.tuple(fc.nat(), fc.nat(), hostileValue), { minLength: 1, maxLength: 3 })
  .map((edits) => {
    const objects: unknown[] = TEMPLATES.map((t) => JSON.parse(JSON.stringify(t)));
    for (const [which, where, value] of edits) {
      const i = which % objects.length;
      const paths = valuePaths(objects[i]);
      if (paths.length > 0) objects[i] = replaced(objects[i], paths[where % paths.length], value);
    }
    return objects;
  });
