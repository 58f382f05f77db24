/**
 * Readers every check shares (the pods, the Components, the Dapr index) are built once per manifest
 * set while `runChecks` runs, not once per check: with 40 checks, rebuilding them per check was
 * most of the checks' time. Outside a run (a check called on its own) nothing is cached, so a
 * caller that edits its array between calls always gets fresh views.
 */
import { Manifest } from './types';

type Reader<T> = (manifests: readonly Manifest[]) => T;

let active: WeakMap<readonly Manifest[], Map<Reader<unknown>, unknown>> | undefined;

/** `read`, answered from the current run's cache when the same manifest array was read before. */
export function sharedPerRun<T>(read: Reader<T>): Reader<T> {
  const cached: Reader<T> = (manifests) => {
    if (!active) return read(manifests);
    let results = active.get(manifests);
    if (!results) active.set(manifests, (results = new Map()));
    if (!results.has(cached)) results.set(cached, read(manifests));
    return results.get(cached) as T;
  };
  return cached;
}

/** Runs `fn` with a fresh cache for the shared readers; the cache is dropped when it returns. */
export function withSharedReads<T>(fn: () => T): T {
  const outer = active;
  active = new WeakMap();
  try {
    return fn();
  } finally {
    active = outer;
  }
}
