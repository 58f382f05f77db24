/**
 * A pod template's `dapr.io/*` annotations as DaprApp props: each annotation becomes its typed
 * sidecar option when daprkit renders the option back to exactly the same text, else it stays an
 * `extraAnnotations` entry as written. The defaults daprkit adds (sidecar resources, GOMEMLIMIT,
 * seccomp, the service-account token pair) become explicit opt-outs where the input lacks them.
 */
import { ANNOTATIONS_BY_KEY } from '../dapr/annotations';
import { DAPRKIT_ANNOTATION_PREFIX } from './compare';
import { array, commented, daprkit, entry, Entry, enumMember, Expr, json, member, call, object, staticCall } from './ir';
import { durationExpr, secondsExpr, sizeExpr } from './values';

/** One opt-out of `withoutDefaults`, with what daprkit would add without it. */
export interface OptOut {
  readonly member: string;
  readonly comment: string;
}

export interface SidecarPlan {
  /** Entries of `sidecar: { ... }`. */
  readonly options: Entry[];
  /** `extraAnnotations`: annotations written as they are. */
  readonly extra: Record<string, string>;
  readonly optOuts: OptOut[];
  /** `automountServiceAccountToken: true`, when the pod says so. */
  readonly automount?: boolean;
  /** `podSecurityExemption`, when the pod carries daprkit's exemption annotation. */
  readonly podSecurityExemption?: string;
  /** Annotations no prop can write (unknown `dapr.io/*` keys): the escape hatch keeps them. */
  readonly leftOut: string[];
}

const int = (t: string): number | undefined => (/^(0|[1-9]\d{0,9})$/.test(t) ? Number(t) : undefined);
const bool = (t: string): Expr | undefined => (t === 'true' || t === 'false' ? json(t === 'true') : undefined);
const list = (t: string): Expr => json(t.split(','));

/** `K=V,K2=V2` as a record, when daprkit writes the record back the same (keys sorted, no duplicates). */
function pairs(t: string): Record<string, string> | undefined {
  const record: Record<string, string> = {};
  for (const pair of t.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    const key = pair.slice(0, at);
    if (Object.prototype.hasOwnProperty.call(record, key) || key === '__proto__') return undefined;
    record[key] = pair.slice(at + 1);
  }
  const keys = Object.keys(record);
  return keys.join('\u0000') === [...keys].sort().join('\u0000') ? record : undefined;
}

function cpu(t: string): Expr | undefined {
  const millis = /^([1-9]\d*)m$/.exec(t);
  if (millis) return call(member(daprkit('Cpu'), 'millis'), json(Number(millis[1])));
  return /^\d+(\.\d+)?$/.test(t) && String(Number(t)) === t ? call(member(daprkit('Cpu'), 'units'), json(Number(t))) : undefined;
}

const seconds = (t: string) => {
  const n = int(t);
  return n === undefined ? undefined : secondsExpr(n);
};

