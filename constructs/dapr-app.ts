/**
 * DaprApp: one typed description of a Dapr application, synthesized as a cdk8s-plus Deployment
 * whose pod template carries the `dapr.io/*` annotations, plus a Service for its port.
 */
import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS_BY_KEY, DAPR_ANNOTATION_PREFIX, POD_ANNOTATION_KEYS } from '../dapr/annotations';
import { annotationValueProblem } from '../checks/annotations';
import { INVOKES_ANNOTATION, InvocationEdge, POD_SECURITY_EXEMPT_ANNOTATION } from '../checks/daprkit-annotations';
import { dnsLabelProblem, isPort } from '../checks/formats';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { didYouMean } from '../checks/suggest';
import { successorHint } from '../dapr/legacy-annotations';
import { configurationAssigned, isImplicitAccessControlConfiguration, recordInvocation } from './access-control';
import { coverFinding, reportMessage, reportProblem } from './errors';
import { warnWhenUnchecked } from './unchecked-synth';
import { DaprNamespaces } from './namespaces';
import { adjustWhenRendered, DaprAppDefault, DaprAppObjectMetadata, DaprAppServicePort, setNamedTargetPorts, trimDeployment, trimService, withoutDerivedGoMemLimit } from './dapr-app-opt-outs';
import { Component } from './component';
import { HttpVerb, IConfiguration, IDaprApp, importReference, Invocation, InvokeOperation } from './refs';

// Re-exported for callers that import the invocation vocabulary with DaprApp.
export { HttpVerb };
export { DaprAppDefault };
export type { DaprAppObjectMetadata, DaprAppServicePort };
export type { Invocation, InvokeOperation };
import { AppProtocol, renderSidecar, RenderedSidecar, SidecarOptions } from './sidecar';
import { SubscribeOptions, Subscription } from './subscription';

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

export interface DaprAppProps {
  /** The Dapr app-id: a DNS label of at most 63 characters, unique in its namespace. */
  readonly appId: string;
  /**
   * Image of the single app container (a shortcut for `containers`).
   * @default - `containers` must be given
   */
  readonly image?: string;
  /**
   * The pod's containers, as cdk8s-plus container props; the first is the app.
   * @default - one container from `image`, named after the app-id
   */
  readonly containers?: readonly kplus.ContainerProps[];
  /**
   * Port the app listens on, which the sidecar calls. Must be a port of a container; when no
   * container declares ports, it is added to the first one.
   * @default - the app receives no calls from its sidecar (publish-only or client-only apps)
   */
  readonly appPort?: number;
  /** @default AppProtocol.HTTP */
  readonly appProtocol?: AppProtocol;
  /** @default 1 */
  readonly replicas?: number;
  /**
   * Namespace of the Deployment and Service.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The Dapr Configuration the sidecar loads (`dapr.io/config`).
   * @default - none (Dapr's defaults)
   */
  readonly config?: IConfiguration;
  /**
   * Sidecar settings, one per `dapr.io/*` annotation.
   * @default - Dapr's defaults, plus sidecar resource limits and a RuntimeDefault seccomp profile
   */
  readonly sidecar?: SidecarOptions;
  /**
   * Extra pod-template annotations, for anything not modelled. `dapr.io/*` keys must be
   * annotations Dapr knows and not ones the typed props already set.
   * @default - none
   */
  readonly extraAnnotations?: Readonly<Record<string, string>>;
  /**
   * The Service in front of the app, or `false` for none.
   * @default - a ClusterIP Service on port 80 when `appPort` is set, none otherwise
   */
  readonly service?: DaprAppServiceOptions | boolean;
  /**
   * Extra labels for the Deployment, pod template and Service (`app: <appId>` is always set).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * CPU and memory of the app container (every container given in `containers` that sets none).
   * @default APP_CONTAINER_DEFAULT_RESOURCES: requests 50m CPU and 64Mi memory, limit 256Mi memory, no CPU limit
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Security context of the app container(s), merged over daprkit's restricted defaults
   * (non-root, read-only root filesystem, no privilege escalation, every capability dropped,
   * RuntimeDefault seccomp).
   * @default - the restricted defaults
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;
  /**
   * Let the app container run as root (with a writable root filesystem): the images of Dapr's
   * tutorials and quickstarts need it. This is an explicit opt-out of the "restricted" Pod Security
   * Standard, so the pod-security check accepts the pod.
   * @default false
   */
  readonly runAsRoot?: boolean;
  /**
   * Why this pod cannot meet the "restricted" Pod Security Standard; silences the pod-security
   * warning (written as the `daprkit.io/pod-security-exempt` annotation).
   * @default - not exempt: the pod-security check warns when the pod is not restricted
   */
  readonly podSecurityExemption?: string;
  /**
   * Mount the Kubernetes service account token into the pod. daprd needs it only for its built-in
   * Kubernetes secret store (secrets are otherwise resolved by the operator, and daprd's identity
   * comes from its own projected Sentry token); without it, daprkit also sets
   * `dapr.io/disable-builtin-k8s-secret-store: "true"`, so `auth.secretStore: kubernetes` lookups
   * fail loudly instead of with a permission error. Give `true` when the app reads secrets
   * through the built-in `kubernetes` secret store.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  // --- matching an existing system (what `daprkit import` writes) -----------------------------

  /**
   * The pod labels the Deployment selects (`spec.selector.matchLabels`, which Kubernetes never lets
   * change on a running Deployment) and the Service routes to; they are set on the pods too.
   * @default { app: <appId> }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Labels of the pod template, replacing `labels` there (the selector's labels are added).
   * @default - `labels` plus the selector's labels
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Name, labels and annotations of the Deployment object itself (not of its pods); the labels
   * replace `labels` there.
   * @default - named after the app-id, `labels` (plus `app: <appId>` when no `selector` is given), no annotations
   */
  readonly deploymentMetadata?: DaprAppObjectMetadata;
  /**
   * How the Deployment replaces its pods.
   * @default - a rolling update, 25 % surge and 25 % unavailable
   */
  readonly strategy?: kplus.DeploymentStrategy;
  /**
   * daprkit defaults this app does without, each an explicit opt-out (`daprkit import` lists the
   * ones an imported system needs to synthesize unchanged; remove one to take the default).
   * App container resources and the sidecar's CPU and memory have opt-outs of their own:
   * `resources: {}`, `sidecar: { cpu: {}, memory: {} }`.
   * @default - none: every default applies
   */
  readonly withoutDefaults?: readonly DaprAppDefault[];
}

