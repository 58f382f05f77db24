/**
 * Configuration: a Dapr `Configuration` (dapr.io/v1alpha1) with every section typed. The spec is
 * produced lazily, so sections added after construction — and the access-control policies the
 * invocation graph contributes — all end up in the synthesized object.
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { dnsLabelProblem, isDnsSubdomain } from '../checks/formats';
import {
  AccessAction,
  AccessControlOperation,
  AccessControlPolicy,
  AccessControlSettings,
  compare,
  conflictingPaths,
  DEFAULT_TRUST_DOMAIN,
  IAccessControlContributor,
  policyKey,
  renderPolicy,
} from './access-control-policy';
import {
  apiRuleKey,
  ApiLoggingOptions,
  ApiRule,
  FeatureToggle,
  Json,
  latencyBucketsProblem,
  MetricsOptions,
  MtlsOptions,
  NameResolutionOptions,
  renderApiLogging,
  renderApiRule,
  renderMetrics,
  renderMtls,
  renderNameResolution,
  renderSecretScope,
  renderTracing,
  samplingRateProblem,
  SecretScope,
  SecretScopeOptions,
  secretStoreName,
  TracingOptions,
  BuiltinSecretStore,
} from './configuration-sections';
import { durationText, goDuration, isPositiveDuration } from './duration';
import { renderWorkflow, WorkflowOptions } from './configuration-workflow';
import { resourceName } from './dapr-resource';
import { coverFinding, reportProblem } from './errors';
import { IComponent, IConfiguration, IDaprApp, importReference } from './refs';

export interface ConfigurationProps {
  /**
   * `metadata.name`, the value apps put in `dapr.io/config`.
   * @default - the construct id (must then be a DNS subdomain)
   */
  readonly name?: string;
  /**
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * Distributed tracing.
   * @default - no tracing section (Dapr traces nothing)
   */
  readonly tracing?: TracingOptions;
  /**
   * Sidecar metrics. Rendered as `spec.metrics`, the key Dapr reads last and lets win over `spec.metric`.
   * @default - no section (Dapr exports metrics with its defaults)
   */
  readonly metrics?: MetricsOptions;
  /**
   * An `mtls` section for this Configuration. mTLS is the control plane's: the injector and sentry
   * read it from the `daprsystem` Configuration only, so set it on `ControlPlane` instead; a
   * section written here changes nothing, and synth warns about it.
   * @default - no section (mTLS follows the control plane, on by default)
   */
  readonly mtls?: MtlsOptions | false;
  /**
   * Preview features to switch on or off.
   * @default - none
   */
  readonly features?: readonly FeatureToggle[];
  /**
   * Middleware Components applied, in order, to calls into the sidecar's API.
   * @default - none
   */
  readonly httpPipeline?: readonly IComponent[];
  /**
   * Middleware Components applied, in order, to calls the sidecar makes to the app.
   * @default - none
   */
  readonly appHttpPipeline?: readonly IComponent[];
  /**
   * Name resolution provider.
   * @default - Dapr's platform default (Kubernetes DNS on Kubernetes)
   */
  readonly nameResolution?: NameResolutionOptions;
  /**
   * Which secrets of which store the app may read.
   * @default - none (every secret of every store is readable)
   */
  readonly secretScopes?: readonly SecretScope[];
  /**
   * Dapr APIs the app may use; when set, every other API is refused.
   * @default - every API
   */
  readonly allowedApis?: readonly ApiRule[];
  /**
   * Dapr APIs the app may not use.
   * @default - none
   */
  readonly deniedApis?: readonly ApiRule[];
  /**
   * Component types (`state.redis`, or `state.redis/v1` for one version) the sidecar refuses to load.
   * @default - none
   */
  readonly deniedComponentTypes?: readonly string[];
  /**
   * API call logging.
   * @default - no section (logging off)
   */
  readonly apiLogging?: ApiLoggingOptions;
  /**
   * Force strict sandboxing of every WebAssembly component.
   * @default - no section (each component decides)
   */
  readonly wasmStrictSandbox?: boolean;
  /**
   * Workflow settings of the apps loading this Configuration: concurrency limits (per sidecar, and
   * across replicas through the scheduler) and retention of finished instances.
   * @default - no section (no limits, instances kept until purged)
   */
  readonly workflow?: WorkflowOptions;
  /**
   * Service-invocation access control of the apps loading this Configuration. Usually filled from
   * the invocation graph by `AccessControl`; set this to fix the defaults by hand.
   * @default - only what `AccessControl` and `addAccessControlPolicy` contribute
   */
  readonly accessControl?: AccessControlSettings;
}

