/**
 * Typed options for the Dapr sidecar (`daprd`), one per `dapr.io/*` pod annotation the injector
 * reads, and their rendering into the exact strings the injector parses.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { goDuration } from './duration';
import { sizeQuantity } from './quantity';

/** How the sidecar talks to the app. */
export enum AppProtocol {
  HTTP = 'http',
  GRPC = 'grpc',
  /** HTTP over TLS (replaces the deprecated `app-ssl`). */
  HTTPS = 'https',
  /** gRPC over TLS. */
  GRPCS = 'grpcs',
  /** HTTP/2 without TLS. */
  H2C = 'h2c',
}

export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
}

/** Seccomp profile of the daprd container. */
export enum SidecarSeccompProfile {
  UNCONFINED = 'Unconfined',
  RUNTIME_DEFAULT = 'RuntimeDefault',
  LOCALHOST = 'Localhost',
}

/** Endpoints daprd may skip calling on the app at start-up. */
export enum InitEndpoint {
  /** Don't ask the app for its actor configuration. */
  CONFIG = 'config',
  /** Don't ask the app for its programmatic subscriptions. */
  SUBSCRIBE = 'subscribe',
}

/** A pod volume mounted into the sidecar. */
export interface SidecarVolumeMount {
  /** Name of a volume of the pod. */
  readonly volume: string;
  /** Absolute path inside the daprd container. */
  readonly mountPath: string;
}

/** An environment variable of the sidecar taken from a Kubernetes Secret. */
export interface SidecarSecretEnv {
  readonly secretName: string;
  /**
   * Key inside the Secret.
   * @default - the secret name is also used as the key (Dapr's convention)
   */
  readonly key?: string;
}

/**
 * A Kubernetes Secret that holds a Dapr token under the key `token` (the key daprd reads), e.g.
 * `kubectl create secret generic dapr-api-token --from-literal=token=$(openssl rand -hex 32)`.
 * Only the Secret's name is written to the pod (`dapr.io/api-token-secret` / `app-token-secret`).
 */
export class TokenSecret {
  /** A Secret in the app's namespace, by name (created by another tool, or a secret manager). */
  public static fromSecretName(name: string): TokenSecret {
    return new TokenSecret(name);
  }

  /** A Secret defined in this system (its data must hold `token`). */
  public static fromSecret(secret: { readonly name: string }): TokenSecret {
    return new TokenSecret(secret.name);
  }

  private constructor(public readonly secretName: string) {}
}

/** CPU request and limit of the sidecar. */
export interface SidecarCpu {
  /** @default - no request */
  readonly request?: Cpu;
  /** @default - no limit */
  readonly limit?: Cpu;
}

/** Memory request and limit of the sidecar. */
export interface SidecarMemory {
  /** @default - no request */
  readonly request?: Size;
  /** @default - no limit */
  readonly limit?: Size;
}

/** Probe timings of one of the sidecar's probes. */
export interface SidecarProbe {
  /** @default - Dapr's default (liveness 180s, readiness 1s) */
  readonly initialDelay?: Duration;
  /** @default - Dapr's default (liveness 3s, readiness 1s) */
  readonly timeout?: Duration;
  /** @default - Dapr's default (liveness 10s, readiness 1s) */
  readonly period?: Duration;
  /** Consecutive failures before the probe fails. @default 5 */
  readonly failureThreshold?: number;
}

/**
 * Sidecar settings. Every field maps to one `dapr.io/*` annotation on the pod template; a field
 * left unset writes no annotation, so Dapr's own default applies (named in each `@default`).
 */
export interface SidecarOptions {
  // --- app channel -------------------------------------------------------------------------
  /** Address daprd uses to reach the app. @default - 127.0.0.1 */
  readonly appChannelAddress?: string;
  /** Most requests daprd sends the app at once. @default - unlimited */
  readonly appMaxConcurrency?: number;
  /**
   * @deprecated since Dapr 1.11: set `appProtocol` to `AppProtocol.HTTPS` or `AppProtocol.GRPCS`.
   * @default false
   */
  readonly appSsl?: boolean;
  /** Timeout for the app's answer to the bindings options call. @default - 3s */
  readonly appBindingOptionsTimeout?: Duration;
  /** Start-up calls daprd should not make to the app. @default - all are made */
  readonly disableInitEndpoints?: readonly InitEndpoint[];

