/** Lookups over a manifest set that the Configuration, Resiliency and access-control checks share. */
import { parseInvocations, INVOKES_ANNOTATION, InvocationEdge } from './daprkit-annotations';
import { daprAppIdOf, isDaprKind, nameOf, namespaceOf, PodView, podsOf } from './manifest';
import { sharedPerRun } from './run-cache';
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

/** The index of a manifest set; built once per `runChecks` run and shared by the checks. */
export const indexManifests: (manifests: readonly Manifest[]) => DaprIndex = sharedPerRun(buildIndex);

/** Appends `value` to the list under `key`. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(manifests: readonly Manifest[]): DaprIndex {
  const pods: DaprPod[] = [];
  const podsByApp = new Map<string, DaprPod[]>();
  const appIds = new Set<string>();
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    const daprPod = { pod, appId, namespace: namespaceOf(pod.manifest) };
    pods.push(daprPod);
    push(podsByApp, objectKey(daprPod.namespace, appId), daprPod);
    appIds.add(appId);
  }
  const byKind = new Map<string, Map<string, Manifest>>();
  const namesByKind = new Map<string, string[]>();
  for (const m of manifests) {
    if (!isDaprKind(m)) continue;
    const map = byKind.get(m.kind) ?? new Map<string, Manifest>();
    const key = objectKey(namespaceOf(m), nameOf(m));
    if (!map.has(key)) push(namesByKind, `${m.kind}|${namespaceOf(m)}`, nameOf(m));
    map.set(key, m);
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
    podsOf: (appId, namespace) => podsByApp.get(objectKey(namespace, appId)) ?? [],
    hasAppAnywhere: (appId) => appIds.has(appId),
    namesIn: (kind, namespace) => [...(namesByKind.get(`${kind}|${namespace}`) ?? [])],
  };
}
