/**
 * DaprApp: one typed description of a Dapr application, synthesized as a cdk8s-plus Deployment
 * (or StatefulSet) whose pod template carries the `dapr.io/*` annotations, plus a Service for its
 * port. What it shares with DaprJob (containers, annotations, `uses`, `subscribe`, `invokes`,
 * `readsSecrets`) is in DaprWorkload.
 */
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { dnsLabelProblem, isPort } from '../checks/formats';
import { reportProblem } from './errors';
import { APP_CONTAINER_DEFAULT_RESOURCES, DaprWorkload, DaprWorkloadProps } from './dapr-workload';
import { sizeQuantity } from './quantity';
import { HealthCheck } from './workload-health';
import { AutoscaleOnOptions, AutoscaleOptions, deriveTrigger, horizontalPodAutoscaler, KedaScaling, wholeSeconds } from './autoscaling';
import { Component } from './component';
import { SIDECAR_DEFAULTS } from './sidecar';
import { HttpVerb, IDaprApp, importReference, Invocation, InvokeOperation } from './refs';
import { hostActors, HostsActorsOptions, HostsWorkflowsOptions, hostWorkflows } from './actors';
import { adjustWhenRendered, DaprAppDefault, DaprAppObjectMetadata, DaprAppServicePort, setNamedTargetPorts, trimService } from './dapr-app-opt-outs';

// Re-exported for callers that import the invocation vocabulary and the defaults with DaprApp.
export { HttpVerb };
export type { Invocation, InvokeOperation };
export { APP_CONTAINER_DEFAULT_RESOURCES } from './dapr-workload';
export type { InvokesOptions } from './dapr-workload';
export { DaprAppDefault };
export type { DaprAppObjectMetadata, DaprAppServicePort };

/** The Kubernetes Service in front of the app. */
export interface DaprAppServiceOptions {
  /**
   * Port the Service listens on; traffic goes to `appPort`.
   * @default 80
   */
  readonly port?: number;
  /** @default kplus.ServiceType.CLUSTER_IP */
  readonly type?: kplus.ServiceType;
  /**
   * Every port of the Service, as given (replaces `port`; `appPort` is then not needed).
   * @default - one port, `port` → `appPort`, named `http` (`grpc` for gRPC apps)
   */
  readonly ports?: readonly DaprAppServicePort[];
  /**
   * Name, labels and annotations of the Service; the labels replace the app's `labels` there.
   * @default - named after the app-id, the app's labels, no annotations
   */
  readonly metadata?: DaprAppObjectMetadata;
}

/**
 * The governing headless Service of a StatefulSet: what gives its pods stable DNS names
 * (`<pod>.<service>`), named in the StatefulSet's `serviceName`.
 */
export interface DaprAppHeadlessServiceOptions {
  /**
   * Name, labels and annotations of the Service; the labels replace the app's `labels` there.
   * @default - named `<appId>-headless`, the app's labels, no annotations
   */
  readonly metadata?: DaprAppObjectMetadata;
  /**
   * Every port of the Service, as given (an empty list for none).
   * @default - the app port, named `http` (`grpc` for gRPC apps); none when the app has no port
   */
  readonly ports?: readonly DaprAppServicePort[];
  /**
   * The Service is defined outside this program (another file, a Helm chart, another team): the
   * StatefulSet names it in `serviceName`, and daprkit writes no Service object for it.
   * @default false
   */
  readonly managedElsewhere?: boolean;
}

/** The Kubernetes workload a DaprApp runs as. */
export enum WorkloadType {
  DEPLOYMENT = 'Deployment',
  /** Stable pod names and storage per pod, with the headless Service that governs them. */
  STATEFUL_SET = 'StatefulSet',
}