  // --- app health ----------------------------------------------------------------------------
  /** Let daprd probe the app and stop delivering work while it is unhealthy. @default false */
  readonly enableAppHealthCheck?: boolean;
  /** Path daprd probes (HTTP apps). @default "/healthz" */
  readonly appHealthCheckPath?: string;
  /** Time between app health probes (whole seconds). @default Duration.seconds(5) */
  readonly appHealthProbeInterval?: Duration;
  /** Timeout of one app health probe (whole milliseconds). @default Duration.millis(500) */
  readonly appHealthProbeTimeout?: Duration;
  /** Failed probes before the app counts as unhealthy. @default 3 */
  readonly appHealthThreshold?: number;

  // --- logging, metrics, debugging -------------------------------------------------------------
  /** @default LogLevel.INFO */
  readonly logLevel?: LogLevel;
  /** @default false */
  readonly logAsJson?: boolean;
  /** Log every API call the app makes to its sidecar. @default - off, unless the Configuration enables it */
  readonly enableApiLogging?: boolean;
  /** @default false */
  readonly enableProfiling?: boolean;
  /** @default true */
  readonly enableMetrics?: boolean;
  /** @default 9090 */
  readonly metricsPort?: number;
  /** Run daprd under a debugger (needs a debug build of the sidecar image). @default false */
  readonly enableDebug?: boolean;
  /** @default 40000 */
  readonly debugPort?: number;

  // --- ports and listeners ---------------------------------------------------------------------
  /** Port of daprd's gRPC API for the app. @default 50001 */
  readonly grpcPort?: number;
  /** Port sidecars use to talk to each other. @default 50002 */
  readonly internalGrpcPort?: number;
  /** Addresses daprd's APIs listen on. @default ["[::1]", "127.0.0.1"] */
  readonly listenAddresses?: readonly string[];
  /** Serve daprd's APIs on a Unix domain socket in this folder instead of TCP. @default - TCP */
  readonly unixDomainSocketPath?: string;

  // --- security --------------------------------------------------------------------------------
  /**
   * The Secret holding the token every caller of daprd's API must send (`dapr-api-token` header);
   * Dapr's production checklist recommends it when anything but the app can reach the sidecar.
   * @default - no token: daprd's API is open to whatever reaches its ports
   */
  readonly apiTokenSecret?: TokenSecret;
  /**
   * The Secret holding the token daprd sends to the app with every call, so the app can tell
   * daprd's calls from others.
   * @default - no token
   */
  readonly appTokenSecret?: TokenSecret;
  /** Audiences of the JWT daprd asks Sentry for. @default - the trust domain */
  readonly sentryRequestJwtAudiences?: readonly string[];
  /** Stop daprd from offering the built-in Kubernetes secret store. @default false */
  readonly disableBuiltinK8sSecretStore?: boolean;
  /** Seccomp profile of the daprd container. @default SidecarSeccompProfile.RUNTIME_DEFAULT (restricted pod security) */
  readonly seccompProfileType?: SidecarSeccompProfile;

  // --- environment and volumes -----------------------------------------------------------------
  /** Plain environment variables of daprd. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables of daprd read from Secrets. @default - none */
  readonly envFromSecret?: Readonly<Record<string, SidecarSecretEnv>>;
  /** Pod volumes mounted read-only into daprd. @default - none */
  readonly volumeMounts?: readonly SidecarVolumeMount[];
  /** Pod volumes mounted read-write into daprd. @default - none */
  readonly volumeMountsRw?: readonly SidecarVolumeMount[];

  // --- resources and probes --------------------------------------------------------------------
  /**
   * CPU of daprd. Pass `{}` to opt out of requests and limits explicitly.
   * @default { request: Cpu.millis(100), limit: Cpu.millis(300) }
   */
  readonly cpu?: SidecarCpu;
  /**
   * Memory of daprd. Pass `{}` to opt out of requests and limits explicitly.
   * @default { request: Size.mebibytes(250), limit: Size.mebibytes(1000) }
   */
  readonly memory?: SidecarMemory;
  /** @default - Dapr's liveness probe timings */
  readonly livenessProbe?: SidecarProbe;
  /** @default - Dapr's readiness probe timings */
  readonly readinessProbe?: SidecarProbe;