/**
 * Requests of an app container when `resources` is not given: small enough that a laptop cluster
 * schedules a dozen apps, with a memory limit so one leak cannot starve the node. No CPU limit, so
 * a busy app is throttled only by other pods' requests.
 */
export const APP_CONTAINER_DEFAULT_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
};

export interface InvokesOptions {
  /**
   * The operations the caller uses.
   * @default - every path and verb (`/**`)
   */
  readonly operations?: readonly InvokeOperation[];
}

const APP_CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  capabilities: { drop: [kplus.Capability.ALL] },
};

const DAPR_APP = Symbol.for('daprkit.DaprApp');

/** Judges a rendered sidecar annotation by the rules `daprkit lint` applies to hand-written YAML. */
function judgeSidecarAnnotation(key: string, value: string): { message: string; hint: string } | undefined {
  const spec = ANNOTATIONS_BY_KEY.get(key);
  const problem = spec && annotationValueProblem(spec, value);
  return problem && { message: `${key}: ${problem.message}.`, hint: problem.hint };
}

/** Most apps set no sidecar option: their rendering is the same, so it is made once (read-only). */
let defaultSidecar: RenderedSidecar | undefined;

function renderedSidecar(options: SidecarOptions): RenderedSidecar {
  if (Object.keys(options).length > 0) return renderSidecar(options, judgeSidecarAnnotation);
  defaultSidecar ??= Object.freeze(renderSidecar({}, judgeSidecarAnnotation));
  return defaultSidecar;
}

export class DaprApp extends Construct implements IDaprApp {
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

  public readonly appId: string;
  public readonly namespace: string;
  public readonly appPort?: number;
  public readonly appProtocol: AppProtocol;
  /** Escape hatch: the cdk8s-plus Deployment. */
  public readonly deployment: kplus.Deployment;
  /** Escape hatch: the Service, when the app has one. */
  public readonly service?: kplus.Service;

  private readonly deploymentPatches: JsonPatch[] = [];
  private readonly servicePatches: JsonPatch[] = [];
  private _config?: IConfiguration;
  private readonly _invocations: Invocation[] = [];
  private readonly _components: Component[] = [];

