/**
 * Fuzzing the checks with hostile manifest objects (what a YAML reader hands over for bad input):
 * wrong types in every field position, null metadata, arrays of arrays, deeply nested and huge
 * objects. The checks answer with findings and never throw; huge inputs finish in bounded time
 * (they are linear: a timeout here means a blow-up). `FC_NUM_RUNS` sets the number of runs.
 */
import fc from 'fast-check';
import { runChecks } from '../../checks';
import { Finding, Manifest } from '../../checks/types';
import { NUM_RUNS } from '../property/system-arbitrary';
import { hostileManifests, hostileValue, replaced, TEMPLATES, valuePaths } from './hostile-manifests';

/** Every finding has its fields, as strings (one assertion, so huge runs stay cheap). */
function wellFormed(findings: readonly Finding[]): void {
  const broken = findings.filter(
    (f) => (f.severity !== 'error' && f.severity !== 'warning') || (['check', 'resource', 'field', 'message', 'hint'] as const).some((k) => typeof f[k] !== 'string'),
  );
  expect(broken).toEqual([]);
}

const run = (objects: readonly unknown[]) => runChecks(objects as Manifest[]);

describe('the checks on hostile manifests', () => {
  test('the templates themselves are accepted without a crash', () => {
    wellFormed(run(TEMPLATES));
  });

  test('every field position of every template, replaced by every awkward value, gives findings, never a throw', () => {
    const values: unknown[] = [null, 0, true, '', 'x', [], [[]], {}, { name: 1 }];
    for (const template of TEMPLATES) {
      for (const at of valuePaths(template)) {
        for (const value of values) {
          const objects = TEMPLATES.map((t) => (t === template ? replaced(t, at, value) : t));
          try {
            wellFormed(run(objects));
          } catch (e) {
            throw new Error(`${String(template.kind)} at ${at.join('.')} = ${JSON.stringify(value)}: ${(e as Error).stack}`);
          }
        }
      }
    }
  });

  test('random hostile edits (1-3 fields at once) never make the checks throw', () => {
    fc.assert(
      fc.property(hostileManifests, (objects) => wellFormed(run(objects))),
      { numRuns: NUM_RUNS * 4 },
    );
  });

  test('objects that are not objects at all (null, numbers, strings, arrays) are findings or ignored', () => {
    fc.assert(
      fc.property(fc.array(hostileValue, { maxLength: 5 }), (objects) => wellFormed(run([...TEMPLATES, ...objects]))),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  test('fails on deeply nested values (10,000 levels) with a finding, not a stack overflow', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    for (const template of TEMPLATES) {
      for (const at of valuePaths(template).filter((p) => p.length <= 3)) {
        const findings = run(TEMPLATES.map((t) => (t === template ? replaced(t, at, deep) : t)));
        wellFormed(findings);
        // One finding for the object: its nesting, or (when the deep value replaced apiVersion or kind) its type.
        const shape = findings.filter((f) => f.check === 'manifest-shape').map((f) => f.message);
        expect(shape).toHaveLength(1);
        expect(shape[0]).toMatch(/nested more than 64 levels deep|^(apiVersion|kind) is a map/);
      }
    }
  });

  test('a huge object set (2,000 components with 20 unknown fields each, a 5 MB type string) is checked in one pass', () => {
    const big = Array.from({ length: 2000 }, (_, i) => ({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `c${i}`, namespace: 'shop' },
      spec: { type: 'state.redis', version: 'v1', metadata: Array.from({ length: 20 }, (_, j) => ({ name: `field${j}`, value: 'v' })) },
      scopes: ['orders'],
    }));
    const huge = { ...TEMPLATES[2], metadata: { name: 'huge', namespace: 'shop' }, spec: { type: 'x'.repeat(5_000_000), version: 'v1', metadata: [] } };
    const findings = run([...TEMPLATES, ...big, huge]);
    wellFormed(findings);
    expect(findings.some((f) => f.resource === 'Component/shop/c1999')).toBe(true);
  });
});