  // --- image, request sizes, shutdown ------------------------------------------------------------
  /** Full daprd image reference. @default - the control plane's daprd image */
  readonly image?: string;
  /** Largest request body daprd accepts. @default - 4Mi */
  readonly maxBodySize?: Size;
  /** Read buffer of daprd's HTTP server (also caps header size). @default - 4Ki */
  readonly readBufferSize?: Size;
  /**
   * @deprecated use `maxBodySize`.
   * @default - 4 (MB)
   */
  readonly httpMaxRequestSize?: number;
  /**
   * @deprecated use `readBufferSize`.
   * @default - 4 (KB)
   */
  readonly httpReadBufferSize?: number;
  /** How long daprd waits for in-flight work at shutdown (whole seconds). @default - 5s */
  readonly gracefulShutdown?: Duration;
  /** Keep daprd serving for this long after it is told to stop, while the app finishes. @default - no wait */
  readonly blockShutdownDuration?: Duration;
  /** Run daprd as a Kubernetes native sidecar (an init container that keeps running). @default - the injector's setting */
  readonly enableNativeSidecar?: boolean;

  // --- actors, scheduler, pluggable components, generated Service -----------------------------
  /** Placement servers; an empty list disconnects the app from placement. @default - the control plane's */
  readonly placementHostAddresses?: readonly string[];
  /** Scheduler servers; an empty list disconnects the app from the scheduler. @default - the control plane's */
  readonly schedulerHostAddresses?: readonly string[];
  /** How long actors wait for placement tables to spread. @default - 30s */
  readonly actorsDisseminateTimeout?: Duration;
  /** Containers of the pod that serve pluggable components. @default - none */
  readonly pluggableComponents?: readonly string[];
  /** Folder for pluggable components' sockets. @default - the injector's folder (`dapr-components-sockets` in the system temp directory) */
  readonly pluggableComponentsSocketsFolder?: string;
  /** Let the injector add the containers of Components that carry `dapr.io/component-container`. @default false */
  readonly injectPluggableComponents?: boolean;
  /** Annotations the operator puts on the generated `<app-id>-dapr` Service. @default - none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/** Secure defaults applied to every sidecar unless the option is set. */
export const SIDECAR_DEFAULTS = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(300) } as SidecarCpu,
  memory: { request: Size.mebibytes(250), limit: Size.mebibytes(1000) } as SidecarMemory,
  seccompProfileType: SidecarSeccompProfile.RUNTIME_DEFAULT,
};

const bool = (v: boolean) => (v ? 'true' : 'false');
const int = (v: number) => String(v);
const list = (items: readonly string[]) => items.join(',');
const pairs = (record: Readonly<Record<string, string>>) =>
  Object.keys(record)
    .sort()
    .map((k) => `${k}=${record[k]}`)
    .join(',');
const mounts = (items: readonly SidecarVolumeMount[]) => items.map((m) => `${m.volume}:${m.mountPath}`).join(',');
const wholeSeconds = (d: Duration) => int(d.toSeconds());
const wholeMillis = (d: Duration) => int(d.toMilliseconds());

/** A renderer per option: the annotations (without `dapr.io/`) one option produces. */
type Renderers = { readonly [K in keyof SidecarOptions]-?: (value: NonNullable<SidecarOptions[K]>) => Record<string, string> };

const one =
  <T>(key: string, render: (v: T) => string) =>
  (v: T): Record<string, string> => ({ [key]: render(v) });

function probe(prefix: 'liveness' | 'readiness', p: SidecarProbe): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.initialDelay) out[`sidecar-${prefix}-probe-delay-seconds`] = wholeSeconds(p.initialDelay);
  if (p.timeout) out[`sidecar-${prefix}-probe-timeout-seconds`] = wholeSeconds(p.timeout);
  if (p.period) out[`sidecar-${prefix}-probe-period-seconds`] = wholeSeconds(p.period);
  if (p.failureThreshold !== undefined) out[`sidecar-${prefix}-probe-threshold`] = int(p.failureThreshold);
  return out;
}

