/**
 * The explicit opt-outs of DaprApp and DaprJob and the props that let them match an existing
 * system: what `daprkit import` writes so that a system brought in from YAML synthesizes exactly as
 * it was, and what a team removes, one reviewed diff at a time, to take daprkit's defaults.
 *
 * cdk8s-plus renders some fields whatever the props say (a pod security context, an image pull
 * policy, Kubernetes' own defaults spelled out); the opt-outs that concern them leave those fields
 * out of the rendered object, and only where the app's props did not ask for them.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * A daprkit (or cdk8s-plus) default a DaprApp or DaprJob can do without; see
 * `DaprWorkloadProps.withoutDefaults`. Each says which workloads it applies to when not all.
 */
export enum DaprAppDefault {
  /**
   * daprkit's restricted security context on the app containers (non-root, read-only root
   * filesystem, no privilege escalation, every capability dropped, RuntimeDefault seccomp) and
   * cdk8s-plus's on the pod (`runAsNonRoot`, `fsGroupChangePolicy`). Without it, a container
   * carries only what its own `securityContext` says, and the pod none.
   */
  SECURITY_CONTEXT = 'security-context',
  /** cdk8s-plus's `imagePullPolicy: Always` on containers that set none (Kubernetes then picks by tag). */
  IMAGE_PULL_POLICY = 'image-pull-policy',
  /**
   * `automountServiceAccountToken: false` and the matching `dapr.io/disable-builtin-k8s-secret-store`;
   * without it neither is written (Kubernetes mounts the token, daprd offers its Kubernetes store),
   * unless asked for (`automountServiceAccountToken`, `sidecar.disableBuiltinK8sSecretStore`, `readsSecrets`).
   */
  SERVICE_ACCOUNT_TOKEN = 'service-account-token',
  /** `GOMEMLIMIT` at 90 % of the sidecar's memory limit (in `dapr.io/env`). */
  SIDECAR_GOMEMLIMIT = 'sidecar-gomemlimit',
  /** The RuntimeDefault seccomp profile of the daprd container. */
  SIDECAR_SECCOMP = 'sidecar-seccomp',
  /** DaprApp: `replicas: 1` when `replicas` is not set: without it the count is left to Kubernetes (1) or an autoscaler. */
  REPLICAS = 'replicas',
  /**
   * DaprJob: the native sidecar (`dapr.io/enable-native-sidecar: "true"`) daprkit asks for so that
   * daprd stops when the job's app exits. Without it the annotation is left to `sidecar.enableNativeSidecar`
   * (the injector's default: daprd as a regular container, which keeps the pod running until the app
   * calls `/v1.0/shutdown`).
   */
  NATIVE_SIDECAR = 'native-sidecar',
  /**
   * DaprJob with a schedule: `concurrencyPolicy: Forbid` when `concurrencyPolicy` is not set. Without
   * it the field is left out, and Kubernetes' default applies: runs may overlap (`Allow`).
   */
  CONCURRENCY_POLICY = 'concurrency-policy',
  /**
   * Fields cdk8s-plus writes with the value Kubernetes would default them to anyway: the rolling
   * update of 25 % / 25 % (a StatefulSet's: partition 0, `podManagementPolicy: OrderedReady`),
   * `minReadySeconds: 0`, `progressDeadlineSeconds: 600`, a CronJob's history limits (3 successful,
   * 1 failed) and `suspend: false`, `dnsPolicy: ClusterFirst`, `restartPolicy: Always`,
   * `terminationGracePeriodSeconds: 30`, `hostNetwork` and `setHostnameAsFQDN` false, probes'
   * `failureThreshold: 3` and `scheme: HTTP`, a Service's empty `externalIPs` and its `type:
   * ClusterIP` (unless `type` is given). A field the props set explicitly stays (`terminationGracePeriod`,
   * `successfulJobsRetained`, ...). Without them the manifests say only what was asked; the cluster
   * is the same.
   */
  KUBERNETES_DEFAULT_FIELDS = 'kubernetes-default-fields',
}

