/**
 * One measurement of the linearity section, run in a fresh process: `<n> <one|per> <runs>` prints
 * the median ms of daprkit's checked synth of n apps (one chart, or a chart per app), after a
 * warm-up. A process of its own keeps the heap that earlier measurements left from skewing this one.
 */
import { median } from './harness';
import { daprkitApp } from './workload';

const [n, layout, runs] = process.argv.slice(2);
console.log(median(Number(runs), () => daprkitApp(Number(n), layout === 'per').synthYaml()).toFixed(3));
