/**
 * Section "linearity": per-app cost of daprkit's checked synth in one chart and in a chart per app;
 * the per-app cost at the largest N should stay within 1.1x of the next smaller N (linear in apps
 * and in charts). cdk8s's own per-chart path (`chart.toJson()` per chart) is quadratic in charts.
 */
import { BenchOptions, BenchRow, BenchSection, median } from './harness';
import { daprkitApp } from './workload';

function run(options: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  const ns = options.ns.filter((n) => n >= 100);
  let previous: { one: number; perApp: number } | undefined;
  for (const n of ns) {
    const one = median(options.runs, () => daprkitApp(n).synthYaml()) / n;
    const perApp = median(options.runs, () => daprkitApp(n, true).synthYaml()) / n;
    const growth = (now: number, before?: number): Record<string, number> => (before ? { 'perApp/perApp(previous N)': now / before } : {});
    rows.push(
      { section: 'linearity', n, label: 'daprkit, 1 chart x N apps', medianMs: one * n, perAppMs: one, ratios: growth(one, previous?.one) },
      { section: 'linearity', n, label: 'daprkit, N charts x 1 app', medianMs: perApp * n, perAppMs: perApp, ratios: { 'N charts/1 chart': perApp / one, ...growth(perApp, previous?.perApp) } },
    );
    previous = { one, perApp };
  }
  return rows;
}

export const linearitySection: BenchSection = { name: 'linearity', run };
