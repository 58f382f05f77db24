/**
 * `daprkit lint`: the checks synth runs, plus schema validation (Dapr CRDs, kubernetes-models), over
 * hand-written or generated manifests; findings located by file and line.
 */
import { isCheckId, checkIds, CHECK_CATALOG, Target } from '../checks/catalog-of-checks';
import { crdSchema } from '../checks/crd-schema';
import { ALL_CHECKS, runChecks } from '../checks/index';
import { kubernetesSchema } from '../checks/kubernetes-schema';
import { isDaprKind, resourceId } from '../checks/manifest';
import { ReadNotice, YAML_SYNTAX_CHECK } from '../checks/read-manifests';
import { didYouMean } from '../checks/suggest';
import { withoutSuppressed } from '../checks/suppressions';
import { Finding, Manifest } from '../checks/types';
import { Inputs, UsageError } from './inputs';
import { Style } from './style';

/** Every check lint runs: synth's checks plus the two schema validations. */
export const LINT_CHECKS = [...ALL_CHECKS, crdSchema, kubernetesSchema];

/** A finding with the file and line of the object it is about. */
export interface LocatedFinding extends Finding {
  readonly file: string;
  readonly line: number;
}

export interface LintOptions {
  /** Check ids to leave out everywhere (`--ignore`). */
  readonly ignore?: readonly string[];
  /** Warnings fail too (`--strict`). */
  readonly strict?: boolean;
  /** Component types to accept without catalog checks, such as pluggable ones (`--custom-type`, `customTypes`). */
  readonly customTypes?: readonly string[];
  /**
   * Where daprd reads the objects (`--target`, `target`).
   * @default - kubernetes, with advice when the input looks like a self-hosted resources folder
   */
  readonly target?: Target;
}

export interface LintResult {
  readonly findings: LocatedFinding[];
  readonly notices: ReadNotice[];
  readonly objects: number;
  readonly exitCode: 0 | 1;
  /** Suggestions about how lint was run (e.g. the target), not findings: they never fail a run. */
  readonly advice: string[];
}

/** Throws a UsageError for an `--ignore` id that no check has. */
export function validateIgnore(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isCheckId(id)) throw new UsageError(`--ignore ${id}: no check has that id.${didYouMean(id, checkIds())} Run "daprkit lint --list-checks" for the list.`);
  }
}

export function lint(inputs: Inputs, options: LintOptions = {}): LintResult {
  const manifests = inputs.manifests.map((m) => m.manifest);
  const where = new Map<string, { file: string; line: number }>();
  for (const m of inputs.manifests) {
    const id = resourceId(m.manifest);
    if (!where.has(id)) where.set(id, { file: m.source, line: m.line });
  }
  const checked = runChecks(manifests, LINT_CHECKS, { customTypes: options.customTypes ?? [], target: options.target ?? 'kubernetes' });
  const all = withoutSuppressed([...inputs.findings, ...checked], manifests, options.ignore);
  const located: LocatedFinding[] = all.map((f) => {
    if (f.check === 'yaml-syntax') {
      const line = Number(/^line (\d+)/.exec(f.field)?.[1] ?? 1);
      return { ...f, file: f.resource, line };
    }
    const at = where.get(f.resource) ?? { file: '(unknown)', line: 1 };
    return { ...f, ...at };
  });
  located.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.file.localeCompare(b.file) || a.line - b.line || a.field.localeCompare(b.field));
  const errors = located.some((f) => f.severity === 'error');
  const warnings = located.some((f) => f.severity === 'warning');
  return { findings: located, notices: inputs.notices, objects: manifests.length, exitCode: errors || (options.strict && warnings) ? 1 : 0, advice: targetAdvice(manifests, located, options) };
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/**
 * Dapr resources with no workload beside them are what a self-hosted resources folder holds (and
 * what `daprkit dev` writes): when lint judged them by Kubernetes rules without being told to, and
 * some of its errors would not hold for daprd reading them from disk, it says which and how to
 * switch. The self-hosted run happens only then.
 */
