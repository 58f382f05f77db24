/**
 * The parts of `daprkit dev` for jobs and secret readers. A job runs once under `dapr run -f`
 * (a note says so). An app that reads a Kubernetes secret store (the built-in `kubernetes` one,
 * or a `secretstores.kubernetes` Component) gets, locally, a file store of the same name reading
 * the placeholder secrets file, with a placeholder for each secret it may read.
 */
import { daprAppIdOf, dig, nameOf, PodView } from '../checks/manifest';
import { Manifest } from '../checks/types';
import { configurationsOf, jobKind, secretReads } from './workload-views';

/** A note for an app that runs as a Job or CronJob on Kubernetes. */
export function jobNote(pod: PodView): string[] {
  const kind = jobKind(pod.manifest);
  const appId = daprAppIdOf(pod);
  return kind && appId ? [`${appId} runs as a ${kind} on Kubernetes: \`dapr run -f\` starts it once; run it again to repeat it.`] : [];
}

/** A local file secret store named `name`, reading `secretsFile` (nested JSON, one object per secret). */
export function localFileStore(name: string, secretsFile: string): Record<string, unknown> {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: secretsFile }, { name: 'multiValued', value: 'true' }] },
  };
}

/**
 * Replaces the Kubernetes secret stores apps read with local file stores of the same name, and adds
 * a placeholder for each secret they may read to `secrets`.
 */
export function localSecretReaders(
  manifests: readonly Manifest[],
  pods: readonly PodView[],
  resources: Record<string, unknown>[],
  secrets: Record<string, Record<string, string>>,
  notes: string[],
  secretsFile: string,
): void {
  const configurations = configurationsOf(manifests);
  const kubernetesStores = new Set(resources.filter((r) => r.kind === 'Component' && dig(r, 'spec', 'type') === 'secretstores.kubernetes').map((r) => String(dig(r, 'metadata', 'name'))));
  const replaced = new Set<string>();
  for (const pod of pods) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    for (const read of secretReads(pod, configurations)) {
      if (read.store !== 'kubernetes' && !kubernetesStores.has(read.store)) continue;
      replaced.add(read.store);
      if (!read.keys) {
        notes.push(`${appId} may read every secret of "${read.store}": add the ones it reads to ${secretsFile}.`);
        continue;
      }
      for (const key of read.keys) secrets[key] ??= { '<key>': `<placeholder: the keys of secret ${key}>` };
    }
  }
  for (const store of [...replaced].sort()) {
    const at = resources.findIndex((r) => r.kind === 'Component' && nameOf(r as unknown as Manifest) === store);
    const local = localFileStore(store, secretsFile);
    if (at >= 0) resources[at] = local;
    else resources.push(local);
  }
}
