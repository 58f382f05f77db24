/**
 * Dapr-enabled Deployments and StatefulSets as `DaprApp`s: the pod template as props (map-pod),
 * the Service that selects the pods as the app's `service` (a plain object when it does not fit),
 * a StatefulSet's governing Service as `headlessService` and its claim templates as typed
 * `volumeClaimTemplates`, the labels and selector as written, the app's own ServiceAccount and the
 * RBAC of `readsSecrets` folded back in (map-identity), and an explicit opt-out, with a comment, for
 * every daprkit default the input does not have. Components scoped to the app become `uses`.
 *
 * `planApps` runs first, for every workload kind (Jobs and CronJobs become DaprJobs, see
 * map-dapr-job): it decides the apps of the chart and the Services they take before any code is
 * written, so Components, Subscriptions and policies can refer to the apps by variable.
 */
import { isPort } from '../checks/formats';
import { MapContext } from './context';
import { sizeExpr } from './values';
import { array, call, construct, daprkit, Entry, entry, enumMember, Expr, json, member, nonNull, object as objectLiteral, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, dig, otherKeys, own, stringMap } from './metadata';
import { InputObject, PatchTarget, Phase, Unit } from './model';
import { OptOut } from './map-sidecar';
import { labelProps, optOutExpr, podMapping, sameMap, serviceAccountEntry, spellsOutKubernetesDefaults, WorkloadFacts, workloadFacts, workloadKind } from './map-pod';
import { ownServiceAccount, secretReadFold, serviceAccountTarget } from './map-identity';
import { objectsNamed } from './object-index';

/** A selector as one key: its labels sorted. */
function selectorKey(selector: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(selector).sort().map((k) => [k, selector[k]]));
}

/** The chart's Services a DaprApp could take, by selector, in input order (one pass over the objects). */
function servicesBySelector(objects: readonly InputObject[], ctx: MapContext): Map<string, InputObject[]> {
  const by = new Map<string, InputObject[]>();
  for (const o of objects) {
    if (o.manifest.apiVersion !== 'v1' || o.manifest.kind !== 'Service' || ctx.raw.has(o.index)) continue;
    const selector = stringMap(dig(o.manifest, 'spec', 'selector'));
    const type = dig(o.manifest, 'spec', 'type');
    if (!selector || Object.keys(selector).length === 0 || !(type === undefined || ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type as string))) continue;
    const key = selectorKey(selector);
    by.set(key, [...(by.get(key) ?? []), o]);
  }
  return by;
}

/** A StatefulSet's governing Service as DaprApp writes it: headless, selecting the app's pods, with plain ports. */
function isGoverningShape(service: InputObject, selector: Readonly<Record<string, string>>): boolean {
  const spec = asRecord(service.manifest.spec);
  const chosen = stringMap(spec?.selector);
  const ports = spec?.ports;
  const portsFit = ports === undefined || (Array.isArray(ports) && ports.every((p) => typeof asRecord(p)?.port === 'number' && isPort(asRecord(p)!.port as number)));
  return spec?.clusterIP === 'None' && (spec.type === undefined || spec.type === 'ClusterIP') && chosen !== undefined && sameMap(chosen, selector) && portsFit;
}

/** What planApps decided for one workload. */
export interface PlannedWorkload {
  readonly facts: WorkloadFacts;
  readonly variable: string;
  /** The Service that selects the pods (Deployments and StatefulSets). */
  readonly service?: InputObject;
  /** A StatefulSet's `serviceName`, and the Service of that name when DaprApp can write it as the headless one. */
  readonly serviceName?: string;
  readonly governing?: InputObject;
}

const planned = new WeakMap<MapContext, Map<number, PlannedWorkload>>();

/** The plan of one workload (by input index), when planApps made it an app. */
export function plannedWorkload(ctx: MapContext, index: number): PlannedWorkload | undefined {
  return planned.get(ctx)?.get(index);
}

