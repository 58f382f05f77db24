/**
 * AccessControl: compiles the invocation graph (`caller.invokes(callee, …)`) into Dapr
 * service-invocation access control — default deny, and one allow policy per caller in each
 * callee's Configuration — and, on request, into NetworkPolicies.
 *
 * How it stays independent of call order without creating constructs during synthesis:
 * - every `invokes` edge is recorded at once in a per-tree `InvocationGraph`;
 * - when an app first needs access control and has no Configuration, one is created right then
 *   (`<appId>-config`, under the app); if the app is later given a Configuration of its own, that
 *   implicit one is removed again and the policies go into the app's Configuration instead;
 * - the policies themselves are computed lazily, when the Configuration is synthesized, from the
 *   graph as it stands then;
 * - an `AccessControl` declared after the edges catches up in its constructor (trust domain,
 *   NetworkPolicies), and edges recorded after it find it in the graph.
 *
 * Access control lives in the Configuration, so apps sharing one Configuration would share its
 * policies: each caller could call every callee that loads it, with the union of the operations —
 * looser than the graph. daprkit keeps the guarantee "each callee admits exactly its callers'
 * operations" by refusing that case with an error (`shared-configuration`): callees whose callers
 * or operations differ each need a Configuration of their own (callees admitting the same callers
 * and operations, and callers, may share one). Apps loading a Configuration imported with
 * `Configuration.fromName` keep whatever that Configuration says; daprkit cannot add policies to it.
 */
