/**
 * Annotations daprkit itself writes (on pod templates, Components and HTTPEndpoints), so that checks
 * over plain manifests can see intent that Dapr's own YAML has no place for. Dapr ignores them
 * (they are outside `dapr.io/`); hand-written YAML may set them too.
 */

/**
 * The service invocations an app makes, as JSON: `InvocationEdge[]`.
 * Written by `DaprApp.invokes()`; read by the access-control checks.
 */
export const INVOKES_ANNOTATION = 'daprkit.io/invokes';

/** One HTTP operation on the callee: a path (Dapr matches `*` and `**` suffixes) and the verbs used. */
export interface InvokedOperation {
  readonly path: string;
  /** Upper-case HTTP verbs; empty or absent means every verb. */
  readonly verbs?: readonly string[];
}

/** One edge of the invocation graph, as recorded on the caller's pod template. */
export interface InvocationEdge {
  readonly appId: string;
  /** The callee's namespace; absent means the caller's own. */
  readonly namespace?: string;
  readonly operations: readonly InvokedOperation[];
}

/** Parses the annotation; returns undefined when it is not a well-formed edge list. */
export function parseInvocations(value: string | undefined): InvocationEdge[] | undefined {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    for (const edge of parsed) {
      if (edge === null || typeof edge !== 'object' || typeof (edge as InvocationEdge).appId !== 'string') return undefined;
      if (!Array.isArray((edge as InvocationEdge).operations)) return undefined;
    }
    return parsed as InvocationEdge[];
  } catch {
    return undefined;
  }
}

// --- on Components and HTTPEndpoints ---------------------------------------------------------

/**
 * Comma-separated metadata field names whose plaintext value was chosen explicitly
 * (`SecretValue.unsafePlainText`); the sensitive-plaintext check accepts those fields.
 */
export const PLAINTEXT_OK_ANNOTATION = 'daprkit.io/plaintext-ok';

/**
 * `"true"` marks a Component whose `spec.type` is deliberately outside the catalog (a pluggable
 * or in-house component, `ComponentType.custom`); the catalog checks skip it.
 */
export const CUSTOM_TYPE_ANNOTATION = 'daprkit.io/custom-type';

/** Splits a comma-separated annotation value into trimmed, non-empty names. */
export function annotationList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// --- on pod templates: explicit opt-outs ------------------------------------------------------

/**
 * Why a pod does not meet the "restricted" Pod Security Standard (any non-empty text); the
 * pod-security check accepts the pod. Written by DaprApp `podSecurityExemption` / `runAsRoot`.
 */
export const POD_SECURITY_EXEMPT_ANNOTATION = 'daprkit.io/pod-security-exempt';

// --- on any object ---------------------------------------------------------------------------

/**
 * Comma-separated check ids whose findings on this object are deliberate exceptions and are not
 * reported (`daprkit.io/ignore: component-unscoped,scope-unknown-app`). Read from the object's own
 * metadata and, for workloads, from the pod template.
 */
export const IGNORE_ANNOTATION = 'daprkit.io/ignore';

// --- on pod templates: intent of jobs and apps (issue 18) -------------------------------------

/**
 * `"true"` on a Job's or CronJob's pod: the app calls daprd's `/v1.0/shutdown` when it is done, so
 * the Job completes without a native sidecar (the `job-native-sidecar` check accepts it). Written
 * by DaprJob `callsShutdownApi`.
 */
export const CALLS_SHUTDOWN_ANNOTATION = 'daprkit.io/calls-shutdown';

/**
 * The topics an app subscribes to in its own code (it answers `/dapr/subscribe` itself), as JSON:
 * `InCodeSubscription[]`. Written by `subscribesInCode()`; read by the checks, `graph` and `dev`.
 */
export const SUBSCRIBES_IN_CODE_ANNOTATION = 'daprkit.io/subscribes-in-code';

/** One subscription an app makes in code. */
export interface InCodeSubscription {
  readonly pubsub: string;
  readonly topic: string;
  /** The app path events go to, when known. */
  readonly route?: string;
}

/** Parses the annotation; undefined when it is not a well-formed list. */
export function parseInCodeSubscriptions(value: string | undefined): InCodeSubscription[] | undefined {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    for (const s of parsed) {
      if (s === null || typeof s !== 'object') return undefined;
      const { pubsub, topic, route } = s as Record<string, unknown>;
      if (typeof pubsub !== 'string' || typeof topic !== 'string' || (route !== undefined && typeof route !== 'string')) return undefined;
    }
    return parsed as InCodeSubscription[];
  } catch {
    return undefined;
  }
}
