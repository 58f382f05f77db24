/**
 * DaprWorkload: what every Dapr-enabled workload daprkit synthesizes shares — the app-id and its
 * namespace, the app containers with secure defaults, the typed `dapr.io/*` pod annotations, the
 * Configuration, and the wiring methods (`uses`, `subscribe`, `invokes`). `DaprApp` (a Deployment
 * or StatefulSet) and `DaprJob` (a Job or CronJob) extend it; each creates its cdk8s-plus workload
 * and hands it to `attachWorkload`.
 */
import { ApiObject, ApiObjectMetadataDefinition, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS_BY_KEY, DAPR_ANNOTATION_PREFIX, POD_ANNOTATION_KEYS } from '../dapr/annotations';
import { annotationValueProblem } from '../checks/annotations';
import { InCodeSubscription, INVOKES_ANNOTATION, InvocationEdge, POD_SECURITY_EXEMPT_ANNOTATION, SUBSCRIBES_IN_CODE_ANNOTATION } from '../checks/daprkit-annotations';
import { dnsLabelProblem, isPort } from '../checks/formats';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { didYouMean } from '../checks/suggest';
import { successorHint } from '../dapr/legacy-annotations';
import { configurationAssigned, ensureAppConfiguration, isImplicitAccessControlConfiguration, recordInvocation } from './access-control';
import { coverFinding, reportMessage, reportProblem } from './errors';
import { warnWhenUnchecked } from './unchecked-synth';
import { DaprNamespaces } from './namespaces';
import { Component } from './component';
import { IAppResource, IConfiguration, IDaprApp, Invocation, InvokeOperation } from './refs';
import { recordWorkflowSchedule, SchedulesWorkflowsOptions, WorkflowSchedule } from './workflows';
import { AppProtocol, InitEndpoint, renderSidecar, RenderedSidecar, SidecarOptions } from './sidecar';
import { SubscribeOptions, Subscription } from './subscription';
import { NAMESPACE_DEFAULT_SERVICE_ACCOUNT, ReadableSecretStore, ReadsSecretsOptions, recordSecretRead, secretReaderConfigured, WorkloadServiceAccount } from './workload-identity';
import { derivedGracePeriod, HEALTH_SIDECAR_OPTIONS, HealthCheck, renderHealth } from './workload-health';
import { adjustWhenRendered, DaprAppDefault, DaprAppObjectMetadata, trimPodAnnotations, trimWorkload } from './dapr-app-opt-outs';

/** Props every Dapr workload takes (DaprApp and DaprJob add their own). */
export interface DaprWorkloadProps {
  /** The Dapr app-id: a DNS label of at most 63 characters, unique in its namespace. */
  readonly appId: string;
  /**
   * Image of the single app container (a shortcut for `containers`). The container follows
   * Kubernetes' defaults, not cdk8s-plus's: no `imagePullPolicy` (Kubernetes pulls `:latest` and
   * untagged images always, others only when missing) and no probes unless asked for.
   * @default - `containers` must be given
   */
  readonly image?: string;
  /**
   * The pod's containers, as cdk8s-plus container props; the first is the app. cdk8s-plus's own
   * defaults apply to them (e.g. `imagePullPolicy: Always`); set the props to change them.
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
  /**
   * Namespace of the workload and its objects.
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
   * Extra labels for the workload, pod template and Service (`app: <appId>` is always set).
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
  /**
   * How long Kubernetes waits after asking the pod to stop before it kills what still runs.
   * @default - 30 seconds (Kubernetes' default), or, when `sidecar.gracefulShutdown` or
   * `sidecar.blockShutdownDuration` add up to 30 seconds or more, their sum plus 5 seconds, so
   * daprd can drain before the kubelet kills it
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * The ServiceAccount the pods run under: one you define or import
   * (`kplus.ServiceAccount.fromServiceAccountName`), or `NAMESPACE_DEFAULT_SERVICE_ACCOUNT` for the
   * namespace's `default` one.
   * @default - a ServiceAccount of its own, named after the app-id, that mounts no token by itself
   */
  readonly serviceAccount?: WorkloadServiceAccount;

  // --- matching an existing system (what `daprkit import` writes) -----------------------------

