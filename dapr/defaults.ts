/**
 * Defaults of Dapr 1.18 that both the constructs (to write them) and the checks (to assume them when
 * a manifest leaves them out) need. Facts only: no cdk8s, no manifests.
 */

/** The Dapr release daprkit's facts describe, and the control plane it installs by default. */
export const DAPR_VERSION = '1.18.3';

/** The namespace Dapr's control plane is installed into by default. */
export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'dapr-system';

/** The trust domain Dapr assigns to an app whose Configuration names none. */
export const DEFAULT_TRUST_DOMAIN = 'public';

/** Dapr 1.18's control-plane trust domain (Helm `global.mtls.controlPlaneTrustDomain`). */
export const DEFAULT_CONTROL_PLANE_TRUST_DOMAIN = 'cluster.local';

/** Where Dapr 1.18's Sentry listens when the control plane is installed in `dapr-system`. */
export const DEFAULT_SENTRY_ADDRESS = 'dapr-sentry.dapr-system.svc.cluster.local:443';

/** The secret store every sidecar on Kubernetes has without a Component (and the default of `auth.secretStore`). */
export const KUBERNETES_SECRET_STORE = 'kubernetes';

/** The port sidecars use to reach each other (`dapr.io/internal-grpc-port`). */
export const DEFAULT_INTERNAL_GRPC_PORT = 50002;
