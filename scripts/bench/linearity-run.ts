/**
 * The linearity section's measurement at one N, run in a fresh process: `<n> <runs>` prints, as
 * JSON, the median ms of daprkit's checked synth of n apps in one chart and in a chart per app, and
 * of the cdk8s-plus baseline (how much cdk8s itself grows), interleaved after a warm-up. A process
 * of its own keeps the heap that earlier measurements left from skewing this one.
 */
import { interleavedMedians } from './harness';
import { cdk8sPlusApp, daprkitApp, synthCdk8s } from './workload';

const [n, runs] = process.argv.slice(2).map(Number);
console.log(JSON.stringify(interleavedMedians(runs, [() => daprkitApp(n).synthYaml(), () => daprkitApp(n, true).synthYaml(), () => synthCdk8s(cdk8sPlusApp(n))])));