/** A PersistentVolumeClaim each pod of a StatefulSet gets, mounted into the app container. */
export interface VolumeClaimTemplate {
  /** Name of the claim (pods get `<name>-<appId>-<ordinal>`) and of the mount. */
  readonly name: string;
  /** Size requested. */
  readonly storage: Size;
  /** Where the volume is mounted in the app container. */
  readonly mountPath: string;
  /** @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] */
  readonly accessModes?: readonly kplus.PersistentVolumeAccessMode[];
  /**
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

export interface DaprAppProps extends DaprWorkloadProps {
  /**
   * Run as a Deployment or a StatefulSet (with a governing headless Service `<appId>-headless`).
   * @default WorkloadType.DEPLOYMENT
   */
  readonly workload?: WorkloadType;
  /**
   * StatefulSet only: a claim per pod, mounted into the app container.
   * @default - none
   */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /**
   * StatefulSet only: start and stop pods one by one, or all at once.
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;
  /**
   * StatefulSet only: the governing headless Service's name and shape, or that it is defined elsewhere.
   * @default - a headless Service `<appId>-headless` on the app port, written by daprkit
   */
  readonly headlessService?: DaprAppHeadlessServiceOptions;
  /**
   * The app's health endpoint: readiness and liveness probes, and daprd's app health check
   * (`dapr.io/enable-app-health-check` and its path, interval, timeout and threshold), all alike.
   * @default - no probes and no app health check
   */
  readonly health?: HealthCheck;
  /** @default 1 */
  readonly replicas?: number;
  /**
   * The Service in front of the app, or `false` for none.
   * @default - a ClusterIP Service on port 80 when `appPort` is set, none otherwise
   */
  readonly service?: DaprAppServiceOptions | boolean;

  // --- matching an existing system (what `daprkit import` writes) -----------------------------

  /**
   * The pod labels the workload selects (`spec.selector.matchLabels`, which Kubernetes never lets
   * change on a running workload) and the Service routes to; they are set on the pods too.
   * @default { app: <appId> }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * How the Deployment replaces its pods (Deployments only).
   * @default - a rolling update, 25 % surge and 25 % unavailable
   */
  readonly strategy?: kplus.DeploymentStrategy;
}

const DAPR_APP = Symbol.for('daprkit.DaprApp');

export class DaprApp extends DaprWorkload {
  /** True for DaprApp instances (safe across copies of the library). */
  public static isDaprApp(x: unknown): x is DaprApp {
    return typeof x === 'object' && x !== null && DAPR_APP in x;
  }

  /** A reference to an app defined elsewhere (another chart, another repository). */
  public static fromAppId(scope: Construct, id: string, appId: string, options: { namespace?: string } = {}): IDaprApp {
    const problem = dnsLabelProblem(appId);
    if (problem) reportProblem(scope, 'appId', appId, 'a DNS label', `${problem}; use lower-case letters, digits and "-".`);
    return importReference(scope, id, { appId, namespace: options.namespace });
  }

  /** Escape hatch: the cdk8s-plus StatefulSet, for `WorkloadType.STATEFUL_SET`. */
  public readonly statefulSet?: kplus.StatefulSet;
  /** Escape hatch: the governing headless Service of a StatefulSet. */
  public readonly headlessService?: kplus.Service;
  /** Escape hatch: the Service, when the app has one. */
  public readonly service?: kplus.Service;
  /** The kind of workload the app runs as. */
  public readonly workloadType: WorkloadType;

