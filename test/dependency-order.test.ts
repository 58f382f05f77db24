/**
 * `dependencyOrder` replaces cdk8s's `DependencyGraph(...).topology()` in DaprkitApp's synthesis,
 * so it must give the very same order: compared on random construct trees (charts, nested charts,
 * ApiObjects, plain constructs, ids that are array indexes) with random dependencies, for the root
 * and for every chart, and on cycles (cdk8s's own error).
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import fc from 'fast-check';
import { dependencyOrder } from '../constructs/dependency-order';

/** A tree description: each node names its parent (an earlier node; -1 is the App) and its kind. */
interface TreeSpec {
  readonly nodes: { parent: number; kind: 'chart' | 'object' | 'construct'; id: string }[];
  /** [dependant, dependency] pairs over node indexes. */
  readonly deps: [number, number][];
}

// Ids that are array indexes ("0", "12") are iterated first by a plain object; "007" and "-1" are not.
const ids = fc.oneof(fc.constantFrom('0', '1', '2', '12', '007', '-1', '4294967295', 'a', 'b', 'api', 'x-1'), fc.stringMatching(/^[a-z0-9]{1,3}$/));

const spec: fc.Arbitrary<TreeSpec> = fc
  .array(fc.record({ parent: fc.nat(), kind: fc.constantFrom('chart' as const, 'object' as const, 'construct' as const), id: ids }), { minLength: 1, maxLength: 40 })
  .chain((raw) => {
    const nodes = raw.map((n, i) => ({ ...n, parent: i === 0 ? -1 : (n.parent % (i + 1)) - 1 }));
    const pair = fc.tuple(fc.nat({ max: nodes.length - 1 }), fc.nat({ max: nodes.length - 1 }));
    return fc.array(pair, { maxLength: 30 }).map((deps) => ({ nodes, deps }));
  });

/** Builds the tree; ids made unique among siblings; only dependencies on earlier nodes, so no cycle. */
function build(s: TreeSpec, allowCycles = false): { app: App; all: IConstruct[] } {
  const app = new App();
  const built: IConstruct[] = [];
  s.nodes.forEach((n, i) => {
    // A non-chart directly under the App cannot be synthesized; put it in a chart of its own.
    const parent: Construct = n.parent < 0 ? app : (built[n.parent] as Construct);
    const kind = parent === app && n.kind !== 'chart' ? 'chart' : n.kind;
    const id = parent.node.tryFindChild(n.id) ? `${n.id}-${i}` : n.id;
    built.push(
      kind === 'chart'
        ? new Chart(parent, id)
        : kind === 'object'
          ? new ApiObject(parent, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } })
          : new Construct(parent, id),
    );
  });
  for (const [a, b] of s.deps) {
    if (a === b || (!allowCycles && b > a)) continue;
    built[a].node.addDependency(built[b]);
  }
  return { app, all: built };
}

const cdk8sOrder = (scope: IConstruct) => new DependencyGraph(scope.node).topology();
const paths = (cs: readonly IConstruct[]) => cs.map((c) => c.node.path || '<app>');

describe('dependencyOrder', () => {
  test('gives the order of cdk8s DependencyGraph.topology() for the app and every chart', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { app, all } = build(s);
        expect(paths(dependencyOrder(app))).toEqual(paths(cdk8sOrder(app)));
        for (const chart of all.filter(Chart.isChart)) expect(paths(dependencyOrder(chart))).toEqual(paths(cdk8sOrder(chart)));
      }),
      { numRuns: 300 },
    );
  });

  test('puts array-index ids first, as a plain object keyed by path does', () => {
    const app = new App();
    for (const id of ['b', '10', 'a', '2', '007']) new Chart(app, id);
    expect(paths(dependencyOrder(app))).toEqual(['2', '10', '<app>', 'b', 'a', '007']);
    expect(paths(dependencyOrder(app))).toEqual(paths(cdk8sOrder(app)));
  });

  test('writes dependencies first and ignores dependencies outside the subtree', () => {
    const app = new App();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const a = new ApiObject(one, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(one, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    const c = new ApiObject(two, 'c', { apiVersion: 'v1', kind: 'ConfigMap' });
    a.node.addDependency(b);
    a.node.addDependency(c);
    one.node.addDependency(two);
    expect(paths(dependencyOrder(one))).toEqual(['one', 'one/b', 'one/a']);
    expect(paths(dependencyOrder(app))).toEqual(['<app>', 'two', 'one', 'one/b', 'two/c', 'one/a']);
    expect(paths(dependencyOrder(app))).toEqual(paths(cdk8sOrder(app)));
  });

  test('leaves a cycle to cdk8s: the same error', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const a = new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    a.node.addDependency(b);
    b.node.addDependency(a);
    expect(() => cdk8sOrder(chart)).toThrow(/Dependency cycle/);
    expect(() => dependencyOrder(chart)).toThrow(/Dependency cycle/);
    expect(() => dependencyOrder(chart)).toThrow((() => { try { cdk8sOrder(chart); } catch (e) { return (e as Error).message; } return ''; })());
  });

  test('random graphs with cycles: both throw, or both give the same order', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const { app } = build(s, true);
        let expected: string[] | Error;
        try {
          expected = paths(cdk8sOrder(app));
        } catch (e) {
          expected = e as Error;
        }
        if (expected instanceof Error) {
          expect(() => dependencyOrder(app)).toThrow(expected.message);
        } else {
          expect(paths(dependencyOrder(app))).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

test('dependencyOrder keys a tree under a named root construct by full path, as cdk8s does', () => {
  // Under a root with an id, children's paths have two segments ("root/2"): none is an array index
  // as a path (the children come index-ids first anyway: constructs keeps them in a plain object).
  const root = new Construct(undefined as unknown as Construct, 'root');
  for (const id of ['b', '10', '2']) new Construct(root, id);
  expect(paths(dependencyOrder(root))).toEqual(paths(cdk8sOrder(root)));
  expect(paths(dependencyOrder(root))).toEqual(['root', 'root/2', 'root/10', 'root/b']);
});
