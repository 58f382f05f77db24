/** Lookups over a manifest set that the Configuration, Resiliency and access-control checks share. */
import { parseInvocations, INVOKES_ANNOTATION, InvocationEdge } from './daprkit-annotations';
import { addTo, daprAppIdOf, isDaprKind, nameOf, namespaceOf, PodView, podsOf, pushTo } from './manifest';
import { sharedPerRun } from './run-cache';
import { editDistance } from './suggest';
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
  /** The app-ids each namespace runs. */
  readonly appIdsByNamespace: ReadonlyMap<string, ReadonlySet<string>>;
  /** Pods of an app-id in a namespace. */
  podsOf(appId: string, namespace: string): readonly DaprPod[];
  /** True when some namespace runs the app-id. */
  hasAppAnywhere(appId: string): boolean;
  /** The namespaces that run the app-id, sorted. */
  namespacesRunning(appId: string): string[];
  /** The app-ids a namespace runs that are one edit (insert, delete, replace) away from `appId`, sorted. */
  appIdsOneEditFrom(appId: string, namespace: string): string[];
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

function buildIndex(manifests: readonly Manifest[]): DaprIndex {
  const pods: DaprPod[] = [];
  const podsByApp = new Map<string, DaprPod[]>();
  const namespacesByApp = new Map<string, Set<string>>();
  const appsByNamespace = new Map<string, Set<string>>();
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    const daprPod = { pod, appId, namespace: namespaceOf(pod.manifest) };
    pods.push(daprPod);
    pushTo(podsByApp, objectKey(daprPod.namespace, appId), daprPod);
    addTo(namespacesByApp, appId, daprPod.namespace);
    addTo(appsByNamespace, daprPod.namespace, appId);
  }
  const byKind = new Map<string, Map<string, Manifest>>();
  const namesByKind = new Map<string, string[]>();
  for (const m of manifests) {
    if (!isDaprKind(m)) continue;
    const map = byKind.get(m.kind) ?? new Map<string, Manifest>();
    const key = objectKey(namespaceOf(m), nameOf(m));
    if (!map.has(key)) pushTo(namesByKind, `${m.kind}|${namespaceOf(m)}`, nameOf(m));
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
  const neighbourhoods = new Map<string, Map<string, string[]>>();
  return {
    pods,
    edges,
    appIdsByNamespace: appsByNamespace,
    objects: (kind) => byKind.get(kind) ?? empty,
    podsOf: (appId, namespace) => podsByApp.get(objectKey(namespace, appId)) ?? [],
    hasAppAnywhere: (appId) => namespacesByApp.has(appId),
    namespacesRunning: (appId) => [...(namespacesByApp.get(appId) ?? [])].sort(),
    appIdsOneEditFrom: (appId, namespace) => oneEditAway(appId, appsByNamespace.get(namespace) ?? new Set(), neighbourhoods, namespace),
    namesIn: (kind, namespace) => [...(namesByKind.get(`${kind}|${namespace}`) ?? [])],
  };
}

const MAX_APP_ID_LENGTH = 63;

/** `word` and every string one deletion away from it. */
function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * The app-ids one edit from `appId`, found through their deletion neighbourhoods (two strings one
 * edit apart share a string one deletion from each, or one is a deletion of the other), so a lookup
 * costs the length of the id, not a pass over every app of the namespace. Built once per namespace.
 */
function oneEditAway(appId: string, appIds: ReadonlySet<string>, cache: Map<string, Map<string, string[]>>, namespace: string): string[] {
  // App-ids are DNS labels (at most 63 characters); longer input is broken anyway and would make the neighbourhoods quadratic.
  if (appId.length > MAX_APP_ID_LENGTH + 1) return [];
  let byVariant = cache.get(namespace);
  if (!byVariant) {
    byVariant = new Map();
    for (const id of appIds) if (id.length <= MAX_APP_ID_LENGTH + 1) for (const variant of deletions(id)) pushTo(byVariant, variant, id);
    cache.set(namespace, byVariant);
  }
  const candidates = new Set<string>();
  for (const variant of deletions(appId)) for (const id of byVariant.get(variant) ?? []) candidates.add(id);
  return [...candidates].filter((id) => id !== appId && editDistance(id, appId, 1) === 1).sort();
}
