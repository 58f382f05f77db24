/**
 * The goals of issues 12 (synth) and 16 (reading), judged from the rows `npm run bench` measured: each prints as met or
 * missed with the figure behind it, and goes into the JSON. A goal whose rows were not measured
 * (a quick run, a section left out) is not judged.
 */
import { BenchRow } from './harness';

export interface GoalResult {
  readonly goal: string;
  readonly value: number;
  readonly limit: number;
  readonly met: boolean;
}

const find = (rows: readonly BenchRow[], section: string, n: number, label: string) => rows.find((r) => r.section === section && r.n === n && r.label.startsWith(label));

export function judgeGoals(rows: readonly BenchRow[]): GoalResult[] {
  const results: GoalResult[] = [];
  const judge = (goal: string, value: number | undefined, limit: number) => {
    if (value !== undefined && Number.isFinite(value)) results.push({ goal, value, limit, met: value <= limit });
  };
  for (const n of [1000, 5000]) {
    const plus = find(rows, 'synth', n, 'cdk8s-plus only');
    judge(`synth at N=${n}: daprkit / cdk8s-plus`, plus?.ratios['daprkit/this'], 1.0);
  }
  for (const label of ['daprkit, 1 chart x N apps', 'daprkit, N charts x 1 app']) {
    const last = rows.filter((r) => r.section === 'linearity' && r.label === label).at(-1);
    judge(`per-app cost at N=${last?.n} vs the previous N (${label.replace('daprkit, ', '')})`, last?.ratios['perApp/perApp(previous N)'], 1.1);
  }
  for (const r of rows.filter((row) => row.section === 'read' && row.ratios['one map/maps of 1,000'] !== undefined)) {
    judge(`read: one map of ${r.n} keys / the same keys in maps of 1,000 (issue 16)`, r.ratios['one map/maps of 1,000'], 1.5);
  }
  const imported = rows.find((r) => r.section === 'import' && r.ratios['import/lint'] !== undefined);
  if (imported && imported.n >= 1000) judge(`import at ${imported.n} objects: import / lint`, imported.ratios['import/lint'], 3.0);
  const largest = Math.max(...rows.filter((r) => r.section === 'synth').map((r) => r.n));
  const daprkit = find(rows, 'synth', largest, 'daprkit synthYaml');
  const plus = find(rows, 'synth', largest, 'cdk8s-plus only');
  if (daprkit?.peakRssMb !== undefined && plus?.peakRssMb !== undefined && daprkit.objects && plus.objects) {
    // The baseline's memory per object, for daprkit's (larger) number of objects.
    judge(`peak RSS at N=${largest}: daprkit MB vs cdk8s-plus MB x objects ratio`, daprkit.peakRssMb, (plus.peakRssMb * daprkit.objects) / plus.objects);
  }
  for (const row of rows.filter((r) => r.section === 'cli')) judge(`${row.label}: / node + yaml`, row.ratios['cmd/node+yaml'], 2.0);
  return results;
}

export function formatGoals(results: readonly GoalResult[]): string {
  if (results.length === 0) return 'no goal measured (run without --quick, with the synth and linearity sections)';
  return results.map((r) => `${r.met ? 'met   ' : 'MISSED'}  ${r.goal}: ${r.value.toFixed(2)} (limit ${r.limit.toFixed(2)})`).join('\n');
}