/** A source of secret scopes computed at synth (apps that read secrets, `DaprApp.readsSecrets`). */
export interface ISecretScopeContributor {
  /** The scopes `config` should hold; a store scoped by hand in the Configuration keeps its own. */
  secretScopesFor(config: IConfiguration): SecretScope[];
}

const CONFIGURATION = Symbol.for('daprkit.Configuration');

export class Configuration extends Construct implements IConfiguration {
  /** True for Configuration instances (safe across copies of the library). */
  public static isConfiguration(x: unknown): x is Configuration {
    return typeof x === 'object' && x !== null && CONFIGURATION in x;
  }

  /** A Configuration defined elsewhere, referenced by name. daprkit cannot add access control to it. */
  public static fromName(scope: Construct, id: string, name: string, options: { namespace?: string } = {}): IConfiguration {
    const ref = importReference(scope, id, { name, namespace: options.namespace });
    // Recorded on the reference (reported at synth); the name is kept, since it is all the reference is.
    if (!isDnsSubdomain(name)) reportProblem(ref, 'name', name, 'a DNS subdomain', 'use the metadata.name of the existing Configuration.');
    return ref;
  }

  public readonly name: string;
  public readonly namespace: string;
  /** Escape hatch: the underlying ApiObject. */
  public readonly apiObject: ApiObject;

  private readonly props: ConfigurationProps;
  private readonly features = new Map<string, boolean>();
  private readonly httpPipeline: IComponent[] = [];
  private readonly appHttpPipeline: IComponent[] = [];
  private readonly secretScopes = new Map<string, SecretScope>();
  private readonly allowedApis = new Map<string, Json>();
  private readonly deniedApis = new Map<string, Json>();
  private readonly deniedComponentTypes = new Set<string>();
  private readonly policies = new Map<string, AccessControlPolicy>();
  private readonly contributors: IAccessControlContributor[] = [];
  /** The `workflow` section, rendered (and its mistakes reported) once. */
  private readonly workflowSpec?: Json;
  private readonly secretScopeContributors: ISecretScopeContributor[] = [];

  constructor(scope: Construct, id: string, props: ConfigurationProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CONFIGURATION, { value: true });
    this.props = this.validate(props);
    if (props.workflow) this.workflowSpec = renderWorkflow(this, props.workflow);
    this.namespace = this.props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      // resourceName reports a name that is not a DNS subdomain.
      metadata: { name: resourceName(this, props.name), namespace: this.props.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.name = this.apiObject.name;

    for (const f of props.features ?? []) this.addFeature(f.name, f.enabled ?? true);
    for (const c of props.httpPipeline ?? []) this.addHttpMiddleware(c);
    for (const c of props.appHttpPipeline ?? []) this.addAppHttpMiddleware(c);
    for (const s of props.secretScopes ?? []) this.addSecretScope(s.store, s);
    for (const r of props.allowedApis ?? []) this.allowApi(r);
    for (const r of props.deniedApis ?? []) this.denyApi(r);
    for (const t of props.deniedComponentTypes ?? []) this.denyComponentType(t);
  }

  /** The trust domain set by hand in `accessControl`, if any (the identity of the apps loading this). */
  public get accessControlTrustDomain(): string | undefined {
    return this.props.accessControl?.trustDomain;
  }

  /** Switches a preview feature on (or off). */
  public addFeature(name: string, enabled = true): void {
    if (!/^[A-Za-z][A-Za-z0-9.-]*$/.test(name)) {
      reportProblem(this, 'features.name', name, 'a feature name such as "HotReload"', 'use the name from the Dapr preview-features list.');
      return;
    }
    if (this.features.has(name) && this.features.get(name) !== enabled) {
      // The first setting stays; the contradiction is reported at synth.
      reportProblem(this, `features["${name}"]`, enabled, `the same value as before (${this.features.get(name)})`, 'switch each feature once.');
      return;
    }
    this.features.set(name, enabled);
  }