/** Name, labels and annotations of one of the objects a DaprApp or DaprJob writes. */
export interface DaprAppObjectMetadata {
  /** @default - the app-id */
  readonly name?: string;
  /** @default - the app's `labels` (plus `app: <appId>` unless `selector` is given) */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One port of the app's Service. */
export interface DaprAppServicePort {
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The container port traffic goes to: a number, or the name of a container port.
   * @default - Kubernetes' default: the same number as `port`
   */
  readonly targetPort?: number | string;
  /**
   * The port's name (required by Kubernetes when the Service has several ports).
   * @default - unnamed
   */
  readonly name?: string;
  /** @default - Kubernetes' default (TCP) */
  readonly protocol?: kplus.Protocol;
  /**
   * The port on every node (NodePort and LoadBalancer Services).
   * @default - one Kubernetes picks
   */
  readonly nodePort?: number;
}

type JsonObject = Record<string, unknown>;

function record(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** Deletes `key` from `obj` when its value is `value` (deep-equal for the one object value used here). */
function dropIf(obj: JsonObject | undefined, key: string, value: unknown): void {
  if (!obj || !(key in obj)) return;
  if (JSON.stringify(obj[key]) === JSON.stringify(value)) delete obj[key];
}

const DEFAULT_ROLLING_UPDATE = { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' };

/** Fields of a container's security context, by the cdk8s-plus prop that sets each. */
const SECURITY_FIELDS: readonly [keyof kplus.ContainerSecurityContextProps, string][] = [
  ['ensureNonRoot', 'runAsNonRoot'],
  ['user', 'runAsUser'],
  ['group', 'runAsGroup'],
  ['privileged', 'privileged'],
  ['readOnlyRootFilesystem', 'readOnlyRootFilesystem'],
  ['allowPrivilegeEscalation', 'allowPrivilegeEscalation'],
  ['capabilities', 'capabilities'],
  ['seccompProfile', 'seccompProfile'],
];

/** What was asked for explicitly, against which the rendered workload is trimmed. */
export interface WorkloadTrim {
  readonly without: ReadonlySet<DaprAppDefault>;
  /** The props of each container, in order (`[{}]` for the image shortcut). */
  readonly containers: readonly Partial<kplus.ContainerProps>[];
  /** The app's props (security context, runAsRoot, sidecar options, token). */
  readonly props: {
    readonly securityContext?: kplus.ContainerSecurityContextProps;
    readonly runAsRoot?: boolean;
    readonly automountServiceAccountToken?: boolean;
    readonly terminationGracePeriod?: unknown;
    readonly sidecar?: { readonly seccompProfileType?: unknown; readonly disableBuiltinK8sSecretStore?: boolean; readonly env?: Readonly<Record<string, string>> };
  };
  /**
   * Fields of the workload's `spec` the props set explicitly (`replicas`, `strategy`,
   * `successfulJobsHistoryLimit`, ...): they stay, whatever their value.
   */
  readonly given: ReadonlySet<string>;
  /** Where the pod template is: `spec.template`, or a CronJob's `spec.jobTemplate.spec.template`. */
  readonly podTemplate: readonly string[];
}

/** The field at `path` of `json`, when it is an object. */
function at(json: JsonObject, path: readonly string[]): JsonObject | undefined {
  let cur: JsonObject | undefined = json;
  for (const key of path) cur = record(cur?.[key]);
  return cur;
}

/** Spec fields cdk8s-plus writes with Kubernetes' default value, per workload kind (one object holds only its own). */
const SPEC_DEFAULTS: readonly [string, unknown][] = [
  ['minReadySeconds', 0],
  ['progressDeadlineSeconds', 600],
  ['strategy', DEFAULT_ROLLING_UPDATE],
  ['podManagementPolicy', 'OrderedReady'],
  ['updateStrategy', { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' }],
  ['successfulJobsHistoryLimit', 3],
  ['failedJobsHistoryLimit', 1],
  ['suspend', false],
];

function trimProbe(probe: unknown): void {
  const p = record(probe);
  dropIf(p, 'failureThreshold', 3);
  dropIf(record(p?.httpGet), 'scheme', 'HTTP');
}

/** The security context fields asked for: runAsRoot's, the app's, the container's. */
function askedSecurity(props: Partial<kplus.ContainerProps>, trim: WorkloadTrim): kplus.ContainerSecurityContextProps {
  const root: kplus.ContainerSecurityContextProps = trim.props.runAsRoot ? { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false } : {};
  return { ...root, ...trim.props.securityContext, ...props.securityContext };
}

function trimContainer(container: JsonObject, props: Partial<kplus.ContainerProps> | undefined, trim: WorkloadTrim): void {
  if (trim.without.has(DaprAppDefault.IMAGE_PULL_POLICY) && props?.imagePullPolicy === undefined) delete container.imagePullPolicy;
  if (trim.without.has(DaprAppDefault.SECURITY_CONTEXT)) {
    const context = record(container.securityContext);
    const asked = askedSecurity(props ?? {}, trim);
    for (const [prop, field] of SECURITY_FIELDS) if (asked[prop] === undefined && context) delete context[field];
    if (context && Object.keys(context).length === 0) delete container.securityContext;
  }
  if (trim.without.has(DaprAppDefault.KUBERNETES_DEFAULT_FIELDS)) {
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) trimProbe(container[probe]);
  }
}

/** Leaves out of a rendered Deployment, StatefulSet, Job or CronJob what the opt-outs say, in place. */
export function trimWorkload(json: JsonObject, trim: WorkloadTrim): void {
  const spec = record(json.spec);
  const pod = at(json, [...trim.podTemplate, 'spec']);
  if (trim.without.has(DaprAppDefault.REPLICAS) && !trim.given.has('replicas')) delete spec?.replicas;
  if (trim.without.has(DaprAppDefault.CONCURRENCY_POLICY) && !trim.given.has('concurrencyPolicy')) dropIf(spec, 'concurrencyPolicy', 'Forbid');
  // The token's default (false) goes; true, asked for or set by readsSecrets, stays.
  if (trim.without.has(DaprAppDefault.SERVICE_ACCOUNT_TOKEN) && trim.props.automountServiceAccountToken === undefined) dropIf(pod, 'automountServiceAccountToken', false);
  if (trim.without.has(DaprAppDefault.SECURITY_CONTEXT)) delete pod?.securityContext;
  if (trim.without.has(DaprAppDefault.KUBERNETES_DEFAULT_FIELDS)) {
    for (const [field, value] of SPEC_DEFAULTS) if (!trim.given.has(field)) dropIf(spec, field, value);
    dropIf(pod, 'dnsPolicy', 'ClusterFirst');
    dropIf(pod, 'hostNetwork', false);
    dropIf(pod, 'restartPolicy', 'Always');
    dropIf(pod, 'setHostnameAsFQDN', false);
    if (trim.props.terminationGracePeriod === undefined) dropIf(pod, 'terminationGracePeriodSeconds', 30);
  }
  const containers = Array.isArray(pod?.containers) ? pod!.containers : [];
  containers.forEach((c, i) => {
    const container = record(c);
    if (container) trimContainer(container, trim.containers[i], trim);
  });
}

/** Leaves out of the rendered pod annotations the defaults the opt-outs refuse, where nothing asked for them. */
export function trimPodAnnotations(json: JsonObject, trim: WorkloadTrim): void {
  const annotations = at(json, [...trim.podTemplate, 'metadata', 'annotations']);
  if (!annotations) return;
  const sidecar = trim.props.sidecar ?? {};
  if (trim.without.has(DaprAppDefault.SERVICE_ACCOUNT_TOKEN) && sidecar.disableBuiltinK8sSecretStore === undefined) dropIf(annotations, 'dapr.io/disable-builtin-k8s-secret-store', 'true');
  if (trim.without.has(DaprAppDefault.SIDECAR_SECCOMP) && sidecar.seccompProfileType === undefined) dropIf(annotations, 'dapr.io/sidecar-seccomp-profile-type', 'RuntimeDefault');
  if (trim.without.has(DaprAppDefault.SIDECAR_GOMEMLIMIT)) {
    const env = withoutDerivedGoMemLimit(annotations['dapr.io/env'] as string | undefined, sidecar.env?.GOMEMLIMIT);
    if (env === undefined) delete annotations['dapr.io/env'];
    else annotations['dapr.io/env'] = env;
  }
}

/**
 * Leaves out of a rendered Service what the opt-outs say, in place. `typeGiven`: the props set the
 * Service's type, so `type: ClusterIP` stays.
 */
export function trimService(json: JsonObject, without: ReadonlySet<DaprAppDefault>, typeGiven = true): void {
  const spec = record(json.spec);
  if (!without.has(DaprAppDefault.KUBERNETES_DEFAULT_FIELDS)) return;
  dropIf(spec, 'externalIPs', []);
  if (!typeGiven) dropIf(spec, 'type', 'ClusterIP');
}

/**
 * Makes `apiObject` pass its rendered JSON through `adjust`. cdk8s has no hook between rendering
 * and output: its JSON patches apply to cdk8s-plus's intermediate form (before the field names and
 * int-or-string values of the Kubernetes schema are applied), and these fields must go only when
 * their value is the default. Everything that synthesizes calls `toJson`, so all engines see it.
 */
export function adjustWhenRendered(apiObject: ApiObject, adjust: (json: JsonObject) => JsonObject): void {
  const render = apiObject.toJson.bind(apiObject);
  Object.defineProperty(apiObject, 'toJson', { value: () => adjust(render() as JsonObject) });
}

/** Sets the named target ports of a rendered Service (cdk8s-plus takes numbers only), in place. */
export function setNamedTargetPorts(json: JsonObject, ports: readonly DaprAppServicePort[]): void {
  const rendered = record(json.spec)?.ports;
  if (!Array.isArray(rendered)) return;
  ports.forEach((p, i) => {
    const port = record(rendered[i]);
    if (typeof p.targetPort === 'string' && port) port.targetPort = p.targetPort;
  });
}

/**
 * The `dapr.io/env` value without the GOMEMLIMIT daprkit derives (undefined when nothing is left);
 * `explicit` is the GOMEMLIMIT the app's own `sidecar.env` sets, if any.
 */
export function withoutDerivedGoMemLimit(env: string | undefined, explicit: string | undefined): string | undefined {
  if (env === undefined || explicit !== undefined) return env;
  const kept = env.split(',').filter((pair) => !pair.startsWith('GOMEMLIMIT='));
  return kept.length > 0 ? kept.join(',') : undefined;
}