/** The workload's plan, or why it stays raw: not a Dapr workload, or its app-id taken in the namespace. */
export function planOrReason(object: InputObject, ctx: MapContext): PlannedWorkload | string {
  const plan = plannedWorkload(ctx, object.index);
  if (plan) return plan;
  const facts = workloadFacts(object.manifest);
  return typeof facts === 'string' ? facts : `another workload of namespace "${ctx.chart.daprNamespace}" has app-id "${facts.appId}"`;
}

/** Decides which workloads become DaprApps and DaprJobs, with their variables and Services, before any code is written. */
export function planApps(objects: readonly InputObject[], ctx: MapContext): void {
  const apps = new Map<number, PlannedWorkload>();
  planned.set(ctx, apps);
  const chosen: { object: InputObject; facts: WorkloadFacts; variable: string; serviceName?: string; governing?: InputObject }[] = [];
  for (const object of objects) {
    if (!workloadKind(object.manifest) || ctx.raw.has(object.index)) continue;
    const facts = workloadFacts(object.manifest);
    if (typeof facts === 'string' || ctx.chart.apps.has(facts.appId)) continue;
    const variable = ctx.chart.variables.take(facts.appId, facts.kind === 'Job' || facts.kind === 'CronJob' ? 'job' : 'app');
    ctx.chart.apps.set(facts.appId, { variable, object, construct: facts.kind === 'Job' || facts.kind === 'CronJob' ? 'DaprJob' : 'DaprApp' });
    const config = facts.annotations['dapr.io/config'];
    if (config !== undefined) ctx.chart.configurationUsers.set(config, [...(ctx.chart.configurationUsers.get(config) ?? []), facts.appId]);
    const serviceName = facts.kind === 'StatefulSet' ? dig(object.manifest, 'spec', 'serviceName') : undefined;
    // The governing Services first, so no Deployment takes one as its own Service.
    const governing =
      typeof serviceName === 'string'
        ? objectsNamed(objects, 'v1', 'Service', serviceName).find((o) => !ctx.raw.has(o.index) && !ctx.claimed.has(o.index))
        : undefined;
    const takes = governing && facts.selector && isGoverningShape(governing, facts.selector) ? governing : undefined;
    if (takes) ctx.claimed.add(takes.index);
    chosen.push({ object, facts, variable, ...(typeof serviceName === 'string' ? { serviceName } : {}), ...(takes ? { governing: takes } : {}) });
  }
  const services = servicesBySelector(objects, ctx);
  for (const c of chosen) {
    const service = c.facts.selector && services.get(selectorKey(c.facts.selector))?.find((o) => !ctx.claimed.has(o.index));
    if (service) ctx.claimed.add(service.index);
    apps.set(c.object.index, {
      facts: c.facts,
      variable: c.variable,
      ...(service ? { service } : {}),
      ...(c.serviceName !== undefined ? { serviceName: c.serviceName } : {}),
      ...(c.governing ? { governing: c.governing } : {}),
    });
  }
}

const SERVICE_TYPES: Readonly<Record<string, string>> = { ClusterIP: 'CLUSTER_IP', NodePort: 'NODE_PORT', LoadBalancer: 'LOAD_BALANCER' };
const PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP' };

/** A Service's ports as `DaprAppServicePort`s. */
function portProps(ports: readonly unknown[]): Expr {
  return array(
    ports.map((raw) => {
      const p = asRecord(raw) ?? {};
      return props([
        entry('port', json(p.port as number)),
        typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? entry('targetPort', json(p.targetPort)) : undefined,
        typeof p.name === 'string' ? entry('name', json(p.name)) : undefined,
        typeof p.protocol === 'string' && own(PROTOCOLS, p.protocol) ? entry('protocol', enumMember('Protocol', own(PROTOCOLS, p.protocol)!)) : undefined,
        typeof p.nodePort === 'number' ? entry('nodePort', json(p.nodePort)) : undefined,
      ]);
    }),
  );
}

