/**
 * `daprkit import` on hostile manifests: the templates of every kind the importer maps (workloads
 * of each kind, Dapr resources, WorkflowAccessPolicies, MCPServers, identity objects) with random
 * fields replaced by values of the wrong type. The importer must never fail (that would be exit 3, a
 * bug), must account for every object (imported or skipped with a reason), and must give the same
 * bytes for the same input. Runs: a fifth of `FC_NUM_RUNS` (CI: 200; each import is a whole
 * program proven against daprkit), 40 by default.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readManifests } from '../../checks/read-manifests';
import { importSystem } from '../../cli/import';
import { hostileValue, replaced, TEMPLATES, valuePaths } from './hostile-manifests';

const NUM_RUNS = Math.max(40, Math.floor(Number(process.env.FC_NUM_RUNS ?? 0) / 5));

const edit = fc.record({ which: fc.nat(), where: fc.nat(), value: hostileValue });

function edited(edits: readonly { which: number; where: number; value: unknown }[]): unknown[] {
  const objects = TEMPLATES.map((t) => JSON.parse(JSON.stringify(t)) as unknown);
  for (const e of edits) {
    const i = e.which % objects.length;
    const paths = valuePaths(objects[i]);
    if (paths.length > 0) objects[i] = replaced(objects[i], paths[e.where % paths.length]!, e.value);
  }
  return objects;
}

function importOf(objects: readonly unknown[]) {
  // JSON documents are YAML; values YAML cannot hold (undefined) are left out by JSON.
  const text = objects.map((o) => stringify(JSON.parse(JSON.stringify(o) ?? 'null'))).join('---\n');
  const read = readManifests(text, 'hostile.yaml');
  return { read, result: importSystem({ manifests: read.manifests, findings: read.findings, notices: read.notices }, { systemName: 'hostile' }) };
}

test('random hostile edits: the importer never fails, accounts for every object, and is deterministic', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const objects = edited(edits);
      const { read, result } = importOf(objects);
      if (result.readFindings.length > 0) return;
      const accounted = result.report.objects.length + result.report.skipped.filter((s) => s.reason.includes('keep this object in YAML')).length;
      expect(accounted).toBe(read.manifests.length);
      expect([...importOf(objects).result.files.entries()]).toEqual([...result.files.entries()]);
    }),
    { numRuns: NUM_RUNS },
  );
}, 300_000);
