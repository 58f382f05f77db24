/**
 * `daprkit import` on real systems: every folder of test/fixtures/import-corpus (Kubernetes folders
 * of public Dapr systems, byte copies) is imported, the program written to a temporary folder,
 * type-checked under `strict` (all programs in one TypeScript program), run, and what it
 * synthesizes compared with the original by the issue's rules — with a comparison written here,
 * independently of the importer's own. The goals: at least 95 % of objects identical, none missing,
 * nothing extra but Namespaces, at least 90 % of Dapr objects as typed constructs, and re-importing
 * the synthesized output gives an equivalent program.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest } from '../checks/types';
import { importSystem } from '../cli/import';
import { readInputs } from '../cli/inputs';
import { ImportReport } from '../import/model';
import { REPO_ROOT, runProgram, typeErrors, writeProgram } from './support/import-harness';

const CORPUS = path.join(REPO_ROOT, 'test', 'fixtures', 'import-corpus');
const systems = fs
  .readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'LICENSES')
  .map((e) => e.name)
  .sort();


/** Canonical text of a JSON value: keys sorted, so key order never counts. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function withoutDaprkitAnnotations(holder: unknown): void {
  if (holder === null || typeof holder !== 'object') return;
  const metadata = (holder as Record<string, unknown>).metadata as Record<string, unknown> | undefined;
  const annotations = metadata?.annotations as Record<string, unknown> | undefined;
  if (!annotations || typeof annotations !== 'object') return;
  for (const k of Object.keys(annotations)) if (k.startsWith('daprkit.io/')) delete annotations[k];
  if (Object.keys(annotations).length === 0) delete metadata!.annotations;
}

/** The object as the rules compare it: daprkit.io annotations out, Dapr metadata items in one order, Component values as text. */
function normalized(m: Manifest): string {
  const copy = JSON.parse(JSON.stringify(m)) as Record<string, any>;
  withoutDaprkitAnnotations(copy);
  withoutDaprkitAnnotations(copy.spec?.template);
  withoutDaprkitAnnotations(copy.spec?.jobTemplate?.spec?.template);
  const dapr = typeof copy.apiVersion === 'string' && copy.apiVersion.startsWith('dapr.io/');
  if (dapr && copy.kind === 'Component' && Array.isArray(copy.spec?.metadata)) {
    copy.spec.metadata = copy.spec.metadata
      .map((i: any) => (i && typeof i === 'object' && (typeof i.value === 'number' || typeof i.value === 'boolean') ? { ...i, value: String(i.value) } : i))
      .sort((a: unknown, b: unknown) => (canonical(a) < canonical(b) ? -1 : 1));
  }
  if (dapr && copy.kind === 'HTTPEndpoint' && Array.isArray(copy.spec?.headers)) {
    copy.spec.headers = [...copy.spec.headers].sort((a: unknown, b: unknown) => (canonical(a) < canonical(b) ? -1 : 1));
  }
  return canonical(copy);
}

function identity(m: Manifest): string {
  const md = (m.metadata ?? {}) as Record<string, unknown>;
  return `${m.apiVersion} ${m.kind} ${typeof md.namespace === 'string' ? md.namespace : '(none)'}/${String(md.name)}`;
}

interface Comparison {
  readonly identical: number;
  readonly total: number;
  readonly missing: string[];
  readonly different: string[];
  readonly extra: string[];
}

function compare(originals: readonly Manifest[], synthesized: readonly Manifest[]): Comparison {
  const pool = new Map<string, Manifest[]>();
  for (const m of synthesized) pool.set(identity(m), [...(pool.get(identity(m)) ?? []), m]);
  const result: Comparison = { identical: 0, total: originals.length, missing: [], different: [], extra: [] };
  let identical = 0;
  for (const o of originals) {
    const candidates = pool.get(identity(o)) ?? [];
    const at = candidates.findIndex((c) => normalized(c) === normalized(o));
    if (at >= 0) {
      identical++;
      candidates.splice(at, 1);
    } else if (candidates.length > 0) {
      result.different.push(identity(o));
      candidates.shift();
    } else {
      result.missing.push(identity(o));
    }
  }
  for (const [id, left] of pool) for (const m of left) if (!(m.kind === 'Namespace' && m.apiVersion === 'v1')) result.extra.push(id);
  return { ...result, identical };
}