/** `metadata` of a Service DaprApp writes: name, labels and annotations where they differ from its defaults. */
function serviceMetadata(service: InputObject, defaultName: string, labels: Record<string, string>): Entry | undefined {
  const md = asRecord(service.manifest.metadata) ?? {};
  const serviceLabels = stringMap(md.labels) ?? {};
  const annotations = Object.fromEntries(Object.entries(stringMap(md.annotations) ?? {}).filter(([k]) => !k.startsWith('daprkit.io/')));
  const metadata: (Entry | undefined)[] = [
    md.name !== defaultName ? entry('name', json(md.name as string)) : undefined,
    !sameMap(serviceLabels, labels) ? entry('labels', json(serviceLabels)) : undefined,
    Object.keys(annotations).length > 0 ? entry('annotations', json(annotations)) : undefined,
  ];
  return metadata.some((e) => e) ? entry('metadata', props(metadata)) : undefined;
}

/** One port named as daprkit names it (`http`, `grpc` for gRPC apps), to the app port. */
function isDefaultPort(ports: readonly unknown[], appPort: number | undefined, grpc: boolean, port?: number): boolean {
  const only = ports.length === 1 ? asRecord(ports[0]) : undefined;
  return (
    only !== undefined &&
    appPort !== undefined &&
    only.targetPort === appPort &&
    (port === undefined || only.port === port) &&
    only.name === (grpc ? 'grpc' : 'http') &&
    Object.keys(only).every((k) => ['port', 'targetPort', 'name'].includes(k))
  );
}

/** The app's `service` prop for a Service as written (undefined: the default Service is that one). */
function serviceProps(service: InputObject, labels: Record<string, string>, appId: string, appPort: number | undefined, grpc: boolean, withoutKubernetesDefaults: boolean): Expr | undefined {
  const spec = asRecord(service.manifest.spec) ?? {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const type = typeof spec.type === 'string' ? own(SERVICE_TYPES, spec.type) : undefined;
  // Without the Kubernetes defaults, `type: ClusterIP` is written only when the prop says it.
  const typeEntry = type && (type !== 'CLUSTER_IP' || withoutKubernetesDefaults) ? entry('type', enumMember('ServiceType', type)) : undefined;
  // One port named as daprkit names it, to the app port: daprkit's own Service shape, with `port`.
  const defaultShape = isDefaultPort(ports, appPort, grpc);
  const options = props([
    typeEntry,
    defaultShape ? (asRecord(ports[0])!.port !== 80 ? entry('port', json(asRecord(ports[0])!.port as number)) : undefined) : entry('ports', portProps(ports)),
    serviceMetadata(service, appId, labels),
  ]);
  return options.kind === 'object' && options.entries.length === 0 ? undefined : options;
}

/** A StatefulSet's `headlessService` prop for its governing Service as written (undefined: daprkit's own is that one). */
function headlessProps(service: InputObject, labels: Record<string, string>, appId: string, appPort: number | undefined, grpc: boolean): Expr | undefined {
  const ports = dig(service.manifest, 'spec', 'ports');
  const list = Array.isArray(ports) ? ports : [];
  const defaultPorts = appPort === undefined ? list.length === 0 : isDefaultPort(list, appPort, grpc, appPort);
  const name = `${appId.slice(0, 63 - '-headless'.length).replace(/-+$/, '')}-headless`;
  const options = props([serviceMetadata(service, name, labels), defaultPorts ? undefined : entry('ports', portProps(list))]);
  return options.kind === 'object' && options.entries.length === 0 ? undefined : options;
}

function servicePortsFit(service: InputObject): boolean {
  const ports = dig(service.manifest, 'spec', 'ports');
  return Array.isArray(ports) && ports.length > 0 && ports.every((p) => typeof asRecord(p)?.port === 'number' && isPort(asRecord(p)!.port as number));
}

/** A percentage (`25%`) or a count, as cdk8s-plus writes them. */
function percentOrAbsolute(v: unknown): Expr | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return staticCall('PercentOrAbsolute', 'absolute', json(v));
  const percent = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  return percent ? staticCall('PercentOrAbsolute', 'percent', json(Number(percent[1]))) : undefined;
}