const ENUMS: Readonly<Record<string, readonly [string, Readonly<Record<string, string>>]>> = {
  'log-level': ['LogLevel', { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' }],
  'sidecar-seccomp-profile-type': ['SidecarSeccompProfile', { Unconfined: 'UNCONFINED', RuntimeDefault: 'RUNTIME_DEFAULT', Localhost: 'LOCALHOST' }],
};

function enumValue(kind: string, t: string): Expr | undefined {
  const [owner, members] = ENUMS[kind]!;
  const name = Object.prototype.hasOwnProperty.call(members, t) ? members[t] : undefined;
  return name ? enumMember(owner, name) : undefined;
}

/** Annotation (without `dapr.io/`) → the sidecar option it sets and its typed value. */
const SIMPLE: Readonly<Record<string, readonly [string, (t: string) => Expr | undefined]>> = {
  'app-channel-address': ['appChannelAddress', json],
  'app-max-concurrency': ['appMaxConcurrency', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'app-binding-options-timeout': ['appBindingOptionsTimeout', durationExpr],
  'disable-init-endpoints': ['disableInitEndpoints', (t) => {
    const items = t.split(',');
    return items.every((i) => i === 'config' || i === 'subscribe') ? array(items.map((i) => enumMember('InitEndpoint', i.toUpperCase()))) : undefined;
  }],
  'enable-app-health-check': ['enableAppHealthCheck', bool],
  'app-health-check-path': ['appHealthCheckPath', json],
  'app-health-probe-interval': ['appHealthProbeInterval', seconds],
  'app-health-probe-timeout': ['appHealthProbeTimeout', (t) => (int(t) === undefined ? undefined : call(member(daprkit('Duration'), 'millis'), json(int(t)!)))],
  'app-health-threshold': ['appHealthThreshold', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'log-level': ['logLevel', (t) => enumValue('log-level', t)],
  'log-as-json': ['logAsJson', bool],
  'enable-api-logging': ['enableApiLogging', bool],
  'enable-profiling': ['enableProfiling', bool],
  'enable-metrics': ['enableMetrics', bool],
  'metrics-port': ['metricsPort', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'enable-debug': ['enableDebug', bool],
  'debug-port': ['debugPort', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'grpc-port': ['grpcPort', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'internal-grpc-port': ['internalGrpcPort', (t) => (int(t) === undefined ? undefined : json(int(t)!))],
  'sidecar-listen-addresses': ['listenAddresses', list],
  'unix-domain-socket-path': ['unixDomainSocketPath', json],
  'api-token-secret': ['apiTokenSecret', (t) => staticCall('TokenSecret', 'fromSecretName', json(t))],
  'app-token-secret': ['appTokenSecret', (t) => staticCall('TokenSecret', 'fromSecretName', json(t))],
  'sentry-request-jwt-audiences': ['sentryRequestJwtAudiences', list],
  'disable-builtin-k8s-secret-store': ['disableBuiltinK8sSecretStore', bool],
  'sidecar-seccomp-profile-type': ['seccompProfileType', (t) => enumValue('sidecar-seccomp-profile-type', t)],
  'sidecar-image': ['image', json],
  'max-body-size': ['maxBodySize', sizeExpr],
  'read-buffer-size': ['readBufferSize', sizeExpr],
  'graceful-shutdown-seconds': ['gracefulShutdown', seconds],
  'block-shutdown-duration': ['blockShutdownDuration', durationExpr],
  'enable-native-sidecar': ['enableNativeSidecar', bool],
  'placement-host-address': ['placementHostAddresses', list],
  'scheduler-host-address': ['schedulerHostAddresses', list],
  'actors-disseminate-timeout': ['actorsDisseminateTimeout', durationExpr],
  'pluggable-components': ['pluggableComponents', list],
  'pluggable-components-sockets-folder': ['pluggableComponentsSocketsFolder', json],
  'inject-pluggable-components': ['injectPluggableComponents', bool],
  'sidecar-svc-annotations': ['serviceAnnotations', (t) => {
    const record = pairs(t);
    return record && json(record);
  }],
  'volume-mounts': ['volumeMounts', (t) => volumeMounts(t)],
  'volume-mounts-rw': ['volumeMountsRw', (t) => volumeMounts(t)],
  'env-from-secret': ['envFromSecret', (t) => envFromSecret(t)],
};

function volumeMounts(t: string): Expr | undefined {
  const mounts = t.split(',').map((item) => {
    const at = item.indexOf(':');
    return at > 0 ? object([entry('volume', json(item.slice(0, at))), entry('mountPath', json(item.slice(at + 1)))]) : undefined;
  });
  return mounts.every((m) => m !== undefined) ? array(mounts as Expr[]) : undefined;
}

function envFromSecret(t: string): Expr | undefined {
  const record = pairs(t);
  if (!record) return undefined;
  return object(
    Object.keys(record).map((k) => {
      const [secretName, key, ...rest] = record[k]!.split(':');
      if (rest.length > 0 || !secretName) return entry(k, json(null));
      return entry(k, object([entry('secretName', json(secretName)), ...(key !== undefined ? [entry('key', json(key))] : [])]));
    }),
  );
}

/** Keys DaprApp's own props write; the mapper of the app reads them. */
export const APP_ANNOTATIONS = new Set(['dapr.io/enabled', 'dapr.io/app-id', 'dapr.io/app-port', 'dapr.io/app-protocol', 'dapr.io/config']);

/** Probe annotations: `sidecar-<liveness|readiness>-probe-<what>`. */
const PROBE = /^sidecar-(liveness|readiness)-probe-(delay-seconds|timeout-seconds|period-seconds|threshold)$/;
const PROBE_FIELD: Readonly<Record<string, string>> = { 'delay-seconds': 'initialDelay', 'timeout-seconds': 'timeout', 'period-seconds': 'period', threshold: 'failureThreshold' };

/** The GOMEMLIMIT daprkit derives from a memory limit of whole mebibytes (90 %, constructs/sidecar.ts), or undefined. */
function derivedGoMemLimit(limit: string): string | undefined {
  const units: Readonly<Record<string, number>> = { Mi: 1, Gi: 1024, Ti: 1024 * 1024 };
  const m = /^(\d+)(Mi|Gi|Ti)$/.exec(limit);
  return m ? `${Math.floor(Number(m[1]) * units[m[2]!]! * 0.9)}MiB` : undefined;
}

export const SIDECAR_CPU_DEFAULT = { request: '100m', limit: '300m' };
export const SIDECAR_MEMORY_DEFAULT = { request: '250Mi', limit: '1000Mi' };

/**
 * What `readsSecrets` makes of the service-account token pair: the token mounted, and the built-in
 * Kubernetes store on when the app reads it (`builtin`), else off as by default.
 */
export interface SecretReadsDefault {
  readonly builtin: boolean;
}

/**
 * The sidecar props of a pod's annotations. `automount` is the pod's `automountServiceAccountToken`
 * as written (undefined when absent); `secretReads`, when the app's `readsSecrets` calls set the
 * token pair (so the pair they write needs no prop).
 */
export function sidecarPlan(annotations: Readonly<Record<string, string>>, automount: unknown, secretReads?: SecretReadsDefault): SidecarPlan {
  const options: Entry[] = [];
  const extra: Record<string, string> = {};
  const optOuts: OptOut[] = [];
  const leftOut: string[] = [];
  const probes: Record<'liveness' | 'readiness', Entry[]> = { liveness: [], readiness: [] };
  let podSecurityExemption: string | undefined;
  const notTyped = (key: string, value: string) => {
    const spec = ANNOTATIONS_BY_KEY.get(key);
    if (!key.startsWith('dapr.io/') || (spec && spec.appliesTo === 'Pod')) extra[key] = value;
    else leftOut.push(key);
  };

  for (const key of Object.keys(annotations)) {
    const value = annotations[key]!;
    if (APP_ANNOTATIONS.has(key)) continue;
    if (key.startsWith(DAPRKIT_ANNOTATION_PREFIX)) {
      // daprkit's own intent annotations are written by the props that mean them.
      if (key === 'daprkit.io/pod-security-exempt') podSecurityExemption = value;
      continue;
    }
    if (!key.startsWith('dapr.io/')) {
      extra[key] = value;
      continue;
    }
    const name = key.slice('dapr.io/'.length);
    const probe = PROBE.exec(name);
    if (probe) {
      const n = int(value);
      const field = PROBE_FIELD[probe[2]!]!;
      if (n === undefined) notTyped(key, value);
      else probes[probe[1] as 'liveness' | 'readiness'].push(entry(field, field === 'failureThreshold' ? json(n) : secondsExpr(n)));
      continue;
    }
    // daprkit's own default needs no option.
    if (name === 'sidecar-seccomp-profile-type' && value === 'RuntimeDefault') continue;
    const simple = Object.prototype.hasOwnProperty.call(SIMPLE, name) ? SIMPLE[name] : undefined;
    const typed = simple?.[1](value);
    if (simple && typed) options.push(entry(simple[0], typed));
    else if (!['env', 'sidecar-cpu-request', 'sidecar-cpu-limit', 'sidecar-memory-request', 'sidecar-memory-limit'].includes(name)) notTyped(key, value);
  }
  for (const which of ['liveness', 'readiness'] as const) if (probes[which].length > 0) options.push(entry(`${which}Probe`, object(probes[which])));

  resources(annotations, 'cpu', cpu, SIDECAR_CPU_DEFAULT, 'daprkit would request 100m CPU for the sidecar and limit it to 300m', options, extra);
  const memoryLimit = resources(annotations, 'memory', sizeExpr, SIDECAR_MEMORY_DEFAULT, 'daprkit would request 250Mi of memory for the sidecar and limit it to 1000Mi', options, extra);

  const env = annotations['dapr.io/env'];
  const envRecord = env === undefined ? undefined : pairs(env);
  // The GOMEMLIMIT daprkit derives from the memory limit is left to daprkit.
  const derived = memoryLimit && envRecord?.GOMEMLIMIT !== undefined && envRecord.GOMEMLIMIT === derivedGoMemLimit(annotations['dapr.io/sidecar-memory-limit'] ?? SIDECAR_MEMORY_DEFAULT.limit);
  const envEntries = envRecord ? Object.fromEntries(Object.entries(envRecord).filter(([k]) => !(derived && k === 'GOMEMLIMIT'))) : undefined;
  if (env !== undefined && envEntries && Object.keys(envEntries).length > 0) options.push(entry('env', json(envEntries)));
  else if (env !== undefined && !envRecord) extra['dapr.io/env'] = env;
  // An env written as is (not typed) must not get a derived GOMEMLIMIT either.
  if (memoryLimit && envRecord?.GOMEMLIMIT === undefined) {
    optOuts.push({ member: 'SIDECAR_GOMEMLIMIT', comment: 'daprkit would set GOMEMLIMIT to 90 % of the sidecar memory limit' });
  }

  const seccomp = annotations['dapr.io/sidecar-seccomp-profile-type'];
  if (seccomp === undefined) optOuts.push({ member: 'SIDECAR_SECCOMP', comment: 'daprkit would run daprd with the RuntimeDefault seccomp profile' });

  const disable = annotations['dapr.io/disable-builtin-k8s-secret-store'];
  // The pair `readsSecrets` writes (token mounted; the built-in store on when read) needs no prop.
  const readsPair = secretReads !== undefined && automount === true && disable === (secretReads.builtin ? 'false' : 'true');
  let automountProp: boolean | undefined;
  if (readsPair) automountProp = undefined;
  else if (automount === true) automountProp = true;
  else if (!(automount === false && disable === 'true')) {
    optOuts.push({ member: 'SERVICE_ACCOUNT_TOKEN', comment: "daprkit would not mount the pod's service account token and would turn daprd's Kubernetes secret store off" });
  }
  // With the default pair in place, the annotation need not be an option of its own.
  const covered = readsPair || (automount === false && disable === 'true');
  const kept = covered ? options.filter((o) => o.key !== 'disableBuiltinK8sSecretStore') : options;
  return {
    options: kept,
    extra,
    optOuts,
    ...(automountProp !== undefined ? { automount: automountProp } : {}),
    ...(podSecurityExemption !== undefined ? { podSecurityExemption } : {}),
    leftOut,
  };
}

/**
 * The sidecar's CPU or memory as an option: left out when the annotations equal daprkit's
 * default, `{}` (an explicit opt-out) when there are none. True when a limit applies.
 */
function resources(
  annotations: Readonly<Record<string, string>>,
  kind: 'cpu' | 'memory',
  typed: (t: string) => Expr | undefined,
  defaults: { request: string; limit: string },
  comment: string,
  options: Entry[],
  extra: Record<string, string>,
): boolean {
  const request = annotations[`dapr.io/sidecar-${kind}-request`];
  const limit = annotations[`dapr.io/sidecar-${kind}-limit`];
  if (request === defaults.request && limit === defaults.limit) return true;
  const requestExpr = request === undefined ? undefined : typed(request);
  const limitExpr = limit === undefined ? undefined : typed(limit);
  if ((request !== undefined && !requestExpr) || (limit !== undefined && !limitExpr)) {
    // Written as is: the option opts out, the annotations carry the values.
    options.push(entry(kind, commented(object([]), `${comment}; the values are kept as written in extraAnnotations`)));
    if (request !== undefined) extra[`dapr.io/sidecar-${kind}-request`] = request;
    if (limit !== undefined) extra[`dapr.io/sidecar-${kind}-limit`] = limit;
    return limit !== undefined;
  }
  const entries = [...(requestExpr ? [entry('request', requestExpr)] : []), ...(limitExpr ? [entry('limit', limitExpr)] : [])];
  options.push(entries.length === 0 ? entry(kind, commented(object([]), comment)) : entry(kind, object(entries)));
  return limitExpr !== undefined;
}
