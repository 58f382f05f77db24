/** Issue 18: `daprkit graph` and `daprkit dev` understand jobs, secret readers and in-code subscriptions. */
import { Chart } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { Manifest } from '../checks/types';
import { buildGraph, toMermaid } from '../cli/graph';
import { devFiles } from '../cli/dev';
import { DaprApp, DaprJob, KUBERNETES_SECRET_STORE, PubSub, SecretStore } from '../index';

function system(): Manifest[] {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  const chart = new Chart(app, 'shop');
  const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
  const vaultless = SecretStore.kubernetes(chart, 'k8s-secrets');
  const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
  orders.subscribesInCode(pubsub, 'orders', { route: '/orders' });
  orders.readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['orders-db'] });
  const report = new DaprJob(chart, 'report', { appId: 'report', image: 'report:1', schedule: '0 2 * * *' });
  report.readsSecrets(vaultless, { keys: ['report-db'] });
  report.uses(pubsub);
  return app.synthManifests();
}

describe('graph', () => {
  const text = toMermaid(buildGraph(system()));

  test('labels jobs with how they run', () => {
    expect(text).toContain('app_default_report("report (CronJob 0 2 * * *)")');
    expect(text).toContain('app_default_orders("orders")');
  });

  test('draws secret reads to the stores, the built-in one included', () => {
    expect(text).toContain('component_default_kubernetes[("kubernetes (built-in secret store)")]');
    expect(text).toContain('app_default_orders -->|"reads secrets orders-db"| component_default_kubernetes');
    expect(text).toContain('app_default_report -->|"reads secrets report-db"| component_default_k8s_secrets');
  });

  test('draws topics delivered to apps that subscribe in code', () => {
    expect(text).toContain('component_default_pubsub -->|"carries"| topic_default_pubsub_orders');
    expect(text).toContain('topic_default_pubsub_orders -->|"delivers to /orders (subscribed in code)"| app_default_orders');
  });
});

describe('dev', () => {
  const { files, notes } = devFiles(system());

  test('a job runs once, and says so', () => {
    expect(notes).toContain('report runs as a CronJob 0 2 * * * on Kubernetes: `dapr run -f` starts it once; run it again to repeat it.');
    expect((files.get('dapr.yaml') as { apps: { appID: string }[] }).apps.map((a) => a.appID)).toEqual(['orders', 'report']);
  });

  test('Kubernetes secret stores read by apps become local file stores of the same name, with placeholders', () => {
    expect(files.get('resources/component-k8s-secrets.yaml')).toMatchObject({ metadata: { name: 'k8s-secrets' }, spec: { type: 'secretstores.local.file' } });
    expect(files.get('resources/component-kubernetes.yaml')).toMatchObject({ metadata: { name: 'kubernetes' }, spec: { type: 'secretstores.local.file' } });
    const secrets = JSON.parse(String(files.get('secrets.json')));
    expect(Object.keys(secrets).sort()).toEqual(['orders-db', 'report-db']);
    expect(String(files.get('secrets.json'))).not.toMatch(/password|token/i);
  });
});