/** The Deployment's strategy as a prop: Recreate, or a rolling update that says both of its bounds. */
function strategyOf(value: unknown): Expr | undefined {
  const s = asRecord(value);
  if (!s) return undefined;
  if (s.type === 'Recreate' && Object.keys(s).length === 1) return staticCall('DeploymentStrategy', 'recreate');
  const rolling = asRecord(s.rollingUpdate);
  if (s.type !== 'RollingUpdate' || !rolling || Object.keys(s).length !== 2 || Object.keys(rolling).length !== 2) return undefined;
  const maxSurge = percentOrAbsolute(rolling.maxSurge);
  const maxUnavailable = percentOrAbsolute(rolling.maxUnavailable);
  if (!maxSurge || !maxUnavailable) return undefined;
  return staticCall('DeploymentStrategy', 'rollingUpdate', objectLiteral([entry('maxSurge', maxSurge), entry('maxUnavailable', maxUnavailable)]));
}

const ACCESS_MODES: Readonly<Record<string, string>> = {
  ReadWriteOnce: 'READ_WRITE_ONCE',
  ReadOnlyMany: 'READ_ONLY_MANY',
  ReadWriteMany: 'READ_WRITE_MANY',
  ReadWriteOncePod: 'READ_WRITE_ONCE_POD',
};

/**
 * A StatefulSet's claim templates as typed `volumeClaimTemplates`, when each is a name, access
 * modes, a size daprkit writes the same and a storage class, and is mounted in the app container
 * (DaprApp mounts each there). Undefined otherwise: the escape hatch keeps them as written.
 */
function claimTemplates(value: unknown, pod: Record<string, unknown>): { props: Expr; mounts: Record<string, string>[] } | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first = asRecord((pod.containers as unknown[])[0]);
  // The first mount of each name (a Map: names come from the input).
  const mounts = new Map<unknown, Record<string, unknown>>();
  for (const m of Array.isArray(first?.volumeMounts) ? (first!.volumeMounts as unknown[]) : []) {
    const r = asRecord(m);
    if (r && !mounts.has(r.name)) mounts.set(r.name, r);
  }
  const out: Expr[] = [];
  const used: Record<string, string>[] = [];
  for (const raw of value) {
    const t = asRecord(raw);
    const md = asRecord(t?.metadata);
    const spec = asRecord(t?.spec);
    const requests = asRecord(asRecord(spec?.resources)?.requests);
    if (!t || !md || !spec || !requests || otherKeys(t, ['metadata', 'spec']).length > 0 || otherKeys(md, ['name']).length > 0 || typeof md.name !== 'string') return undefined;
    if (otherKeys(spec, ['accessModes', 'resources', 'storageClassName']).length > 0 || otherKeys(asRecord(spec.resources), ['requests']).length > 0 || otherKeys(requests, ['storage']).length > 0) return undefined;
    const storage = typeof requests.storage === 'string' ? sizeExpr(requests.storage) : undefined;
    const modes = spec.accessModes;
    if (!storage || !Array.isArray(modes) || modes.length === 0 || !modes.every((m) => typeof m === 'string' && own(ACCESS_MODES, m))) return undefined;
    if (spec.storageClassName !== undefined && typeof spec.storageClassName !== 'string') return undefined;
    const mount = mounts.get(md.name);
    if (!mount || typeof mount.mountPath !== 'string' || !mount.mountPath.startsWith('/') || otherKeys(mount, ['name', 'mountPath']).length > 0) return undefined;
    const defaultModes = modes.length === 1 && modes[0] === 'ReadWriteOnce';
    used.push({ name: md.name, mountPath: mount.mountPath });
    out.push(
      props([
        entry('name', json(md.name)),
        entry('storage', storage),
        entry('mountPath', json(mount.mountPath)),
        defaultModes ? undefined : entry('accessModes', array((modes as string[]).map((m) => enumMember('PersistentVolumeAccessMode', own(ACCESS_MODES, m)!)))),
        typeof spec.storageClassName === 'string' ? entry('storageClassName', json(spec.storageClassName)) : undefined,
      ]),
    );
  }
  return { props: array(out), mounts: used };
}

const POD_MANAGEMENT: Readonly<Record<string, string>> = { OrderedReady: 'ORDERED_READY', Parallel: 'PARALLEL' };

