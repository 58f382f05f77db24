/**
 * The importer's core: input objects in, the program's code and the report out. Objects are put in
 * one chart per namespace (objects that name none in a chart without one, so nothing gains a
 * namespace), each object goes to the first mapping of `MAPPINGS` that takes it (a raw
 * `ApiObject` otherwise, with the reason), and each unit gets its suppressions and escape hatches.
 */
import { Finding } from '../checks/types';
import { IGNORE_ANNOTATION, annotationList } from '../checks/daprkit-annotations';
import { PatchOp } from './compare';
import { ChartContext, ConstructIds, MapContext } from './context';
import { call, cdk8s, ChartCode, Expr, json, member, Statement } from './ir';
import { asRecord, dig } from './metadata';
import { coveredKey, InputObject, ImportReport, PatchTarget, Phase, ReportObject, ReportSuppressed, Unit, unitKey } from './model';
import { MAPPINGS, planApps } from './mappings';
import { rawUnit } from './map-raw';
import { IdentifierPool, pascalCase } from './source-text';

export interface PlanOptions {
  /** Names the chart of objects without a namespace. @default 'system' */
  readonly systemName?: string;
  /** Objects (by input index) that must stay raw, with the reason. */
  readonly raw?: ReadonlyMap<number, string>;
  /** Findings on the input, carried as suppressions on their objects. */
  readonly findings?: readonly Finding[];
  /** Escape hatches per object (by input index): the JSON Patch operations that make it faithful. */
  readonly patches?: ReadonlyMap<number, readonly PatchOp[]>;
}

export interface ImportPlan {
  readonly charts: ChartCode[];
  readonly units: Unit[];
  readonly report: ImportReport;
  /** True when an app needs `namespacesManagedElsewhere` (a DaprApp outside the namespaces daprkit never creates). */
  readonly needsNamespacesElsewhere: boolean;
}

/** Namespaces daprkit never creates a Namespace object for (constructs/namespaces.ts). */
const NEVER_CREATED = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'dapr-system']);

function namespaceOf(object: InputObject): string | undefined {
  const metadata = object.manifest.metadata;
  const ns = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>).namespace : undefined;
  return typeof ns === 'string' ? ns : undefined;
}

/** A file name for a chart: lower-case letters, digits and '-', never empty. */
function fileName(id: string): string {
  const cleaned = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'chart' : cleaned;
}

interface ChartDraft {
  readonly context: ChartContext;
  readonly objects: InputObject[];
  readonly code: { id: string; className: string; file: string };
}

function chartsOf(objects: readonly InputObject[], systemName: string): ChartDraft[] {
  const byNamespace = new Map<string | undefined, InputObject[]>();
  for (const o of objects) {
    const ns = namespaceOf(o);
    const list = byNamespace.get(ns) ?? [];
    list.push(o);
    byNamespace.set(ns, list);
  }
  const classNames = new IdentifierPool();
  const files = new Set<string>(['main']);
  const ids = new Set<string>();
  // Charts in order of first appearance in the input.
  return [...byNamespace.entries()].map(([namespace, list]) => {
    // A chart id is a construct id: never empty (an empty namespace) nor an Object.prototype name (see ConstructIds).
    const base = namespace === undefined || namespace === '' ? systemName : namespace;
    let id = base;
    for (let n = 2; ids.has(id) || id in Object.prototype; n++) id = `${base}-${n}`;
    ids.add(id);
    let file = fileName(id);
    for (let n = 2; files.has(file); n++) file = `${fileName(id)}-${n}`;
    files.add(file);
    const className = classNames.take(`${pascalCase(id) || 'System'}Chart`, 'chart');
    const context: ChartContext = {
      ...(namespace !== undefined ? { namespace } : {}),
      daprNamespace: namespace ?? 'default',
      variables: new IdentifierPool(),
      ids: new ConstructIds(),
      apps: new Map(),
      components: new Map(),
      componentsByScope: new Map(),
      configurations: new Map(),
      configurationUsers: new Map(),
    };
    return { context, objects: list, code: { id, className: className[0]!.toUpperCase() + className.slice(1), file } };
  });
}

