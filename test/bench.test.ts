/** The synth benchmark measures the clean path and judges its goals from the rows. No timing here. */
import { ApiObject } from 'cdk8s';
import { judgeGoals, formatGoals } from '../scripts/bench/goals';
import { BenchRow } from '../scripts/bench/harness';
import { cdk8sPlusApp, daprkitApp } from '../scripts/bench/workload';

test('the workload synthesizes without a single finding, in one chart and in a chart per app', () => {
  for (const perApp of [false, true]) {
    const app = daprkitApp(20, perApp);
    const { objects, findings } = app.synthesizeChecked();
    expect(findings).toEqual([]);
    // Per app: Deployment, Service, state store, Subscription; plus the shared pub/sub.
    expect(objects.filter((o) => o.manifest.kind === 'Deployment')).toHaveLength(20);
    expect(objects.filter((o) => o.manifest.kind === 'Component')).toHaveLength(21);
    expect(objects.filter((o) => o.manifest.kind === 'Subscription')).toHaveLength(20);
  }
  expect(cdk8sPlusApp(20).node.findAll().filter((c) => c instanceof ApiObject)).toHaveLength(40);
});

const row = (section: string, n: number, label: string, ratios: Record<string, number>, extra: Partial<BenchRow> = {}): BenchRow => ({
  section, n, label, medianMs: 1, perAppMs: 1, ratios, ...extra,
});

test('goals are judged from the rows: ratio, per-app growth and memory per object', () => {
  const rows = [
    row('synth', 1000, 'daprkit synthYaml (4001 objects)', { 'daprkit/this': 1 }),
    row('synth', 1000, 'cdk8s-plus only (Deployment + Service)', { 'daprkit/this': 0.9 }),
    row('synth', 5000, 'daprkit synthYaml (20001 objects)', { 'daprkit/this': 1 }, { peakRssMb: 150, objects: 20001 }),
    row('synth', 5000, 'cdk8s-plus only (Deployment + Service)', { 'daprkit/this': 1.2 }, { peakRssMb: 70, objects: 10000 }),
    row('linearity', 1000, 'daprkit, 1 chart x N apps', {}),
    row('linearity', 5000, 'daprkit, 1 chart x N apps', { 'perApp/perApp(previous N)': 1.05 }),
    row('linearity', 5000, 'daprkit, N charts x 1 app', { 'perApp/perApp(previous N)': 1.3 }),
  ];
  const goals = judgeGoals(rows);
  expect(goals.map((g) => [g.goal.split(':')[0], g.met])).toEqual([
    ['synth at N=1000', true],
    ['synth at N=5000', false],
    ['per-app cost at N=5000 vs the previous N (1 chart x N apps)', true],
    ['per-app cost at N=5000 vs the previous N (N charts x 1 app)', false],
    ['peak RSS at N=5000', false],
  ]);
  expect(goals[4].limit).toBeCloseTo((70 * 20001) / 10000);
  expect(formatGoals(goals)).toMatch(/^met {3}\s+synth at N=1000[\s\S]*MISSED {2}synth at N=5000/);
  expect(judgeGoals([])).toEqual([]);
});