  /**
   * Labels of the pod template, replacing `labels` there (a DaprApp adds its selector's labels).
   * @default - `labels` plus `app: <appId>` (a DaprApp's: plus its selector's labels)
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Name, labels and annotations of the workload itself (the Deployment, StatefulSet, Job or
   * CronJob, not its pods); the labels replace `labels` there.
   * @default - named after the app-id, `labels` plus `app: <appId>` (a DaprApp with a `selector`: `labels` alone), no annotations
   */
  readonly workloadMetadata?: DaprAppObjectMetadata;
  /**
   * daprkit defaults this workload does without, each an explicit opt-out (`daprkit import` lists
   * the ones an imported system needs to synthesize unchanged; remove one to take the default).
   * App container resources, the sidecar's CPU and memory and the app's own ServiceAccount have
   * opt-outs of their own: `resources: {}`, `sidecar: { cpu: {}, memory: {} }`,
   * `serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT`.
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

/** Options of `subscribesInCode`. */
export interface InCodeSubscriptionOptions {
  /**
   * The app path the app's own subscription routes the topic to (for the graph and `dev`).
   * @default - not recorded
   */
  readonly route?: string;
}

/** A topic the app consumes, declared (`subscribe`) or in code (`subscribesInCode`). */
export interface SubscribedTopic {
  readonly pubsub: Component;
  readonly topic: string;
  readonly inCode: boolean;
  /** The subscription's `metadata` (e.g. RabbitMQ's `queueName`), when declared. */
  readonly metadata?: Readonly<Record<string, string>>;
}

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

/** Annotations only the typed props set (extraAnnotations may not repeat them). */
const IDENTITY_ANNOTATIONS = ['dapr.io/enabled', 'dapr.io/app-id', 'dapr.io/app-port', 'dapr.io/app-protocol'];

const DAPR_WORKLOAD = Symbol.for('daprkit.DaprWorkload');

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

/** A Dapr-enabled workload: the parts DaprApp and DaprJob share. */
export abstract class DaprWorkload extends Construct implements IDaprApp {
  /** True for DaprApp and DaprJob instances (safe across copies of the library). */
  public static isDaprWorkload(x: unknown): x is DaprWorkload {
    return typeof x === 'object' && x !== null && DAPR_WORKLOAD in x;
  }

  public readonly appId: string;
  public readonly namespace: string;
  public readonly appPort?: number;
  public readonly appProtocol: AppProtocol;

  /**
   * The ServiceAccount the pods run under: the app's own (the default) or the one given;
   * undefined for the namespace's `default` ServiceAccount.
   */
  public readonly serviceAccount?: kplus.IServiceAccount;
  /** The name of the ServiceAccount the pods run under. */
  public readonly serviceAccountName: string;

  /** The props after validation (values that were reported are left out). */
  protected readonly props: DaprWorkloadProps;
  private _workload?: kplus.Workload;
  private podTemplatePath = '/spec/template';
  private _config?: IConfiguration;
  private readonly _invocations: Invocation[] = [];
  private readonly _components: Component[] = [];
  private readonly _topics: SubscribedTopic[] = [];
  private readonly _inCode: InCodeSubscription[] = [];
  private readonly workloadPatches: JsonPatch[] = [];

  protected constructor(scope: Construct, id: string, given: DaprWorkloadProps) {
    super(scope, id);
    Object.defineProperty(this, DAPR_WORKLOAD, { value: true });
    warnWhenUnchecked(this);
    // Problems are recorded for the synth report; the invalid values are dropped so the checks
    // do not report them a second time.
    this.props = this.validateWorkloadProps(given);
    this.appId = this.props.appId;
    this.namespace = this.props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.appPort = this.props.appPort;
    this.appProtocol = this.props.appProtocol ?? AppProtocol.HTTP;
    const account = this.props.serviceAccount;
    if (account === NAMESPACE_DEFAULT_SERVICE_ACCOUNT) {
      this.serviceAccountName = NAMESPACE_DEFAULT_SERVICE_ACCOUNT;
    } else {
      this.serviceAccount = account ?? new kplus.ServiceAccount(this, 'ServiceAccount', {
        metadata: { name: this.appId, namespace: this.props.namespace, labels: { ...this.props.labels, app: this.appId } },
        automountToken: false,
      });
      this.serviceAccountName = this.serviceAccount.name;
    }
  }