import { ApiObject, ApiObjectMetadataDefinition, Chart, Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { addressesOfObject, clusterNamespace } from '../checks/network-egress';
import { Manifest } from '../checks/types';
import { dnsLabelProblem } from '../checks/formats';
import { AccessAction, AccessControlContribution, AccessControlPolicy, DEFAULT_TRUST_DOMAIN, IAccessControlContributor, policyKey } from './access-control-policy';
import { AppNetworkFacts, DEFAULT_INTERNAL_GRPC_PORT, DEFAULT_METRICS_PORT, NetworkPeer, networkPolicySpec, portAnnotation } from './access-control-network';
import { Configuration } from './configuration';
import { namespaceField } from './dapr-resource';
import { reportProblem } from './errors';
import { IConfiguration, IDaprApp, Invocation } from './refs';

/**
 * What access control needs from an app defined in this tree (DaprApp has all of it). Apps
 * imported by app-id lack it: their Configuration and pods are managed elsewhere.
 */
export interface IConfigurableDaprApp extends IDaprApp {
  readonly config: IConfiguration | undefined;
  useConfiguration(config: IConfiguration): void;
  /** The pod template's metadata, where the sidecar annotations live (any workload kind). */
  readonly podMetadata: ApiObjectMetadataDefinition;
  /**
   * The app's Service, whose ports NetworkPolicies keep open.
   * @default - no Service: no app port is opened
   */
  readonly service?: kplus.Service;
  /**
   * The Components the app loads, whose addresses a restricted-egress NetworkPolicy allows.
   * @default - none
   */
  readonly components?: readonly IConstruct[];
}

export function isConfigurableDaprApp(app: IDaprApp): app is IConfigurableDaprApp {
  const candidate = app as Partial<IConfigurableDaprApp>;
  return typeof candidate.useConfiguration === 'function' && candidate.podMetadata !== undefined;
}

/** Options of the NetworkPolicies AccessControl can emit. */
export interface AccessControlNetworkPolicyOptions {
  /**
   * Also confine outbound traffic of the apps (to callees, the control plane and DNS). This
   * blocks the databases, brokers and tracing collectors the system's Components, Configurations
   * and HTTPEndpoints name unless you allow them with NetworkPolicies of your own; the
   * `network-policy-egress` check lists each address that is cut off.
   * @default false
   */
  readonly restrictEgress?: boolean;
  /**
   * Namespace of the Dapr control plane.
   * @default 'dapr-system'
   */
  readonly controlPlaneNamespace?: string;
}

export interface AccessControlProps {
  /**
   * The namespace whose apps this governs (one AccessControl per namespace).
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * Trust domain of the namespace's apps (part of their SPIFFE identity). When it is not
   * `public`, the namespace's callers get a Configuration too, so their certificates carry it.
   * @default 'public'
   */
  readonly trustDomain?: string;
  /**
   * Emit a NetworkPolicy per app of the graph in this namespace (see `access-control-network.ts`
   * for exactly what is allowed).
   * @default false
   */
  readonly networkPolicies?: boolean | AccessControlNetworkPolicyOptions;
}

const GRAPH = Symbol.for('daprkit.InvocationGraph');
const appKey = (app: { appId: string; namespace: string }): string => `${app.namespace}/${app.appId}`;
const configKey = (config: { name: string; namespace: string }): string => `${config.namespace}/${config.name}`;

/** The invocation graph of one construct tree, and what access control derives from it. */
class InvocationGraph implements IAccessControlContributor {
  public static of(scope: IConstruct): InvocationGraph {
    const root = scope.node.root as IConstruct & { [GRAPH]?: InvocationGraph };
    if (!root[GRAPH]) Object.defineProperty(root, GRAPH, { value: new InvocationGraph() });
    return root[GRAPH]!;
  }

  public readonly edges: Invocation[] = [];
  public readonly accessControls = new Map<string, AccessControl>();
  private readonly inbound = new Map<string, Invocation[]>();
  private readonly outbound = new Map<string, Invocation[]>();
  private readonly participants = new Map<string, IDaprApp>();
  /** Apps per Configuration (`namespace/name`), as `useConfiguration` reported them. */
  private readonly configUsers = new Map<string, Set<IConfigurableDaprApp>>();
  private readonly implicitConfigs = new Set<IConfiguration>();
  private readonly validatedConfigs = new Set<IConfiguration>();

  public addEdge(edge: Invocation): void {
    this.edges.push(edge);
    const push = (m: Map<string, Invocation[]>, k: string) => m.set(k, [...(m.get(k) ?? []), edge]);
    push(this.inbound, appKey(edge.callee));
    push(this.outbound, appKey(edge.caller));
    for (const app of [edge.caller, edge.callee]) this.participants.set(appKey(app), app);
    this.reconcile(edge.callee);
    this.reconcile(edge.caller);
  }

  /** Brings one app up to date: a Configuration where access control needs one, a NetworkPolicy where asked for. */
  public reconcile(app: IDaprApp): void {
    if (!isConfigurableDaprApp(app)) return;
    if (this.needsAccessControl(app)) this.ensureConfiguration(app);
    this.accessControls.get(app.namespace)?.ensureNetworkPolicy(app);
  }

  /**
   * The app's Configuration; one is created (`<appId>-config`, under the app) when it has none.
   * Such an implicit Configuration gives way to one the app is given later.
   */
  public ensureConfiguration(app: IConfigurableDaprApp): IConfiguration {
    if (app.config !== undefined) return app.config;
    const config = new Configuration(app, 'AccessControlConfig', { name: `${app.appId}-config`, namespace: namespaceField(app, app.namespace) });
    this.implicitConfigs.add(config);
    app.useConfiguration(config);
    return config;
  }

  public reconcileNamespace(namespace: string): void {
    for (const app of this.participants.values()) if (app.namespace === namespace) this.reconcile(app);
  }

  public isImplicit(config: IConfiguration): boolean {
    return this.implicitConfigs.has(config);
  }

  public configurationAssigned(app: IConfigurableDaprApp, config: IConfiguration, previous: IConfiguration | undefined): void {
    if (previous && previous !== config) {
      this.configUsers.get(configKey(previous))?.delete(app);
      if (this.implicitConfigs.has(previous)) {
        this.implicitConfigs.delete(previous);
        previous.node.scope?.node.tryRemoveChild(previous.node.id);
      }
    }
    const users = this.configUsers.get(configKey(config)) ?? new Set();
    users.add(app);
    this.configUsers.set(configKey(config), users);
    if (Configuration.isConfiguration(config)) {
      config.addAccessControlContributor(this);
      if (!this.validatedConfigs.has(config)) {
        this.validatedConfigs.add(config);
        config.node.addValidation({ validate: () => this.sharedConfigurationProblems(config) });
      }
    }
  }

  /**
   * A Configuration loaded by callees that admit different callers or operations would let every
   * caller reach all of them (one access-control section per Configuration): refused.
   */
  private sharedConfigurationProblems(config: IConfiguration): string[] {
    const callees = [...(this.configUsers.get(configKey(config)) ?? [])].filter((a) => this.inbound.has(appKey(a)));
    if (callees.length < 2) return [];
    const admitted = (callee: IDaprApp) =>
      JSON.stringify(
        (this.inbound.get(appKey(callee)) ?? [])
          .map((e) => `${appKey(e.caller)} ${e.operations.map((o) => `${o.path}:${[...(o.verbs ?? [])].sort().join('|')}`).sort().join(',')}`)
          .sort(),
      );
    if (new Set(callees.map(admitted)).size < 2) return [];
    const ids = callees.map((c) => c.appId).sort();
    return [
      `Configuration "${config.name}" is loaded by callees ${ids.join(', ')}, which admit different callers or operations; ` +
        'its one access-control section would let every caller call all of them. ' +
        `Fix: give each of these callees a Configuration of its own (e.g. "${ids[0]}-config" with the same settings), passed as its \`config\`.`,
    ];
  }

  public contributionFor(configurationName: string, namespace: string): AccessControlContribution | undefined {
    const users = [...(this.configUsers.get(configKey({ name: configurationName, namespace })) ?? [])].filter((a) => this.needsAccessControl(a));
    if (users.length === 0) return undefined;
    const policies: AccessControlPolicy[] = users.flatMap((callee) =>
      (this.inbound.get(appKey(callee)) ?? []).map((edge) => ({
        appId: edge.caller.appId,
        namespace: edge.caller.namespace,
        trustDomain: this.trustDomainOf(edge.caller),
        defaultAction: AccessAction.DENY,
        operations: edge.operations.map((op) => ({ path: op.path, verbs: op.verbs, action: AccessAction.ALLOW })),
      })),
    );
    return { trustDomain: this.namespaceTrustDomain(namespace), policies: dedupe(policies) };
  }

  /** Network facts of an app, read at synth from its pod template and Service. */
  public networkFacts(app: IConfigurableDaprApp, options: Required<AccessControlNetworkPolicyOptions>): AppNetworkFacts {
    const peer = (a: IDaprApp): NetworkPeer => ({ appId: a.appId, namespace: a.namespace, internalGrpcPort: internalGrpcPortOf(a) });
    const annotations = podAnnotationsOf(app);
    const metricsOff = (annotations['dapr.io/enable-metrics'] ?? '').toLowerCase() === 'false';
    return {
      self: peer(app),
      metricsPort: metricsOff ? undefined : portAnnotation(annotations, 'dapr.io/metrics-port', DEFAULT_METRICS_PORT),
      servicePorts: (app.service?.ports ?? []).map((p) => p.targetPort ?? p.port),
      callers: (this.inbound.get(appKey(app)) ?? []).map((e) => peer(e.caller)),
      callees: (this.outbound.get(appKey(app)) ?? []).map((e) => peer(e.callee)),
      restrictEgress: options.restrictEgress,
      controlPlaneNamespace: options.controlPlaneNamespace,
      dependencies: options.restrictEgress ? dependenciesOf(app) : [],
    };
  }

  /** Callees always; callers too when their trust domain must reach their certificates. */
  private needsAccessControl(app: IDaprApp): boolean {
    const key = appKey(app);
    if (this.inbound.has(key)) return true;
    return this.outbound.has(key) && this.namespaceTrustDomain(app.namespace) !== DEFAULT_TRUST_DOMAIN;
  }

  private namespaceTrustDomain(namespace: string): string {
    return this.accessControls.get(namespace)?.trustDomain ?? DEFAULT_TRUST_DOMAIN;
  }

  /** The caller's identity's trust domain: what its own Configuration says, else its namespace's. */
  private trustDomainOf(app: IDaprApp): string {
    const config = isConfigurableDaprApp(app) ? app.config : undefined;
    const explicit = config && Configuration.isConfiguration(config) ? config.accessControlTrustDomain : undefined;
    return explicit ?? this.namespaceTrustDomain(app.namespace);
  }
}

/** Same caller from several edges (two `invokes` calls): one policy with all operations. */
function dedupe(policies: AccessControlPolicy[]): AccessControlPolicy[] {
  const merged = new Map<string, AccessControlPolicy>();
  for (const p of policies) {
    const prev = merged.get(policyKey(p));
    merged.set(policyKey(p), prev ? { ...prev, operations: [...(prev.operations ?? []), ...(p.operations ?? [])] } : p);
  }
  return [...merged.values()];
}

/**
 * In-cluster services named by the app's Components and Configuration, read from their
 * synthesized objects (one `toJson()` per object the app uses: linear in the tree).
 */
function dependenciesOf(app: IConfigurableDaprApp): { namespace: string; port: number }[] {
  const sources: IConstruct[] = [...(app.components ?? []), ...(app.config && Configuration.isConfiguration(app.config) ? [app.config] : [])];
  return sources
    .flatMap((c) => c.node.findAll().filter((o): o is ApiObject => o instanceof ApiObject))
    .flatMap((o) => addressesOfObject(o.toJson() as Manifest))
    .flatMap((a) => {
      const namespace = clusterNamespace(a.host, app.namespace);
      return namespace === undefined ? [] : [{ namespace, port: a.port }];
    });
}

function podAnnotationsOf(app: IDaprApp): Record<string, string> {
  if (!isConfigurableDaprApp(app)) return {};
  return (app.podMetadata.toJson() as { annotations?: Record<string, string> }).annotations ?? {};
}

function internalGrpcPortOf(app: IDaprApp): number {
  return portAnnotation(podAnnotationsOf(app), 'dapr.io/internal-grpc-port', DEFAULT_INTERNAL_GRPC_PORT);
}

/**
 * Records an invocation edge for access control. `DaprApp.invokes` calls this; other app
 * constructs implementing `IConfigurableDaprApp` can too.
 */
export function recordInvocation(edge: Invocation): void {
  InvocationGraph.of(edge.caller).addEdge(edge);
}

/**
 * Tells access control that `app` now loads `config` (DaprApp.useConfiguration calls this). When
 * the previous Configuration was one access control created, it is removed from the tree.
 */
export function configurationAssigned(app: IConfigurableDaprApp, config: IConfiguration, previous?: IConfiguration): void {
  InvocationGraph.of(app).configurationAssigned(app, config, previous);
}

/**
 * The app's Configuration, created the way access control creates one when the app has none
 * (`<appId>-config`; replaced when the app is given its own). Secret scopes use it too.
 */
export function ensureAppConfiguration(app: IConfigurableDaprApp): IConfiguration {
  return InvocationGraph.of(app).ensureConfiguration(app);
}

/** True for a Configuration access control created for an app that had none (it may be replaced). */
export function isImplicitAccessControlConfiguration(config: IConfiguration): boolean {
  return InvocationGraph.of(config).isImplicit(config);
}

/**
 * Access control for the apps of one namespace. Declaring it is optional: without one, the
 * namespace still gets default-deny access control from the graph, with trust domain `public`
 * and no NetworkPolicies.
 */
export class AccessControl extends Construct {
  public readonly namespace: string;
  public readonly trustDomain: string;
  private readonly networkOptions?: Required<AccessControlNetworkPolicyOptions>;
  private readonly networkPolicies = new Map<string, ApiObject>();
  private readonly graph: InvocationGraph;

  constructor(scope: Construct, id: string, props: AccessControlProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.trustDomain = props.trustDomain ?? DEFAULT_TRUST_DOMAIN;
    if (dnsLabelProblem(this.namespace)) reportProblem(this, 'namespace', this.namespace, 'a DNS label', `${dnsLabelProblem(this.namespace)}.`);
    if (!/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(this.trustDomain)) {
      reportProblem(this, 'trustDomain', this.trustDomain, 'a SPIFFE trust domain (lower-case letters, digits, ".", "-", "_")', 'e.g. "prod.example.com".');
    }
    if (props.networkPolicies) {
      const o = props.networkPolicies === true ? {} : props.networkPolicies;
      const controlPlaneNamespace = o.controlPlaneNamespace ?? 'dapr-system';
      if (dnsLabelProblem(controlPlaneNamespace)) reportProblem(this, 'networkPolicies.controlPlaneNamespace', controlPlaneNamespace, 'a DNS label', 'use the namespace Dapr is installed in.');
      this.networkOptions = { restrictEgress: o.restrictEgress ?? false, controlPlaneNamespace };
    }
    this.graph = InvocationGraph.of(this);
    const existing = this.graph.accessControls.get(this.namespace);
    if (existing) {
      reportProblem(this, 'namespace', this.namespace, 'one AccessControl per namespace', `${existing.node.path} already governs it; configure that one.`);
      return;
    }
    this.graph.accessControls.set(this.namespace, this);
    this.graph.reconcileNamespace(this.namespace);
  }

  /** @internal Creates the app's NetworkPolicy once, when this AccessControl emits them. */
  public ensureNetworkPolicy(app: IConfigurableDaprApp): void {
    if (!this.networkOptions || this.networkPolicies.has(appKey(app))) return;
    const options = this.networkOptions;
    const policy = new ApiObject(this, `NetworkPolicy-${app.appId}`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${app.appId}-dapr-access`, namespace: namespaceField(this, app.namespace), labels: { app: app.appId } },
      spec: Lazy.any({ produce: () => networkPolicySpec(this.graph.networkFacts(app, options)) }),
    });
    this.networkPolicies.set(appKey(app), policy);
  }
}