  /** Appends a middleware Component to the pipeline of calls into the sidecar's API. */
  public addHttpMiddleware(component: IComponent): void {
    this.addMiddleware('httpPipeline', this.httpPipeline, component);
  }

  /** Appends a middleware Component to the pipeline of calls the sidecar makes to the app. */
  public addAppHttpMiddleware(component: IComponent): void {
    this.addMiddleware('appHttpPipeline', this.appHttpPipeline, component);
  }

  /** Limits which secrets of a store the app may read. One scope per store. */
  public addSecretScope(store: IComponent | BuiltinSecretStore, options: SecretScopeOptions = {}): void {
    const name = secretStoreName(store);
    if (typeof store !== 'string' && !store.componentType.startsWith('secretstores.')) {
      reportProblem(this, 'secretScopes.store', `${store.name} (${store.componentType})`, 'a secretstores.* Component', 'pass the secret store the app reads from.');
      return;
    }
    if (this.secretScopes.has(name)) {
      reportProblem(this, 'secretScopes.store', name, 'one scope per store', `merge the settings for "${name}" into one call.`);
      return;
    }
    const overlap = (options.allowedSecrets ?? []).filter((s) => (options.deniedSecrets ?? []).includes(s));
    if (overlap.length) {
      reportProblem(this, `secretScopes["${name}"]`, overlap, 'a secret in at most one of allowedSecrets and deniedSecrets', 'remove it from one list.');
      return;
    }
    this.secretScopes.set(name, { ...options, store });
  }

  /** Adds a Dapr API to the allow list (once a list exists, unlisted APIs are refused). */
  public allowApi(rule: ApiRule): void {
    this.addApiRule('allowedApis', this.allowedApis, rule);
  }

  /** Adds a Dapr API to the deny list. */
  public denyApi(rule: ApiRule): void {
    this.addApiRule('deniedApis', this.deniedApis, rule);
  }

  /** Stops the sidecar from loading Components of a type (`bindings.smtp`, or `bindings.smtp/v1`). */
  public denyComponentType(type: string): void {
    if (!/^[a-z0-9]+(\.[a-z0-9-]+)+(\/v[0-9a-z]+)?$/.test(type)) {
      reportProblem(this, 'deniedComponentTypes', type, 'a component type such as "state.redis" or "state.redis/v1"', 'use the spec.type of the Components to refuse.');
      return;
    }
    this.deniedComponentTypes.add(type);
  }

  /**
   * Adds a hand-written access-control policy for one caller. It replaces whatever the invocation
   * graph would derive for that caller, so what is written here is exactly what applies.
   */
  public addAccessControlPolicy(caller: IDaprApp, options: Omit<AccessControlPolicy, 'appId' | 'namespace'> = {}): void {
    const policy: AccessControlPolicy = { ...options, appId: caller.appId, namespace: caller.namespace };
    const key = policyKey(policy);
    if (this.policies.has(key)) {
      // The first policy stays; the second is reported at synth.
      reportProblem(this, 'accessControl.policies', key, 'one policy per caller', 'put all rules for the caller in one call.');
      return;
    }
    const operations = this.validOperations(options.operations ?? []);
    this.policies.set(key, options.operations ? { ...policy, operations } : policy);
  }

  /**
   * Registers a source of access-control policies evaluated at synth (the invocation graph uses
   * this). Registering the same contributor twice has no effect.
   */
  public addAccessControlContributor(contributor: IAccessControlContributor): void {
    if (!this.contributors.includes(contributor)) this.contributors.push(contributor);
  }

  /**
   * Registers a source of secret scopes evaluated at synth (apps that read secrets use this). A
   * scope written by hand for a store wins over a contributed one. Registering twice has no effect.
   */
  public addSecretScopeContributor(contributor: ISecretScopeContributor): void {
    if (!this.secretScopeContributors.includes(contributor)) this.secretScopeContributors.push(contributor);
  }

