/**
 * What every Dapr-enabled workload shares, read once for DaprApp (Deployments, StatefulSets) and
 * DaprJob (Jobs, CronJobs): the app-id and the pod template's annotations and labels, the
 * containers as props (map-containers), the sidecar's options (map-sidecar), the Configuration,
 * the ServiceAccount, and an explicit opt-out, with a comment, for every daprkit default the pod
 * does not have.
 */
import { cronScheduleProblem } from '../checks/cron';
import { dnsLabelProblem, isDnsSubdomain, isPort } from '../checks/formats';
import { Manifest } from '../checks/types';
import { MapContext } from './context';
import { ContainerRefs, containerProps, DEFAULT_APP_RESOURCES, RESTRICTED_CONTAINER_SECURITY, sameJson } from './map-containers';
import { OptOut, SecretReadsDefault, sidecarPlan } from './map-sidecar';
import { array, call, commented, daprkit, Entry, entry, enumMember, Expr, json, member, object as objectLiteral, ref, scope, staticCall, Statement } from './ir';
import { asRecord, dig, otherKeys, stringMap } from './metadata';
import { InputObject } from './model';

/** The workload kinds that carry a Dapr sidecar, and where each keeps its pod template. */
export const WORKLOAD_KINDS = {
  Deployment: { apiVersion: 'apps/v1', podTemplate: ['spec', 'template'] },
  StatefulSet: { apiVersion: 'apps/v1', podTemplate: ['spec', 'template'] },
  Job: { apiVersion: 'batch/v1', podTemplate: ['spec', 'template'] },
  CronJob: { apiVersion: 'batch/v1', podTemplate: ['spec', 'jobTemplate', 'spec', 'template'] },
} as const;

export type WorkloadKind = keyof typeof WORKLOAD_KINDS;

export function workloadKind(m: Manifest): WorkloadKind | undefined {
  return typeof m.kind === 'string' && Object.prototype.hasOwnProperty.call(WORKLOAD_KINDS, m.kind) ? (m.kind as WorkloadKind) : undefined;
}

/** What a workload needs to be a DaprApp or DaprJob, or why it cannot be one. */
export interface WorkloadFacts {
  readonly kind: WorkloadKind;
  readonly appId: string;
  readonly annotations: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly pod: Record<string, unknown>;
  /** A Deployment's or StatefulSet's `matchLabels` (Jobs select their pods themselves). */
  readonly selector?: Record<string, string>;
}

export function workloadFacts(m: Manifest): WorkloadFacts | string {
  const kind = workloadKind(m);
  if (!kind) return 'not a workload kind daprkit writes';
  const { apiVersion, podTemplate } = WORKLOAD_KINDS[kind];
  if (m.apiVersion !== apiVersion) return `daprkit writes ${kind}s as ${apiVersion}, not ${String(m.apiVersion)}`;
  const annotations = stringMap(dig(m, ...podTemplate, 'metadata', 'annotations'));
  if (!annotations || annotations['dapr.io/enabled'] !== 'true') return 'no Dapr sidecar (dapr.io/enabled is not "true"): daprkit models Dapr apps, not plain workloads';
  const appId = annotations['dapr.io/app-id'];
  if (appId === undefined) return `no dapr.io/app-id annotation (${kind === 'Job' || kind === 'CronJob' ? 'DaprJob' : 'DaprApp'} names the app)`;
  if (dnsLabelProblem(appId)) return `its app-id ${JSON.stringify(appId)} is not a DNS label`;
  // The `config` prop names a Configuration; an empty or malformed name (Dapr reads "" as none) stays as written.
  const config = annotations['dapr.io/config'];
  if (config !== undefined && !isDnsSubdomain(config)) return `its dapr.io/config ${JSON.stringify(config)} is not a Configuration name`;
  const podLabels = stringMap(dig(m, ...podTemplate, 'metadata', 'labels'));
  if (podLabels === undefined && dig(m, ...podTemplate, 'metadata', 'labels') !== undefined) return 'its pod labels are not text';
  const pod = asRecord(dig(m, ...podTemplate, 'spec'));
  if (!pod || !Array.isArray(pod.containers) || pod.containers.length === 0) return 'its pod has no containers';
  if (pod.containers.some((c) => typeof asRecord(c)?.image !== 'string')) return 'a container without an image';
  if (kind === 'CronJob') {
    const problem = cronJobProblem(asRecord(m.spec) ?? {}, appId);
    if (problem) return problem;
  }
  if (kind === 'Job' || kind === 'CronJob') return { kind, appId, annotations, podLabels: podLabels ?? {}, pod };
  const selector = asRecord(dig(m, 'spec', 'selector'));
  const matchLabels = stringMap(selector?.matchLabels);
  if (!selector || !matchLabels || Object.keys(selector).some((k) => k !== 'matchLabels') || Object.keys(matchLabels).length === 0) {
    return 'its selector is not a plain matchLabels selector';
  }
  if (Object.keys(matchLabels).some((k) => podLabels?.[k] !== matchLabels[k])) return 'its selector does not select its own pods';
  return { kind, appId, annotations, selector: matchLabels, podLabels: podLabels ?? {}, pod };
}

