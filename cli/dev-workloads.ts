/**
 * The parts of `daprkit dev` for jobs and secret readers. A job runs once under `dapr run -f`
 * (a note says so). An app that reads a Kubernetes secret store (the built-in `kubernetes` one,
 * or a `secretstores.kubernetes` Component) gets, locally, a file store of the same name reading
 * the placeholder secrets file, with a placeholder for each secret it may read, scoped to the apps
 * that read it.
 */
import { daprAppIdOf, dig, nameOf, PodView } from '../checks/manifest';
import { Manifest } from '../checks/types';
import { byCodePoint } from './escape';
import { configurationsOf, jobKind, secretReads } from './workload-views';

/** A note for an app that runs as a Job or CronJob on Kubernetes. */
export function jobNote(pod: PodView): string[] {
  const kind = jobKind(pod.manifest);
  const appId = daprAppIdOf(pod);
  return kind && appId ? [`${appId} runs as a ${kind} on Kubernetes: \`dapr run -f\` starts it once; run it again to repeat it.`] : [];
}

/** A local file secret store named `name`, reading `secretsFile` (nested JSON, one object per secret), loaded by the apps in `scopes`. */
export function localFileStore(name: string, secretsFile: string, scopes: readonly string[] = []): Record<string, unknown> {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: secretsFile }, { name: 'multiValued', value: 'true' }] },
    ...(scopes.length > 0 ? { scopes: [...scopes] } : {}),
  };
}

/**
 * Replaces the Kubernetes secret stores apps read with local file stores of the same name, and adds
 * a placeholder for each secret they may read (`placeSecret`). Secret and store names come from
 * the manifests: they are only ever keys of Maps and values, never property names.
 */
export function localSecretReaders(
  manifests: readonly Manifest[],
  pods: readonly PodView[],
  resources: { object: Record<string, unknown>; namespace: string }[],
  placeSecret: (name: string) => void,
  notes: string[],
  secretsFile: string,
  /** Store name → the apps that load resources whose secrets it serves (`all`: an unscoped one). */
  resourceLoaders: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map(),
): void {
  const configurations = configurationsOf(manifests);
  const kubernetesStores = new Set(resources.filter((r) => r.object.kind === 'Component' && dig(r.object, 'spec', 'type') === 'secretstores.kubernetes').map((r) => String(dig(r.object, 'metadata', 'name'))));
  // Store → the apps that read it: the local store is scoped to them.
  const replaced = new Map<string, Set<string>>();
  for (const pod of pods) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    for (const read of secretReads(pod, configurations)) {
      if (read.store !== 'kubernetes' && !kubernetesStores.has(read.store)) continue;
      if (!replaced.has(read.store)) replaced.set(read.store, new Set());
      replaced.get(read.store)!.add(appId);
      if (!read.keys) {
        notes.push(`${appId} may read every secret of "${read.store}": add the ones it reads to ${secretsFile}.`);
        continue;
      }
      for (const key of read.keys) placeSecret(key);
    }
  }
  const byName = new Map<string, number>();
  resources.forEach((r, i) => {
    const name = nameOf(r.object as unknown as Manifest);
    if (r.object.kind === 'Component' && !byName.has(name)) byName.set(name, i);
  });
  for (const store of [...replaced.keys()].sort(byCodePoint)) {
    const at = byName.get(store);
    const users = resourceLoaders.get(store) ?? new Set<string>();
    const scopes = users === 'all' ? [] : [...new Set([...replaced.get(store)!, ...users])].sort(byCodePoint);
    const local = { object: localFileStore(store, secretsFile, scopes), namespace: at === undefined ? 'default' : resources[at].namespace };
    if (at !== undefined) resources[at] = local;
    else resources.push(local);
  }
}
