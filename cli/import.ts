/**
 * `daprkit import`: existing manifests in, a typed daprkit program that reproduces them out.
 *
 * The importer (`import/`) writes the program; this module proves it before anything is written:
 * the program is evaluated in memory against daprkit, what it synthesizes is compared with the
 * input object by object, and
 * - a unit whose statements or constructs fail, or that writes an object the input does not have,
 *   falls back to raw ApiObjects (the report says why);
 * - the fields a construct writes differently get an escape hatch (JSON patches on that object),
 *   or, past a few, the object falls back to a raw ApiObject;
 * until the program reproduces every object. Findings of the input are carried as suppressions.
 */
import * as path from 'path';
import { resourceId } from '../checks/manifest';
import { Finding, Manifest } from '../checks/types';
import { PatchOp, patchOps } from '../import/compare';
import { json, Json, object as objectExpr, entry } from '../import/ir';
import { InputObject, ImportReport, ReportSkipped, unitKey } from '../import/model';
import { ImportPlan, planImport } from '../import/plan';
import { GENERATED_NOTE, printChart, printMain } from '../import/print';
import { DaprkitAppProps } from '../index';
import { evaluateProgram } from './import-evaluate';
import { reportedFiles, writeImportedProgram } from './import-write';
import { Inputs, readInputs, UsageError } from './inputs';
import { formatJson, formatText, lint, LINT_CHECKS } from './lint';
import { styleFor } from './style';
import { runChecks } from '../checks/index';

/** Escape-hatch operations a typed construct may carry before its object is written raw instead. */
export const MAX_PATCHES_PER_OBJECT = 6;

/** Rounds of evaluation before the importer gives up on typed code for the objects still failing. */
const MAX_ROUNDS = 6;

export interface ImportOptions {
  /** Names the chart (and file) of objects without a namespace. @default derived from the inputs, else 'system' */
  readonly systemName?: string;
  /** Component types to accept without catalog checks (as `lint --custom-type`). */
  readonly customTypes?: readonly string[];
}

export interface ImportResult {
  /** File name (relative to `--out`) → content. */
  readonly files: Map<string, string>;
  readonly report: ImportReport;
  /** Read problems (invalid YAML): with any of these, nothing is imported (lint's exit codes). */
  readonly readFindings: Finding[];
}

