/**
 * Where `daprkit import` writes: its program files go through the shared safe writer
 * (cli/safe-write.ts), with dev's rules: only inside `--out`, no link followed, and a file is
 * replaced only when daprkit wrote it and nobody edited it since (so importing again refreshes the
 * program); anything else refuses the run with exit 2, writing nothing, unless `--force`.
 */
import * as path from 'path';
import { writeOutputFolder, WriteReport } from './safe-write';

/** Writes `files` (name → content) into `out`; returns the report (paths relative to `out`). */
export function writeImportedProgram(out: string, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): WriteReport {
  return writeOutputFolder(out, [...files].map(([name, content]) => ({ path: name, content })), { tool: 'import', force: options.force ?? false, removeStale: true });
}

/** The files the report names, as paths under `out`, with what happened to each. */
export function reportedFiles(report: WriteReport): { file: string; what: string }[] {
  const entries: { file: string; what: string }[] = [];
  for (const what of ['written', 'unchanged', 'kept', 'merged', 'removed'] as const) {
    for (const rel of report[what]) entries.push({ file: path.join(report.out, rel), what: what === 'written' ? 'wrote' : what });
  }
  return entries;
}
