/**
 * Suppressions: findings an object (annotation `daprkit.io/ignore`) or the caller (`--ignore`)
 * declares as deliberate exceptions.
 */
import { IGNORE_ANNOTATION, annotationList } from './daprkit-annotations';
import { asRecord, dig, podsOf, resourceId } from './manifest';
import { Finding, Manifest } from './types';

/** Check ids each resource ignores, by `Kind/namespace/name`. */
export function ignoredByResource(manifests: readonly Manifest[]): Map<string, Set<string>> {
  const ignored = new Map<string, Set<string>>();
  const add = (m: Manifest, value: unknown) => {
    if (typeof value !== 'string') return;
    const ids = annotationList(value);
    if (ids.length === 0) return;
    const id = resourceId(m);
    const set = ignored.get(id) ?? new Set<string>();
    ids.forEach((i) => set.add(i));
    ignored.set(id, set);
  };
  for (const m of manifests) {
    if (asRecord(m) === undefined) continue;
    add(m, dig(m, 'metadata', 'annotations', IGNORE_ANNOTATION));
  }
  for (const pod of podsOf(manifests)) add(pod.manifest, pod.annotations[IGNORE_ANNOTATION]);
  return ignored;
}

/** The findings minus those suppressed by an object's annotation or by the `ignore` list. */
export function withoutSuppressed(findings: readonly Finding[], manifests: readonly Manifest[], ignore: readonly string[] = []): Finding[] {
  const global = new Set(ignore);
  const byResource = ignoredByResource(manifests);
  return findings.filter((f) => !global.has(f.check) && !byResource.get(f.resource)?.has(f.check));
}