/** Longest CronJob name (the controller appends 11 characters to name each Job). */
const MAX_CRONJOB_NAME = 52;

/** Why DaprJob cannot write a CronJob as it is, if it cannot. */
function cronJobProblem(spec: Record<string, unknown>, appId: string): string | undefined {
  if (typeof spec.schedule !== 'string') return 'it has no schedule';
  const problem = cronScheduleProblem(spec.schedule);
  if (problem) return `its schedule is not one Kubernetes accepts (${problem})`;
  if (appId.length > MAX_CRONJOB_NAME) return `its app-id names the CronJob in DaprJob, and is longer than the ${MAX_CRONJOB_NAME} characters a CronJob name may have`;
  const limits = spec.successfulJobsHistoryLimit !== undefined || spec.failedJobsHistoryLimit !== undefined;
  if (limits && dig(spec, 'jobTemplate', 'spec', 'ttlSecondsAfterFinished') !== undefined) return 'its job template has ttlSecondsAfterFinished beside the history limits, which DaprJob does not write together';
  return undefined;
}

export function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}

export const optOutExpr = (o: OptOut): Expr => commented(enumMember('DaprAppDefault', o.member), o.comment);

/** cdk8s-plus's pod security context under daprkit's defaults, as rendered. */
const RESTRICTED_POD_SECURITY = { fsGroupChangePolicy: 'Always', runAsNonRoot: true };

/** The pod fields cdk8s-plus writes with Kubernetes' own default values (see DaprAppDefault.KUBERNETES_DEFAULT_FIELDS). */
const POD_DEFAULT_FIELDS: Readonly<Record<string, unknown>> = { dnsPolicy: 'ClusterFirst', hostNetwork: false, setHostnameAsFQDN: false, terminationGracePeriodSeconds: 30 };

