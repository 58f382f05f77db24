/**
 * Section "lint": `daprkit lint`'s work (read the YAML, run every check) over 10,000 manifests,
 * against reading the same YAML alone (target: at most 2x). The corpus and the measurement live in
 * scripts/bench-lint.ts, which also runs on its own (`npm run bench:lint`).
 */
import { benchLint } from '../bench-lint';
import { BenchOptions, BenchRow, BenchSection } from './harness';

/** Manifests in the lint corpus: the 10,000, fewer in a quick run. */
function corpusSize(options: BenchOptions): number {
  return Math.max(...options.ns) >= 1000 ? 10_000 : 1_000;
}

function run(options: BenchOptions): BenchRow[] {
  const n = corpusSize(options);
  const r = benchLint(n, Math.max(1, Math.min(options.runs, 3)));
  return [{ section: 'lint', n, label: 'lint (read + checks) vs read alone', medianMs: r.lintMs, perAppMs: r.lintMs / n, ratios: { 'lint/parse': r.ratio } }];
}

export const lintSection: BenchSection = { name: 'lint', run };
