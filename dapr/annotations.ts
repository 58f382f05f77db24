/**
 * The `dapr.io/*` annotations the Dapr 1.18 sidecar injector (and operator) read, as facts:
 * the key, how the value is parsed, and the deprecations. Checked against Dapr's reference
 * data (`annotations.json`) by the conformance suite, so this table cannot drift silently.
 */

/** How an annotation value must be written for Dapr to read it as intended. */
export type AnnotationFormat =
  | 'enabled' // must be the literal "true" (or "false")
  | 'bool'
  | 'int'
  | 'port'
  | 'string'
  | 'path' // absolute path
  | 'quantity' // Kubernetes resource quantity
  | 'duration' // Go duration
  | 'enum'
  | 'list' // comma-separated items
  | 'host-list' // comma-separated host:port items (may be empty to disable)
  | 'key-value-list' // comma-separated KEY=value pairs
  | 'env-from-secret' // comma-separated KEY=secret or KEY=secret:key pairs
  | 'volume-mounts' // comma-separated volume:/path pairs
  | 'json';

export interface AnnotationSpec {
  readonly key: string;
  readonly format: AnnotationFormat;
  /** For `enum` (a single value) and `list` formats whose items are a closed set. */
  readonly allowedValues?: readonly string[];
  /** Where the annotation belongs: on a pod template, or on a Component resource. */
  readonly appliesTo: 'Pod' | 'Component';
  /** The annotation to use instead, for deprecated ones. */
  readonly replacedBy?: string;
}

const pod = (key: string, format: AnnotationFormat, extra: Partial<AnnotationSpec> = {}): AnnotationSpec => ({
  key: `dapr.io/${key}`,
  format,
  appliesTo: 'Pod',
  ...extra,
});

export const ANNOTATION_SPECS: readonly AnnotationSpec[] = [
  pod('enabled', 'enabled'),
  pod('app-id', 'string'),
  pod('app-port', 'port'),
  pod('app-protocol', 'enum', { allowedValues: ['http', 'grpc', 'https', 'grpcs', 'h2c'] }),
  pod('app-ssl', 'bool', { replacedBy: 'dapr.io/app-protocol' }),
  pod('config', 'string'),
  pod('app-channel-address', 'string'),
  pod('app-max-concurrency', 'int'),
  pod('log-level', 'enum', { allowedValues: ['debug', 'info', 'warn', 'error'] }),
  pod('log-as-json', 'bool'),
  pod('enable-api-logging', 'bool'),
  pod('enable-profiling', 'bool'),
  pod('enable-metrics', 'bool'),
  pod('metrics-port', 'port'),
  pod('enable-debug', 'bool'),
  pod('debug-port', 'port'),
  pod('grpc-port', 'port'),
  pod('internal-grpc-port', 'port'),
  pod('sidecar-listen-addresses', 'list'),
  pod('unix-domain-socket-path', 'path'),
  pod('api-token-secret', 'string'),
  pod('app-token-secret', 'string'),
  pod('env', 'key-value-list'),
  pod('env-from-secret', 'env-from-secret'),
  pod('sidecar-cpu-request', 'quantity'),
  pod('sidecar-cpu-limit', 'quantity'),
  pod('sidecar-memory-request', 'quantity'),
  pod('sidecar-memory-limit', 'quantity'),
  pod('sidecar-liveness-probe-delay-seconds', 'int'),
  pod('sidecar-liveness-probe-timeout-seconds', 'int'),
  pod('sidecar-liveness-probe-period-seconds', 'int'),
  pod('sidecar-liveness-probe-threshold', 'int'),
  pod('sidecar-readiness-probe-delay-seconds', 'int'),
  pod('sidecar-readiness-probe-timeout-seconds', 'int'),
  pod('sidecar-readiness-probe-period-seconds', 'int'),
  pod('sidecar-readiness-probe-threshold', 'int'),
  pod('sidecar-image', 'string'),
  pod('sidecar-seccomp-profile-type', 'enum', { allowedValues: ['Unconfined', 'RuntimeDefault', 'Localhost'] }),
  pod('http-max-request-size', 'int', { replacedBy: 'dapr.io/max-body-size' }),
  pod('max-body-size', 'quantity'),
  pod('http-read-buffer-size', 'int', { replacedBy: 'dapr.io/read-buffer-size' }),
  pod('read-buffer-size', 'quantity'),
  pod('graceful-shutdown-seconds', 'int'),
  pod('block-shutdown-duration', 'duration'),
  pod('volume-mounts', 'volume-mounts'),
  pod('volume-mounts-rw', 'volume-mounts'),
  pod('disable-builtin-k8s-secret-store', 'bool'),
  pod('enable-app-health-check', 'bool'),
  pod('app-health-check-path', 'path'),
  pod('app-health-probe-interval', 'int'),
  pod('app-health-probe-timeout', 'int'),
  pod('app-health-threshold', 'int'),
  pod('app-binding-options-timeout', 'duration'),
  pod('placement-host-address', 'host-list'),
  pod('actors-disseminate-timeout', 'duration'),
  pod('scheduler-host-address', 'host-list'),
  pod('pluggable-components', 'list'),
  pod('pluggable-components-sockets-folder', 'path'),
  pod('inject-pluggable-components', 'bool'),
  { key: 'dapr.io/component-container', format: 'json', appliesTo: 'Component' },
  pod('sentry-request-jwt-audiences', 'list'),
  pod('sidecar-svc-annotations', 'key-value-list'),
  pod('disable-init-endpoints', 'list', { allowedValues: ['config', 'subscribe'] }),
  pod('enable-native-sidecar', 'bool'),
];

export const ANNOTATIONS_BY_KEY: ReadonlyMap<string, AnnotationSpec> = new Map(ANNOTATION_SPECS.map((s) => [s.key, s]));

/** Annotations that belong on a pod template. */
export const POD_ANNOTATION_KEYS: readonly string[] = ANNOTATION_SPECS.filter((s) => s.appliesTo === 'Pod').map((s) => s.key);

export const DAPR_ANNOTATION_PREFIX = 'dapr.io/';
