import { Chart, DaprApp, DaprkitApp, HttpVerb, SecretValue, Size, StateStore } from 'daprkit';

const app = new DaprkitApp();                 // a cdk8s App that checks the whole system first
const chart = new Chart(app, 'shop');

const orders = new DaprApp(chart, 'orders', {
  appId: 'orders', image: 'ghcr.io/acme/orders:1.0', appPort: 8080,
  sidecar: { memory: { limit: Size.mebibytes(256) } },
});
const checkout = new DaprApp(chart, 'checkout', {
  appId: 'checkout', image: 'ghcr.io/acme/checkout:1.0', appPort: 8080,
});

const store = StateStore.redis(chart, 'orders-store', {
  metadata: {
    redisHost: 'redis-master.redis.svc.cluster.local:6379',
    redisPassword: SecretValue.fromSecret('redis', 'redis-password'),
  },
});
orders.uses(store);                           // scopes the store to orders
checkout.invokes(orders, { operations: [{ path: '/orders', verbs: [HttpVerb.POST] }] });

app.synth();                                  // dist/shop.k8s.yaml, or one report of every mistake
