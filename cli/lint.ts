/**
 * `daprkit lint`: the checks synth runs, plus schema validation (Dapr CRDs, kubernetes-models), over
 * hand-written or generated manifests; findings located by file and line (the copy of an object
 * they are about), ordered by code point whatever the locale, with every skipped file or document
 * listed, and no secret value in any message.
 */
import { isCheckId, checkIds } from '../checks/catalog-of-checks';
import { crdSchema } from '../checks/crd-schema';
import { ALL_CHECKS, runChecks } from '../checks/index';
import { kubernetesSchema } from '../checks/kubernetes-schema';
import { resourceId } from '../checks/manifest';
import { ReadNotice } from '../checks/read-manifests';
import { didYouMean } from '../checks/suggest';
import { withoutSuppressed } from '../checks/suppressions';
import { Finding, Manifest } from '../checks/types';
import { byCodePoint, jsonText, printable } from './escape';
import { Inputs, UsageError } from './inputs';
import { LocatedFinding, locateFindings } from './locations';
import { scrub, secretValuesOf } from './redact';
import { formatSarif as sarif } from './sarif';
import { Style } from './style';

export type { LocatedFinding };

/** Every check lint runs: synth's checks plus the two schema validations. */
export const LINT_CHECKS = [...ALL_CHECKS, crdSchema, kubernetesSchema];

export interface LintOptions {
  /** Check ids to leave out everywhere (`--ignore`). */
  readonly ignore?: readonly string[];
  /** Warnings fail too, and so does anything skipped (`--strict`). */
  readonly strict?: boolean;
  /** Component types to accept without catalog checks, such as pluggable ones (`--custom-type`, `customTypes`). */
  readonly customTypes?: readonly string[];
}

export interface LintResult {
  readonly findings: LocatedFinding[];
  /** Files and documents the reader skipped (templates, non-objects): listed in every format. */
  readonly notices: ReadNotice[];
  readonly objects: number;
  readonly exitCode: 0 | 1;
}

/** Throws a UsageError for an `--ignore` id that no check has. */
export function validateIgnore(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isCheckId(id)) throw new UsageError(`--ignore ${printable(id)}: no check has that id.${didYouMean(id, checkIds())} Run "daprkit lint --list-checks" for the list.`);
  }
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

/**
 * The findings with no secret value in them: each finding's text is scrubbed of the secret values
 * of the objects it names (a check that echoed one by mistake still prints `(redacted)`), the
 * credentials inside their URLs and connection strings included.
 */
function withoutSecrets(findings: readonly LocatedFinding[], manifests: readonly Manifest[]): LocatedFinding[] {
  const byResource = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const id = resourceId(m);
    const list = byResource.get(id);
    if (list) list.push(m);
    else byResource.set(id, [m]);
  }
  const secrets = new Map<string, string[]>();
  const secretsOf = (resource: string) => {
    let found = secrets.get(resource);
    if (!found) secrets.set(resource, (found = [...new Set((byResource.get(resource) ?? []).flatMap(secretValuesOf))].sort((a, b) => b.length - a.length)));
    return found;
  };
  return findings.map((f) => {
    const values = secretsOf(f.resource);
    return { ...f, field: scrub(f.field, values), message: scrub(f.message, values), hint: scrub(f.hint, values) };
  });
}

export function lint(inputs: Inputs, options: LintOptions = {}): LintResult {
  const manifests = inputs.manifests.map((m) => m.manifest);
  const run = (subset: readonly Manifest[]) => withoutSuppressed(runChecks(subset, LINT_CHECKS, { customTypes: options.customTypes ?? [] }), subset, options.ignore);
  const checked = run(manifests);
  const located = withoutSecrets(locateFindings(inputs.manifests, checked, run), manifests);
  const reader = withoutSuppressed(inputs.findings, [], options.ignore).map(locateReaderFinding);
  const all = [...reader, ...located].sort(compareFindings);
  const notices = [...inputs.notices].sort((a, b) => byCodePoint(a.source, b.source) || a.line - b.line || byCodePoint(a.message, b.message));
  const errors = all.some((f) => f.severity === 'error');
  const warnings = all.some((f) => f.severity === 'warning');
  return { findings: all, notices, objects: manifests.length, exitCode: errors || (options.strict && (warnings || notices.length > 0)) ? 1 : 0 };
}

/** Human output: grouped by file, errors first, one finding per block; stable (no timings); all input escaped. */
export function formatText(result: LintResult, style: Style): string {
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
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const skipped = result.notices.length === 0 ? '' : `, ${result.notices.length} skipped`;
  lines.push(`${result.objects} objects checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${skipped}.`);
  return lines.join('\n') + '\n';
}

export function formatJson(result: LintResult): string {
  return jsonText({ objects: result.objects, exitCode: result.exitCode, findings: result.findings, notices: result.notices });
}

/** SARIF 2.1.0, so code-scanning UIs show the findings inline on the object's line (see cli/sarif.ts). */
export function formatSarif(result: LintResult, version: string, cwd: string = process.cwd()): string {
  return sarif(result, version, cwd);
}