/**
 * The statement that puts the object's suppressions on it: the findings of the input, merged with
 * the `daprkit.io/ignore` list the input already has (a raw object's literal carries that one).
 */
function suppressionStatement(object: InputObject, metadata: Expr, findings: readonly Finding[], unit: Unit): Statement | undefined {
  const checks = [...new Set(findings.map((f) => f.check))].sort();
  const annotations = dig(object.manifest, 'metadata', 'annotations');
  const existing = asRecord(annotations)?.[IGNORE_ANNOTATION];
  const already = typeof existing === 'string' ? annotationList(existing) : [];
  const merged = [...new Set([...already, ...checks])];
  if (merged.length === 0) return undefined;
  if (unit.as === 'ApiObject' && checks.every((c) => already.includes(c))) return undefined;
  const comments =
    findings.length > 0
      ? [
          'Findings of the imported YAML, suppressed so it synthesizes as before; fix one, then drop its check id:',
          ...findings.map((f) => `- ${f.check} (${f.severity}) at ${f.field}: ${f.message}`),
        ]
      : ['Suppressions the imported YAML declares.'];
  return { comments, expr: call(member(metadata, 'addAnnotation'), json(IGNORE_ANNOTATION), json(merged.join(','))), unit: unitKey(unit) };
}

/** The escape-hatch statement of one object: JSON patches that write what the construct does not. */
function patchStatement(target: PatchTarget, ops: readonly PatchOp[], unit: number, as: string): Statement {
  const patches = ops.map((o) =>
    o.op === 'remove' ? call(member(cdk8s('JsonPatch'), 'remove'), json(o.path)) : call(member(cdk8s('JsonPatch'), o.op), json(o.path), json(o.value!)),
  );
  return {
    comments: [`Escape hatch: what ${as} does not write this way, kept as the imported YAML has it.`],
    expr: call(member(target.object, target.method), ...patches),
    unit,
  };
}

const isDaprResource = (o: InputObject) => typeof o.manifest.apiVersion === 'string' && o.manifest.apiVersion.startsWith('dapr.io/');