function targetAdvice(manifests: readonly Manifest[], findings: readonly LocatedFinding[], options: LintOptions): string[] {
  if (options.target !== undefined || manifests.length === 0) return [];
  if (!manifests.every((m) => isDaprKind(m)) || manifests.some((m) => WORKLOAD_KINDS.has(m.kind))) return [];
  const key = (f: Finding) => `${f.check}\u0000${f.resource}\u0000${f.field}`;
  const selfHosted = new Set(runChecks(manifests, LINT_CHECKS, { customTypes: options.customTypes ?? [], target: 'self-hosted' }).filter((f) => f.severity === 'error').map(key));
  const onlyKubernetes = findings.filter((f) => f.severity === 'error' && f.check !== YAML_SYNTAX_CHECK && !selfHosted.has(key(f)));
  if (onlyKubernetes.length === 0) return [];
  const which = [...new Set(onlyKubernetes.map((f) => f.check))].sort();
  const count = onlyKubernetes.length === 1 ? '1 error' : `${onlyKubernetes.length} errors`;
  return [
    `These files hold Dapr resources and no workloads, as a self-hosted resources folder does, and were checked by Kubernetes rules (the default): ` +
      `${count} (${which.join(', ')}) would not hold for daprd reading them from disk. If it does (dapr run), lint with --target self-hosted (or target: self-hosted in .daprkit.yaml).`,
  ];
}

/** Human output: grouped by file, errors first, one finding per block; stable (no timings). */
export function formatText(result: LintResult, style: Style): string {
  const lines: string[] = [];
  const files = [...new Set(result.findings.map((f) => f.file))].sort();
  for (const file of files) {
    lines.push(style.bold(file));
    const inFile = result.findings.filter((f) => f.file === file);
    for (const f of [...inFile.filter((x) => x.severity === 'error'), ...inFile.filter((x) => x.severity === 'warning')]) {
      const severity = f.severity === 'error' ? style.red('error') : style.yellow('warning');
      const resource = f.check === 'yaml-syntax' ? '' : ` ${f.resource}`;
      lines.push(`  ${f.line}: ${severity}${resource} ${f.field}: ${f.message} ${style.dim(`[${f.check}]`)}`);
      lines.push(`      ${style.dim(`fix: ${f.hint}`)}`);
    }
  }
  for (const n of result.notices) lines.push(style.dim(`notice: ${n.source}:${n.line}: ${n.message}`));
  for (const a of result.advice) lines.push(`advice: ${a}`);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  lines.push(`${result.objects} objects checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}

export function formatJson(result: LintResult): string {
  return JSON.stringify({ objects: result.objects, exitCode: result.exitCode, findings: result.findings, notices: result.notices, advice: result.advice }, null, 2) + '\n';
}

/** The SARIF region: the object's line, or the parser's line and column for a syntax error. */
function regionOf(f: LocatedFinding): { startLine: number; startColumn?: number } {
  const column = f.check === 'yaml-syntax' ? /column (\d+)$/.exec(f.field)?.[1] : undefined;
  return column === undefined ? { startLine: f.line } : { startLine: f.line, startColumn: Number(column) };
}

/** SARIF 2.1.0, so code-scanning UIs show the findings inline on the object's line. */
export function formatSarif(result: LintResult, version: string): string {
  const ids = [...new Set(result.findings.map((f) => f.check))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'daprkit',
            version,
            informationUri: 'https://github.com/daprkit/daprkit',
            rules: ids.map((id) => ({ id, shortDescription: { text: CHECK_CATALOG[id]?.catches ?? id } })),
          },
        },
        results: result.findings.map((f) => ({
          ruleId: f.check,
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: `${f.resource === f.file ? '' : `${f.resource} `}${f.field}: ${f.message} Fix: ${f.hint}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.file.replace(/\\/g, '/') }, region: regionOf(f) } }],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