  constructor(scope: Construct, id: string, given: DaprAppProps) {
    super(scope, id);
    Object.defineProperty(this, DAPR_APP, { value: true });
    warnWhenUnchecked(this);
    // Problems are recorded for the synth report; the invalid values are dropped so the checks
    // do not report them a second time.
    const props = this.validateProps(given);

    this.appId = props.appId;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.appPort = props.appPort;
    this.appProtocol = props.appProtocol ?? AppProtocol.HTTP;
    const without = new Set(props.withoutDefaults ?? []);
    const selector = { ...(props.selector ?? { app: this.appId }) };
    const labels = props.selector ? { ...props.labels } : { ...props.labels, app: this.appId };
    const podLabels = { ...(props.podLabels ?? labels), ...selector };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: props.deploymentMetadata?.name ?? this.appId, namespace: props.namespace, labels: props.deploymentMetadata?.labels ?? labels, annotations: props.deploymentMetadata?.annotations },
      replicas: props.replicas ?? 1,
      select: false,
      podMetadata: { labels: podLabels },
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      ...(props.strategy ? { strategy: props.strategy } : {}),
    });
    // The app's objects come after their Namespace, so one `kubectl apply` works on a fresh cluster.
    DaprNamespaces.ensure(this, this.namespace);
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    // cdk8s-plus labels every pod with a hashed construct address; pods here are selected by
    // `app` alone, so the extra label is dropped to keep the pod template readable.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    const containers = this.containerProps(props, without);
    for (const container of containers) this.deployment.addContainer(container);
    const trim = { without, containers, replicasGiven: props.replicas !== undefined, strategyGiven: props.strategy !== undefined };
    adjustWhenRendered(ApiObject.of(this.deployment), (json) => {
      if (without.size > 0) trimDeployment(json, trim);
      return JsonPatch.apply(json, ...this.deploymentPatches);
    });

    const annotations = this.annotations(props, without);
    for (const key of Object.keys(annotations)) this.deployment.podMetadata.addAnnotation(key, annotations[key]);
    if (props.config) this.useConfiguration(props.config);

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
        if (without.size > 0) trimService(json, without);
        return JsonPatch.apply(json, ...this.servicePatches);
      });
    }
  }

  /**
   * Escape hatch: JSON patches applied to the Deployment as synthesized (the manifest's own field
   * names and values; `ApiObject.of(app.deployment).addJsonPatch` sees cdk8s-plus's intermediate form).
   */
  public patchDeployment(...ops: JsonPatch[]): void {
    this.deploymentPatches.push(...ops);
  }

  /** Escape hatch: JSON patches applied to the Service as synthesized (see `patchDeployment`). */
  public patchService(...ops: JsonPatch[]): void {
    if (!this.service) {
      reportProblem(this, 'patchService', ops.length, 'an app with a Service', 'the app has no Service to patch.');
      return;
    }
    this.servicePatches.push(...ops);
  }

  /** The Configuration this app's sidecar loads, if any. */
  public get config(): IConfiguration | undefined {
    return this._config;
  }

  /** The Components this app loads (`uses`, `subscribe`), in call order. */
  public get components(): readonly Component[] {
    return [...this._components];
  }

  /** Service invocations this app makes, in call order. */
  public get invocations(): readonly Invocation[] {
    return [...this._invocations];
  }

  /** Makes the sidecar load `config` (`dapr.io/config`). An app loads one Configuration. */
  public useConfiguration(config: IConfiguration): void {
    // The Configuration access control created for an app without one gives way to the app's own.
    if (this._config && this._config !== config && !isImplicitAccessControlConfiguration(this._config)) {
      reportProblem(this, 'config', config.name, `a single Configuration (already using "${this._config.name}")`, 'merge the settings into one Configuration.');
      return;
    }
    if (config.namespace !== this.namespace) {
      reportProblem(this, 'config', `${config.namespace}/${config.name}`, `a Configuration in namespace "${this.namespace}"`, 'define the Configuration in the app\'s namespace.');
      return;
    }
    const previous = this._config;
    this._config = config;
    this.deployment.podMetadata.addAnnotation('dapr.io/config', config.name);
    configurationAssigned(this, config, previous);
  }

  /**
   * Lets this app load `component`: adds the app-id to the Component's scopes. Components should
   * be scoped to exactly the apps that use them (an unscoped one loads into every app).
   */
  public uses(...components: Component[]): this {
    for (const component of components) {
      if (component.namespace !== this.namespace) {
        reportProblem(this, 'uses', `${component.namespace}/${component.name}`, `a Component in namespace "${this.namespace}"`, 'an app loads only Components of its own namespace; define one there.');
        continue;
      }
      component.addScope(this);
      if (!this._components.includes(component)) this._components.push(component);
    }
    return this;
  }

  /**
   * Subscribes this app to `topic` on `pubsub` with a declarative Subscription scoped to the app
   * (named `<appId>-<topic>` unless `options.name` says otherwise). The app also uses the pub/sub.
   */
  public subscribe(pubsub: Component, topic: string, options: SubscribeOptions): Subscription {
    this.uses(pubsub);
    const name = options.name ?? subscriptionName(this.appId, topic);
    // A pub/sub of another namespace was reported by `uses`; scoping to this app would report it again.
    const scopes = pubsub.namespace === this.namespace ? [this] : [];
    return new Subscription(this, `Subscription-${name}`, { ...options, name, pubsub, topic, scopes });
  }

  /**
   * Records that this app calls `callee` through Dapr service invocation, with the operations it
   * uses. The edge feeds access control and the checks (as the `daprkit.io/invokes` annotation).
   */
  public invokes(callee: IDaprApp, options: InvokesOptions = {}): Invocation {
    const operations = options.operations ?? [{ path: '/**' }];
    for (const op of operations) {
      if (!op.path.startsWith('/')) reportProblem(this, 'invokes.operations.path', op.path, 'a path starting with "/"', `write "/${op.path}".`);
    }
    const invocation: Invocation = { caller: this, callee, operations };
    if (callee.appId === this.appId && callee.namespace === this.namespace) {
      reportProblem(this, 'invokes', callee.appId, 'another app', 'an app calls its own code directly, not through its sidecar.');
      return invocation;
    }
    this._invocations.push(invocation);
    this.deployment.podMetadata.addAnnotation(INVOKES_ANNOTATION, JSON.stringify(this.invocationEdges()));
    recordInvocation(invocation);
    return invocation;
  }

  /** The invocation graph's edges from this app, merged per callee and sorted, as the annotation holds them. */
  private invocationEdges(): InvocationEdge[] {
    const byCallee = new Map<string, InvocationEdge>();
    for (const { callee, operations } of this._invocations) {
      const key = `${callee.namespace}/${callee.appId}`;
      const previous = byCallee.get(key)?.operations ?? [];
      byCallee.set(key, {
        appId: callee.appId,
        ...(callee.namespace !== this.namespace ? { namespace: callee.namespace } : {}),
        operations: [...previous, ...operations.map((o) => ({ path: o.path, ...(o.verbs ? { verbs: [...o.verbs].sort() } : {}) }))],
      });
    }
    return [...byCallee.keys()].sort().map((k) => byCallee.get(k)!);
  }

  private validateProps(props: DaprAppProps): DaprAppProps {
    let valid = props;
    const problem = dnsLabelProblem(props.appId);
    if (problem) {
      reportProblem(this, 'appId', props.appId, 'a DNS label (at most 63 characters of a-z, 0-9 and "-")', `${problem}; e.g. "${suggestAppId(props.appId)}".`);
      // The app-id names the workload and its annotation; the checks would repeat the problem there.
      coverFinding(this, 'object-name', 'metadata.name');
      coverFinding(this, 'invalid-app-id', 'spec.template.metadata.annotations["dapr.io/app-id"]');
    }
    if (props.appPort !== undefined && !isPort(props.appPort)) {
      reportProblem(this, 'appPort', props.appPort, 'a port from 1 to 65535', 'use the port the app listens on.');
      valid = { ...valid, appPort: undefined, service: props.service === true ? undefined : props.service };
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      reportProblem(this, 'replicas', props.replicas, 'a whole number of at least 0', 'set the number of pods to run.');
      valid = { ...valid, replicas: undefined };
    }
    if (!props.image === !props.containers) {
      reportProblem(this, 'image/containers', props.image ?? props.containers, 'exactly one of `image` or `containers`', 'use `image` for a single container, `containers` for more.');
    }
    if (props.containers && props.containers.length === 0) {
      reportProblem(this, 'containers', [], 'at least one container', 'add the app container.');
    }
    return valid;
  }

  /** Container props with secure defaults and modest resources, and the app port declared where it belongs. */
  private containerProps(props: DaprAppProps, without: ReadonlySet<DaprAppDefault>): kplus.ContainerProps[] {
    const given: kplus.ContainerProps[] = props.containers?.length
      ? [...props.containers]
      : [{ name: this.appId, image: props.image ?? 'missing-image', portNumber: props.appPort }];
    const root: kplus.ContainerSecurityContextProps = props.runAsRoot ? { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false } : {};
    const restricted = without.has(DaprAppDefault.SECURITY_CONTEXT) ? {} : APP_CONTAINER_SECURITY;
    const containers = given.map((c) => ({
      ...c,
      resources: c.resources ?? props.resources ?? APP_CONTAINER_DEFAULT_RESOURCES,
      securityContext: { ...restricted, ...root, ...props.securityContext, ...c.securityContext },
    }));
    if (props.appPort === undefined || !isPort(props.appPort)) return containers;
    const declared = containers.flatMap((c) => [c.portNumber, ...(c.ports ?? []).map((p) => p.number)]).filter((p): p is number => p !== undefined);
    if (declared.includes(props.appPort)) return containers;
    if (declared.length > 0) {
      reportProblem(this, 'appPort', props.appPort, `one of the containers' ports (${declared.join(', ')})`, 'set appPort to the port the app listens on, or declare it on the app container.');
      return containers;
    }
    const [first, ...rest] = containers;
    return [{ ...first, portNumber: props.appPort }, ...rest];
  }

  private annotations(props: DaprAppProps, without: ReadonlySet<DaprAppDefault>): Record<string, string> {
    // An opt-out of the seccomp default is an explicit "unset" over the defaults the rendering merges in.
    const sidecar: SidecarOptions = without.has(DaprAppDefault.SIDECAR_SECCOMP) && props.sidecar?.seccompProfileType === undefined
      ? { ...props.sidecar, seccompProfileType: undefined }
      : props.sidecar ?? {};
    const { annotations: rendered, fromOptions: fromUser, problems } = renderedSidecar(sidecar);
    for (const problem of problems) reportMessage(this, `sidecar: ${problem}`);
    const sidecarAnnotations = { ...rendered };
    if (without.has(DaprAppDefault.SIDECAR_GOMEMLIMIT)) {
      const env = withoutDerivedGoMemLimit(sidecarAnnotations['dapr.io/env'], props.sidecar?.env?.GOMEMLIMIT);
      if (env === undefined) delete sidecarAnnotations['dapr.io/env'];
      else sidecarAnnotations['dapr.io/env'] = env;
    }

    const typed: Record<string, string> = {
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': this.appId,
      ...(props.appPort !== undefined ? { 'dapr.io/app-port': String(props.appPort) } : {}),
      ...(props.appProtocol !== undefined ? { 'dapr.io/app-protocol': props.appProtocol } : {}),
      ...(props.automountServiceAccountToken || without.has(DaprAppDefault.SERVICE_ACCOUNT_TOKEN) ? {} : { 'dapr.io/disable-builtin-k8s-secret-store': 'true' }),
      // Options that cannot be rendered were reported above; they are left out here.
      ...sidecarAnnotations,
      ...podSecurityExemption(props),
    };
    const extra = { ...props.extraAnnotations };
    for (const key of Object.keys(extra)) {
      let problem: [string, string] | undefined;
      if (key === 'dapr.io/config') {
        problem = ['no dapr.io/config here', 'pass the Configuration as the `config` prop.'];
      } else if (typed[key] !== undefined) {
        const origin = key.startsWith(DAPR_ANNOTATION_PREFIX) && fromUser[key] === undefined && !['dapr.io/enabled', 'dapr.io/app-id', 'dapr.io/app-port', 'dapr.io/app-protocol'].includes(key)
          ? "from daprkit's default (a `sidecar` option or prop sets it)"
          : 'from the typed props';
        problem = ['a key the typed props do not set', `this annotation is already "${typed[key]}" ${origin}; set it there.`];
      } else if (key.startsWith(DAPR_ANNOTATION_PREFIX)) {
        const spec = ANNOTATIONS_BY_KEY.get(key);
        if (!spec || spec.appliesTo !== 'Pod') problem = ['a dapr.io/* annotation Dapr reads on pods', `remove it, or fix the key.${successorHint(key) ?? didYouMean(key, POD_ANNOTATION_KEYS)}`];
      }
      if (problem) {
        reportProblem(this, `extraAnnotations["${key}"]`, extra[key], problem[0], problem[1]);
        delete extra[key];
      }
    }
    return { ...typed, ...extra };
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

/** The explicit pod-security opt-out: the reason given, or the one `runAsRoot` implies. */
function podSecurityExemption(props: DaprAppProps): Record<string, string> {
  const reason = props.podSecurityExemption ?? (props.runAsRoot ? 'runAsRoot: the image runs as root' : undefined);
  return reason ? { [POD_SECURITY_EXEMPT_ANNOTATION]: reason } : {};
}

/** A readable DNS-subdomain name for an app's subscription to a topic (topics may hold any character). */
function subscriptionName(appId: string, topic: string): string {
  const cleaned = topic.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${appId}-${cleaned || 'topic'}`.slice(0, 253).replace(/[-.]+$/, '');
}

/** A DNS-label version of an invalid app-id, for the error message. */
function suggestAppId(appId: string): string {
  const cleaned = appId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return cleaned || 'my-app';
}