interface SystemRun {
  readonly name: string;
  readonly originals: Manifest[];
  readonly report: ImportReport;
  readonly files: Map<string, string>;
  readonly dir: string;
  synthesized?: Manifest[];
  comparison?: Comparison;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-import-corpus-'));
const runs: SystemRun[] = [];

beforeAll(() => {
  for (const name of systems) {
    const read = readInputs([path.join(CORPUS, name)]);
    const result = importSystem(read, { systemName: name });
    const dir = path.join(work, name);
    writeProgram(dir, result.files);
    runs.push({ name, originals: read.manifests.map((m) => m.manifest), report: result.report, files: result.files, dir });
  }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('import corpus', () => {
  test('holds real systems: at least 20 folders and 200 objects, Dapr resources of every kind daprkit models', () => {
    expect(systems.length).toBeGreaterThanOrEqual(20);
    const all = runs.flatMap((r) => r.originals);
    expect(all.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(all.map((m) => `${m.apiVersion} ${m.kind}`));
    for (const k of ['dapr.io/v1alpha1 Component', 'dapr.io/v1alpha1 Configuration', 'dapr.io/v1alpha1 Resiliency', 'dapr.io/v2alpha1 Subscription', 'dapr.io/v1alpha1 Subscription', 'dapr.io/v1alpha1 HTTPEndpoint', 'dapr.io/v1alpha1 WorkflowAccessPolicy', 'dapr.io/v1alpha1 MCPServer', 'apps/v1 Deployment', 'apps/v1 StatefulSet', 'batch/v1 Job', 'v1 Service']) {
      expect(kinds).toContain(k);
    }
  });

  test('every program compiles under strict', () => {
    expect(typeErrors(runs.map((r) => r.dir))).toEqual([]);
  });

  test('every program synthesizes its system: >= 95 % identical, none missing, nothing extra but Namespaces', () => {
    for (const run of runs) {
      run.synthesized = runProgram(run.dir, path.join(run.dir, 'dist'));
      run.comparison = compare(run.originals, run.synthesized);
    }
    const total = runs.reduce((n, r) => n + r.comparison!.total, 0);
    const identical = runs.reduce((n, r) => n + r.comparison!.identical, 0);
    const missing = runs.flatMap((r) => r.comparison!.missing.map((m) => `${r.name}: ${m}`));
    const extra = runs.flatMap((r) => r.comparison!.extra.map((m) => `${r.name}: ${m}`));
    const different = runs.flatMap((r) => r.comparison!.different.map((m) => `${r.name}: ${m}`));
    const objects = runs.flatMap((r) => r.report.objects);
    const dapr = objects.filter((o) => o.dapr);
    const typed = dapr.filter((o) => o.as !== 'ApiObject');
    const hatches = objects.filter((o) => o.as !== 'ApiObject' && o.reason !== undefined);
    // The figures the README reports.
    process.stdout.write(
      `import corpus: ${runs.length} systems, ${total} objects, ${identical} identical (${((100 * identical) / total).toFixed(1)} %), ` +
        `${missing.length} missing, ${extra.length} extra; ${dapr.length} Dapr objects, ${typed.length} typed (${((100 * typed.length) / dapr.length).toFixed(1)} %); ` +
        `${hatches.length} typed objects with an escape hatch; ${runs.reduce((n, r) => n + r.report.suppressed.length, 0)} findings suppressed\n`,
    );
    // The README states these figures; they must stay true.
    const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
    const table = [
      '| systems | objects | identical | missing | extra (not a Namespace) | Dapr objects | typed | typed, with an escape hatch | findings carried as suppressions |',
      '|---|---|---|---|---|---|---|---|---|',
      `| ${runs.length} | ${total} | ${identical} (${percent(identical, total)}) | ${missing.length} | ${extra.length} | ${dapr.length} | ${typed.length} (${percent(typed.length, dapr.length)}) | ${hatches.length} | ${runs.reduce((n, r) => n + r.report.suppressed.length, 0)} |`,
    ].join('\n');
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- import-corpus-figures:start (checked by test/import-corpus.test.ts) -->\n${table}\n<!-- import-corpus-figures:end -->`);
    expect(different).toEqual([]);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
    expect(identical / total).toBeGreaterThanOrEqual(0.95);
    expect(typed.length / dapr.length).toBeGreaterThanOrEqual(0.9);
  });

  test('re-importing what a program synthesized gives an equivalent program: the same objects, each by the same construct', () => {
    for (const run of runs) {
      if (!run.synthesized) run.synthesized = runProgram(run.dir, path.join(run.dir, 'dist'));
      const again = importSystem(readInputs([path.join(run.dir, 'dist')]), { systemName: run.name });
      const dir = path.join(work, `${run.name}-again`);
      writeProgram(dir, again.files);
      const synthesizedAgain = runProgram(dir, path.join(dir, 'dist'));
      const comparison = compare(run.synthesized, synthesizedAgain);
      expect({ system: run.name, different: comparison.different, missing: comparison.missing, extra: comparison.extra }).toEqual({ system: run.name, different: [], missing: [], extra: [] });
      // Constructs per resource (a list: a system may hold two objects of one name).
      const constructs = (report: ImportReport) => {
        const by = new Map<string, string[]>();
        for (const o of report.objects) by.set(o.resource, [...(by.get(o.resource) ?? []), o.as].sort());
        return by;
      };
      const before = constructs(run.report);
      const changed = [...constructs(again.report)].filter(([resource, as]) => before.get(resource)?.join() !== as.join()).map(([resource, as]) => `${resource}: ${before.get(resource)?.join()} -> ${as.join()}`);
      expect({ system: run.name, changed }).toEqual({ system: run.name, changed: [] });
    }
  });

  test('Dapr-enabled StatefulSets and Jobs, WorkflowAccessPolicies and MCPServers of the corpus are typed, each by its construct', () => {
    const expected: Readonly<Record<string, string>> = { StatefulSet: 'DaprApp', Job: 'DaprJob', CronJob: 'DaprJob', WorkflowAccessPolicy: 'WorkflowAccessPolicy', MCPServer: 'McpServer' };
    const seen = runs.flatMap((r) => r.report.objects).filter((o) => o.dapr && Object.prototype.hasOwnProperty.call(expected, o.resource.split('/')[0]!));
    expect(new Set(seen.map((o) => o.resource.split('/')[0]))).toEqual(new Set(['StatefulSet', 'Job', 'WorkflowAccessPolicy', 'MCPServer']));
    expect(seen.filter((o) => o.as !== expected[o.resource.split('/')[0]!]).map((o) => `${o.resource}: ${o.as}`)).toEqual([]);
  });

  test('the comparison catches a difference (a changed label)', () => {
    const run = runs.find((r) => r.name === 'quickstarts-hello-kubernetes')!;
    const changed = JSON.parse(JSON.stringify(run.originals)) as Manifest[];
    (changed[0]!.metadata as { labels: Record<string, string> }).labels = { app: 'changed' };
    expect(compare(run.originals, changed).different).toHaveLength(1);
  });

  test('Helm templates and non-objects are skipped and listed, not imported', () => {
    const run = runs.find((r) => r.name === 'samples-twitter-sentiment-processor-helm')!;
    expect(run.report.skipped.map((s) => path.basename(s.file)).sort()).toEqual(
      expect.arrayContaining(['Chart.yaml', 'processor.yaml', 'values.yaml']),
    );
  });
});


