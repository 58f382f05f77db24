/**
 * Typed options for each section of a Dapr `Configuration` spec, and their rendering into the
 * exact JSON shapes of `configurations.dapr.io/v1alpha1`. Kept apart from the construct so the
 * construct file stays about wiring, and each renderer is a small pure function.
 */
import { Duration } from 'cdk8s';
import { goDuration } from './duration';
import { DEFAULT_CONTROL_PLANE_TRUST_DOMAIN, DEFAULT_SENTRY_ADDRESS } from '../dapr/defaults';
import { IComponent } from './refs';

/** JSON as it goes into the spec. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// tracing

/** Transport to the OpenTelemetry collector. */
export enum OtelProtocol {
  GRPC = 'grpc',
  HTTP = 'http',
}

export interface OtelOptions {
  /** Collector address without scheme, e.g. `otel-collector.observability.svc.cluster.local:4317`. */
  readonly endpoint: string;
  /**
   * How spans are shipped.
   * @default OtelProtocol.GRPC
   */
  readonly protocol?: OtelProtocol;
  /**
   * Use TLS towards the collector.
   * @default true
   */
  readonly isSecure?: boolean;
  /**
   * How long one export request may take.
   * @default - the exporter's own default (10s)
   */
  readonly timeout?: Duration;
}

export interface TracingOptions {
  /** Fraction of requests traced, from 0 (none) to 1 (all). */
  readonly samplingRate: number;
  /**
   * Zipkin collector URL, e.g. `http://zipkin.observability.svc.cluster.local:9411/api/v2/spans`.
   * @default - no Zipkin export
   */
  readonly zipkinEndpoint?: string;
  /**
   * OpenTelemetry (OTLP) export.
   * @default - no OTLP export
   */
  readonly otel?: OtelOptions;
  /**
   * Also write spans to the sidecar's log (debugging aid).
   * @default false
   */
  readonly stdout?: boolean;
}

/** Go's strconv.ParseFloat reads every JavaScript number string (`0.25`, `1e-7`) the same way. */
export function samplingRateProblem(rate: number): string | undefined {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return 'a finite number';
  if (rate < 0 || rate > 1) return 'a number from 0 to 1';
  return undefined;
}

