/**
 * Synthesis with checks: the whole construct tree becomes plain manifests once, every check in
 * `checks/` runs over them once, and only a clean result is written to disk.
 *
 * cdk8s re-resolves and re-validates the whole app for every `chart.toJson()` (quadratic in the
 * number of charts), so this module walks the tree itself, once, and stays linear.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ALL_CHECKS, runChecks } from '../checks';
import { pushTo, resourceId } from '../checks/manifest';
import { Check, Finding, Manifest } from '../checks/types';
import { dependencyOrder } from './dependency-order';
import { stringifyYaml } from './yaml-emitter';
import { DaprNamespaces } from './namespaces';
import { markChecked } from './unchecked-synth';
import { coveredFindings } from './errors';

/**
 * Construct paths per resource id (`Kind/namespace/name`), one per object: two objects with the
 * same id (itself an error) are both named.
 */
export type ConstructPaths = ReadonlyMap<string, readonly string[]>;

/** Construct paths of the objects the findings name (only those: a clean synthesis needs none). */
function constructPathsOf(objects: readonly SynthesizedObject[], findings: readonly Finding[]): ConstructPaths {
  const named = new Set(findings.map((f) => f.resource));
  const paths = new Map<string, string[]>();
  if (named.size === 0) return paths;
  for (const o of objects) {
    const id = resourceId(o.manifest);
    if (!named.has(id)) continue;
    pushTo(paths, id, o.constructPath);
  }
  return paths;
}

/** One synthesized object with where it came from. */
export interface SynthesizedObject {
  readonly manifest: Manifest;
  /** The construct path of the ApiObject that produced it, e.g. `todo/todo-api/Deployment`. */
  readonly constructPath: string;
}

/** A synthesized tree: each chart with its objects, in cdk8s's order, and whether charts depend on each other. */
interface SynthesizedTree {
  readonly charts: { readonly chart: Chart; readonly objects: SynthesizedObject[] }[];
  readonly hasDependantCharts: boolean;
}

const allObjects = (tree: SynthesizedTree): SynthesizedObject[] => tree.charts.flatMap((c) => c.objects);

/**
 * Turns implicit construct dependencies into chart and ApiObject dependencies, the way cdk8s does
 * before it writes files, so objects come out in the same order `cdk8s synth` gives them.
 */
function resolveDependencies(constructs: IConstruct[]): boolean {
  let hasDependantCharts = false;
  for (const parent of constructs.filter(Chart.isChart)) {
    for (const child of parent.node.children.filter(Chart.isChart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const edges = constructs.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of edges) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart === targetChart) continue;
    sourceChart.node.addDependency(targetChart);
    hasDependantCharts = true;
  }
  for (const { source, target } of edges) {
    // cdk8s also ties every object of one chart to every object of another here, but an object's
    // dependency outside its chart never orders anything (objects are ordered within their chart,
    // charts by the chart edges above), and the cross product is quadratic: every object of every
    // namespace's chart times the Namespace objects of daprkit-namespaces.
    if (Chart.of(source) !== Chart.of(target)) continue;
    const targetObjects = target.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === Chart.of(target));
    const sourceObjects = source.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === Chart.of(source));
    for (const t of targetObjects) for (const s of sourceObjects) if (t !== s) s.node.addDependency(t);
  }
  return hasDependantCharts;
}

/** The ApiObjects of one chart (not of nested charts), dependencies first. */
function chartObjects(chart: Chart): ApiObject[] {
  return dependencyOrder(chart).filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}

function synthesizeTree(root: IConstruct): SynthesizedTree {
  const all = root.node.findAll();
  const hasDependantCharts = resolveDependencies(all);
  const charts = dependencyOrder(root, all)
    .filter(Chart.isChart)
    .map((chart) => ({ chart, objects: chartObjects(chart).map((o) => ({ manifest: o.toJson() as Manifest, constructPath: o.node.path })) }));
  return { charts, hasDependantCharts };
}

/** Runs every construct's own validations (cdk8s `node.addValidation`), collected with construct paths. */
function constructValidationErrors(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.validate().map((message) => `[${c.node.path}] ${message}`));
}

/**
 * The findings minus those a construct declared covered by a problem it recorded (`coverFinding`),
 * so each mistake appears once in the report. Only called when constructs recorded problems.
 */
