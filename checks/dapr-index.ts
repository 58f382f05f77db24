/** Lookups over a manifest set that the Configuration, Resiliency and access-control checks share. */
import { parseInvocations, INVOKES_ANNOTATION, InvocationEdge } from './daprkit-annotations';
import { daprAppIdOf, isDaprKind, nameOf, namespaceOf, PodView, podsOf } from './manifest';
import { Manifest } from './types';

/** A Dapr-enabled workload with its app-id and namespace. */
export interface DaprPod {
  readonly pod: PodView;
  readonly appId: string;
  readonly namespace: string;
}

export interface DaprIndex {
  readonly pods: readonly DaprPod[];
  /** Dapr objects of a kind, keyed `namespace/name`. */
  objects(kind: string): ReadonlyMap<string, Manifest>;
  /** Pods of an app-id in a namespace. */
  podsOf(appId: string, namespace: string): readonly DaprPod[];
  /** True when some namespace runs the app-id. */
  hasAppAnywhere(appId: string): boolean;
  /** Names of Dapr objects of a kind in a namespace (for did-you-mean). */
  namesIn(kind: string, namespace: string): string[];
  /** Every invocation edge, with the callee namespace resolved. */
  readonly edges: readonly ResolvedEdge[];
}

export interface ResolvedEdge {
  readonly caller: DaprPod;
  readonly callee: { readonly appId: string; readonly namespace: string };
  readonly operations: InvocationEdge['operations'];
}

export const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;

export function indexManifests(manifests: readonly Manifest[]): DaprIndex {
  const pods: DaprPod[] = [];
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId !== undefined) pods.push({ pod, appId, namespace: namespaceOf(pod.manifest) });
  }
  const byKind = new Map<string, Map<string, Manifest>>();
  for (const m of manifests) {
    if (!isDaprKind(m)) continue;
    const map = byKind.get(m.kind) ?? new Map<string, Manifest>();
    map.set(objectKey(namespaceOf(m), nameOf(m)), m);
    byKind.set(m.kind, map);
  }
  const edges: ResolvedEdge[] = [];
  for (const caller of pods) {
    // A malformed annotation is reported by the annotation checks; here it just contributes no edges.
    for (const edge of parseInvocations(caller.pod.annotations[INVOKES_ANNOTATION]) ?? []) {
      edges.push({ caller, callee: { appId: edge.appId, namespace: edge.namespace ?? caller.namespace }, operations: edge.operations });
    }
  }
  const empty = new Map<string, Manifest>();
  return {
    pods,
    edges,
    objects: (kind) => byKind.get(kind) ?? empty,
    podsOf: (appId, namespace) => pods.filter((p) => p.appId === appId && p.namespace === namespace),
    hasAppAnywhere: (appId) => pods.some((p) => p.appId === appId),
    namesIn: (kind, namespace) =>
      [...(byKind.get(kind) ?? empty).values()].filter((m) => namespaceOf(m) === namespace).map(nameOf),
  };
}