/** The table that ties each typed option to its annotation(s); the type forces an entry per option. */
const RENDERERS: Renderers = {
  appChannelAddress: one('app-channel-address', String),
  appMaxConcurrency: one('app-max-concurrency', int),
  appSsl: one('app-ssl', bool),
  appBindingOptionsTimeout: one('app-binding-options-timeout', goDuration),
  disableInitEndpoints: one('disable-init-endpoints', list),
  enableAppHealthCheck: one('enable-app-health-check', bool),
  appHealthCheckPath: one('app-health-check-path', String),
  appHealthProbeInterval: one('app-health-probe-interval', wholeSeconds),
  appHealthProbeTimeout: one('app-health-probe-timeout', wholeMillis),
  appHealthThreshold: one('app-health-threshold', int),
  logLevel: one('log-level', String),
  logAsJson: one('log-as-json', bool),
  enableApiLogging: one('enable-api-logging', bool),
  enableProfiling: one('enable-profiling', bool),
  enableMetrics: one('enable-metrics', bool),
  metricsPort: one('metrics-port', int),
  enableDebug: one('enable-debug', bool),
  debugPort: one('debug-port', int),
  grpcPort: one('grpc-port', int),
  internalGrpcPort: one('internal-grpc-port', int),
  listenAddresses: one('sidecar-listen-addresses', list),
  unixDomainSocketPath: one('unix-domain-socket-path', String),
  apiTokenSecret: one('api-token-secret', (v) => v.secretName),
  appTokenSecret: one('app-token-secret', (v) => v.secretName),
  sentryRequestJwtAudiences: one('sentry-request-jwt-audiences', list),
  disableBuiltinK8sSecretStore: one('disable-builtin-k8s-secret-store', bool),
  seccompProfileType: one('sidecar-seccomp-profile-type', String),
  env: one('env', pairs),
  envFromSecret: one('env-from-secret', (v) =>
    Object.keys(v)
      .sort()
      .map((k) => `${k}=${v[k].secretName}${v[k].key ? `:${v[k].key}` : ''}`)
      .join(','),
  ),
  volumeMounts: one('volume-mounts', mounts),
  volumeMountsRw: one('volume-mounts-rw', mounts),
  cpu: (v) => ({
    ...(v.request ? { 'sidecar-cpu-request': v.request.amount } : {}),
    ...(v.limit ? { 'sidecar-cpu-limit': v.limit.amount } : {}),
  }),
  memory: (v) => ({
    ...(v.request ? { 'sidecar-memory-request': sizeQuantity(v.request) } : {}),
    ...(v.limit ? { 'sidecar-memory-limit': sizeQuantity(v.limit) } : {}),
  }),
  livenessProbe: (v) => probe('liveness', v),
  readinessProbe: (v) => probe('readiness', v),
  image: one('sidecar-image', String),
  maxBodySize: one('max-body-size', sizeQuantity),
  readBufferSize: one('read-buffer-size', sizeQuantity),
  httpMaxRequestSize: one('http-max-request-size', int),
  httpReadBufferSize: one('http-read-buffer-size', int),
  gracefulShutdown: one('graceful-shutdown-seconds', wholeSeconds),
  blockShutdownDuration: one('block-shutdown-duration', goDuration),
  enableNativeSidecar: one('enable-native-sidecar', bool),
  placementHostAddresses: one('placement-host-address', list),
  schedulerHostAddresses: one('scheduler-host-address', list),
  actorsDisseminateTimeout: one('actors-disseminate-timeout', goDuration),
  pluggableComponents: one('pluggable-components', list),
  pluggableComponentsSocketsFolder: one('pluggable-components-sockets-folder', String),
  injectPluggableComponents: one('inject-pluggable-components', bool),
  serviceAnnotations: one('sidecar-svc-annotations', pairs),
};

/**
 * Share of the sidecar's memory limit given to the Go runtime as `GOMEMLIMIT`: Go then collects
 * garbage harder near the limit instead of being OOM-killed (Dapr's production guidance; the
 * injector does not set it). The rest is headroom for memory Go does not account for.
 */
export const GOMEMLIMIT_SHARE = 0.9;

/** `GOMEMLIMIT` for a memory limit, in whole MiB (Go reads the `MiB` suffix). */
export function goMemLimit(limit: Size): string {
  return `${Math.floor(limit.toMebibytes({ rounding: 1 }) * GOMEMLIMIT_SHARE)}MiB`;
}

/** Options for rendering sidecar annotations. */
export interface RenderSidecarOptions {
  /**
   * Apply `SIDECAR_DEFAULTS` (and the derived `GOMEMLIMIT`) to options left unset.
   * @default true
   */
  readonly defaults?: boolean;
  /**
   * Called for an option that cannot be rendered (e.g. a Duration that is not whole seconds); the
   * option is then left out instead of throwing.
   * @default - the error is thrown
   */
  readonly onError?: (option: keyof SidecarOptions, error: Error) => void;
}

/** The `dapr.io/*` annotations for a set of sidecar options, secure defaults included, keys sorted. */
export function renderSidecarAnnotations(options: SidecarOptions, render_: RenderSidecarOptions = {}): Record<string, string> {
  const withDefaults: SidecarOptions = render_.defaults === false ? options : withGoMemLimit({ ...SIDECAR_DEFAULTS, ...options });
  return sortedKeys(renderOptions(withDefaults, render_.onError));
}