  private readonly _deployment?: kplus.Deployment;
  private readonly health?: HealthCheck;
  private readonly explicitReplicas: boolean;
  private autoscaler?: { kind: 'hpa' | 'keda'; keda?: KedaScaling; object: ApiObject };
  private readonly servicePatches: JsonPatch[] = [];
  private readonly headlessServicePatches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, given: DaprAppProps) {
    super(scope, id, given);
    Object.defineProperty(this, DAPR_APP, { value: true });
    const props = this.validateAppProps(given);
    this.health = props.health;
    const without = new Set(props.withoutDefaults ?? []);
    const selector = { ...(props.selector ?? { app: this.appId }) };
    const labels = props.selector ? { ...props.labels } : { ...props.labels, app: this.appId };
    const podLabels = { ...(props.podLabels ?? labels), ...selector };

    this.workloadType = props.workload ?? WorkloadType.DEPLOYMENT;
    this.explicitReplicas = props.replicas !== undefined;
    const metadata = { name: props.workloadMetadata?.name ?? this.appId, namespace: props.namespace, labels: props.workloadMetadata?.labels ?? labels, annotations: props.workloadMetadata?.annotations };
    const common = { metadata, replicas: props.replicas ?? 1, select: false, podMetadata: { labels: podLabels }, ...this.podProps() };
    if (this.workloadType === WorkloadType.STATEFUL_SET) {
      const headless = this.governingService(props, labels, selector, without);
      this.statefulSet = new kplus.StatefulSet(this, 'StatefulSet', { ...common, service: headless, podManagementPolicy: props.podManagementPolicy });
      this.statefulSet.select(kplus.LabelSelector.of({ labels: selector }));
      // A Service managed elsewhere is only named (`serviceName`); its stand-in leaves the tree, so
      // it is never written.
      if (props.headlessService?.managedElsewhere) this.node.tryRemoveChild(headless.node.id);
      else this.headlessService = headless;
      this.attachWorkload(this.statefulSet, '/spec/template');
      this.addVolumeClaimTemplates(props);
    } else {
      for (const key of ['volumeClaimTemplates', 'podManagementPolicy', 'headlessService'] as const) {
        if (props[key] !== undefined) reportProblem(this, key, key === 'podManagementPolicy' ? props[key] : '[…]', 'workload: WorkloadType.STATEFUL_SET (it applies to StatefulSets only)', 'set `workload`, or drop the option.');
      }
      this._deployment = new kplus.Deployment(this, 'Deployment', { ...common, ...(props.strategy ? { strategy: props.strategy } : {}) });
      this._deployment.select(kplus.LabelSelector.of({ labels: selector }));
      this.attachWorkload(this._deployment, '/spec/template');
    }
    if (props.strategy && this.workloadType !== WorkloadType.DEPLOYMENT) reportProblem(this, 'strategy', 'set', 'a Deployment (StatefulSets update by their own strategy)', 'drop `strategy`.');
    this.reportInapplicableDefaults([DaprAppDefault.NATIVE_SIDECAR, DaprAppDefault.CONCURRENCY_POLICY], 'a DaprJob');

    const service = this.serviceOptions(props);
    if (service) {
      const ports = service.ports ?? [{ name: this.appProtocol.startsWith('grpc') ? 'grpc' : 'http', port: service.port ?? 80, targetPort: this.appPort }];
      this.service = new kplus.Service(this, 'Service', {
        metadata: { name: service.metadata?.name ?? this.appId, namespace: props.namespace, labels: service.metadata?.labels ?? labels, annotations: service.metadata?.annotations },
        type: service.type ?? kplus.ServiceType.CLUSTER_IP,
        ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: typeof p.targetPort === 'number' ? p.targetPort : undefined, protocol: p.protocol, nodePort: p.nodePort })),
      });
      for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);
      adjustWhenRendered(ApiObject.of(this.service), (json) => {
        setNamedTargetPorts(json, ports);
        if (without.size > 0) trimService(json, without, service.type !== undefined);
        return JsonPatch.apply(json, ...this.servicePatches);
      });
    }
  }

  /** Escape hatch: JSON patches applied to the Service as synthesized (see `patchWorkload`). */
  public patchService(...ops: JsonPatch[]): void {
    if (!this.service) {
      reportProblem(this, 'patchService', ops.length, 'an app with a Service', 'the app has no Service to patch.');
      return;
    }
    this.servicePatches.push(...ops);
  }

  /** Escape hatch: JSON patches applied to the StatefulSet's governing headless Service as synthesized (see `patchWorkload`). */
  public patchHeadlessService(...ops: JsonPatch[]): void {
    if (!this.headlessService) {
      reportProblem(this, 'patchHeadlessService', ops.length, 'a StatefulSet whose headless Service daprkit writes', 'the app has no headless Service of its own to patch.');
      return;
    }
    this.headlessServicePatches.push(...ops);
  }

  protected givenSpecFields(): string[] {
    const props = this.props as DaprAppProps;
    return (['replicas', 'strategy', 'podManagementPolicy'] as const).filter((key) => props[key] !== undefined);
  }

  /** Escape hatch: the cdk8s-plus Deployment (use `statefulSet`, or `workload`, for a StatefulSet). */
  public get deployment(): kplus.Deployment {
    if (!this._deployment) throw new Error(`[${this.node.path}] this app runs as a StatefulSet: use \`statefulSet\` (or \`workload\`), not \`deployment\`.`);
    return this._deployment;
  }

  /**
   * Scales the app on CPU (and memory) with a HorizontalPodAutoscaler (`autoscaling/v2`). The
   * workload then leaves `replicas` to the autoscaler. One autoscaler per app.
   */
  public autoscale(options: AutoscaleOptions): ApiObject | undefined {
    if (!this.canAutoscale('autoscale', options.minReplicas ?? 1, options.maxReplicas, 1)) return undefined;
    for (const [name, value] of [['cpu', options.cpu], ['memory', options.memory]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        reportProblem(this, `autoscale.${name}`, value, 'a whole percentage of the requests, at least 1', 'e.g. 70.');
        return undefined;
      }
    }
    this.requireRequests(options);
    (this.statefulSet ?? this._deployment)!.markHasAutoscaler();
    const object = horizontalPodAutoscaler(this, { appId: this.appId, namespace: this.props.namespace, kind: this.workloadType }, options);
    this.autoscaler = { kind: 'hpa', object };
    return object;
  }

  /**
   * Scales the app on the backlog of `topic` on `pubsub` with a KEDA ScaledObject (and a
   * TriggerAuthentication for the broker's credentials, read from the same Kubernetes Secrets as
   * the Component's `secretKeyRef`s). The trigger watches exactly what Dapr consumes for this app:
   * the Redis consumer group or Kafka consumer group `consumerID` (default: the app-id), the
   * RabbitMQ queue `<consumerID>-<topic>`. Supports pubsub.redis, pubsub.kafka and pubsub.rabbitmq;
   * call it once per topic (the triggers share one ScaledObject). The app must subscribe to the
   * topic (`subscribe` or `subscribesInCode`).
   */
  public autoscaleOn(pubsub: Component, topic: string, options: AutoscaleOnOptions): ApiObject | undefined {
    const subscribed = this.subscribedTopics.find((t) => t.pubsub === pubsub && t.topic === topic);
    if (!subscribed) {
      reportProblem(this, 'autoscaleOn', `${pubsub.name}/${topic}`, 'a topic the app subscribes to', 'call subscribe() or subscribesInCode() for it first.');
      return undefined;
    }
    if (this.autoscaler?.kind === 'keda') {
      if (!this.autoscaler.keda!.agrees(options)) {
        reportProblem(this, 'autoscaleOn', options, 'the same replica bounds and timings as the first autoscaleOn call', 'the triggers share one ScaledObject; pass the same minReplicas, maxReplicas, pollingInterval and cooldownPeriod.');
        return undefined;
      }
    } else if (!this.canAutoscale('autoscaleOn', options.minReplicas ?? 1, options.maxReplicas, 0)) {
      return undefined;
    }
    for (const [name, value] of [['target', options.target], ['activation', options.activation]] as const) {
      if (value !== undefined && (!Number.isFinite(value) || value < (name === 'target' ? 1 : 0))) {
        reportProblem(this, `autoscaleOn.${name}`, value, name === 'target' ? 'a backlog per pod of at least 1' : 'a backlog of at least 0', 'e.g. 10.');
        return undefined;
      }
    }
    wholeSeconds(this, 'autoscaleOn.pollingInterval', options.pollingInterval);
    wholeSeconds(this, 'autoscaleOn.cooldownPeriod', options.cooldownPeriod);
    const queueName = options.queueName ?? subscribed.metadata?.queueName;
    const { trigger, problems } = deriveTrigger(pubsub, { appId: this.appId, namespace: this.namespace, topic, options: { ...options, ...(queueName ? { queueName } : {}) } });
    for (const [prop, received, expected, fix] of problems) reportProblem(this, prop, received, expected, fix);
    if (!trigger || problems.length > 0) return undefined;
    if (!this.autoscaler) {
      (this.statefulSet ?? this._deployment)!.markHasAutoscaler();
      const keda = new KedaScaling(this, { appId: this.appId, namespace: this.props.namespace, kind: this.workloadType }, options);
      this.autoscaler = { kind: 'keda', keda, object: keda.scaledObject };
    }
    this.autoscaler.keda!.addTrigger(pubsub, topic, trigger);
    return this.autoscaler.object;
  }

  protected healthCheck(): HealthCheck | undefined {
    return this.health;
  }

  /** One autoscaler per app, no fixed replicas beside it, sane bounds. */
  private canAutoscale(method: string, min: number, max: number, lowest: number): boolean {
    if (this.autoscaler) {
      reportProblem(this, method, 'a second autoscaler', 'one autoscaler per app', 'two autoscalers fight over the replica count; keep one (autoscaleOn may be called once per topic).');
      return false;
    }
    if (this.explicitReplicas) {
      reportProblem(this, 'replicas', 'set', 'no fixed replica count beside an autoscaler (they fight)', `drop replicas; the autoscaler's minReplicas is the floor.`);
      return false;
    }
    if (!Number.isInteger(max) || max < 1 || !Number.isInteger(min) || min < lowest || min > max) {
      reportProblem(this, `${method}.minReplicas/maxReplicas`, [min, max], `whole numbers with ${lowest} <= minReplicas <= maxReplicas, maxReplicas >= 1`, 'e.g. minReplicas: 2, maxReplicas: 10.');
      return false;
    }
    return true;
  }

  /** Utilization targets are percentages of requests: every container (daprd's too) needs one. */
  private requireRequests(options: AutoscaleOptions): void {
    const cpu = options.cpu ?? (options.memory === undefined ? 80 : undefined);
    const sidecar = this.props.sidecar ?? {};
    const missing: string[] = [];
    const containers = this.props.containers ?? [{ name: this.appId, image: '' }];
    for (const [resource, wanted] of [['cpu', cpu], ['memory', options.memory]] as const) {
      if (wanted === undefined) continue;
      for (const c of containers) {
        if (!(c.resources ?? this.props.resources ?? APP_CONTAINER_DEFAULT_RESOURCES)[resource]?.request) missing.push(`${resource} request of container "${c.name ?? this.appId}"`);
      }
      if (!(sidecar[resource] ?? SIDECAR_DEFAULTS[resource]).request) missing.push(`${resource} request of the sidecar`);
    }
    if (missing.length) reportProblem(this, 'autoscale', missing, 'requests on every container (utilization is a share of them)', 'set the requests, or scale on another resource.');
  }

  /** The headless Service that gives a StatefulSet's pods their stable DNS names. */
  private governingService(props: DaprAppProps, labels: Record<string, string>, selector: Record<string, string>, without: ReadonlySet<DaprAppDefault>): kplus.Service {
    const options = props.headlessService ?? {};
    const name = options.metadata?.name ?? `${this.appId.slice(0, 63 - '-headless'.length).replace(/-+$/, '')}-headless`;
    const ports = options.ports ?? (this.appPort !== undefined ? [{ name: this.appProtocol.startsWith('grpc') ? 'grpc' : 'http', port: this.appPort, targetPort: this.appPort }] : []);
    const service = new kplus.Service(this, 'HeadlessService', {
      metadata: { name, namespace: props.namespace, labels: options.metadata?.labels ?? labels, annotations: options.metadata?.annotations },
      clusterIP: 'None',
      // cdk8s-plus wants a port; a headless Service may have none, so a placeholder is removed below.
      ports: ports.length > 0 ? ports.map((p) => ({ name: p.name, port: p.port, targetPort: typeof p.targetPort === 'number' ? p.targetPort : undefined, protocol: p.protocol, nodePort: p.nodePort })) : [{ port: 1 }],
    });
    for (const [key, value] of Object.entries(selector)) service.selectLabel(key, value);
    adjustWhenRendered(ApiObject.of(service), (json) => {
      const spec = json.spec as Record<string, unknown> | undefined;
      if (ports.length === 0) delete spec?.ports;
      // cdk8s-plus selects the StatefulSet's pods by their construct address as well; the pods do
      // not carry that label (DaprWorkload drops it), so the Service selects by the app's selector alone.
      const chosen = spec?.selector as Record<string, unknown> | undefined;
      if (chosen) delete chosen['cdk8s.io/metadata.addr'];
      setNamedTargetPorts(json, ports);
      if (without.size > 0) trimService(json, without, false);
      return JsonPatch.apply(json, ...this.headlessServicePatches);
    });
    return service;
  }

  /** `volumeClaimTemplates` and their mounts in the app container (cdk8s-plus has no form for them). */
  private addVolumeClaimTemplates(props: DaprAppProps): void {
    const templates = props.volumeClaimTemplates ?? [];
    if (templates.length === 0) return;
    const names = new Set<string>();
    const valid = templates.filter((t) => {
      const ok = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(t.name) && t.name.length <= 63 && !names.has(t.name) && t.mountPath.startsWith('/');
      if (!ok) reportProblem(this, 'volumeClaimTemplates', t.name, 'unique DNS-label names with absolute mount paths', 'name each claim once, e.g. "data", mounted at "/data".');
      names.add(t.name);
      return ok;
    });
    const object = ApiObject.of(this.statefulSet!);
    object.addJsonPatch(
      JsonPatch.add(
        '/spec/volumeClaimTemplates',
        valid.map((t) => ({
          metadata: { name: t.name },
          spec: {
            accessModes: [...(t.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE])],
            // A typed quantity: the KubeStatefulSet props converter, which the patch goes through, keeps only those.
            resources: { requests: { storage: kplus.k8s.Quantity.fromString(sizeQuantity(t.storage)) } },
            ...(t.storageClassName !== undefined ? { storageClassName: t.storageClassName } : {}),
          },
        })),
      ),
    );
    const mounts = valid.map((t) => ({ name: t.name, mountPath: t.mountPath }));
    const existing = this.props.containers?.[0]?.volumeMounts?.length ?? 0;
    if (existing === 0) object.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts', mounts));
    else for (const m of mounts) object.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', m));
  }

  // --- actors and workflows (constructs/actors.ts) ----------------------------------------------

  /**
   * Declares that this app hosts actors of these types, kept in `stateStore` (an actor state store,
   * scoped to the app here). The checks then require exactly one actor state store for the app, of
   * a type that can hold actor state, and placement in the control plane; Resiliency actor targets
   * are checked against the types. Written as the `daprkit.io/actor-types` annotation.
   */
  public hostsActors(types: readonly string[], options: HostsActorsOptions): this {
    hostActors(this, types, options, (key, value) => this.podMetadata.addAnnotation(key, value));
    return this;
  }

  /**
   * Declares that this app runs workflows, kept in the actor state store `stateStore` (workflows run
   * on actors; scoped to the app here). The checks then require the actor state store, placement
   * and the scheduler. Written as the `daprkit.io/workflows` annotation.
   */
  public hostsWorkflows(options: HostsWorkflowsOptions): this {
    hostWorkflows(this, options, (key, value) => this.podMetadata.addAnnotation(key, value));
    return this;
  }

  private validateAppProps(props: DaprAppProps): DaprAppProps {
    let valid = props;
    if (props.appPort !== undefined && !isPort(props.appPort)) {
      // Reported by DaprWorkload; an explicit `service: true` would only repeat it.
      valid = { ...valid, appPort: undefined, service: props.service === true ? undefined : props.service };
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      reportProblem(this, 'replicas', props.replicas, 'a whole number of at least 0', 'set the number of pods to run.');
      valid = { ...valid, replicas: undefined };
    }
    return valid;
  }

  private serviceOptions(props: DaprAppProps): DaprAppServiceOptions | undefined {
    if (props.service === false) return undefined;
    if (props.service === undefined && props.appPort === undefined) return undefined;
    if (props.appPort === undefined && (typeof props.service !== 'object' || props.service.ports === undefined)) {
      reportProblem(this, 'service', props.service, 'an appPort for the Service to target', 'set appPort, or drop the service option.');
      return undefined;
    }
    const options = props.service === true || props.service === undefined ? {} : props.service;
    if (options.port !== undefined && !isPort(options.port)) {
      reportProblem(this, 'service.port', options.port, 'a port from 1 to 65535', 'pick the port clients connect to.');
      return { ...options, port: undefined };
    }
    return options;
  }
}