function withoutCoveredFindings(root: IConstruct, objects: readonly SynthesizedObject[], findings: Finding[]): Finding[] {
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c]));
  const covered = new Set<string>();
  for (const o of objects) {
    const construct = byPath.get(o.constructPath);
    if (!construct) continue;
    const id = resourceId(o.manifest);
    for (const scope of construct.node.scopes) for (const c of coveredFindings(scope)) covered.add(`${id}\u0000${c.check}\u0000${c.field}`);
  }
  if (covered.size === 0) return findings;
  return findings.filter((f) => !covered.has(`${f.resource}\u0000${f.check}\u0000${f.field}`));
}

/** Thrown when synthesis finds errors; carries every finding (warnings too), not only the first. */
export class DaprkitValidationError extends Error {
  /** Every finding, warnings included. */
  public declare readonly findings: readonly Finding[];
  /** Errors raised by constructs' own validations, prefixed with their construct path. */
  public declare readonly constructErrors: readonly string[];

  constructor(findings: readonly Finding[], constructErrors: readonly string[], constructPaths: ConstructPaths = new Map()) {
    super(formatReport(findings, constructErrors, constructPaths));
    this.name = 'DaprkitValidationError';
    // Not enumerable, so an uncaught error prints the readable report only, not the raw data again.
    Object.defineProperty(this, 'findings', { value: findings, enumerable: false });
    Object.defineProperty(this, 'constructErrors', { value: constructErrors, enumerable: false });
  }
}

/** Renders findings for a terminal: one block per finding, naming resource, construct path, field, problem and fix. */
export function formatFindings(findings: readonly Finding[], constructPaths: ConstructPaths = new Map()): string {
  return findings
    .map((f) => {
      const at = constructPaths.get(f.resource) ?? [];
      const where = at.length === 0 ? '' : ` (construct${at.length > 1 ? 's' : ''} ${at.join(', ')})`;
      return [
        `${f.severity.toUpperCase()} ${f.resource}${where}`,
        `  field: ${f.field}`,
        `  problem: ${f.message}`,
        `  fix: ${f.hint}`,
      ].join('\n');
    })
    .join('\n');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The one report of a failed synthesis: construct errors (what the constructs recorded), then
 * the checks' errors, then their warnings (a warning often explains an error, e.g. an unknown
 * field `redisHots` next to "redisHost is missing").
 */
function formatReport(findings: readonly Finding[], constructErrors: readonly string[], constructPaths: ConstructPaths): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const count = errors.length + constructErrors.length;
  const parts = [
    `daprkit: synthesis failed with ${plural(count, 'error')}${warnings.length ? ` and ${plural(warnings.length, 'warning')}` : ''}; nothing was written.`,
  ];
  if (constructErrors.length) parts.push(constructErrors.map((e) => `ERROR ${e}`).join('\n'));
  if (errors.length) parts.push(formatFindings(errors, constructPaths));
  if (warnings.length) parts.push(formatFindings(warnings, constructPaths));
  return parts.join('\n');
}

export interface CheckedSynthesis {
  readonly objects: readonly SynthesizedObject[];
  readonly findings: readonly Finding[];
}

export interface DaprkitAppProps extends AppProps {
  /**
   * Checks to run in addition to daprkit's own.
   * @default - none
   */
  readonly extraChecks?: readonly Check[];
  /**
   * Treat warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Where warnings are reported.
   * @default - written to standard error
   */
  readonly onWarnings?: (report: string, findings: readonly Finding[]) => void;
  /**
   * What `synth()` does when validation fails. `'exit'`: print the report alone to standard error,
   * set `process.exitCode = 1` and return without writing (no stack trace: a program run by
   * `cdk8s synth` ends with the report). `'throw'`: throw `DaprkitValidationError`.
   * `synthManifests()`, `synthYaml()` and `synthesizeChecked()` always throw.
   * @default 'exit'
   */
  readonly onError?: 'exit' | 'throw';
  /**
   * Namespaces created by something else (a platform team, a Namespace object of your own), for
   * which no Namespace object is emitted; `true` for all of them.
   * @default - every namespace a DaprApp uses gets a Namespace object, except `default`, the
   * `kube-*` namespaces and `dapr-system`
   */
  readonly namespacesManagedElsewhere?: readonly string[] | true;
}

const DEFAULT_WARNING_SINK = (report: string) => process.stderr.write(`${report}\n`);

