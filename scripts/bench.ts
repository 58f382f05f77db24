/**
 * Synthesis speed, as ratios against baselines run in the same process (never absolute times):
 *  - daprkit's checked synth of N charts vs cdk8s's own per-chart `toJson()` (what `App.synth`
 *    does), which re-resolves the whole app per chart and so grows quadratically;
 *  - daprkit's checked synth of N charts vs the same N apps in one chart (the linear ideal);
 *  - writing N chart files to disk vs synthesizing them in memory (the file layout stays linear).
 * Usage: npm run bench [-- charts]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { DaprkitApp } from '../constructs/app';
import { DaprApp } from '../constructs/dapr-app';

function build<T extends App>(app: T, charts: number, appsPerChart: number): T {
  for (let c = 0; c < charts; c++) {
    const chart = new Chart(app, `chart-${c}`);
    for (let a = 0; a < appsPerChart; a++) {
      const appId = `app-${c}-${a}`;
      new DaprApp(chart, appId, { appId, image: `${appId}:1`, appPort: 8080 });
    }
  }
  return app;
}

function time(label: string, fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms`);
  return ms;
}

const quiet = { onWarnings: () => undefined };
const n = Number(process.argv[2] ?? 300);
console.log(`${n} apps`);
// Warm up the JIT and module caches so the first measurement is not penalised.
build(new DaprkitApp(quiet), 20, 1).synthManifests();

const oneChart = time('daprkit, 1 chart x N apps (linear ideal)', () => build(new DaprkitApp(quiet), 1, n).synthManifests());
const manyCharts = time('daprkit, N charts x 1 app', () => build(new DaprkitApp(quiet), n, 1).synthManifests());
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-bench-'));
const manyChartsToDisk = time('daprkit synth() to disk, N charts x 1 app', () => build(new DaprkitApp({ ...quiet, outdir }), n, 1).synth());
fs.rmSync(outdir, { recursive: true, force: true });
const cdk8sManyCharts = time('cdk8s chart.toJson(), N charts x 1 app', () => {
  const app = build(new App(), n, 1);
  for (const chart of app.charts) chart.toJson();
});

console.log(`daprkit N charts / daprkit 1 chart: ${(manyCharts / oneChart).toFixed(2)}x (near 1 means linear in charts)`);
console.log(`daprkit to disk / in memory:        ${(manyChartsToDisk / manyCharts).toFixed(2)}x (writing files adds a constant per chart)`);
console.log(`cdk8s N charts / daprkit N charts:  ${(cdk8sManyCharts / manyCharts).toFixed(2)}x (how much the quadratic path costs)`);
