/**
 * The registry of check ids: every `Finding.check` daprkit can report, with its severity and what it
 * catches. `daprkit lint --ignore`, the `daprkit.io/ignore` annotation and the README's check table
 * (scripts/generate-check-table.ts) all read it, and a test fails when a check reports an id that is
 * not listed here. Adding a check = one line below.
 */

/** How severe a check's findings are; some checks report errors and warnings for different cases. */
export type CheckSeverity = 'error' | 'warning' | 'error or warning';

/**
 * Where daprd reads the objects: from the Kubernetes API server (the operator and injector), or
 * from a resources folder on disk (`dapr run`, self-hosted mode), whose loader has other rules.
 */
export type Target = 'kubernetes' | 'self-hosted';

export const TARGETS: readonly Target[] = ['kubernetes', 'self-hosted'];

export interface CheckInfo {
  readonly severity: CheckSeverity;
  /** One sentence: what the check catches. */
  readonly catches: string;
  /**
   * The one target the check's rule holds for.
   * @default - both targets
   */
  readonly only?: Target;
}

const e = (catches: string): CheckInfo => ({ severity: 'error', catches });
const w = (catches: string): CheckInfo => ({ severity: 'warning', catches });
const ew = (catches: string): CheckInfo => ({ severity: 'error or warning', catches });
/** A rule of one target only: `kubernetesOnly(e('...'))`. */
const kubernetesOnly = (info: CheckInfo): CheckInfo => ({ ...info, only: 'kubernetes' });
const selfHostedOnly = (info: CheckInfo): CheckInfo => ({ ...info, only: 'self-hosted' });

