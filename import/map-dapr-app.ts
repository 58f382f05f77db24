/**
 * Dapr-enabled Deployments as `DaprApp`s: the app-id, port, protocol and Configuration from the
 * pod's annotations, the sidecar's options typed (map-sidecar), the containers as props
 * (map-containers), the Service that selects the pods as the app's `service` (a plain object when it
 * does not fit), the labels and selector as written, and an explicit opt-out, with a comment, for
 * every daprkit default the input does not have. Components scoped to the app become `uses`.
 */
import { dnsLabelProblem, isPort } from '../checks/formats';
import { Manifest } from '../checks/types';
import { MapContext } from './context';
import { ContainerRefs, containerProps, DEFAULT_APP_RESOURCES, RESTRICTED_CONTAINER_SECURITY, sameJson } from './map-containers';
import { OptOut, sidecarPlan } from './map-sidecar';
import { array, call, commented, construct, daprkit, Entry, entry, enumMember, Expr, json, member, nonNull, object as objectLiteral, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, dig, own, stringMap } from './metadata';
import { InputObject, PatchTarget, Phase, Unit } from './model';

/** What a workload needs to be a DaprApp, or why it cannot be one. */
interface AppFacts {
  readonly appId: string;
  readonly annotations: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly pod: Record<string, unknown>;
}

