/**
 * The order cdk8s writes constructs in, computed in linear time.
 *
 * cdk8s orders a subtree with `new DependencyGraph(node).topology()`: a vertex with two `Set`s per
 * construct, a cycle search per edge and per orphan, and arrays copied on every `outbound` read.
 * For a system of thousands of apps that graph was a fifth of synthesis. This module gives the
 * same order (`test/dependency-order.test.ts` compares both on random trees and dependencies):
 *
 * - constructs without dependencies inside the subtree come in the order of a plain object keyed
 *   by construct path, which is what cdk8s iterates: pre-order, except that paths that are array
 *   indexes ("0", "12") come first, in numeric order;
 * - otherwise a depth-first walk from those roots, dependencies before dependants, each construct
 *   written the first time its walk ends.
 * A dependency cycle is left to cdk8s, so the error (or crash) is exactly cdk8s's.
 */
import { DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

/** True for strings a plain object stores as array indexes (and so iterates first, ascending). */
function isArrayIndex(key: string): boolean {
  if (key === '' || key.length > 10 || (key.length > 1 && key[0] === '0')) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) < 48 || key.charCodeAt(i) > 57) return false;
  return Number(key) < 4294967295;
}

/**
 * `constructs` in the order `Object.values` gives for an object keyed by their paths. Only the
 * root and its children can have a one-segment path, so only their paths are computed.
 */
function objectKeyOrder(constructs: readonly IConstruct[]): IConstruct[] {
  const indexed: { at: number; key: number }[] = [];
  for (let i = 0; i < constructs.length; i++) {
    const scope = constructs[i].node.scope;
    if (scope !== undefined && scope.node.scope !== undefined) continue;
    const path = constructs[i].node.path;
    if (isArrayIndex(path)) indexed.push({ at: i, key: Number(path) });
  }
  if (indexed.length === 0) return [...constructs];
  const first = new Set(indexed.map((x) => x.at));
  indexed.sort((a, b) => a.key - b.key);
  return [...indexed.map((x) => constructs[x.at]), ...constructs.filter((_, i) => !first.has(i))];
}

/** True when the edges contain a cycle (a self-dependency included). */
function hasCycle(edges: ReadonlyMap<IConstruct, readonly IConstruct[]>): boolean {
  const DONE = 2;
  const state = new Map<IConstruct, number>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: [IConstruct, number][] = [[start, 0]];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = edges.get(top[0])?.[top[1]++];
      if (next === undefined) {
        state.set(top[0], DONE);
        stack.pop();
      } else if (state.get(next) === 1) {
        return true;
      } else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  return false;
}

/**
 * The constructs of `scope`'s subtree (itself included) in cdk8s's dependency order. Pass the
 * subtree (`scope.node.findAll()`) when you have it, to save a walk.
 */
export function dependencyOrder(scope: IConstruct, subtree: readonly IConstruct[] = scope.node.findAll()): IConstruct[] {
  const ordered = objectKeyOrder(subtree);
  // Most trees have no dependency at all: then no path is computed and no map is built.
  if (!subtree.some((c) => c.node.dependencies.length > 0)) return ordered;
  const byPath = new Map<string, IConstruct>();
  for (const c of subtree) byPath.set(c.node.path, c);
  // Edges in cdk8s's insertion order; a dependency outside the subtree is ignored, as cdk8s does.
  const outbound = new Map<IConstruct, Set<IConstruct>>();
  const hasDependants = new Set<IConstruct>();
  for (const source of subtree) {
    for (const dependency of source.node.dependencies) {
      const target = byPath.get(dependency.node.path);
      if (target === undefined) continue;
      const targets = outbound.get(source) ?? new Set<IConstruct>();
      targets.add(target);
      outbound.set(source, targets);
      hasDependants.add(target);
    }
  }
  if (outbound.size === 0) return ordered;

  const edges = new Map<IConstruct, IConstruct[]>([...outbound].map(([source, targets]) => [source, [...targets]]));
  if (hasCycle(edges)) return new DependencyGraph(scope.node).topology();

  const found = new Set<IConstruct>();
  const order: IConstruct[] = [];
  for (const root of ordered) {
    if (hasDependants.has(root) || found.has(root)) continue;
    const stack: [IConstruct, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = edges.get(top[0])?.[top[1]++];
      if (next !== undefined) {
        // A construct already written has its whole subgraph written: cdk8s walks it again and adds nothing.
        if (!found.has(next)) stack.push([next, 0]);
        continue;
      }
      stack.pop();
      if (!found.has(top[0])) {
        found.add(top[0]);
        order.push(top[0]);
      }
    }
  }
  return order;
}
