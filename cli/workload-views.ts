/**
 * What `daprkit graph` and `daprkit dev` read about the workloads of issue 18: jobs (Job and
 * CronJob pods), apps that read secrets (the secret scopes of their Configuration) and
 * subscriptions made in code (the `daprkit.io/subscribes-in-code` annotation).
 */
import { parseInCodeSubscriptions, SUBSCRIBES_IN_CODE_ANNOTATION, InCodeSubscription } from '../checks/daprkit-annotations';
import { asArray, asRecord, dig, isDaprKind, nameOf, namespaceOf, PodView } from '../checks/manifest';
import { Manifest } from '../checks/types';

/** How a workload runs, for a label or a note: `CronJob 0 2 * * *`, `Job`, or undefined for long-running apps. */
export function jobKind(workload: Manifest): string | undefined {
  if (workload.kind === 'Job') return 'Job';
  if (workload.kind !== 'CronJob') return undefined;
  const schedule = dig(workload, 'spec', 'schedule');
  return typeof schedule === 'string' ? `CronJob ${schedule}` : 'CronJob';
}

/** The subscriptions an app makes in code (none when the annotation is missing or unreadable). */
export function inCodeSubscriptions(pod: PodView): InCodeSubscription[] {
  return parseInCodeSubscriptions(pod.annotations[SUBSCRIBES_IN_CODE_ANNOTATION]) ?? [];
}

/** One secret store an app may read, from its Configuration's secret scopes. */
export interface SecretRead {
  readonly store: string;
  /** The secrets allowed; undefined for every secret (`defaultAccess: allow`). */
  readonly keys?: string[];
}

/** The stores an app's Configuration lets it read (scopes that deny everything are left out). */
export function secretReads(pod: PodView, configurations: ReadonlyMap<string, Manifest>): SecretRead[] {
  const name = pod.annotations['dapr.io/config'];
  const config = name === undefined ? undefined : configurations.get(`${namespaceOf(pod.manifest)}/${name}`);
  const reads: SecretRead[] = [];
  for (const raw of asArray(dig(config, 'spec', 'secrets', 'scopes'))) {
    const scope = asRecord(raw);
    if (!scope || typeof scope.storeName !== 'string') continue;
    const allowed = asArray(scope.allowedSecrets).filter((s): s is string => typeof s === 'string');
    if (allowed.length > 0) reads.push({ store: scope.storeName, keys: allowed });
    else if (String(scope.defaultAccess ?? 'allow').toLowerCase() === 'allow') reads.push({ store: scope.storeName });
  }
  return reads;
}

/** Configurations by `namespace/name`. */
export function configurationsOf(manifests: readonly Manifest[]): Map<string, Manifest> {
  return new Map(manifests.filter((m) => isDaprKind(m, 'Configuration')).map((m) => [`${namespaceOf(m)}/${nameOf(m)}`, m]));
}