export function mapDaprApp(object: InputObject, ctx: MapContext): Unit | string {
  const plan = planOrReason(object, ctx);
  if (typeof plan === 'string') return plan;
  const { facts, variable } = plan;
  const statefulSet = facts.kind === 'StatefulSet';
  const m = object.manifest;
  const md = asRecord(m.metadata) ?? {};
  const spec = asRecord(m.spec) ?? {};
  const spelledOut = spellsOutKubernetesDefaults(facts.kind, spec, facts.pod);
  const claims = statefulSet ? claimTemplates(spec.volumeClaimTemplates, facts.pod) : undefined;
  // The RBAC `readsSecrets` writes, folded back: the token pair it sets then needs no prop.
  const reads = secretReadFold(facts.appId, facts.pod, facts.annotations, ctx);
  const pod = podMapping(object, facts, ctx, spelledOut, {
    ...(reads ? { secretReads: { builtin: reads.builtin } } : {}),
    ...(claims ? { claimMounts: claims.mounts } : {}),
  });
  if (typeof pod === 'string') {
    // The Services planned for the app are written by nobody else: they stay objects of their own.
    for (const o of [plan.service, plan.governing]) if (o) ctx.claimed.delete(o.index);
    return pod;
  }
  const statements: Statement[] = [...pod.statements];
  const selector = facts.selector!;

  // Labels: the app's `labels` are the workload's; pods and Service say theirs where they differ.
  const defaultSelector = sameMap(selector, { app: facts.appId });
  const labelled = labelProps(facts, stringMap(md.labels) ?? {}, defaultSelector, selector);
  const workloadAnnotations = Object.fromEntries(Object.entries(stringMap(md.annotations) ?? {}).filter(([k]) => !k.startsWith('daprkit.io/')));
  const workloadMetadata: (Entry | undefined)[] = [
    md.name !== facts.appId ? entry('name', json(md.name as string)) : undefined,
    labelled.workloadLabels ? entry('labels', json(labelled.workloadLabels)) : undefined,
    Object.keys(workloadAnnotations).length > 0 ? entry('annotations', json(workloadAnnotations)) : undefined,
  ];

  const optOuts: OptOut[] = [...pod.optOuts];
  const replicas = spec.replicas;
  if (replicas === undefined) optOuts.push({ member: 'REPLICAS', comment: 'daprkit would write replicas: 1' });
  const spelled = statefulSet ? 'update strategy, pod management policy, dnsPolicy, ...' : 'strategy, dnsPolicy, restartPolicy, ...';
  if (!spelledOut) optOuts.push({ member: 'KUBERNETES_DEFAULT_FIELDS', comment: `cdk8s-plus would spell out Kubernetes' defaults (${spelled})` });

  // The app's own ServiceAccount (what daprkit wrote) folds back in: the default needs no prop.
  const ownAccount = ownServiceAccount(facts.appId, facts.pod, labelled.labels, ctx);
  const account = serviceAccountEntry(facts.pod, ctx, ownAccount !== undefined);
  const service = plan.service && servicePortsFit(plan.service) ? plan.service : undefined;
  if (plan.service && !service) ctx.claimed.delete(plan.service.index);
  const serviceOptions = service && serviceProps(service, labelled.rendered, facts.appId, pod.typedPort ? pod.appPort : undefined, pod.grpc, !spelledOut);
  // Without an app port DaprApp writes a Service only when asked to.
  const serviceEntry = service
    ? serviceOptions
      ? entry('service', serviceOptions)
      : pod.typedPort
        ? undefined
        : entry('service', json(true))
    : pod.typedPort
      ? entry('service', json(false), 'daprkit would add a Service for the app port')
      : undefined;

  const workloadEntries: (Entry | undefined)[] = [];
  if (statefulSet) {
    workloadEntries.push(entry('workload', enumMember('WorkloadType', 'STATEFUL_SET')));
    if (claims) workloadEntries.push(entry('volumeClaimTemplates', claims.props));
    const policy = typeof spec.podManagementPolicy === 'string' ? own(POD_MANAGEMENT, spec.podManagementPolicy) : undefined;
    if (policy && (policy !== 'ORDERED_READY' || !spelledOut)) workloadEntries.push(entry('podManagementPolicy', enumMember('PodManagementPolicy', policy)));
    if (plan.governing) {
      const headless = headlessProps(plan.governing, labelled.rendered, facts.appId, pod.typedPort ? pod.appPort : undefined, pod.grpc);
      if (headless) workloadEntries.push(entry('headlessService', headless));
    } else {
      // No Service of that name DaprApp can write: the StatefulSet only names it.
      const name = plan.serviceName;
      const elsewhere = name === undefined ? 'the StatefulSet names no governing Service' : `Service "${name}" is not among the imported objects as a headless Service of these pods`;
      workloadEntries.push(
        entry('headlessService', props([name !== undefined ? entry('metadata', objectLiteral([entry('name', json(name))])) : undefined, entry('managedElsewhere', json(true))]), `${elsewhere}; daprkit would write a headless Service ${facts.appId}-headless`),
      );
    }
  } else {
    const strategy = spelledOut ? undefined : strategyOf(spec.strategy);
    if (strategy) workloadEntries.push(entry('strategy', strategy));
  }

  const appProps = props([
    entry('appId', json(facts.appId)),
    pod.containers,
    ...pod.identity,
    typeof replicas === 'number' && Number.isInteger(replicas) && replicas !== 1 ? entry('replicas', json(replicas)) : undefined,
    Object.keys(labelled.labels).length > 0 ? entry('labels', json(labelled.labels)) : undefined,
    !defaultSelector ? entry('selector', json(selector)) : undefined,
    labelled.podLabels ? entry('podLabels', json(labelled.podLabels)) : undefined,
    workloadMetadata.some((e) => e) ? entry('workloadMetadata', props(workloadMetadata)) : undefined,
    ...workloadEntries,
    ...pod.sidecar,
    serviceEntry,
    account,
    ...pod.pod,
    optOuts.length > 0 ? entry('withoutDefaults', array(optOuts.map(optOutExpr))) : undefined,
  ]);
  const id = ctx.chart.ids.take(facts.appId, 'DaprApp');
  statements.push({ declares: variable, expr: construct(daprkit('DaprApp'), scope, json(id), appProps), unit: object.index });

  const used = ctx.chart.componentsByScope.get(facts.appId) ?? [];
  if (used.length > 0) statements.push({ expr: call(member(ref(variable), 'uses'), ...used.map((c) => ref(c.variable))), unit: object.index });

  if (reads) statements.push(...reads.statements(ref(variable), object.index));

  const workloadObject = statefulSet ? member(ref(variable), 'workload') : member(ref(variable), 'deployment');
  const objects = [object, ...(service ? [service] : []), ...(plan.governing ? [plan.governing] : []), ...(ownAccount ? [ownAccount] : []), ...(reads?.objects ?? [])];
  for (const o of objects) ctx.claimed.add(o.index);
  const patchTargets = new Map<number, PatchTarget>([[object.index, { object: ref(variable), method: 'patchWorkload' }]]);
  const metadataOf = new Map<number, Expr>([[object.index, member(workloadObject, 'metadata')]]);
  if (service) {
    patchTargets.set(service.index, { object: ref(variable), method: 'patchService' });
    metadataOf.set(service.index, member(nonNull(member(ref(variable), 'service')), 'metadata'));
  }
  if (plan.governing) {
    patchTargets.set(plan.governing.index, { object: ref(variable), method: 'patchHeadlessService' });
    metadataOf.set(plan.governing.index, member(nonNull(member(ref(variable), 'headlessService')), 'metadata'));
  }
  if (ownAccount) {
    const target = serviceAccountTarget(variable);
    patchTargets.set(ownAccount.index, target);
    metadataOf.set(ownAccount.index, member(target.object, 'metadata'));
  }
  return { objects, as: 'DaprApp', variable, statements, patchTargets, metadataOf, phase: Phase.APP, ...(pod.leftOut ? { reason: pod.leftOut } : {}) };
}
