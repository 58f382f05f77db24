// A system with two mistakes: synth must report both at once and write nothing.
const { Chart, DaprApp, DaprkitApp } = require('daprkit');

const app = new DaprkitApp({ outdir: 'dist-broken' });
const chart = new Chart(app, 'broken');
new DaprApp(chart, 'a', { appId: 'shop', image: 'shop:1', appPort: 8080, extraAnnotations: { 'example.com/x': 'y' } });
new DaprApp(chart, 'b', { appId: 'shop', image: 'shop:2', appPort: 8081 });
const c = new DaprApp(chart, 'c', { appId: 'cart', image: 'cart:1', appPort: 8082 });
c.deployment.podMetadata.addAnnotation('dapr.io/app-protocl', 'http');
app.synth();