export function planImport(objects: readonly InputObject[], options: PlanOptions = {}): ImportPlan {
  const raw = options.raw ?? new Map<number, string>();
  const findingsByResource = new Map<string, Finding[]>();
  for (const f of options.findings ?? []) {
    const list = findingsByResource.get(f.resource) ?? [];
    list.push(f);
    findingsByResource.set(f.resource, list);
  }
  const charts: ChartCode[] = [];
  const units: Unit[] = [];
  const reportObjects: ReportObject[] = [];
  const suppressed: ReportSuppressed[] = [];
  let needsNamespacesElsewhere = false;

  for (const draft of chartsOf(objects, options.systemName ?? 'system')) {
    const claimed = new Set<number>();
    const ctx: MapContext = { chart: draft.context, raw, neighbours: draft.objects, claimed, hasFindings: (o) => findingsByResource.has(o.resource) };
    planApps(draft.objects, ctx);
    const chartUnits: Unit[] = [];
    // Mappings run in phase order, so what a unit refers to is declared before it.
    const phases = new Map(draft.objects.map((o) => [o.index, phaseOf(o)]));
    const ordered = [...draft.objects].sort((a, b) => phases.get(a.index)! - phases.get(b.index)! || a.index - b.index);
    for (const object of ordered) {
      if (claimed.has(object.index)) continue;
      const forced = raw.get(object.index);
      const mapping = MAPPINGS.find((m) => m.matches(object.manifest));
      let mapped: Unit[];
      if (forced !== undefined || !mapping) {
        mapped = [rawUnit(object, ctx, forced ?? (mapping ? '' : 'no daprkit construct models this kind'), mapping?.phase)];
      } else {
        const result = mapping.map(object, ctx);
        mapped = typeof result === 'string' ? [rawUnit(object, ctx, result, mapping.phase)] : Array.isArray(result) ? result : [result];
      }
      for (const unit of mapped) {
        for (const o of unit.objects) claimed.add(o.index);
        chartUnits.push(unit);
      }
    }
    for (const unit of chartUnits) {
      const key = unitKey(unit);
      for (const object of unit.objects) {
        const findings = findingsByResource.get(object.resource) ?? [];
        const metadata = unit.metadataOf.get(object.index);
        // What the code carries explicitly (plaintext as SecretValue.unsafePlainText) needs no ignore.
        const open = findings.filter((f) => !unit.covered?.has(coveredKey(f.check, f.field)));
        const statement = metadata && suppressionStatement(object, metadata, open, unit);
        if (statement) unit.statements.push(statement);
        for (const f of findings) suppressed.push({ resource: object.resource, check: f.check, message: f.message });
        const ops = options.patches?.get(object.index);
        const target = unit.patchTargets.get(object.index);
        if (ops && ops.length > 0 && target) unit.statements.push(patchStatement(target, ops, key, unit.as));
      }
      if ((unit.as === 'DaprApp' || unit.as === 'DaprJob') && !NEVER_CREATED.has(draft.context.daprNamespace)) needsNamespacesElsewhere = true;
    }
    chartUnits.sort((a, b) => a.phase - b.phase || unitKey(a) - unitKey(b));
    units.push(...chartUnits);
    charts.push({
      ...draft.code,
      ...(draft.context.namespace !== undefined ? { namespace: draft.context.namespace } : {}),
      statements: chartUnits.flatMap((u) => u.statements),
    });
  }

  for (const unit of units) {
    for (const object of unit.objects) {
      const patched = (options.patches?.get(object.index)?.length ?? 0) > 0;
      const reason = unit.reason || (patched ? `${unit.as} writes some fields differently; an escape hatch keeps them as imported` : undefined);
      reportObjects.push({
        resource: object.resource,
        file: object.source,
        line: object.line,
        as: unit.as,
        dapr: isDaprResource(object) || isDaprWorkload(object) || isControlPlaneRelease(object),
        ...(reason ? { reason } : {}),
      });
    }
  }
  reportObjects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { charts, units, report: { objects: reportObjects, skipped: [], suppressed }, needsNamespacesElsewhere };
}

function phaseOf(object: InputObject): Phase {
  return MAPPINGS.find((m) => m.matches(object.manifest))?.phase ?? Phase.OTHER;
}

/** A workload whose pods get a Dapr sidecar. */
export function isDaprWorkload(object: InputObject): boolean {
  const m = object.manifest as Record<string, unknown>;
  const spec = m.spec as Record<string, unknown> | undefined;
  const template = (spec?.template ?? (spec?.jobTemplate as Record<string, unknown> | undefined)?.spec) as Record<string, unknown> | undefined;
  const pod = (m.kind === 'CronJob' ? (template as Record<string, unknown> | undefined)?.template : template) as Record<string, unknown> | undefined;
  const annotations = (pod?.metadata as Record<string, unknown> | undefined)?.annotations as Record<string, unknown> | undefined;
  return annotations !== undefined && annotations !== null && typeof annotations === 'object' && annotations['dapr.io/enabled'] === 'true';
}

/** The control plane's release: a Flux HelmRelease or an Argo CD Application of the `dapr` chart. */
export function isControlPlaneRelease(object: InputObject): boolean {
  const m = object.manifest as Record<string, unknown>;
  const spec = m.spec as Record<string, unknown> | undefined;
  if (m.kind === 'HelmRelease') {
    const chart = ((spec?.chart as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined)?.chart;
    return chart === 'dapr';
  }
  if (m.kind === 'Application' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('argoproj.io/')) {
    return (spec?.source as Record<string, unknown> | undefined)?.chart === 'dapr';
  }
  return false;
}
