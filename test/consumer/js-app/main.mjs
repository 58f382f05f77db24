// An ES module consumer: named imports from the CommonJS package through Node's interop.
import assert from 'node:assert/strict';
import { Chart, DaprApp, DaprkitApp, Duration, ResiliencyPolicy, Retry } from 'daprkit';

const app = new DaprkitApp({ outdir: 'dist-esm' });
const chart = new Chart(app, 'esm');
const api = new DaprApp(chart, 'api', { appId: 'api', image: 'ghcr.io/acme/api:1.0', appPort: 8080 });
const resiliency = new ResiliencyPolicy(chart, 'resiliency', { scopes: [api] });
resiliency.forApp(api, { timeout: resiliency.addTimeout('fast', Duration.seconds(3)), retry: resiliency.addRetry('twice', Retry.constant(Duration.seconds(1), 2)) });

const yaml = app.synthYaml();
assert.match(yaml, /kind: Resiliency/);
assert.match(yaml, /fast: 3s/);
assert.match(yaml, /dapr\.io\/app-id: api/);
console.log('esm consumer: ok');
