/**
 * Section "import": `daprkit import`'s work (read the YAML, run lint's checks for the suppressions,
 * write the program, prove it by evaluating it against daprkit, print it) over 1,000 objects of a
 * realistic system, against `lint`'s work (read + checks) on the same text, measured interleaved in
 * one process. Goal: at most 3x. Nothing is written to disk by either side.
 */
import { readManifests } from '../../checks/read-manifests';
import { runChecks } from '../../checks/index';
import { importSystem } from '../../cli/import';
import { LINT_CHECKS } from '../../cli/lint';
import { lintCorpus } from '../bench-lint';
import { BenchOptions, BenchRow, BenchSection, interleavedMedians } from './harness';

/** The 1,000 objects; fewer in a quick run. */
function corpusSize(options: BenchOptions): number {
  return Math.max(...options.ns) >= 1000 ? 1000 : 200;
}

export interface ImportBench {
  readonly objects: number;
  readonly lintMs: number;
  readonly importMs: number;
  readonly typed: number;
}

/** Median times of lint and import over the same `n` objects. */
export function benchImport(n: number, runs: number): ImportBench {
  const text = lintCorpus(n);
  const lint = () => runChecks(readManifests(text, 'system.yaml').manifests.map((m) => m.manifest), LINT_CHECKS);
  let typed = 0;
  const imp = () => {
    const read = readManifests(text, 'system.yaml');
    const result = importSystem({ manifests: read.manifests, findings: read.findings, notices: read.notices }, { systemName: 'system' });
    typed = result.report.objects.filter((o) => o.as !== 'ApiObject').length;
  };
  const [lintMs, importMs] = interleavedMedians(runs, [lint, imp]);
  return { objects: n, lintMs: lintMs!, importMs: importMs!, typed };
}

function run(options: BenchOptions): BenchRow[] {
  const n = corpusSize(options);
  const r = benchImport(n, Math.max(3, Math.min(options.runs, 5)));
  return [
    { section: 'import', n, label: 'lint (read + checks)', medianMs: r.lintMs, perAppMs: r.lintMs / n, ratios: {} },
    { section: 'import', n, label: `import (read + checks + program + proof), ${r.typed} typed`, medianMs: r.importMs, perAppMs: r.importMs / n, ratios: { 'import/lint': r.importMs / r.lintMs } },
  ];
}

export const importSection: BenchSection = { name: 'import', run };