/** Keys cdk8s cannot write: `__proto__` becomes a prototype, `constructor` breaks its sanitizer. */
const UNWRITABLE_KEYS = new Set(['__proto__', 'constructor']);
/** Keys a JSON patch may not touch (fast-json-patch refuses them): an escape hatch cannot reach them. */
const UNPATCHABLE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first key of `value` (at any depth) cdk8s cannot synthesize, if any. Iterative: any depth. */
function unwritableKey(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    for (const k of Object.keys(v)) {
      if (UNWRITABLE_KEYS.has(k)) return k;
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return undefined;
}

/** True when an escape-hatch operation would have to touch a key JSON patches may not. */
function unpatchable(op: PatchOp): boolean {
  return op.path.split('/').some((segment) => UNPATCHABLE_SEGMENTS.has(segment));
}

/** A name for the system from the inputs: the one folder or file given, else 'system'. */
export function systemNameOf(inputs: readonly string[]): string {
  if (inputs.length !== 1 || inputs[0] === '-') return 'system';
  const input = inputs[0]!.replace(/^git:[^:]*:/, '').replace(/[\\/]+$/, '');
  const base = path.basename(input).replace(/\.(ya?ml|json)$/i, '');
  const cleaned = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' || cleaned === '.' ? 'system' : cleaned;
}

/** Matching key of an object: apiVersion, kind, namespace as written, name. */
function identity(m: Manifest): string {
  const metadata = (m.metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify([m.apiVersion, m.kind, typeof metadata.namespace === 'string' ? metadata.namespace : null, metadata.name ?? null]);
}

function appProps(plan: ImportPlan): DaprkitAppProps {
  return plan.needsNamespacesElsewhere ? { namespacesManagedElsewhere: true } : {};
}

interface Verified {
  readonly plan: ImportPlan;
  readonly patched: ReadonlyMap<number, readonly PatchOp[]>;
  /** Objects no form reproduces, even raw (by input index), with the reason: they are skipped and listed. */
  readonly unreproducible: ReadonlyMap<number, string>;
}

/** Plans, evaluates and compares until the program reproduces its input (see the module comment). */
function verifiedPlan(objects: readonly InputObject[], findings: readonly Finding[], systemName: string): Verified {
  const raw = new Map<number, string>();
  const patches = new Map<number, PatchOp[]>();
  for (let round = 0; ; round++) {
    const plan = planImport(objects, { systemName, raw, findings, patches });
    const last = round >= MAX_ROUNDS;
    const evaluation = evaluateProgram(plan.charts, appProps(plan));
    if (evaluation.unowned.length > 0) throw new Error(`importer bug: ${evaluation.unowned.join('; ')}`);
    const unitOf = new Map(plan.units.flatMap((u) => u.objects.map((o) => [o.index, u] as const)));
    const typed = (index: number) => unitOf.get(index)?.as !== 'ApiObject';
    let changed = false;
    let fellBack = false;
    const units = new Map(plan.units.filter((u) => u.objects.length > 0).map((u) => [unitKey(u), u]));
    const unreproducible = new Map<number, string>();
    const forceRaw = (unit: number, why: string) => {
      const found = units.get(unit);
      // An object that is raw already and still not reproduced cannot be written by cdk8s at all.
      if (found?.as === 'ApiObject') {
        for (const o of found.objects) unreproducible.set(o.index, `cdk8s cannot write it as it is (${why.replace(/^the typed form /, 'cdk8s ')})`);
        return;
      }
      for (const o of found?.objects ?? []) {
        if (!raw.has(o.index)) {
          raw.set(o.index, why);
          patches.delete(o.index);
          changed = true;
          fellBack = true;
        }
      }
    };
    // The problem as daprkit words it, without the value it received (which may be a secret).
    for (const [unit, why] of evaluation.failures) forceRaw(unit, `daprkit refused the typed form: ${why.replace(/received .*?, expected /, 'expected ')}`);
    if (unreproducible.size > 0) return { plan, patched: patches, unreproducible };
    if (!changed) {
      const produced = new Map<string, typeof evaluation.objects>();
      for (const o of evaluation.objects) {
        const list = produced.get(identity(o.manifest)) ?? [];
        list.push(o);
        produced.set(identity(o.manifest), list);
      }
      const inputs = new Map<string, InputObject[]>();
      for (const o of objects) {
        const list = inputs.get(identity(o.manifest)) ?? [];
        list.push(o);
        inputs.set(identity(o.manifest), list);
      }
      for (const [key, list] of produced) {
        const wanted = inputs.get(key) ?? [];
        list.slice(wanted.length).forEach((extra) => {
          if (extra.manifest.kind === 'Namespace' && extra.manifest.apiVersion === 'v1') return;
          if (extra.unit === undefined) throw new Error(`importer bug: ${resourceId(extra.manifest)} comes from no unit`);
          forceRaw(extra.unit, `the typed form also writes ${resourceId(extra.manifest)}, which the input does not have`);
        });
      }
      for (const [key, wanted] of inputs) {
        const got = produced.get(key) ?? [];
        wanted.forEach((input, i) => {
          const output = got[i];
          if (!output) {
            forceRaw(unitOf.get(input.index)!.objects[0]!.index, `the typed form does not write ${input.resource} as named in the input`);
            return;
          }
          const ops = patchOps(input.manifest as Json, output.manifest as Json);
          if (ops.length === 0) return;
          if (ops.some(unpatchable)) {
            if (typed(input.index)) forceRaw(unitOf.get(input.index)!.objects[0]!.index, 'the typed form writes a field an escape hatch cannot reach');
            else unreproducible.set(input.index, 'it holds a value under a key named "prototype" that cdk8s writes otherwise, and JSON patches may not touch that key');
            return;
          }
          // An object folded into another construct without an escape hatch of its own (a Role that
          // `readsSecrets` writes) goes back to being an object of its own; its construct is planned again.
          const unit = unitOf.get(input.index)!;
          if (typed(input.index) && !unit.patchTargets.has(input.index)) {
            if (unit.objects[0]!.index === input.index) forceRaw(input.index, 'the typed form writes it differently and has no escape hatch for it');
            else if (!raw.has(input.index)) {
              raw.set(input.index, `${unit.as} would write it differently`);
              patches.delete(input.index);
              changed = true;
              fellBack = true;
            }
            return;
          }
          const all = [...(patches.get(input.index) ?? []), ...ops];
          if (typed(input.index) && (all.length > MAX_PATCHES_PER_OBJECT || last)) {
            forceRaw(unitOf.get(input.index)!.objects[0]!.index, `the typed form would need ${all.length} escape-hatch patches`);
          } else {
            patches.set(input.index, all);
            changed = true;
          }
        });
      }
    }
    if (unreproducible.size > 0) return { plan, patched: patches, unreproducible };
    if (!changed) return { plan, patched: patches, unreproducible };
    // Escape hatches alone settle it: a patch is computed from the very object it applies to, so it
    // reproduces the input (the corpus test runs the printed programs to hold this true); only a
    // fallback to raw objects changes what the other units see, and needs another evaluation.
    if (!fellBack) return { plan: planImport(objects, { systemName, raw, findings, patches }), patched: patches, unreproducible };
    if (round > MAX_ROUNDS + 2) throw new Error('importer bug: the program does not settle on a faithful form');
  }
}

/** Imports read manifests: the program's files and the report (nothing is written here). */
export function importSystem(read: Inputs, options: ImportOptions = {}): ImportResult {
  if (read.findings.length > 0) return { files: new Map(), report: { objects: [], skipped: [], suppressed: [] }, readFindings: read.findings };
  const skipped: ReportSkipped[] = read.notices.map((n) => ({ file: n.source, line: n.line, reason: n.message }));
  let objects: InputObject[] = [];
  for (const m of read.manifests) {
    const key = unwritableKey(m.manifest);
    if (key !== undefined) {
      skipped.push({ file: m.source, line: m.line, reason: `${resourceId(m.manifest)} has a key named "${key}", which cdk8s cannot synthesize; keep this object in YAML.` });
      continue;
    }
    objects.push({ manifest: m.manifest, source: m.source, line: m.line, resource: resourceId(m.manifest), index: objects.length });
  }
  const findings = runChecks(objects.map((o) => o.manifest), LINT_CHECKS, { customTypes: options.customTypes ?? [] });
  const systemName = options.systemName ?? 'system';
  let verified = verifiedPlan(objects, findings, systemName);
  // Objects that cannot be written even raw are left out and listed; each round removes one at least.
  while (verified.unreproducible.size > 0) {
    for (const [index, reason] of verified.unreproducible) {
      const o = objects.find((x) => x.index === index)!;
      skipped.push({ file: o.source, line: o.line, reason: `${o.resource}: ${reason}; keep this object in YAML.` });
    }
    objects = objects.filter((o) => !verified.unreproducible.has(o.index)).map((o, index) => ({ ...o, index }));
    verified = verifiedPlan(objects, findings, systemName);
  }
  const { plan } = verified;
  const files = new Map<string, string>();
  const header = [
    `${GENERATED_NOTE}`,
    `Imported from ${objects.length} object${objects.length === 1 ? '' : 's'}; \`npx tsx main.ts\` (or \`cdk8s synth\`) writes them to dist/ (CDK8S_OUTDIR overrides).`,
  ];
  const program = { charts: plan.charts, header };
  const appComments = plan.needsNamespacesElsewhere
    ? ['daprkit would add a Namespace object for each namespace the apps use; the imported system did not define them.']
    : [];
  const props = plan.needsNamespacesElsewhere ? objectExpr([entry('namespacesManagedElsewhere', json(true))]) : undefined;
  files.set('main.ts', printMain(program, { appComments, ...(props ? { appProps: props } : {}) }));
  for (const chart of plan.charts) files.set(`${chart.file}.ts`, printChart(chart));
  return { files, report: { ...plan.report, skipped: [...skipped, ...plan.report.skipped] }, readFindings: [] };
}

// --- the command ---------------------------------------------------------------------------------

export interface ImportCommandOptions {
  readonly out: string;
  readonly format: 'text' | 'json';
  readonly customTypes?: readonly string[];
  /** Replace program files edited since daprkit wrote them, or not written by daprkit (`--force`). @default false */
  readonly force?: boolean;
}

export interface ImportCommandResult {
  readonly output: string;
  readonly exitCode: 0 | 1;
}

/** Text for a terminal: control characters (an object name can hold any) shown as escapes. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width + 1);
}

/** The report as text: a table of the objects, then the raw ones with their reason, what was skipped and what suppressed. */
export function formatImportText(report: ImportReport, written: readonly { file: string; what: string }[], out: string): string {
  const lines: string[] = [];
  const typed = report.objects.filter((o) => o.as !== 'ApiObject');
  const dapr = report.objects.filter((o) => o.dapr);
  const daprTyped = dapr.filter((o) => o.as !== 'ApiObject');
  lines.push(
    `Imported ${report.objects.length} object${report.objects.length === 1 ? '' : 's'}: ${typed.length} as typed constructs, ${report.objects.length - typed.length} as ApiObject; ` +
      `${daprTyped.length} of ${dapr.length} Dapr objects typed.`,
  );
  const rows = report.objects.map((o) => [printable(o.resource), printable(`${o.file}:${o.line}`), o.as]);
  const widths = [0, 1].map((i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length), i === 0 ? 6 : 4)));
  lines.push('', `${pad('object', widths[0]!)}${pad('file', widths[1]!)}as`);
  for (const r of rows) lines.push(`${pad(r[0]!, widths[0]!)}${pad(r[1]!, widths[1]!)}${r[2]}`);
  const explained = report.objects.filter((o) => o.reason);
  if (explained.length > 0) {
    lines.push('', 'why:');
    for (const o of explained) lines.push(`  ${printable(o.resource)} (${o.as}): ${printable(o.reason!)}`);
  }
  if (report.skipped.length > 0) {
    lines.push('', 'skipped:');
    for (const s of report.skipped) lines.push(`  ${printable(s.file)}${s.line !== undefined ? `:${s.line}` : ''}: ${printable(s.reason)}`);
  }
  if (report.suppressed.length > 0) {
    lines.push('', `suppressed (${report.suppressed.length}; each a daprkit.io/ignore on its object, with the message beside it in the code):`);
    for (const s of report.suppressed) lines.push(`  ${printable(s.resource)} ${s.check}: ${printable(s.message)}`);
  }
  lines.push('', ...written.map((w) => `${w.what} ${printable(w.file)}`));
  lines.push(`next: cd ${printable(out)} && npx tsx main.ts   (with daprkit, cdk8s, cdk8s-plus-28, constructs and tsx installed; dist/ then holds the objects)`);
  return lines.join('\n') + '\n';
}

/** `daprkit import`: reads, imports, writes the program, reports. Read problems give lint's report and exit code. */
export function importCommand(inputs: readonly string[], options: ImportCommandOptions, readStdin?: () => string): ImportCommandResult {
  const read = readInputs(inputs, readStdin);
  if (read.findings.length > 0) {
    const result = lint(read, { customTypes: options.customTypes ?? [] });
    const output = options.format === 'json' ? formatJson(result) : formatText(result, styleFor(process.stdout));
    return { output, exitCode: 1 };
  }
  if (read.manifests.length === 0) throw new UsageError(`nothing to import: ${inputs.join(', ')} hold${inputs.length === 1 ? 's' : ''} no Kubernetes object.`);
  const result = importSystem(read, { systemName: systemNameOf(inputs), customTypes: options.customTypes ?? [] });
  const files = reportedFiles(writeImportedProgram(options.out, result.files, { force: options.force ?? false }));
  const written = files.map((f) => f.file);
  const output =
    options.format === 'json'
      ? JSON.stringify({ objects: result.report.objects, skipped: result.report.skipped, suppressed: result.report.suppressed, files: written }, null, 2) + '\n'
      : formatImportText(result.report, files, options.out);
  return { output, exitCode: 0 };
}
