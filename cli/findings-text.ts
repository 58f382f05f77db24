/**
 * Findings as text, shared by `lint` and by `graph` (which reports unreadable input as lint does):
 * the order every output uses, reader findings at their line, and the human format with every
 * piece of input escaped. Light on purpose: `graph` loads it without the checks.
 */
import type { ReadNotice } from '../checks/read-manifests';
import type { Finding } from '../checks/types';
import { byCodePoint, printable } from './escape';
import type { LocatedFinding } from './locations';
import type { Style } from './style';

/** What the text format needs of a lint run. */
export interface FindingsReport {
  readonly findings: readonly LocatedFinding[];
  readonly notices: readonly ReadNotice[];
  readonly objects: number;
  readonly advice: readonly string[];
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/** Findings in one order on every machine: severity, file, line, then the finding's own text, by code point. */
export function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    byCodePoint(a.file, b.file) ||
    a.line - b.line ||
    byCodePoint(a.resource, b.resource) ||
    byCodePoint(a.field, b.field) ||
    byCodePoint(a.check, b.check) ||
    byCodePoint(a.message, b.message)
  );
}

/** A reader finding (invalid YAML, a file over the bounds) at its file and the parser's line. */
export function locateReaderFinding(f: Finding): LocatedFinding {
  const line = Number(/^line (\d+)/.exec(f.field)?.[1] ?? 1);
  return { ...f, file: f.resource, line };
}

/** Human output: grouped by file, errors first, one finding per block; stable (no timings); all input escaped. */
export function formatText(result: FindingsReport, style: Style): string {
  const lines: string[] = [];
  const files = [...new Set(result.findings.map((f) => f.file))].sort(byCodePoint);
  for (const file of files) {
    lines.push(style.bold(printable(file)));
    const inFile = result.findings.filter((f) => f.file === file);
    for (const f of [...inFile.filter((x) => x.severity === 'error'), ...inFile.filter((x) => x.severity === 'warning')]) {
      const severity = f.severity === 'error' ? style.red('error') : style.yellow('warning');
      const resource = f.check === 'yaml-syntax' ? '' : ` ${printable(f.resource)}`;
      lines.push(`  ${f.line}: ${severity}${resource} ${printable(f.field)}: ${printable(f.message)} ${style.dim(`[${printable(f.check)}]`)}`);
      lines.push(`      ${style.dim(`fix: ${printable(f.hint)}`)}`);
    }
  }
  for (const n of result.notices) lines.push(style.dim(`notice: ${printable(n.source)}:${n.line}: ${printable(n.message)}`));
  for (const a of result.advice) lines.push(`advice: ${printable(a)}`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const skipped = result.notices.length === 0 ? '' : `, ${result.notices.length} skipped`;
  lines.push(`${result.objects} objects checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${skipped}.`);
  return lines.join('\n') + '\n';
}