function appFacts(m: Manifest): AppFacts | string {
  if (m.apiVersion !== 'apps/v1') return `daprkit writes Deployments as apps/v1, not ${String(m.apiVersion)}`;
  const annotations = stringMap(dig(m, 'spec', 'template', 'metadata', 'annotations'));
  if (!annotations || annotations['dapr.io/enabled'] !== 'true') return 'no Dapr sidecar (dapr.io/enabled is not "true"): daprkit models Dapr apps, not plain workloads';
  const appId = annotations['dapr.io/app-id'];
  if (appId === undefined) return 'no dapr.io/app-id annotation (DaprApp names the app)';
  if (dnsLabelProblem(appId)) return `its app-id ${JSON.stringify(appId)} is not a DNS label`;
  const selector = asRecord(dig(m, 'spec', 'selector'));
  const matchLabels = stringMap(selector?.matchLabels);
  if (!selector || !matchLabels || Object.keys(selector).some((k) => k !== 'matchLabels') || Object.keys(matchLabels).length === 0) {
    return 'its selector is not a plain matchLabels selector';
  }
  const podLabels = stringMap(dig(m, 'spec', 'template', 'metadata', 'labels')) ?? {};
  if (Object.keys(matchLabels).some((k) => podLabels[k] !== matchLabels[k])) return 'its selector does not select its own pods';
  const pod = asRecord(dig(m, 'spec', 'template', 'spec'));
  if (!pod || !Array.isArray(pod.containers) || pod.containers.length === 0) return 'its pod has no containers';
  return { appId, annotations, selector: matchLabels, podLabels, pod };
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

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

const planned = new WeakMap<MapContext, Map<number, { facts: AppFacts; service?: InputObject; variable: string }>>();

/** Decides which Deployments become DaprApps, with their variables and Services, before any code is written. */
export function planApps(objects: readonly InputObject[], ctx: MapContext): void {
  const apps = new Map<number, { facts: AppFacts; service?: InputObject; variable: string }>();
  planned.set(ctx, apps);
  const services = servicesBySelector(objects, ctx);
  for (const object of objects) {
    if (object.manifest.kind !== 'Deployment' || ctx.raw.has(object.index)) continue;
    const facts = appFacts(object.manifest);
    if (typeof facts === 'string' || ctx.chart.apps.has(facts.appId)) continue;
    const variable = ctx.chart.variables.take(facts.appId, 'app');
    const service = services.get(selectorKey(facts.selector))?.find((o) => !ctx.claimed.has(o.index));
    if (service) ctx.claimed.add(service.index);
    apps.set(object.index, { facts, ...(service ? { service } : {}), variable });
    ctx.chart.apps.set(facts.appId, { variable, object });
    const config = facts.annotations['dapr.io/config'];
    if (config !== undefined) ctx.chart.configurationUsers.set(config, [...(ctx.chart.configurationUsers.get(config) ?? []), facts.appId]);
  }
}

const optOut = (o: OptOut): Expr => commented(enumMember('DaprAppDefault', o.member), o.comment);

/** cdk8s-plus's pod security context under daprkit's defaults, as rendered. */
const RESTRICTED_POD_SECURITY = { fsGroupChangePolicy: 'Always', runAsNonRoot: true };

/** The fields cdk8s-plus writes with Kubernetes' own default values (see DaprAppDefault.KUBERNETES_DEFAULT_FIELDS). */
const KUBERNETES_DEFAULT_FIELDS = {
  deployment: { minReadySeconds: 0, progressDeadlineSeconds: 600, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' } },
  pod: { dnsPolicy: 'ClusterFirst', hostNetwork: false, restartPolicy: 'Always', setHostnameAsFQDN: false, terminationGracePeriodSeconds: 30 },
};

const SERVICE_TYPES: Readonly<Record<string, string>> = { ClusterIP: 'CLUSTER_IP', NodePort: 'NODE_PORT', LoadBalancer: 'LOAD_BALANCER' };
const PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP' };

/** The app's `service` prop for a Service as written (undefined: the default Service is that one). */
function serviceProps(service: InputObject, labels: Record<string, string>, appId: string, appPort: number | undefined, grpc: boolean): Expr | undefined {
  const m = service.manifest;
  const md = asRecord(m.metadata) ?? {};
  const spec = asRecord(m.spec) ?? {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const portEntries = ports.map((raw) => {
    const p = asRecord(raw) ?? {};
    return props([
      entry('port', json(p.port as number)),
      typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? entry('targetPort', json(p.targetPort)) : undefined,
      typeof p.name === 'string' ? entry('name', json(p.name)) : undefined,
      typeof p.protocol === 'string' && own(PROTOCOLS, p.protocol) ? entry('protocol', enumMember('Protocol', own(PROTOCOLS, p.protocol)!)) : undefined,
      typeof p.nodePort === 'number' ? entry('nodePort', json(p.nodePort)) : undefined,
    ]);
  });
  const serviceLabels = stringMap(md.labels) ?? {};
  const annotations = Object.fromEntries(Object.entries(stringMap(md.annotations) ?? {}).filter(([k]) => !k.startsWith('daprkit.io/')));
  const metadata: (Entry | undefined)[] = [
    md.name !== appId ? entry('name', json(md.name as string)) : undefined,
    !sameMap(serviceLabels, labels) ? entry('labels', json(serviceLabels)) : undefined,
    Object.keys(annotations).length > 0 ? entry('annotations', json(annotations)) : undefined,
  ];
  const type = typeof spec.type === 'string' ? own(SERVICE_TYPES, spec.type) : undefined;
  // One port named as daprkit names it, to the app port: daprkit's own Service shape, with `port`.
  const only = ports.length === 1 ? asRecord(ports[0]) : undefined;
  const defaultShape =
    only !== undefined && appPort !== undefined && only.targetPort === appPort && only.name === (grpc ? 'grpc' : 'http') && Object.keys(only).every((k) => ['port', 'targetPort', 'name'].includes(k));
  const options = props([
    type && type !== 'CLUSTER_IP' ? entry('type', enumMember('ServiceType', type)) : undefined,
    defaultShape ? (only!.port !== 80 ? entry('port', json(only!.port as number)) : undefined) : entry('ports', array(portEntries)),
    metadata.some((e) => e) ? entry('metadata', props(metadata)) : undefined,
  ]);
  return options.kind === 'object' && options.entries.length === 0 ? undefined : options;
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

function servicePortsFit(service: InputObject): boolean {
  const ports = dig(service.manifest, 'spec', 'ports');
  return Array.isArray(ports) && ports.length > 0 && ports.every((p) => typeof asRecord(p)?.port === 'number' && isPort(asRecord(p)!.port as number));
}

/**
 * The app's `serviceAccount`: the one the pod names, or the namespace's `default` one when it names
 * none (daprkit would otherwise write a ServiceAccount of the app's own).
 */
function serviceAccountEntry(pod: Record<string, unknown>, ctx: MapContext): Entry {
  const name = pod.serviceAccountName;
  if (typeof name === 'string' && name !== '') {
    const id = ctx.chart.ids.take(`${name}-service-account`, 'ref');
    return entry('serviceAccount', staticCall('ServiceAccount', 'fromServiceAccountName', scope, json(id), json(name)));
  }
  return entry('serviceAccount', daprkit('NAMESPACE_DEFAULT_SERVICE_ACCOUNT'), 'daprkit would give the app a ServiceAccount of its own, named after the app-id');
}

/**
 * The app's `terminationGracePeriod` when the pod's differs from what DaprApp writes by itself: 30
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

export function mapDaprApp(object: InputObject, ctx: MapContext): Unit | string {
  const plan = planned.get(ctx)?.get(object.index);
  if (!plan) {
    const facts = appFacts(object.manifest);
    return typeof facts === 'string' ? facts : `another Deployment of namespace "${ctx.chart.daprNamespace}" has app-id "${facts.appId}"`;
  }
  const { facts, variable } = plan;
  const m = object.manifest;
  const md = asRecord(m.metadata) ?? {};
  const spec = asRecord(m.spec) ?? {};
  const statements: Statement[] = [];
  const refs: ContainerRefs = { statements, variables: ctx.chart.variables, ids: ctx.chart.ids, unit: object.index, secrets: new Map(), configMaps: new Map() };
  const containers: Expr[] = [];
  // The fields cdk8s-plus writes with Kubernetes' values stay when the input spells them all out.
  const spelledOut = Object.entries(KUBERNETES_DEFAULT_FIELDS.deployment).every(([k, v]) => sameJson(spec[k], v)) && Object.entries(KUBERNETES_DEFAULT_FIELDS.pod).every(([k, v]) => sameJson(facts.pod[k], v));
  // A pod that already has daprkit's restricted security contexts keeps them as the default.
  const restricted =
    sameJson(facts.pod.securityContext, RESTRICTED_POD_SECURITY) &&
    (facts.pod.containers as unknown[]).every((c) => sameJson(asRecord(c)?.securityContext, RESTRICTED_CONTAINER_SECURITY));
  let allHaveResources = true;
  let noneHasResources = true;
  for (const c of facts.pod.containers as unknown[]) {
    const mapped = containerProps(c, refs, { restrictedSecurity: restricted, kubernetesDefaults: spelledOut });
    if (!mapped) return 'a container without an image';
    containers.push(mapped.props);
    allHaveResources &&= mapped.hasResources;
    noneHasResources &&= !mapped.hasResources && sameJson(asRecord(c)?.resources, DEFAULT_APP_RESOURCES);
  }

  const sidecar = sidecarPlan(facts.annotations, facts.pod.automountServiceAccountToken);
  const a = facts.annotations;
  const appPort = a['dapr.io/app-port'] !== undefined && /^[1-9]\d*$/.test(a['dapr.io/app-port']) ? Number(a['dapr.io/app-port']) : undefined;
  const declared = (facts.pod.containers as unknown[]).flatMap((c) => (Array.isArray(asRecord(c)?.ports) ? (asRecord(c)!.ports as unknown[]).map((p) => asRecord(p)?.containerPort) : []));
  // DaprApp checks that the app port is a container port; one that is not stays an annotation as written.
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

  // Labels: the app's `labels` are the Deployment's; pods and Service say theirs where they differ.
  const deploymentLabels = stringMap(md.labels) ?? {};
  const defaultSelector = sameMap(facts.selector, { app: facts.appId });
  const labels = defaultSelector && deploymentLabels.app === facts.appId ? Object.fromEntries(Object.entries(deploymentLabels).filter(([k]) => k !== 'app')) : deploymentLabels;
  const renderedLabels = defaultSelector ? { ...labels, app: facts.appId } : { ...labels };
  const deploymentAnnotations = Object.fromEntries(Object.entries(stringMap(md.annotations) ?? {}).filter(([k]) => !k.startsWith('daprkit.io/')));
  const workloadMetadata: (Entry | undefined)[] = [
    md.name !== facts.appId ? entry('name', json(md.name as string)) : undefined,
    !sameMap(renderedLabels, deploymentLabels) ? entry('labels', json(deploymentLabels)) : undefined,
    Object.keys(deploymentAnnotations).length > 0 ? entry('annotations', json(deploymentAnnotations)) : undefined,
  ];
  const podLabelsRendered = { ...renderedLabels, ...facts.selector };

  const optOuts: OptOut[] = restricted ? [] : [{ member: 'SECURITY_CONTEXT', comment: 'daprkit would run the app non-root, read-only, without privilege escalation or capabilities' }];
  if (containers.some((c) => c.kind === 'object' && !c.entries.some((e) => e.key === 'imagePullPolicy'))) {
    optOuts.push({ member: 'IMAGE_PULL_POLICY', comment: 'cdk8s-plus would pull the image on every start (imagePullPolicy: Always)' });
  }
  optOuts.push(...sidecar.optOuts);
  const replicas = spec.replicas;
  if (replicas === undefined) optOuts.push({ member: 'REPLICAS', comment: 'daprkit would write replicas: 1' });
  if (!spelledOut) optOuts.push({ member: 'KUBERNETES_DEFAULT_FIELDS', comment: "cdk8s-plus would spell out Kubernetes' defaults (strategy, dnsPolicy, restartPolicy, ...)" });

  const strategy = spelledOut ? undefined : strategyOf(spec.strategy);
  const account = serviceAccountEntry(facts.pod, ctx);
  const grace = gracePeriodEntry(facts.pod.terminationGracePeriodSeconds, sidecar.options, spelledOut);
  const service = plan.service && servicePortsFit(plan.service) ? plan.service : undefined;
  if (plan.service && !service) ctx.claimed.delete(plan.service.index);
  const serviceOptions = service && serviceProps(service, renderedLabels, facts.appId, typedPort ? appPort : undefined, protocolMember === 'GRPC' || protocolMember === 'GRPCS');
  // Without an app port DaprApp writes a Service only when asked to.
  const serviceEntry = serviceOptions ? entry('service', serviceOptions) : typedPort ? undefined : entry('service', json(true));
  const appProps = props([
    entry('appId', json(facts.appId)),
    entry('containers', array(containers)),
    typedPort ? entry('appPort', json(appPort!)) : undefined,
    protocolMember ? entry('appProtocol', enumMember('AppProtocol', protocolMember)) : undefined,
    config ? entry('config', config) : undefined,
    typeof replicas === 'number' && Number.isInteger(replicas) && replicas !== 1 ? entry('replicas', json(replicas)) : undefined,
    Object.keys(labels).length > 0 ? entry('labels', json(labels)) : undefined,
    !defaultSelector ? entry('selector', json(facts.selector)) : undefined,
    !sameMap(podLabelsRendered, facts.podLabels) ? entry('podLabels', json(facts.podLabels)) : undefined,
    workloadMetadata.some((e) => e) ? entry('workloadMetadata', props(workloadMetadata)) : undefined,
    strategy ? entry('strategy', strategy) : undefined,
    sidecar.options.length > 0 ? entry('sidecar', objectLiteral(sidecar.options)) : undefined,
    Object.keys(extra).length > 0 ? entry('extraAnnotations', json(extra)) : undefined,
    service ? serviceEntry : typedPort ? entry('service', json(false), 'daprkit would add a Service for the app port') : undefined,
    account,
    sidecar.automount !== undefined ? entry('automountServiceAccountToken', json(sidecar.automount)) : undefined,
    grace,
    sidecar.podSecurityExemption !== undefined ? entry('podSecurityExemption', json(sidecar.podSecurityExemption)) : undefined,
    !allHaveResources && !noneHasResources ? entry('resources', objectLiteral([]), 'daprkit would request 50m CPU and 64Mi of memory and limit memory to 256Mi for containers that set none') : undefined,
    optOuts.length > 0 ? entry('withoutDefaults', array(optOuts.map(optOut))) : undefined,
  ]);
  const id = ctx.chart.ids.take(facts.appId, 'DaprApp');
  statements.push({ declares: variable, expr: construct(daprkit('DaprApp'), scope, json(id), appProps), unit: object.index });

  const used = ctx.chart.componentsByScope.get(facts.appId) ?? [];
  if (used.length > 0) statements.push({ expr: call(member(ref(variable), 'uses'), ...used.map((c) => ref(c.variable))), unit: object.index });

  const deployment = member(ref(variable), 'deployment');
  const objects = [object, ...(service ? [service] : [])];
  const patchTargets = new Map<number, PatchTarget>([[object.index, { object: ref(variable), method: 'patchWorkload' }]]);
  const metadataOf = new Map<number, Expr>([[object.index, member(deployment, 'metadata')]]);
  if (service) {
    patchTargets.set(service.index, { object: ref(variable), method: 'patchService' });
    metadataOf.set(service.index, member(nonNull(member(ref(variable), 'service')), 'metadata'));
  }
  const leftOut = sidecar.leftOut.length > 0 ? `pod annotations ${sidecar.leftOut.join(', ')} are not ones DaprApp writes; an escape hatch keeps them` : undefined;
  return { objects, as: 'DaprApp', variable, statements, patchTargets, metadataOf, phase: Phase.APP, ...(leftOut ? { reason: leftOut } : {}) };
}