  /** The pod template's metadata (annotations and labels), shared by every workload kind. */
  public get podMetadata(): ApiObjectMetadataDefinition {
    return this.workload.podMetadata;
  }

  /** The Configuration this app's sidecar loads, if any. */
  public get config(): IConfiguration | undefined {
    return this._config;
  }

  /** The Components this app loads (`uses`, `subscribe`), in call order. */
  public get components(): readonly Component[] {
    return [...this._components];
  }

  /** The topics this app consumes (`subscribe`, `subscribesInCode`), in call order. */
  public get subscribedTopics(): readonly SubscribedTopic[] {
    return [...this._topics];
  }

  /** Service invocations this app makes, in call order. */
  public get invocations(): readonly Invocation[] {
    return [...this._invocations];
  }

  /** Escape hatch: the cdk8s-plus workload (Deployment, StatefulSet, Job or CronJob). */
  public get workload(): kplus.Workload {
    if (!this._workload) throw new Error(`[${this.node.path}] the workload is not attached yet (a subclass must call attachWorkload in its constructor)`);
    return this._workload;
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
    this.podMetadata.addAnnotation('dapr.io/config', config.name);
    configurationAssigned(this, config, previous);
    secretReaderConfigured(this, config);
  }

  /**
   * Records that the app reads secrets of `store` through the Dapr secrets API (`keys`, or every
   * secret with `allKeys: true`). The app's Configuration gets a secret scope for the store that
   * denies every other secret (a Configuration `<appId>-config` is created when the app has none);
   * a secret-store Component is scoped to the app. For a Kubernetes store (the built-in
   * `kubernetes` one or a `secretstores.kubernetes` Component) the app's ServiceAccount is granted
   * `get` on exactly those Secrets (a Role and RoleBinding), the token is mounted in the pod, and
   * reading the built-in store keeps it switched on.
   */
  public readsSecrets(store: ReadableSecretStore, options: ReadsSecretsOptions): this {
    if (typeof store !== 'string' && Component.isComponent(store)) this.uses(store);
    if (!this.config) ensureAppConfiguration(this);
    const read = recordSecretRead(this, store, options);
    if (!read?.kubernetes) return this;
    if (this.props.automountServiceAccountToken === false) {
      reportProblem(this, 'automountServiceAccountToken', false, 'the token mounted (daprd\'s Kubernetes secret store authenticates with it)', 'leave automountServiceAccountToken unset, or read the secrets another way.');
    } else {
      ApiObject.of(this.workload).addJsonPatch(JsonPatch.add(`${this.podTemplatePath}/spec/automountServiceAccountToken`, true));
    }
    if (read.builtin) {
      if (this.props.sidecar?.disableBuiltinK8sSecretStore === true) {
        reportProblem(this, 'sidecar.disableBuiltinK8sSecretStore', true, 'the built-in store on, since the app reads it', 'drop the option, or read a secretstores.kubernetes Component instead.');
      } else {
        this.podMetadata.addAnnotation('dapr.io/disable-builtin-k8s-secret-store', 'false');
      }
    }
    return this;
  }