  private addMiddleware(field: string, pipeline: IComponent[], component: IComponent): void {
    if (!component.componentType.startsWith('middleware.')) {
      reportProblem(this, field, `${component.name} (${component.componentType})`, 'a middleware.* Component', 'pass a middleware Component such as middleware.http.bearer.');
    } else if (component.componentType.endsWith('.*')) {
      reportProblem(this, field, `${component.name} (${component.componentType})`, 'a middleware Component of a known type (the pipeline names it)', 'import it with Component.fromName(scope, id, name, { type }).');
    } else if (component.namespace !== this.namespace) {
      reportProblem(this, field, `${component.namespace}/${component.name}`, `a Component in namespace "${this.namespace}"`, 'define the middleware in the Configuration\'s namespace.');
    } else if (pipeline.some((c) => c.name === component.name)) {
      reportProblem(this, field, component.name, 'each middleware once', 'remove the duplicate.');
    } else {
      pipeline.push(component);
    }
  }

  private addApiRule(field: string, rules: Map<string, Json>, rule: ApiRule): void {
    if (!/^[a-z][a-z0-9-]*$/.test(rule.api.name)) {
      reportProblem(this, `${field}.name`, rule.api.name, 'a Dapr API name such as "state"', 'use a DaprApi constant.');
      return;
    }
    if (!/^v\d+(\.\d+)?(-(alpha|beta)\d+)?$/.test(rule.version)) {
      reportProblem(this, `${field}.version`, rule.version, 'an API version such as "v1.0" (HTTP) or "v1" (gRPC)', 'use the version segment of the API\'s route.');
      return;
    }
    const rendered = renderApiRule(rule);
    rules.set(apiRuleKey(rendered), rendered);
  }

  /** The operations without the bad ones, which are reported (and so not flagged again by the checks). */
  private validOperations(ops: readonly AccessControlOperation[]): AccessControlOperation[] {
    const withSlash = ops.filter((op) => {
      if (op.path.startsWith('/')) return true;
      reportProblem(this, 'accessControl.operations.path', op.path, 'a path starting with "/"', `write "/${op.path}".`);
      return false;
    });
    const conflicts = conflictingPaths(withSlash);
    if (conflicts.length) {
      reportProblem(this, 'accessControl.operations', conflicts, 'one action per path', 'Dapr applies only the first rule of a path; split allow and deny across different paths.');
    }
    return withSlash.filter((op) => !conflicts.includes(op.path));
  }

  /**
   * Records the mistakes in the props (reported at synth, with the construct path); returns the
   * props without the values that cannot be rendered.
   */
  private validate(props: ConfigurationProps): ConfigurationProps {
    let valid = props;
    if (props.namespace !== undefined && dnsLabelProblem(props.namespace)) {
      reportProblem(this, 'namespace', props.namespace, 'a DNS label', `${dnsLabelProblem(props.namespace)}.`);
      valid = { ...valid, namespace: undefined };
    }
    if (props.tracing) {
      const problem = samplingRateProblem(props.tracing.samplingRate);
      if (problem) {
        reportProblem(this, 'tracing.samplingRate', props.tracing.samplingRate, problem, 'use 1 to trace every request, 0.1 for one in ten.');
        // The field is required and no rate can stand in for the one given; the check would only repeat it.
        coverFinding(this, 'configuration-sampling-rate', 'spec.tracing.samplingRate');
      }
      if (props.tracing.zipkinEndpoint !== undefined && !/^https?:\/\//.test(props.tracing.zipkinEndpoint)) {
        reportProblem(this, 'tracing.zipkinEndpoint', props.tracing.zipkinEndpoint, 'an http(s) URL', 'e.g. "http://zipkin.observability:9411/api/v2/spans".');
      }
      if (props.tracing.otel && /^[a-z]+:\/\//.test(props.tracing.otel.endpoint)) {
        reportProblem(this, 'tracing.otel.endpoint', props.tracing.otel.endpoint, 'host:port without a scheme', 'drop the scheme and say isSecure instead.');
      }
    }
    const buckets = props.metrics?.latencyBuckets;
    if (buckets) {
      const problem = latencyBucketsProblem(buckets);
      if (problem) reportProblem(this, 'metrics.latencyBuckets', buckets.map((b) => goDuration(b)), problem, 'list bucket bounds such as 1ms, 5ms, 10ms.');
    }
    if (props.mtls) {
      for (const field of ['workloadCertTtl', 'allowedClockSkew'] as const) {
        const d = props.mtls[field];
        if (d && !isPositiveDuration(d)) {
          reportProblem(this, `mtls.${field}`, durationText(d), 'a positive duration', 'leave it unset for Sentry\'s default.');
          valid = { ...valid, mtls: { ...valid.mtls, [field]: undefined } };
        }
      }
    }
    return valid;
  }