export const CHECK_CATALOG: Readonly<Record<string, CheckInfo>> = {
  // the rules of daprd's disk loader (`daprkit lint --target self-hosted`)
  'self-hosted-name': selfHostedOnly(e('A resource name daprd\'s disk loader refuses (".", "..", or containing "/" or "%"): the resource is skipped.')),
  'self-hosted-duplicate': selfHostedOnly(e('Two resources of one kind with the same name in a resources folder: daprd refuses to load them and does not start.')),
  'self-hosted-secret-store': selfHostedOnly(e('A secretKeyRef with no secret store that self-hosted daprd can use (there is no built-in `kubernetes` store off Kubernetes).')),
  'self-hosted-template': selfHostedOnly(e('A Component value with `{podName}`, which self-hosted daprd cannot fill in (the component fails to initialize).')),
  // reading and schemas (daprkit lint)
  'yaml-syntax': e('A file that is not valid YAML or JSON, or exceeds the reader\'s bounds (size, alias expansion, nesting).'),
  'crd-schema': ew('A Dapr object that Dapr 1.18\'s CRD schema rejects (unknown or misspelt field, wrong type, missing required field); self-hosted, an unknown field is a warning and a missing one no problem.'),
  'kubernetes-schema': kubernetesOnly(e('A built-in Kubernetes object that its schema (kubernetes-models) rejects.')),
  'closed-set-value': e('A value outside the closed set Dapr accepts (HTTP verbs, allow/deny actions, app protocols, log levels, …) wherever it appears.'),
  // objects
  'object-name': kubernetesOnly(e('An object name or namespace the API server rejects (not a DNS label or subdomain).')),
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
  'component-required-field': e('A metadata field the component needs missing: required outright, by every field of an authentication profile, by another field\'s value (Kafka `authType: mtls`, a binding\'s explicit `direction`), or one of a set of alternatives.'),
  'component-field-combination': ew('Metadata fields set in a combination the component refuses (error) or silently ignores (warning): half of a pair such as SMTP `user` and `password`, two fields that exclude each other, or a field another field\'s value forbids.'),
  'component-unknown-field': ew('A metadata field the component does not know (often a typo; warning), or a metadata item without a name (error).'),
  'component-deprecated-field': w('A metadata field deprecated upstream.'),
  'component-field-value': ew('A metadata value outside the allowed values, or not a number, boolean or duration where one is expected.'),
  'component-sensitive-plaintext': e('A password, key or token written as plaintext instead of a secretKeyRef (Component metadata, MCPServer headers, env and URLs).'),
  'component-secret-store': e('A secretKeyRef (of a Component, HTTPEndpoint or MCPServer) through a secret store that does not exist or the app cannot load.'),
  'component-unscoped': w('A Component without scopes, loaded by every app in its namespace.'),
  'scope-unknown-app': w('A scope naming an app-id no workload in the namespace has.'),
  'component-actor-state-store': e('Zero or several actor state stores for an app that needs exactly one (an actor or workflow host), or an actor state store whose type cannot hold actor state.'),
  // subscriptions
  'subscription-pubsub': e('A Subscription naming a pub/sub that does not exist, is not a pub/sub, or is scoped away from a subscriber.'),
  'subscription-routes': e('A Subscription without a topic or a route, or with a malformed route.'),
  // configuration
  'configuration-exists': e('`dapr.io/config` naming a Configuration that does not exist in the namespace.'),
  'configuration-middleware': w('A Configuration pipeline handler naming no middleware Component of that name, type and version: daprd skips it silently.'),
  'configuration-sampling-rate': e('A tracing sampling rate Dapr cannot read as a number between 0 and 1.'),
  'configuration-duration': e('A Configuration duration Go cannot parse.'),
  // resiliency
  'resiliency-policy-ref': e('A Resiliency target naming a timeout, retry or circuit breaker the policy does not define.'),
  'resiliency-target-exists': ew('A Resiliency target naming an app or component that does not exist (the unknown resiliency target mistake).'),
  'resiliency-duration': e('A Resiliency duration (timeout, retry interval, breaker interval or timeout) daprd cannot parse: it ignores the whole Resiliency.'),
  'resiliency-trip': e('A circuit-breaker trip expression that does not parse: daprd ignores the whole Resiliency.'),
  'resiliency-value': e('A Resiliency setting Dapr cannot use (retry policy other than constant/exponential, bad retry or breaker numbers).'),
  'resiliency-scope-callers': w('A Resiliency whose scopes leave out the callers where an app target would apply.'),
  // access control
  'access-control-invocation': e('A service invocation the callee\'s access-control policy denies.'),
  'access-control-policy': e('An access-control policy Dapr cannot apply (bad trust domain, namespace or operation).'),
  'access-control-policy-app': w('An access-control policy naming an app-id no workload has.'),
  'access-control-mtls': e('Access control (a Configuration\'s, or WorkflowAccessPolicies) configured while mTLS, which it relies on to identify callers, is off.'),
  // catalog precision (issue 11) and hostile input
  'component-ignored-field': w('A documented Component field the runtime never reads from the Component (a dead setting), or one field set under two of its names.'),
  'component-spec': kubernetesOnly(e('A Component without the `spec.metadata` list the CRD requires.')),
  'manifest-shape': e('An object whose fields have types no Kubernetes object can have (null metadata, a number where a map belongs, runaway nesting).'),
  // control plane
  'configuration-mtls': w('An `mtls` section in an app Configuration: only the control plane\'s `daprsystem` Configuration turns mTLS on or off.'),
  'control-plane-actors': e('Actor state stores, actor hosts or workflow hosts while the control plane runs without placement (actors off).'),
  'control-plane-placement-replicas': w('A `replicaCount` for placement or the scheduler, which the dapr chart does not read (their replica counts are fixed).'),
  'control-plane-sidecar-version': w('A `dapr.io/sidecar-image` of another Dapr version than the control plane.'),
  'control-plane-values': w('A top-level key in the control plane\'s raw Helm values that the `dapr` chart does not know.'),
  // objects, resources, production checklist
  'duplicate-object': kubernetesOnly(e('Two objects with the same apiVersion, kind, namespace and name: one silently replaces the other.')),
  'request-above-limit': e('A container or sidecar resource request above its limit: Kubernetes refuses the pod.'),
  'pod-security-restricted': w('A Dapr pod that does not meet the Pod Security "restricted" standard, without an explicit exemption.'),
  'privileged-app-port': w('An app port below 1024 in a container that runs non-root with every capability dropped: it cannot bind.'),
  'sidecar-gomemlimit': w('A sidecar memory limit without `GOMEMLIMIT` in `dapr.io/env`: daprd risks OOM kills.'),
  'configuration-feature': w('A Configuration feature that is not a Dapr 1.18 feature flag (with a did-you-mean), or one with no effect.'),
  'invocation-target-typo': w('An invoked app-id one edit away from an app of the namespace.'),
  'network-policy-egress': w('An address an app needs that its restricted NetworkPolicy egress cuts off or cannot express.'),
  // actors, workflows and agents (issue 19)
  'daprkit-annotation': w('A daprkit annotation (`daprkit.io/invokes`, `daprkit.io/workflows`, `daprkit.io/schedules-workflows`) that cannot be read, so the checks that need it skip the app.'),
  'resiliency-actor-type': w('A Resiliency actor target naming a type no app of the namespace hosts (when the manifests say which types are hosted).'),
  'control-plane-scheduler': e('Workflow hosts while the control plane runs without the scheduler, which keeps the reminders workflows run on.'),
  'crd-version-field': w('A field the CRD of the pinned Dapr version lacks (workflow concurrency limits before chart 1.18.1, WorkflowAccessPolicy `requires` before 1.19): the API server drops it.'),
  'configuration-workflow': w('A Configuration workflow limit daprd ignores (zero or negative, or a per-name limit without a name or maximum).'),
  'workflow-signing-mtls': e('Feature `WorkflowHistorySigning` while the control plane disables mTLS: daprd does not start.'),
  'workflow-access-policy-rule': e('A WorkflowAccessPolicy rule daprd or the API server cannot apply: no workflows or activities, a malformed glob, an operation listed twice.'),
  'workflow-access-policy-host': w('A WorkflowAccessPolicy scoped to an app that hosts no workflows (when the manifests say which apps do).'),
  'workflow-access-policy-caller': w('A WorkflowAccessPolicy caller naming no app of its namespace (other namespaces are always denied), or the host itself.'),
  'workflow-access-denied': e('A workflow or activity call (`schedulesWorkflows`, an MCP middleware hook) the host\'s WorkflowAccessPolicies deny.'),
  'workflow-schedule-target': w('A workflow call to an app that runs no workload, hosts no workflows, or does not register the workflow named.'),
  'mcp-server-endpoint': e('An MCPServer endpoint daprd refuses: not exactly one transport, a URL that is not http(s) with a host, a timeout that is not a duration, stdio on Kubernetes.'),
  'mcp-server-oauth2': ew('MCPServer OAuth2 settings that cannot fetch a token (no client secret, no token URL; error), or SPIFFE set beside OAuth2 (ignored; warning).'),
  'mcp-server-middleware': ew('An MCPServer middleware hook naming an app that hosts no workflows (error), or an app or workflow that is not there (warning).'),
  'mcp-server-unscoped': w('An MCPServer without scopes: every app of the namespace loads it and connects to it at startup.'),
  'mcp-server-workflow-host': w('An app loading an MCPServer without an actor state store: the server\'s tools run as workflows in its sidecar.'),
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

/** True when findings of check `id` hold for `target` (unregistered ids do: nothing says otherwise). */
export function appliesTo(id: string, target: Target): boolean {
  const only = isCheckId(id) ? CHECK_CATALOG[id].only : undefined;
  return only === undefined || only === target;
}

/** True when `id` names a registered check. */
export function isCheckId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(CHECK_CATALOG, id);
}