/** The spec fields each kind gets with Kubernetes' default values. */
export const SPEC_DEFAULT_FIELDS: Readonly<Record<WorkloadKind, Readonly<Record<string, unknown>>>> = {
  Deployment: { minReadySeconds: 0, progressDeadlineSeconds: 600, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' } },
  StatefulSet: { minReadySeconds: 0, podManagementPolicy: 'OrderedReady', updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' } },
  Job: {},
  CronJob: { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false },
};

/** True when the input spells out every field cdk8s-plus writes with Kubernetes' default value (so they stay as defaults). */
export function spellsOutKubernetesDefaults(kind: WorkloadKind, spec: Record<string, unknown>, pod: Record<string, unknown>): boolean {
  const podFields = kind === 'Job' || kind === 'CronJob' ? POD_DEFAULT_FIELDS : { ...POD_DEFAULT_FIELDS, restartPolicy: 'Always' };
  return Object.entries(SPEC_DEFAULT_FIELDS[kind]).every(([k, v]) => sameJson(spec[k], v)) && Object.entries(podFields).every(([k, v]) => sameJson(pod[k], v));
}

/** The props every Dapr workload takes, read from its pod template. */
export interface PodMapping {
  /** Declarations the props refer to (Secrets, ConfigMaps, Configurations), before the construct. */
  readonly statements: Statement[];
  /** `containers`, or `image` for a single container as the `image` shortcut writes it. */
  readonly containers: Entry;
  readonly appPort?: number;
  /** The app port, when it is typed (a container port): DaprApp then writes a Service by default. */
  readonly typedPort: boolean;
  readonly grpc: boolean;
  /** `appPort`, `appProtocol`, `config`: the entries that come right after the containers. */
  readonly identity: (Entry | undefined)[];
  /** `sidecar`, `extraAnnotations`: after the workload's own entries. */
  readonly sidecar: (Entry | undefined)[];
  /** `serviceAccount` ... `resources`: the pod's remaining entries. */
  readonly pod: (Entry | undefined)[];
  readonly optOuts: OptOut[];
  /** The `dapr.io/config` the pod loads. */
  readonly configName?: string;
  /** `automountServiceAccountToken: true`, when the pod says so. */
  readonly automount?: boolean;
  /** Why part of the pod template is left to the escape hatch, for the report. */
  readonly leftOut?: string;
}

/** What the workload writes by itself beyond daprkit's pod defaults, so the pod's matching settings need no prop. */
export interface PodOptions {
  /** The app's `readsSecrets` calls mount the token (and keep the built-in store on when they read it). */
  readonly secretReads?: SecretReadsDefault;
  /** Sidecar options the workload sets by itself (a DaprJob's native sidecar). */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** The mounts typed claim templates add to the app container (a StatefulSet's). */
  readonly claimMounts?: readonly unknown[];
}

/**
 * The pod template of a workload as props. `spelledOut`: the input spells out Kubernetes' default
 * fields, which then stay daprkit's defaults. The ServiceAccount entry is left to the caller
 * (it may be the app's own, folded back in).
 */
export function podMapping(object: InputObject, facts: WorkloadFacts, ctx: MapContext, spelledOut: boolean, options: PodOptions = {}): PodMapping | string {
  const statements: Statement[] = [];
  const refs: ContainerRefs = { statements, variables: ctx.chart.variables, ids: ctx.chart.ids, unit: object.index, secrets: new Map(), configMaps: new Map() };
  const containers: Expr[] = [];
  const pod = facts.pod;
  // A pod that already has daprkit's restricted security contexts keeps them as the default.
  const restricted = sameJson(pod.securityContext, RESTRICTED_POD_SECURITY) && (pod.containers as unknown[]).every((c) => sameJson(asRecord(c)?.securityContext, RESTRICTED_CONTAINER_SECURITY));
  let allHaveResources = true;
  let noneHasResources = true;
  for (const c of pod.containers as unknown[]) {
    const mapped = containerProps(c, refs, { restrictedSecurity: restricted, kubernetesDefaults: spelledOut });
    if (!mapped) return 'a container without an image';
    containers.push(mapped.props);
    allHaveResources &&= mapped.hasResources;
    noneHasResources &&= !mapped.hasResources && sameJson(asRecord(c)?.resources, DEFAULT_APP_RESOURCES);
  }

  const plan = sidecarPlan(facts.annotations, pod.automountServiceAccountToken, options.secretReads);
  const defaults = options.defaultOptions ?? {};
  const sidecar = { ...plan, options: plan.options.filter((e) => !(Object.prototype.hasOwnProperty.call(defaults, e.key) && e.value.kind === 'json' && e.value.value === defaults[e.key])) };
  const a = facts.annotations;
  const appPort = a['dapr.io/app-port'] !== undefined && /^[1-9]\d*$/.test(a['dapr.io/app-port']) ? Number(a['dapr.io/app-port']) : undefined;
  const declared = (pod.containers as unknown[]).flatMap((c) => (Array.isArray(asRecord(c)?.ports) ? (asRecord(c)!.ports as unknown[]).map((p) => asRecord(p)?.containerPort) : []));
  // The workload checks that the app port is a container port; one that is not stays an annotation as written.
  const typedPort = appPort !== undefined && isPort(appPort) && declared.includes(appPort);
  const extra: Record<string, string> = { ...sidecar.extra };
  if (a['dapr.io/app-port'] !== undefined && !typedPort) extra['dapr.io/app-port'] = a['dapr.io/app-port'];
  const protocols: Readonly<Record<string, string>> = { http: 'HTTP', grpc: 'GRPC', https: 'HTTPS', grpcs: 'GRPCS', h2c: 'H2C' };
  const protocol = a['dapr.io/app-protocol'];
  const protocolMember = protocol !== undefined && Object.prototype.hasOwnProperty.call(protocols, protocol) ? protocols[protocol] : undefined;
  if (protocol !== undefined && !protocolMember) extra['dapr.io/app-protocol'] = protocol;

  const configName = a['dapr.io/config'];
  let config: Expr | undefined;
  if (configName !== undefined) {
    const declaredConfig = ctx.chart.configurations.get(configName);
    if (declaredConfig) config = ref(declaredConfig.variable);
    else {
      const id = ctx.chart.ids.take(`${configName}-configuration`, 'ref');
      config = staticCall('Configuration', 'fromName', scope, json(id), json(configName));
    }
  }

  const optOuts: OptOut[] = restricted ? [] : [{ member: 'SECURITY_CONTEXT', comment: 'daprkit would run the app non-root, read-only, without privilege escalation or capabilities' }];
  const image = imageShortcut(pod, facts.appId, typedPort ? appPort : undefined, appPort !== undefined, options.claimMounts);
  if (!image && containers.some((c) => c.kind === 'object' && !c.entries.some((e) => e.key === 'imagePullPolicy'))) {
    optOuts.push({ member: 'IMAGE_PULL_POLICY', comment: 'cdk8s-plus would pull the image on every start (imagePullPolicy: Always)' });
  }
  optOuts.push(...sidecar.optOuts);
  const grace = gracePeriodEntry(pod.terminationGracePeriodSeconds, sidecar.options, spelledOut);
  return {
    statements,
    containers: image ? entry('image', json(image)) : entry('containers', array(containers)),
    ...(appPort !== undefined ? { appPort } : {}),
    typedPort,
    grpc: protocolMember === 'GRPC' || protocolMember === 'GRPCS',
    identity: [
      typedPort ? entry('appPort', json(appPort!)) : undefined,
      protocolMember ? entry('appProtocol', enumMember('AppProtocol', protocolMember)) : undefined,
      config ? entry('config', config) : undefined,
    ],
    sidecar: [
      sidecar.options.length > 0 ? entry('sidecar', objectLiteral(sidecar.options)) : undefined,
      Object.keys(extra).length > 0 ? entry('extraAnnotations', json(extra)) : undefined,
    ],
    pod: [
      sidecar.automount !== undefined ? entry('automountServiceAccountToken', json(sidecar.automount)) : undefined,
      grace,
      sidecar.podSecurityExemption !== undefined ? entry('podSecurityExemption', json(sidecar.podSecurityExemption)) : undefined,
      !allHaveResources && !noneHasResources ? entry('resources', objectLiteral([]), 'daprkit would request 50m CPU and 64Mi of memory and limit memory to 256Mi for containers that set none') : undefined,
    ],
    optOuts,
    ...(configName !== undefined ? { configName } : {}),
    ...(sidecar.automount !== undefined ? { automount: sidecar.automount } : {}),
    ...(sidecar.leftOut.length > 0 ? { leftOut: `pod annotations ${sidecar.leftOut.join(', ')} are not ones daprkit writes; an escape hatch keeps them` } : {}),
  };
}

/**
 * The image of a pod that is what the `image` shortcut writes: one container named after the
 * app-id, with no pull policy, declaring the app port alone (when there is one), and nothing else
 * but daprkit's own resources and security context.
 */
function imageShortcut(pod: Record<string, unknown>, appId: string, typedPort: number | undefined, hasPort: boolean, claimMounts: readonly unknown[] | undefined): string | undefined {
  const containers = pod.containers as unknown[];
  const c = containers.length === 1 ? asRecord(containers[0]) : undefined;
  if (!c || c.name !== appId || typeof c.image !== 'string' || otherKeys(c, ['name', 'image', 'ports', 'resources', 'securityContext', 'volumeMounts']).length > 0) return undefined;
  // Only the mounts of the claim templates, which the workload adds by itself.
  if (c.volumeMounts !== undefined && !(claimMounts !== undefined && sameJson(c.volumeMounts, claimMounts))) return undefined;
  if (c.securityContext !== undefined && !sameJson(c.securityContext, RESTRICTED_CONTAINER_SECURITY)) return undefined;
  if (c.resources !== undefined && !sameJson(c.resources, DEFAULT_APP_RESOURCES)) return undefined;
  const ports = typedPort !== undefined ? [{ containerPort: typedPort }] : undefined;
  if (hasPort && typedPort === undefined) return undefined;
  return sameJson(c.ports, ports) ? c.image : undefined;
}

/**
 * The workload's `serviceAccount`: the one the pod names, or the namespace's `default` one when it
 * names none (daprkit would otherwise write a ServiceAccount of the app's own). Undefined when the
 * pod runs under the app's own ServiceAccount and that object is folded back into the workload.
 */
export function serviceAccountEntry(pod: Record<string, unknown>, ctx: MapContext, folded: boolean): Entry | undefined {
  if (folded) return undefined;
  const name = pod.serviceAccountName;
  if (typeof name === 'string' && name !== '') {
    const id = ctx.chart.ids.take(`${name}-service-account`, 'ref');
    return entry('serviceAccount', staticCall('ServiceAccount', 'fromServiceAccountName', scope, json(id), json(name)));
  }
  return entry('serviceAccount', daprkit('NAMESPACE_DEFAULT_SERVICE_ACCOUNT'), 'daprkit would give the app a ServiceAccount of its own, named after the app-id');
}

/**
 * The `terminationGracePeriod` when the pod's differs from what the workload writes by itself: 30
 * seconds (left out with the Kubernetes-default fields), or the sidecar's shutdown times plus 5
 * seconds when they add up to 30 or more. A pod that says nothing while the sidecar's times are
 * that long is left to the escape hatch (no prop leaves the field out).
 */
function gracePeriodEntry(value: unknown, sidecarOptions: readonly Entry[], spelledOut: boolean): Entry | undefined {
  const derives = sidecarOptions.some((e) => e.key === 'gracefulShutdown' || e.key === 'blockShutdownDuration');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  if (value === 30 && !derives && spelledOut) return undefined;
  return entry('terminationGracePeriod', call(member(daprkit('Duration'), 'seconds'), json(value)));
}

/**
 * The labels props of a workload whose rendered labels are `labels` plus `app: <appId>` (when
 * `withApp`): `labels` from the workload's own labels, and `workloadMetadata` / `podLabels` where
 * the rendering would differ from the input.
 */
export function labelProps(facts: WorkloadFacts, workloadLabels: Record<string, string>, withApp: boolean, extraPodLabels: Readonly<Record<string, string>> = {}): {
  labels: Record<string, string>;
  rendered: Record<string, string>;
  workloadLabels?: Record<string, string>;
  podLabels?: Record<string, string>;
} {
  const labels = withApp && workloadLabels.app === facts.appId ? Object.fromEntries(Object.entries(workloadLabels).filter(([k]) => k !== 'app')) : workloadLabels;
  const rendered = withApp ? { ...labels, app: facts.appId } : { ...labels };
  const podRendered = { ...rendered, ...extraPodLabels };
  return {
    labels,
    rendered,
    ...(!sameMap(rendered, workloadLabels) ? { workloadLabels } : {}),
    ...(!sameMap(podRendered, facts.podLabels) ? { podLabels: facts.podLabels } : {}),
  };
}