  private renderSpec(): Json {
    const p = this.props;
    const spec: { [key: string]: Json } = {};
    if (p.tracing) spec.tracing = renderTracing(p.tracing);
    if (p.metrics) spec.metrics = renderMetrics(p.metrics);
    if (p.mtls) spec.mtls = renderMtls(p.mtls);
    if (this.features.size) spec.features = [...this.features.keys()].sort(compare).map((name) => ({ name, enabled: this.features.get(name)! }));
    const handler = (c: IComponent): Json => ({ name: c.name, type: c.componentType });
    if (this.httpPipeline.length) spec.httpPipeline = { handlers: this.httpPipeline.map(handler) };
    if (this.appHttpPipeline.length) spec.appHttpPipeline = { handlers: this.appHttpPipeline.map(handler) };
    if (p.nameResolution) spec.nameResolution = renderNameResolution(p.nameResolution);
    const secretScopes = new Map(this.secretScopes);
    for (const scope of this.secretScopeContributors.flatMap((c) => c.secretScopesFor(this))) {
      if (!secretScopes.has(secretStoreName(scope.store))) secretScopes.set(secretStoreName(scope.store), scope);
    }
    if (secretScopes.size) spec.secrets = { scopes: [...secretScopes.keys()].sort(compare).map((k) => renderSecretScope(secretScopes.get(k)!)) };
    if (this.allowedApis.size || this.deniedApis.size) {
      const sorted = (m: Map<string, Json>) => [...m.keys()].sort(compare).map((k) => m.get(k)!);
      spec.api = { ...(this.allowedApis.size ? { allowed: sorted(this.allowedApis) } : {}), ...(this.deniedApis.size ? { denied: sorted(this.deniedApis) } : {}) };
    }
    if (this.deniedComponentTypes.size) spec.components = { deny: [...this.deniedComponentTypes].sort(compare) };
    if (p.apiLogging) spec.logging = renderApiLogging(p.apiLogging);
    if (p.wasmStrictSandbox !== undefined) spec.wasm = { strictSandbox: p.wasmStrictSandbox };
    if (this.workflowSpec !== undefined) spec.workflow = this.workflowSpec;
    const accessControl = this.renderAccessControl();
    if (accessControl) spec.accessControl = accessControl;
    return spec;
  }

  /** Hand-written settings and policies, merged with every contributor's; undefined when nobody asks for the section. */
  private renderAccessControl(): Json | undefined {
    const contributions = this.contributors
      .map((c) => c.contributionFor(this.name, this.namespace))
      .filter((c): c is NonNullable<typeof c> => c !== undefined);
    if (!this.props.accessControl && this.policies.size === 0 && contributions.length === 0) return undefined;

    const derived = new Map<string, AccessControlPolicy>();
    for (const policy of contributions.flatMap((c) => c.policies)) {
      const key = policyKey(policy);
      const previous = derived.get(key);
      derived.set(key, previous ? { ...previous, operations: [...(previous.operations ?? []), ...(policy.operations ?? [])] } : policy);
    }
    // A hand-written policy for a caller replaces the derived one (see addAccessControlPolicy).
    for (const [key, policy] of this.policies) derived.set(key, policy);

    const trustDomain = this.props.accessControl?.trustDomain ?? contributions.find((c) => c.trustDomain)?.trustDomain ?? DEFAULT_TRUST_DOMAIN;
    const policies = [...derived.values()].sort((a, b) => compare(a.appId, b.appId) || compare(a.namespace, b.namespace)).map(renderPolicy);
    return {
      defaultAction: this.props.accessControl?.defaultAction ?? AccessAction.DENY,
      trustDomain,
      ...(policies.length ? { policies } : {}),
    };
  }
}