export function renderTracing(t: TracingOptions): Json {
  return {
    samplingRate: String(t.samplingRate),
    ...(t.stdout !== undefined ? { stdout: t.stdout } : {}),
    ...(t.zipkinEndpoint !== undefined ? { zipkin: { endpointAddress: t.zipkinEndpoint } } : {}),
    ...(t.otel
      ? {
          otel: {
            endpointAddress: t.otel.endpoint,
            protocol: t.otel.protocol ?? OtelProtocol.GRPC,
            isSecure: t.otel.isSecure ?? true,
            ...(t.otel.timeout ? { timeout: goDuration(t.otel.timeout) } : {}),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// metrics

/** A regular expression that folds values of one metric label into a fixed value. */
export interface MetricLabelRule {
  /** The label, e.g. `method`. */
  readonly name: string;
  /** Replacement value → regular expression of the raw values it replaces. */
  readonly regex: Readonly<Record<string, string>>;
}

export interface MetricRule {
  /** Metric name, e.g. `dapr_runtime_service_invocation_req_sent_total`. */
  readonly name: string;
  readonly labels: readonly MetricLabelRule[];
}

export interface MetricsHttpOptions {
  /**
   * Record one series per request path (high cardinality) instead of per matched route.
   * @default - Dapr's default for the running version (false since 1.15)
   */
  readonly increasedCardinality?: boolean;
  /**
   * Path templates (e.g. `/orders/{orderID}`) whose matches are recorded under the template.
   * @default - none
   */
  readonly pathMatching?: readonly string[];
  /**
   * Leave the HTTP verb out of the labels.
   * @default false
   */
  readonly excludeVerbs?: boolean;
}

export interface MetricsOptions {
  /**
   * Export sidecar metrics.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Label rewriting rules that keep cardinality bounded.
   * @default - none
   */
  readonly rules?: readonly MetricRule[];
  /**
   * HTTP server metric options.
   * @default - Dapr's defaults
   */
  readonly http?: MetricsHttpOptions;
  /**
   * Upper bounds of the latency histogram buckets (whole milliseconds, ascending).
   * @default - Dapr's built-in buckets (1ms … 100s)
   */
  readonly latencyBuckets?: readonly Duration[];
  /**
   * Count errors by Dapr error code.
   * @default false
   */
  readonly recordErrorCodes?: boolean;
}

/** Problems with the latency buckets, or undefined; buckets are whole, strictly ascending milliseconds. */
export function latencyBucketsProblem(buckets: readonly Duration[]): string | undefined {
  const ms = buckets.map((b) => b.toMilliseconds({ integral: false }));
  if (ms.some((v) => !Number.isInteger(v) || v <= 0)) return 'whole, positive numbers of milliseconds';
  if (ms.some((v, i) => i > 0 && v <= ms[i - 1])) return 'strictly ascending buckets';
  return undefined;
}

export function renderMetrics(m: MetricsOptions): Json {
  const http = m.http;
  return {
    enabled: m.enabled ?? true,
    ...(m.rules?.length
      ? { rules: m.rules.map((r) => ({ name: r.name, labels: r.labels.map((l) => ({ name: l.name, regex: { ...l.regex } })) })) }
      : {}),
    ...(http && (http.increasedCardinality !== undefined || http.pathMatching?.length || http.excludeVerbs !== undefined)
      ? {
          http: {
            ...(http.increasedCardinality !== undefined ? { increasedCardinality: http.increasedCardinality } : {}),
            ...(http.pathMatching?.length ? { pathMatching: [...http.pathMatching] } : {}),
            ...(http.excludeVerbs !== undefined ? { excludeVerbs: http.excludeVerbs } : {}),
          },
        }
      : {}),
    ...(m.latencyBuckets?.length ? { latencyDistributionBuckets: m.latencyBuckets.map((b) => b.toMilliseconds()) } : {}),
    ...(m.recordErrorCodes !== undefined ? { recordErrorCodes: m.recordErrorCodes } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// mTLS

export { DEFAULT_CONTROL_PLANE_TRUST_DOMAIN, DEFAULT_SENTRY_ADDRESS };

export interface MtlsOptions {
  /**
   * Encrypt and authenticate sidecar traffic. Access control needs it: caller identities come
   * from the mTLS certificates.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Lifetime of the workload certificates Sentry issues.
   * @default - Sentry's default (24h)
   */
  readonly workloadCertTtl?: Duration;
  /**
   * Clock difference tolerated when certificates are checked.
   * @default - Sentry's default (15m)
   */
  readonly allowedClockSkew?: Duration;
  /**
   * Trust domain of the control plane's own identities.
   * @default 'cluster.local'
   */
  readonly controlPlaneTrustDomain?: string;
  /**
   * `host:port` of Sentry.
   * @default 'dapr-sentry.dapr-system.svc.cluster.local:443'
   */
  readonly sentryAddress?: string;
}

export function renderMtls(m: MtlsOptions): Json {
  return {
    // The CRD requires these three whenever the section exists.
    enabled: m.enabled ?? true,
    controlPlaneTrustDomain: m.controlPlaneTrustDomain ?? DEFAULT_CONTROL_PLANE_TRUST_DOMAIN,
    sentryAddress: m.sentryAddress ?? DEFAULT_SENTRY_ADDRESS,
    ...(m.workloadCertTtl ? { workloadCertTTL: goDuration(m.workloadCertTtl) } : {}),
    ...(m.allowedClockSkew ? { allowedClockSkew: goDuration(m.allowedClockSkew) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// name resolution

/** Name-resolution providers Dapr registers (the short names `nameResolution.component` takes). */
export enum NameResolver {
  KUBERNETES = 'kubernetes',
  MDNS = 'mdns',
  CONSUL = 'consul',
  SQLITE = 'sqlite',
  NAMEFORMAT = 'nameformat',
  AWS_CLOUDMAP = 'aws.cloudmap',
}

export interface NameResolutionOptions {
  readonly resolver: NameResolver;
  /**
   * Component version.
   * @default 'v1'
   */
  readonly version?: string;
  /**
   * Provider settings, passed through as given (shapes differ per provider).
   * @default {}
   */
  readonly configuration?: { readonly [key: string]: Json };
}

export function renderNameResolution(n: NameResolutionOptions): Json {
  return { component: n.resolver, version: n.version ?? 'v1', configuration: { ...(n.configuration ?? {}) } };
}

// ---------------------------------------------------------------------------------------------
// secret scopes

/** Access to the secrets of a store that no list names. */
export enum SecretAccess {
  ALLOW = 'allow',
  DENY = 'deny',
}

/** Secret stores that exist without a Component. */
export enum BuiltinSecretStore {
  /** The Kubernetes secret store every sidecar on Kubernetes has. */
  KUBERNETES = 'kubernetes',
}

export interface SecretScopeOptions {
  /**
   * Access to secrets the lists do not name.
   * @default SecretAccess.DENY
   */
  readonly defaultAccess?: SecretAccess;
  /**
   * Secrets the app may read. When non-empty, Dapr denies every other secret.
   * @default - none
   */
  readonly allowedSecrets?: readonly string[];
  /**
   * Secrets the app may not read.
   * @default - none
   */
  readonly deniedSecrets?: readonly string[];
}

export interface SecretScope extends SecretScopeOptions {
  readonly store: IComponent | BuiltinSecretStore;
}

export function secretStoreName(store: IComponent | BuiltinSecretStore): string {
  return typeof store === 'string' ? store : store.name;
}

export function renderSecretScope(s: SecretScope): Json {
  return {
    storeName: secretStoreName(s.store),
    defaultAccess: s.defaultAccess ?? SecretAccess.DENY,
    // Dapr sorts these itself and binary-searches them; sorting here keeps output stable.
    ...(s.allowedSecrets?.length ? { allowedSecrets: [...s.allowedSecrets].sort() } : {}),
    ...(s.deniedSecrets?.length ? { deniedSecrets: [...s.deniedSecrets].sort() } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// API allow / deny lists

export enum ApiProtocol {
  HTTP = 'http',
  GRPC = 'grpc',
}

/** A Dapr building-block API, as named in allow/deny lists. Open set: use `custom()` for new ones. */
export class DaprApi {
  public static readonly INVOKE = new DaprApi('invoke');
  public static readonly STATE = new DaprApi('state');
  public static readonly PUBLISH = new DaprApi('publish');
  public static readonly BINDINGS = new DaprApi('bindings');
  public static readonly SECRETS = new DaprApi('secrets');
  public static readonly ACTORS = new DaprApi('actors');
  public static readonly METADATA = new DaprApi('metadata');
  public static readonly CONFIGURATION = new DaprApi('configuration');
  public static readonly LOCK = new DaprApi('lock');
  public static readonly WORKFLOWS = new DaprApi('workflows');
  public static readonly CRYPTO = new DaprApi('crypto');
  public static readonly JOBS = new DaprApi('jobs');
  public static readonly CONVERSATION = new DaprApi('conversation');
  public static readonly HEALTHZ = new DaprApi('healthz');
  public static readonly SHUTDOWN = new DaprApi('shutdown');

  /** An API name this enum does not list yet. */
  public static custom(name: string): DaprApi {
    return new DaprApi(name);
  }

  private constructor(public readonly name: string) {}
}

export interface ApiRule {
  readonly api: DaprApi;
  /** API version as Dapr routes it, e.g. `v1.0` (HTTP) or `v1` (gRPC), `v1.0-alpha1`. */
  readonly version: string;
  /**
   * Restrict the rule to one protocol.
   * @default - both HTTP and gRPC
   */
  readonly protocol?: ApiProtocol;
}

export function renderApiRule(r: ApiRule): { [key: string]: Json } {
  return { name: r.api.name, version: r.version, ...(r.protocol ? { protocol: r.protocol } : {}) };
}

export function apiRuleKey(r: { [key: string]: Json }): string {
  return `${r.name}|${r.version}|${r.protocol ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// logging

export interface ApiLoggingOptions {
  /**
   * Log every API call the sidecar serves (sidecars can still override with a flag).
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * Log the route template instead of the concrete URL, which may carry personal data.
   * @default false
   */
  readonly obfuscateUrls?: boolean;
  /**
   * Leave health-check calls out of the log.
   * @default false
   */
  readonly omitHealthChecks?: boolean;
}

export function renderApiLogging(l: ApiLoggingOptions): Json {
  return {
    apiLogging: {
      ...(l.enabled !== undefined ? { enabled: l.enabled } : {}),
      ...(l.obfuscateUrls !== undefined ? { obfuscateURLs: l.obfuscateUrls } : {}),
      ...(l.omitHealthChecks !== undefined ? { omitHealthChecks: l.omitHealthChecks } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// features

/** A preview feature switch. */
export interface FeatureToggle {
  /** Feature name as Dapr spells it, e.g. `HotReload`. */
  readonly name: string;
  /**
   * Whether the feature is on.
   * @default true
   */
  readonly enabled?: boolean;
}
