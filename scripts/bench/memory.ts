/** Runs one bench variant once and prints the process's peak RSS in MB (a fresh process per variant). */
import { MEMORY_VARIANTS } from './synth';

const [variant, n] = process.argv.slice(2);
const before = process.resourceUsage().maxRSS;
MEMORY_VARIANTS[variant](Number(n));
const after = process.resourceUsage().maxRSS;
// maxRSS is in KB; report the peak above what loading the modules took.
console.log(((after - before) / 1024).toFixed(1));
