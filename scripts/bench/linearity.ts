/**
 * Section "linearity": per-app cost of daprkit's checked synth in one chart and in a chart per app;
 * the per-app cost at the largest N should stay within 1.1x of the next smaller N (linear in apps
 * and in charts). cdk8s's own per-chart path (`chart.toJson()` per chart) is quadratic in charts.
 *
 * Each figure comes from fresh processes (warm-up, then both layouts interleaved; the median over
 * three rounds that alternate the Ns): in one long process the heap that earlier measurements
 * leave behind skews later ones (the same 5,000-chart synth measured 4 s or 6 s there, depending on
 * what ran before), which is noise about the benchmark, not about synthesis. A user's synth is a
 * process of its own too.
 */
import { BenchOptions, BenchRow, BenchSection, runFresh } from './harness';

/** Rounds of fresh processes, one per N each round, alternating: a slow stretch of the machine then hits every N alike. */
const ROUNDS = 3;

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(options: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  const ns = options.ns.filter((n) => n >= 100);
  const samples = new Map(ns.map((n) => [n, [] as number[][]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of ns) samples.get(n)!.push(JSON.parse(runFresh('linearity-run.ts', [n, options.runs])) as number[]);
  }
  let previous: { one: number; perApp: number; plus: number } | undefined;
  for (const n of ns) {
    // The median over the rounds of each process's median.
    const [oneMs, perAppMs, plusMs] = [0, 1, 2].map((v) => middle(samples.get(n)!.map((s) => s[v])));
    const [one, perApp, plus] = [oneMs / n, perAppMs / n, plusMs / n];
    const growth = (now: number, before?: number): Record<string, number> => (before ? { 'perApp/perApp(previous N)': now / before } : {});
    rows.push(
      { section: 'linearity', n, label: 'daprkit, 1 chart x N apps', medianMs: one * n, perAppMs: one, ratios: growth(one, previous?.one) },
      { section: 'linearity', n, label: 'daprkit, N charts x 1 app', medianMs: perApp * n, perAppMs: perApp, ratios: { 'N charts/1 chart': perApp / one, ...growth(perApp, previous?.perApp) } },
      { section: 'linearity', n, label: 'cdk8s-plus only, 1 chart (for comparison)', medianMs: plusMs, perAppMs: plus, ratios: { 'daprkit 1 chart/this': one / plus, ...growth(plus, previous?.plus) } },
    );
    previous = { one, perApp, plus };
  }
  return rows;
}

export const linearitySection: BenchSection = { name: 'linearity', run };
