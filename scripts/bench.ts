/**
 * `npm run bench`: synthesis speed as ratios against baselines run in the same process (absolute
 * times are only context: the machine is shared). Prints a table and writes it as JSON.
 *
 * Usage: npm run bench [-- --quick] [-- --n 100,1000] [--runs 5] [--no-memory] [--sections read,lint] [--out path.json]
 *   default: N = 100, 1,000, 5,000; median of 5 runs after a warm-up; peak RSS per variant.
 *   --quick: N = 100, 500; median of 3; no memory (a cheap run).
 *   --sections: only these sections (`npm run bench:read` is `--sections read`).
 * Add a section with one line in SECTIONS (each exports a `BenchSection`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatGoals, judgeGoals } from './bench/goals';
import { cliSection } from './bench/cli';
import { BenchOptions, BenchRow, BenchSection } from './bench/harness';
import { linearitySection } from './bench/linearity';
import { importSection } from './bench/import';
import { lintSection } from './bench/lint';
import { readSection } from './bench/read';
import { synthSection } from './bench/synth';

const SECTIONS: BenchSection[] = [
  synthSection,
  linearitySection,
  lintSection,
  importSection,
  cliSection,
  readSection,
];

function parseArgs(argv: readonly string[]): BenchOptions & { out: string; only?: string[] } {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const ns = (arg('--n') ?? (quick ? '100,500' : '100,1000,5000')).split(',').map(Number);
  const runs = Number(arg('--runs') ?? (quick ? 3 : 5));
  const only = arg('--sections')?.split(',');
  return { ns, runs, memory: !quick && !argv.includes('--no-memory'), out: arg('--out') ?? path.join(os.tmpdir(), 'daprkit-bench-results.json'), only };
}

const options = parseArgs(process.argv.slice(2));
console.log(`N = ${options.ns.join(', ')}; median of ${options.runs} after a warm-up${options.memory ? '; peak RSS in a fresh process' : ''}`);
const rows: BenchRow[] = [];
for (const section of SECTIONS.filter((s) => !options.only || options.only.includes(s.name))) {
  const sectionRows = section.run(options);
  rows.push(...sectionRows);
  console.log(`\n## ${section.name}`);
  console.log(`${'N'.padStart(6)}  ${'variant'.padEnd(50)} ${'median ms'.padStart(10)} ${'ms/app'.padStart(8)} ${'RSS MB'.padStart(7)}  ratios`);
  for (const r of sectionRows) {
    const ratios = Object.entries(r.ratios).map(([k, v]) => `${k} ${v.toFixed(2)}x`).join(', ');
    console.log(`${String(r.n).padStart(6)}  ${r.label.padEnd(50)} ${r.medianMs.toFixed(0).padStart(10)} ${r.perAppMs.toFixed(3).padStart(8)} ${(r.peakRssMb?.toFixed(0) ?? '-').padStart(7)}  ${ratios}`);
  }
}
const goals = judgeGoals(rows);
console.log(`\n## goals\n${formatGoals(goals)}`);
fs.writeFileSync(options.out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, ns: options.ns, runs: options.runs, rows, goals }, null, 2) + '\n');
console.log(`\nwrote ${options.out}`);