/** Each option's place in the table: options are rendered (and their problems reported) in that order. */
const RENDER_ORDER = new Map(Object.keys(RENDERERS).map((prop, i) => [prop, i]));

/** Renders the options that are set (a pass over them, not over the whole table); keys unsorted. */
function renderOptions(options: SidecarOptions, onError?: (option: keyof SidecarOptions, error: Error) => void): Record<string, string> {
  const out: Record<string, string> = {};
  const props = (Object.keys(options) as (keyof SidecarOptions)[]).filter((p) => RENDER_ORDER.has(p) && options[p] !== undefined);
  props.sort((a, b) => RENDER_ORDER.get(a)! - RENDER_ORDER.get(b)!);
  for (const prop of props) {
    const value = options[prop];
    const render = RENDERERS[prop] as (v: unknown) => Record<string, string>;
    let annotations: Record<string, string>;
    try {
      annotations = render(value);
    } catch (e) {
      if (!onError) throw e;
      onError(prop, e as Error);
      continue;
    }
    for (const key in annotations) out[`dapr.io/${key}`] = annotations[key];
  }
  return out;
}

function sortedKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

/** What `renderSidecar` gives: the annotations, which of them the user set, and every problem. */
export interface RenderedSidecar {
  /** Every `dapr.io/*` annotation, defaults included, keys sorted. */
  readonly annotations: Record<string, string>;
  /** The annotations the options themselves set (no defaults). */
  readonly fromOptions: Record<string, string>;
  /** Problems as `annotation: problem. fix` (see `sidecarOptionProblems`). */
  readonly problems: string[];
}

/**
 * Renders the options once and judges the result: what `renderSidecarAnnotations` (with and
 * without defaults) and `sidecarOptionProblems` give, for the cost of one rendering.
 */
export function renderSidecar(options: SidecarOptions, judge: (key: string, value: string) => { message: string; hint: string } | undefined): RenderedSidecar {
  const problems = separatorProblems(options);
  const annotations = sortedKeys(renderOptions(withGoMemLimit({ ...SIDECAR_DEFAULTS, ...options }), (option, e) => problems.push(`${option}: ${e.message}`)));
  // Rendering only what is set is cheap (usually nothing); an option that failed above fails silently here.
  const fromOptions = renderOptions(options, () => undefined);
  for (const key in annotations) {
    const problem = judge(key, annotations[key]);
    if (!problem) continue;
    problems.push(`${problem.message} ${problem.hint}`);
    // Reported once, here, with the construct path: the value Dapr cannot read is left out, so the
    // checks do not report it a second time on the synthesized pod.
    delete annotations[key];
    delete fromOptions[key];
  }
  return { annotations, fromOptions: sortedKeys(fromOptions), problems };
}

/** Adds `GOMEMLIMIT` to the sidecar's env when it has a memory limit and the env does not set one. */
function withGoMemLimit(options: SidecarOptions): SidecarOptions {
  const limit = options.memory?.limit;
  if (!limit || options.env?.GOMEMLIMIT !== undefined) return options;
  return { ...options, env: { ...options.env, GOMEMLIMIT: goMemLimit(limit) } };
}

/** Options whose values are joined with commas or `=` by the injector, so the pieces may contain neither. */
function separatorProblems(options: SidecarOptions): string[] {
  const problems: string[] = [];
  const unsafe = (s: string) => /[,=]/.test(s);
  for (const [key, value] of Object.entries({ ...options.env, ...options.serviceAnnotations })) {
    if (unsafe(key) || value.includes(',')) problems.push(`env/serviceAnnotations entry ${JSON.stringify(`${key}=${value}`)} contains "," or "=" in a place the injector splits on`);
  }
  for (const item of [...(options.listenAddresses ?? []), ...(options.pluggableComponents ?? []), ...(options.sentryRequestJwtAudiences ?? [])]) {
    if (item.includes(',')) problems.push(`list item ${JSON.stringify(item)} contains ","`);
  }
  return problems;
}

/**
 * Every problem with a set of sidecar options, each as `annotation: problem. fix`. Values are
 * rendered and then judged by the same rules the checks apply to hand-written YAML.
 */
export function sidecarOptionProblems(
  options: SidecarOptions,
  judge: (key: string, value: string) => { message: string; hint: string } | undefined,
): string[] {
  return renderSidecar(options, judge).problems;
}
