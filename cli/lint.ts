/**
 * `daprkit lint`: the checks synth runs, plus schema validation (Dapr CRDs, kubernetes-models), over
 * hand-written or generated manifests; findings located by file and line (the copy of an object
 * they are about), ordered by code point whatever the locale, with every skipped file or document
 * listed, and no secret value in any message.
 */
import { isCheckId, checkIds, Target } from '../checks/catalog-of-checks';
import { crdSchema } from '../checks/crd-schema';
import { ALL_CHECKS, runChecks } from '../checks/index';
import { kubernetesSchema } from '../checks/kubernetes-schema';
import { isDaprKind, resourceId } from '../checks/manifest';
import { ReadNotice, YAML_SYNTAX_CHECK } from '../checks/read-manifests';
import { didYouMean } from '../checks/suggest';
import { withoutSuppressed } from '../checks/suppressions';
import { Finding, Manifest } from '../checks/types';
import { byCodePoint, jsonText, printable } from './escape';
import { Inputs, UsageError } from './inputs';
import { compareFindings, formatText, locateReaderFinding } from './findings-text';
import { LocatedFinding, locateFindings } from './locations';
import { scrub, secretValuesOf } from './redact';

export type { LocatedFinding };
export { compareFindings, formatText, locateReaderFinding };

/** Every check lint runs: synth's checks plus the two schema validations. */
export const LINT_CHECKS = [...ALL_CHECKS, crdSchema, kubernetesSchema];

export interface LintOptions {
  /** Check ids to leave out everywhere (`--ignore`). */
  readonly ignore?: readonly string[];
  /** Warnings fail too, and so does anything skipped (`--strict`). */
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
  /** Files and documents the reader skipped (templates, non-objects): listed in every format. */
  readonly notices: ReadNotice[];
  readonly objects: number;
  readonly exitCode: 0 | 1;
  /** Suggestions about how lint was run (e.g. the target), not findings: they never fail a run. */
  readonly advice: string[];
}

/** Throws a UsageError for an `--ignore` id that no check has. */
export function validateIgnore(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isCheckId(id)) throw new UsageError(`--ignore ${printable(id)}: no check has that id.${didYouMean(id, checkIds())} Run "daprkit lint --list-checks" for the list.`);
  }
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
  const options_ = { customTypes: options.customTypes ?? [], target: options.target ?? 'kubernetes' } as const;
  const run = (subset: readonly Manifest[]) => withoutSuppressed(runChecks(subset, LINT_CHECKS, options_), subset, options.ignore);
  const checked = run(manifests);
  const located = withoutSecrets(locateFindings(inputs.manifests, checked, run), manifests);
  const reader = withoutSuppressed(inputs.findings, [], options.ignore).map(locateReaderFinding);
  const all = [...reader, ...located].sort(compareFindings);
  const notices = [...inputs.notices].sort((a, b) => byCodePoint(a.source, b.source) || a.line - b.line || byCodePoint(a.message, b.message));
  const errors = all.some((f) => f.severity === 'error');
  const warnings = all.some((f) => f.severity === 'warning');
  return { findings: all, notices, objects: manifests.length, exitCode: errors || (options.strict && (warnings || notices.length > 0)) ? 1 : 0, advice: targetAdvice(manifests, all, options) };
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

export function formatJson(result: LintResult): string {
  return jsonText({ objects: result.objects, exitCode: result.exitCode, findings: result.findings, notices: result.notices, advice: result.advice });
}

/** SARIF 2.1.0, so code-scanning UIs show the findings inline on the object's line (see cli/sarif.ts). */
export function formatSarif(result: LintResult, version: string, cwd: string = process.cwd()): string {
  // Loaded here, not at the top: text and JSON runs (a linter called on every save) skip it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./sarif') as typeof import('./sarif')).formatSarif(result, version, cwd);
}
