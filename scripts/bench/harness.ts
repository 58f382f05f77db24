/** Timing and memory helpers for `npm run bench`: warm-up, median of runs, peak RSS in a child process. */
import { execFileSync } from 'child_process';
import * as path from 'path';

export interface BenchOptions {
  /** App counts to measure. */
  readonly ns: readonly number[];
  /** Timed runs per measurement (the median is reported). */
  readonly runs: number;
  /** Whether to measure peak memory (one child process per variant and N). */
  readonly memory: boolean;
}

/** One row of the results table; `ratios` are what counts (same process), ms are for context. */
export interface BenchRow {
  readonly section: string;
  readonly n: number;
  readonly label: string;
  readonly medianMs: number;
  readonly perAppMs: number;
  readonly ratios: Record<string, number>;
  readonly peakRssMb?: number;
  /** Objects the variant writes, where it matters (memory is compared per object). */
  readonly objects?: number;
}

/** A benchmark section: `npm run bench` runs every section in `SECTIONS` (scripts/bench.ts). */
export interface BenchSection {
  readonly name: string;
  run(options: BenchOptions): BenchRow[];
}

/**
 * Median wall times in ms of the variants, measured interleaved (a, b, c, a, b, c, ...) after one
 * untimed warm-up call each: on a shared machine whose speed drifts, a slow stretch then slows
 * every variant alike instead of the one that happened to run during it, so the ratios hold.
 */
export function interleavedMedians(runs: number, fns: readonly (() => unknown)[]): number[] {
  fns.forEach((fn) => fn());
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, v) => {
      const start = process.hrtime.bigint();
      fn();
      times[v].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}

/**
 * Runs a script of this folder (`memory.ts`) in a fresh node process and returns its output as a
 * number: the transpiled `.js` beside this file when the bench runs transpiled, else through ts-node.
 */
export function inFreshProcess(script: string, args: readonly (string | number)[]): number {
  return JSON.parse(runFresh(script, args)) as number;
}

/** Runs a script of this folder in a fresh node process and returns what it printed (trimmed). */
export function runFresh(script: string, args: readonly (string | number)[]): string {
  const compiled = __filename.endsWith('.js');
  const entry = path.join(__dirname, compiled ? script.replace(/\.ts$/, '.js') : script);
  const out = execFileSync(process.execPath, [...(compiled ? [] : ['-r', 'ts-node/register/transpile-only']), entry, ...args.map(String)], { encoding: 'utf8' });
  return out.trim();
}

/** Peak resident memory (MB) of a fresh process running one variant once (scripts/bench/memory.ts). */
export function peakRssMb(variant: string, n: number): number {
  return inFreshProcess('memory.ts', [variant, n]);
}