/**
 * A cdk8s `App` that validates the whole system before it writes anything: construct validations
 * and every daprkit check run once over all synthesized objects; all errors are reported together
 * and no file is written when there is one. Use it in place of cdk8s's `App`.
 *
 * A plain cdk8s `App` still synthesizes daprkit constructs, but without the checks: running them
 * from a validation hook would repeat them for every chart (cdk8s validates the whole app once
 * per `chart.toJson()`), which is quadratic in the number of charts.
 */
export class DaprkitApp extends App {
  private readonly checks: readonly Check[];
  private readonly strict: boolean;
  private readonly onWarnings: (report: string, findings: readonly Finding[]) => void;
  private readonly onError: 'exit' | 'throw';

  constructor(props: DaprkitAppProps = {}) {
    super(props);
    markChecked(this);
    this.onError = props.onError ?? 'exit';
    const elsewhere = props.namespacesManagedElsewhere;
    if (elsewhere) DaprNamespaces.manageElsewhere(this, ...(elsewhere === true ? [true as const] : elsewhere));
    this.checks = [...ALL_CHECKS, ...(props.extraChecks ?? [])];
    this.strict = props.strict ?? false;
    this.onWarnings = props.onWarnings ?? DEFAULT_WARNING_SINK;
  }

  /** Synthesizes and checks every chart; throws `DaprkitValidationError` on errors, reports warnings. */
  public synthesizeChecked(): CheckedSynthesis {
    const { tree, findings } = this.checkedTree();
    return { objects: allObjects(tree), findings };
  }

  private checkedTree(): { tree: SynthesizedTree; findings: Finding[] } {
    const constructErrors = constructValidationErrors(this);
    let tree: SynthesizedTree;
    try {
      tree = synthesizeTree(this);
    } catch (e) {
      // A construct that recorded a problem may still fail to render; report both, together.
      if (constructErrors.length === 0) throw e;
      throw new DaprkitValidationError([], [...constructErrors, `[synthesis] ${(e as Error).message}`]);
    }
    const objects = allObjects(tree);
    const checked = runChecks(objects.map((o) => o.manifest), this.checks);
    const findings = constructErrors.length > 0 && checked.length > 0 ? withoutCoveredFindings(this, objects, checked) : checked;
    const constructPaths = constructPathsOf(objects, findings);
    const blocking = findings.filter((f) => f.severity === 'error' || this.strict);
    if (blocking.length > 0 || constructErrors.length > 0) {
      throw new DaprkitValidationError(findings.map((f) => (this.strict ? { ...f, severity: 'error' as const } : f)), constructErrors, constructPaths);
    }
    const warnings = findings.filter((f) => f.severity === 'warning');
    if (warnings.length > 0) this.onWarnings(formatFindings(warnings, constructPaths), warnings);
    return { tree, findings };
  }

  /** All manifests of the app, checked, in output order. */
  public synthManifests(): Manifest[] {
    return this.synthesizeChecked().objects.map((o) => o.manifest);
  }

  public synthYaml(): string {
    return stringifyYaml(this.synthManifests());
  }

  /**
   * Writes the manifests to `outdir`, only after every check passed. On errors, nothing is
   * written and, by default, the report is printed alone and the exit code set to 1 (`onError`).
   */
  public synth(): void {
    let tree: SynthesizedTree;
    try {
      tree = this.checkedTree().tree;
    } catch (e) {
      if (this.onError === 'throw' || !(e instanceof DaprkitValidationError)) throw e;
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    fs.mkdirSync(this.outdir, { recursive: true });
    const manifests = (objects: readonly SynthesizedObject[]) => objects.map((o) => o.manifest);
    switch (this.yamlOutputType) {
      case YamlOutputType.FILE_PER_APP:
        if (tree.charts.length > 0) fs.writeFileSync(path.join(this.outdir, `app${this.outputFileExtension}`), stringifyYaml(manifests(allObjects(tree))));
        break;
      case YamlOutputType.FILE_PER_CHART:
        tree.charts.forEach(({ chart, objects }, index) => {
          // The same file names cdk8s gives charts, so switching to DaprkitApp keeps every path in dist/.
          const prefix = tree.hasDependantCharts ? `${index.toString().padStart(4, '0')}-` : '';
          fs.writeFileSync(path.join(this.outdir, `${prefix}${Names.toDnsLabel(chart)}${this.outputFileExtension}`), stringifyYaml(manifests(objects)));
        });
        break;
      default:
        // The per-resource layouts are rare; cdk8s writes them (its own, slower, path) once checks passed.
        super.synth();
    }
  }
}
