/**
 * The registry of check ids: every `Finding.check` daprkit can report, with its severity and what it
 * catches. `daprkit lint --ignore`, the `daprkit.io/ignore` annotation and the README's check table
 * (scripts/generate-check-table.ts) all read it, and a test fails when a check reports an id that is
 * not listed here. Adding a check = one line below.
 */

/** How severe a check's findings are; some checks report errors and warnings for different cases. */
export type CheckSeverity = 'error' | 'warning' | 'error or warning';

export interface CheckInfo {
  readonly severity: CheckSeverity;
  /** One sentence: what the check catches. */
  readonly catches: string;
}

const e = (catches: string): CheckInfo => ({ severity: 'error', catches });
const w = (catches: string): CheckInfo => ({ severity: 'warning', catches });
const ew = (catches: string): CheckInfo => ({ severity: 'error or warning', catches });

export const CHECK_CATALOG: Readonly<Record<string, CheckInfo>> = {
  // reading and schemas (daprkit lint)
  'yaml-syntax': e('A file that is not valid YAML or JSON, or exceeds the reader\'s bounds (size, alias expansion, nesting).'),
  'crd-schema': e('A Dapr object that Dapr 1.18\'s CRD schema rejects (unknown or misspelt field, wrong type, missing required field).'),
  'kubernetes-schema': e('A built-in Kubernetes object that its schema (kubernetes-models) rejects.'),
  'closed-set-value': e('A value outside the closed set Dapr accepts (HTTP verbs, allow/deny actions, app protocols, log levels, …) wherever it appears.'),
  // objects
  'object-name': e('An object name or namespace the API server rejects (not a DNS label or subdomain).'),
  'port-range': e('A container or Service port outside 1–65535.'),
  // annotations and app identity
  'unknown-annotation': e('A `dapr.io/*` annotation Dapr does not know (a typo or a pre-1.0 name).'),
  'deprecated-annotation': w('A `dapr.io/*` annotation Dapr still reads but has deprecated.'),
  'misplaced-annotation': e('`dapr.io/*` annotations on a Deployment\'s own metadata instead of its pod template, where the sidecar injector looks.'),
  'annotation-value': e('An annotation value Dapr cannot parse (number, boolean, quantity, duration, JSON, enum).'),
  'dapr-not-enabled': w('`dapr.io/*` annotations on a pod without `dapr.io/enabled: "true"`: no sidecar is injected.'),
  'invalid-app-id': e('An app-id that is not a DNS label (Dapr names the app\'s Service after it).'),
  'duplicate-app-id': e('Two workloads in one namespace with the same app-id.'),
  'app-port-not-declared': e('A `dapr.io/app-port` that no container of the pod declares (the wrong app-port mistake).'),
  // components
  'component-type': ew('A Component type Dapr 1.18 does not register (error), or one disabled in the daprd build (warning).'),
  'component-version': ew('A Component version the type does not have.'),
  'component-required-field': e('A required metadata field (or every field of an authentication profile) missing.'),
  'component-unknown-field': ew('A metadata field the component does not know (often a typo; warning), or a metadata item without a name (error).'),
  'component-deprecated-field': w('A metadata field deprecated upstream.'),
  'component-field-value': ew('A metadata value outside the allowed values, or not a number, boolean or duration where one is expected.'),
  'component-sensitive-plaintext': e('A password, key or token written as plaintext instead of a secretKeyRef.'),
  'component-secret-store': e('A secretKeyRef through a secret store that does not exist or the app cannot load.'),
  'component-unscoped': w('A Component without scopes, loaded by every app in its namespace.'),
  'scope-unknown-app': w('A scope naming an app-id no workload in the namespace has.'),
  'component-actor-state-store': e('Zero or several actor state stores for an app that needs exactly one.'),
  // subscriptions
  'subscription-pubsub': e('A Subscription naming a pub/sub that does not exist, is not a pub/sub, or is scoped away from a subscriber.'),
  'subscription-routes': e('A Subscription without a topic or a route, or with a malformed route.'),
  // configuration
  'configuration-exists': e('`dapr.io/config` naming a Configuration that does not exist in the namespace.'),
  'configuration-middleware': e('A Configuration pipeline naming a middleware Component that does not exist.'),
  'configuration-sampling-rate': e('A tracing sampling rate Dapr cannot read as a number between 0 and 1.'),
  'configuration-duration': e('A Configuration duration Go cannot parse.'),
  // resiliency
  'resiliency-policy-ref': e('A Resiliency target naming a timeout, retry or circuit breaker the policy does not define.'),
  'resiliency-target-exists': ew('A Resiliency target naming an app or component that does not exist (the unknown resiliency target mistake).'),
  'resiliency-duration': e('A Resiliency duration (timeout, retry interval, breaker interval or timeout) Go cannot parse.'),
  'resiliency-trip': e('A circuit-breaker trip expression that does not parse, so the breaker would never trip.'),
  'resiliency-value': e('A Resiliency setting Dapr cannot use (retry policy other than constant/exponential, bad retry or breaker numbers).'),
  'resiliency-scope-callers': w('A Resiliency whose scopes leave out the callers where an app target would apply.'),
  // access control
  'access-control-invocation': e('A service invocation the callee\'s access-control policy denies.'),
  'access-control-policy': e('An access-control policy Dapr cannot apply (bad trust domain, namespace or operation).'),
  'access-control-policy-app': w('An access-control policy naming an app-id no workload has.'),
  'access-control-mtls': e('Access control configured while mTLS, which it relies on to identify callers, is off.'),
  // catalog precision (issue 11) and hostile input
  'component-ignored-field': w('A documented Component field the runtime never reads from the Component (a dead setting), or one field set under two of its names.'),
  'component-spec': e('A Component without the `spec.metadata` list the CRD requires, or with a malformed one.'),
  'manifest-shape': e('An object whose fields have types no Kubernetes object can have (null metadata, a number where a map belongs, runaway nesting).'),
  // control plane
  'configuration-mtls': w('An `mtls` section in an app Configuration: only the control plane\'s `daprsystem` Configuration turns mTLS on or off.'),
  'control-plane-actors': e('Actor state stores or actor hosts while the control plane runs without placement (actors off).'),
  'control-plane-placement-replicas': w('An even placement replica count in HA mode (Raft wants an odd number).'),
  'control-plane-sidecar-version': w('A `dapr.io/sidecar-image` of another Dapr version than the control plane.'),
  'control-plane-values': w('A top-level key in the control plane\'s raw Helm values that the `dapr` chart does not know.'),
  // objects, resources, production checklist
  'duplicate-object': e('Two objects with the same apiVersion, kind, namespace and name: one silently replaces the other.'),
  'request-above-limit': e('A container or sidecar resource request above its limit: Kubernetes refuses the pod.'),
  'pod-security-restricted': w('A Dapr pod that does not meet the Pod Security "restricted" standard, without an explicit exemption.'),
  'privileged-app-port': w('An app port below 1024 in a container that runs non-root with every capability dropped: it cannot bind.'),
  'sidecar-gomemlimit': w('A sidecar memory limit without `GOMEMLIMIT` in `dapr.io/env`: daprd risks OOM kills.'),
  'configuration-feature': w('A Configuration feature that is not a Dapr 1.18 feature flag (with a did-you-mean), or one with no effect.'),
  'invocation-target-typo': w('An invoked app-id one edit away from an app of the namespace.'),
  'network-policy-egress': w('An address an app needs that its restricted NetworkPolicy egress cuts off or cannot express.'),
  // workloads beyond a Deployment (issue 18)
  'shutdown-grace-period': w('A sidecar graceful shutdown (plus block-shutdown duration) at or above the pod\'s termination grace period: the kubelet kills daprd before it drains.'),
  'job-native-sidecar': w('A Dapr Job or CronJob whose daprd is not a native sidecar: it keeps the pod running, so the Job never completes unless the app calls /v1.0/shutdown.'),
  'cron-schedule': e('A CronJob schedule Kubernetes refuses (not five cron fields or a descriptor, a value out of range, a TZ= prefix).'),
  'in-code-subscription': e('A subscription an app makes in code (daprkit.io/subscribes-in-code) on a pub/sub that does not exist, is not a pub/sub or is scoped away from the app, or an unreadable annotation.'),
  'subscription-declared-twice': w('A topic an app subscribes to both in code and through a Subscription that applies to it: daprd keeps only the in-code one.'),
  'autoscaler-replicas': w('A workload with spec.replicas that an autoscaler (HorizontalPodAutoscaler or KEDA ScaledObject) scales, or two autoscalers on one workload: they fight.'),
  'secret-store-token': ew('A Dapr pod without its service-account token whose sidecar loads a Kubernetes secret store (the built-in one or a Component): the store cannot authenticate and daprd exits.'),
  'secret-scope-store': e('A Configuration secret scope naming a store that is not a secret-store Component of its namespace: the scope restricts nothing.'),
};

/** Every registered check id, sorted. */
export function checkIds(): string[] {
  return Object.keys(CHECK_CATALOG).sort();
}

/** True when `id` names a registered check. */
export function isCheckId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHECK_CATALOG, id);
}
