// A plain CommonJS consumer: require('daprkit') and synthesize a small system in memory.
const assert = require('node:assert/strict');
const { Chart, DaprApp, DaprkitApp, PubSub, SecretValue } = require('daprkit');

const app = new DaprkitApp({ outdir: 'dist-cjs' });
const chart = new Chart(app, 'cjs');
const worker = new DaprApp(chart, 'worker', { appId: 'worker', image: 'ghcr.io/acme/worker:1.0', appPort: 3000 });
const pubsub = PubSub.redis(chart, 'pubsub', {
  metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password') },
});
worker.uses(pubsub);
worker.subscribe(pubsub, 'orders', { route: '/orders' });

const yaml = app.synthYaml();
assert.match(yaml, /dapr\.io\/app-id: worker/);
assert.match(yaml, /dapr\.io\/app-port: "3000"/);
assert.match(yaml, /kind: Subscription/);
assert.match(yaml, /topic: orders/);
assert.match(yaml, /secretKeyRef:\n\s+key: password\n\s+name: redis/);
console.log('cjs consumer: ok');