  /**
   * Lets this app load `component`: adds the app-id to the Component's scopes. Components should
   * be scoped to exactly the apps that use them (an unscoped one loads into every app). An
   * `McpServer` is scoped the same way.
   */
  public uses(...components: (Component | IAppResource)[]): this {
    for (const component of components) {
      // An MCP server (or another non-Component resource) scopes itself to the app.
      if (!Component.isComponent(component)) {
        component.bindToApp(this);
        continue;
      }
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
    this._topics.push({ pubsub, topic, inCode: false, ...(options.metadata ? { metadata: options.metadata } : {}) });
    return new Subscription(this, `Subscription-${name}`, { ...options, name, pubsub, topic, scopes });
  }

  /**
   * Records that the app subscribes to `topic` on `pubsub` in its own code (it answers
   * `/dapr/subscribe` itself): the pub/sub is scoped to the app and the edge is recorded (the
   * `daprkit.io/subscribes-in-code` annotation) for the checks, `daprkit graph` and `daprkit dev`.
   * No Subscription object is created. daprd asks the app for its subscriptions through the app
   * port, so the app needs one.
   */
  public subscribesInCode(pubsub: Component, topic: string, options: InCodeSubscriptionOptions = {}): this {
    if (!pubsub.componentType.startsWith('pubsub.')) {
      reportProblem(this, 'subscribesInCode.pubsub', `${pubsub.name} (${pubsub.componentType})`, 'a pub/sub Component (pubsub.*)', 'pass the pub/sub the app subscribes on.');
      return this;
    }
    if (topic.trim() === '') {
      reportProblem(this, 'subscribesInCode.topic', topic, 'a topic name', 'pass the topic the app subscribes to.');
      return this;
    }
    if (options.route !== undefined && !options.route.startsWith('/')) {
      reportProblem(this, 'subscribesInCode.route', options.route, 'a path starting with "/"', `write "/${options.route}".`);
      return this;
    }
    if (this.appPort === undefined) {
      reportProblem(this, 'subscribesInCode', topic, 'an app with an appPort', 'daprd asks the app for /dapr/subscribe and delivers events through its app port; set appPort.');
    }
    if (this.props.sidecar?.disableInitEndpoints?.includes(InitEndpoint.SUBSCRIBE)) {
      reportProblem(this, 'subscribesInCode', topic, 'the subscribe init endpoint on', 'sidecar.disableInitEndpoints contains SUBSCRIBE, so daprd never asks the app for its subscriptions; drop it.');
    }
    this.uses(pubsub);
    this._topics.push({ pubsub, topic, inCode: true });
    this._inCode.push({ pubsub: pubsub.name, topic, ...(options.route !== undefined ? { route: options.route } : {}) });
    const key = (s: InCodeSubscription) => JSON.stringify([s.pubsub, s.topic, s.route ?? '']);
    const unique = new Map(this._inCode.map((s) => [key(s), s]));
    this.podMetadata.addAnnotation(SUBSCRIBES_IN_CODE_ANNOTATION, JSON.stringify([...unique.keys()].sort().map((k) => unique.get(k)!)));
    return this;
  }

  /**
   * Records that this app's workflows act on `host`'s workflows (schedule as child workflows,
   * terminate, raise events, …) or call its activities. Like `invokes` for access control, every
   * such call compiles into the host's WorkflowAccessPolicy (`<appId>-workflows`): the host then
   * admits exactly its declared callers and denies every other app.
   */
  public schedulesWorkflows(host: IDaprApp, options: SchedulesWorkflowsOptions): WorkflowSchedule {
    return recordWorkflowSchedule(this, host, options, (key, value) => this.podMetadata.addAnnotation(key, value));
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
    this.podMetadata.addAnnotation(INVOKES_ANNOTATION, JSON.stringify(this.invocationEdges()));
    recordInvocation(invocation);
    return invocation;
  }

  /**
   * Wires the subclass's cdk8s-plus workload: the Namespace it lands in, the app containers, the
   * pod annotations and the Configuration. Call it once, from the subclass constructor.
   */
  protected attachWorkload(workload: kplus.Workload, podTemplatePath: string): void {
    this._workload = workload;
    this.podTemplatePath = podTemplatePath;
    const apiObject = ApiObject.of(workload);
    // cdk8s-plus labels every pod with a hashed construct address; pods here are selected by
    // `app` alone, so the extra label is dropped to keep the pod template readable.
    apiObject.addJsonPatch(JsonPatch.remove(`${podTemplatePath}/metadata/labels/cdk8s.io~1metadata.addr`));
    // The app's objects come after their Namespace, so one `kubectl apply` works on a fresh cluster.
    DaprNamespaces.ensure(this, this.namespace);
    const health = this.healthCheck();
    const rendered = health && renderHealth(health, this.appProtocol, this.appPort);
    const [first, ...rest] = this.containerProps();
    if (rendered) {
      for (const [prop, received, expected, fix] of rendered.problems) reportProblem(this, prop, received, expected, fix);
      if (first.readiness || first.liveness) reportProblem(this, 'health', 'containers[0].readiness/liveness', 'probes in one place', 'drop the container probes, or the health prop.');
    }
    const probes = (key: 'readiness' | 'liveness') => (rendered?.[key] instanceof kplus.Probe ? { [key]: rendered[key] } : {});
    workload.addContainer({ ...first, ...probes('readiness'), ...probes('liveness') });
    for (const container of rest) workload.addContainer(container);
    // gRPC probes have no cdk8s-plus form: they are patched in.
    for (const [key, field] of [['readiness', 'readinessProbe'], ['liveness', 'livenessProbe']] as const) {
      const probe = rendered?.[key];
      if (probe && !(probe instanceof kplus.Probe)) apiObject.addJsonPatch(JsonPatch.add(`${podTemplatePath}/spec/containers/0/${field}`, probe));
    }
    // The image shortcut follows Kubernetes' defaults: cdk8s-plus's `imagePullPolicy: Always` is dropped.
    if (!this.props.containers) apiObject.addJsonPatch(JsonPatch.remove(`${podTemplatePath}/spec/containers/0/imagePullPolicy`));
    const annotations = this.annotations(rendered?.sidecar ?? {});
    for (const key of Object.keys(annotations)) workload.podMetadata.addAnnotation(key, annotations[key]);
    if (this.props.config) this.useConfiguration(this.props.config);
    const without = new Set(this.props.withoutDefaults ?? []);
    const podTemplate = podTemplatePath.split('/').filter((p) => p !== '');
    adjustWhenRendered(apiObject, (json) => {
      if (without.size > 0) {
        // Read at synth, when the subclass has set everything it asks for.
        const trim = { without, containers: this.props.containers ?? [{}], props: this.props, given: new Set(this.givenSpecFields()), podTemplate };
        trimWorkload(json, trim);
        trimPodAnnotations(json, trim);
      }
      dropEmptyPodLabels(json, podTemplate);
      return JsonPatch.apply(json, ...this.workloadPatches);
    });
  }

  /**
   * Escape hatch: JSON patches applied to the workload (Deployment, StatefulSet, Job or CronJob) as
   * synthesized — the manifest's own field names and values (`ApiObject.of(app.workload).addJsonPatch`
   * sees cdk8s-plus's intermediate form).
   */
  public patchWorkload(...ops: JsonPatch[]): void {
    this.workloadPatches.push(...ops);
  }

  /** Reports opt-outs (`withoutDefaults`) that do not apply to this kind of workload. */
  protected reportInapplicableDefaults(inapplicable: readonly DaprAppDefault[], appliesTo: string): void {
    for (const d of this.props.withoutDefaults ?? []) {
      if (inapplicable.includes(d)) reportProblem(this, 'withoutDefaults', d, `an opt-out that applies to this workload (this one applies to ${appliesTo})`, 'drop it.');
    }
  }

  /** Fields of the workload's `spec` the subclass's props set explicitly: the opt-outs leave them be. */
  protected givenSpecFields(): string[] {
    return [];
  }

  /** The app's health check, if the subclass takes one (DaprApp does). */
  protected healthCheck(): HealthCheck | undefined {
    return undefined;
  }

  /** Pod props every workload kind passes to cdk8s-plus. */
  protected podProps(): { automountServiceAccountToken: boolean; terminationGracePeriod?: Duration; serviceAccount?: kplus.IServiceAccount } {
    const grace = this.props.terminationGracePeriod ?? derivedGracePeriod(this.props.sidecar ?? {});
    return {
      automountServiceAccountToken: this.props.automountServiceAccountToken ?? false,
      ...(this.serviceAccount ? { serviceAccount: this.serviceAccount } : {}),
      ...(grace !== undefined ? { terminationGracePeriod: grace } : {}),
    };
  }

  /**
   * Annotations the subclass adds to the typed ones (e.g. a job's native sidecar); `extraAnnotations`
   * may not repeat them. Keys must be `dapr.io/*` pod annotations or daprkit's own.
   */
  protected workloadAnnotations(): Record<string, string> {
    return {};
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

  private validateWorkloadProps(props: DaprWorkloadProps): DaprWorkloadProps {
    let valid = props;
    const problem = dnsLabelProblem(props.appId);
    if (problem) {
      reportProblem(this, 'appId', props.appId, 'a DNS label (at most 63 characters of a-z, 0-9 and "-")', `${problem}; e.g. "${suggestAppId(props.appId)}".`);
      // The app-id names the workload and its annotation; the checks would repeat the problem there.
      coverFinding(this, 'object-name', 'metadata.name');
      coverFinding(this, 'invalid-app-id', 'spec.template.metadata.annotations["dapr.io/app-id"]');
      coverFinding(this, 'invalid-app-id', 'spec.jobTemplate.spec.template.metadata.annotations["dapr.io/app-id"]');
    }
    if (props.appPort !== undefined && !isPort(props.appPort)) {
      reportProblem(this, 'appPort', props.appPort, 'a port from 1 to 65535', 'use the port the app listens on.');
      valid = { ...valid, appPort: undefined };
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
  private containerProps(): kplus.ContainerProps[] {
    const props = this.props;
    const given: kplus.ContainerProps[] = props.containers?.length
      ? [...props.containers]
      : [{ name: this.appId, image: props.image ?? 'missing-image' }];
    const root: kplus.ContainerSecurityContextProps = props.runAsRoot ? { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false } : {};
    const containers = given.map((c) => ({
      ...c,
      resources: c.resources ?? props.resources ?? APP_CONTAINER_DEFAULT_RESOURCES,
      securityContext: { ...APP_CONTAINER_SECURITY, ...root, ...props.securityContext, ...c.securityContext },
    }));
    if (props.appPort === undefined || !isPort(props.appPort)) return containers;
    const declared = containers.flatMap((c) => [c.portNumber, ...(c.ports ?? []).map((p) => p.number)]).filter((p): p is number => p !== undefined);
    if (declared.includes(props.appPort)) return containers;
    if (declared.length > 0) {
      reportProblem(this, 'appPort', props.appPort, `one of the containers' ports (${declared.join(', ')})`, 'set appPort to the port the app listens on, or declare it on the app container.');
      // The annotation keeps the port (the app does listen somewhere); the check would say the same again.
      coverFinding(this, 'app-port-not-declared', 'spec.template.metadata.annotations["dapr.io/app-port"]');
      coverFinding(this, 'app-port-not-declared', 'spec.jobTemplate.spec.template.metadata.annotations["dapr.io/app-port"]');
      return containers;
    }
    // Declared as a plain port: cdk8s-plus would add a TCP startup probe for a `portNumber`, which
    // fails for apps that listen on localhost only; probes come from `health`, when asked.
    const [first, ...rest] = containers;
    return [{ ...first, ports: [{ number: props.appPort }] }, ...rest];
  }

  private annotations(fromHealth: SidecarOptions): Record<string, string> {
    const props = this.props;
    for (const option of HEALTH_SIDECAR_OPTIONS) {
      if (props.sidecar?.[option] !== undefined && fromHealth[option] !== undefined) {
        reportProblem(this, `sidecar.${option}`, 'set', 'no app health option beside `health`', '`health` sets the app health check; drop the sidecar option.');
      }
    }
    const sidecar = { ...props.sidecar, ...fromHealth };
    const { annotations: sidecarAnnotations, fromOptions: fromUser, problems } = renderedSidecar(sidecar);
    for (const problem of problems) reportMessage(this, `sidecar: ${problem}`);

    const typed: Record<string, string> = {
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': this.appId,
      ...(props.appPort !== undefined ? { 'dapr.io/app-port': String(props.appPort) } : {}),
      ...(props.appProtocol !== undefined ? { 'dapr.io/app-protocol': props.appProtocol } : {}),
      ...(props.automountServiceAccountToken ? {} : { 'dapr.io/disable-builtin-k8s-secret-store': 'true' }),
      ...this.workloadAnnotations(),
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
        const origin = key.startsWith(DAPR_ANNOTATION_PREFIX) && fromUser[key] === undefined && !IDENTITY_ANNOTATIONS.includes(key)
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
}

/** Pod labels `podLabels: {}` emptied: left out, as an empty map says nothing. */
function dropEmptyPodLabels(json: Record<string, unknown>, podTemplate: readonly string[]): void {
  let metadata: unknown = json;
  for (const key of [...podTemplate, 'metadata']) metadata = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[key] : undefined;
  const holder = metadata as Record<string, unknown> | undefined;
  const labels = holder?.labels;
  if (labels !== null && typeof labels === 'object' && Object.keys(labels).length === 0) delete holder!.labels;
}

/** The explicit pod-security opt-out: the reason given, or the one `runAsRoot` implies. */
function podSecurityExemption(props: DaprWorkloadProps): Record<string, string> {
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
