/**
 * Facts about installing Dapr's control plane with its Helm chart: where the chart lives, what it
 * creates that matters to the checks, and what the running control plane patches in the objects the
 * chart installed (GitOps tools must leave those fields alone or they fight it forever).
 */
export { DAPR_CHART_VALUES, DAPR_CHART_TOP_LEVEL_KEYS } from './generated/chart-values';

/** The Helm repository Dapr publishes its charts to. */
export const DAPR_HELM_REPOSITORY = 'https://dapr.github.io/helm-charts';

/** The chart that installs the whole control plane (operator, placement, sentry, injector, scheduler). */
export const DAPR_CHART = 'dapr';

/** The Configuration the chart creates in the control-plane namespace; the injector and sentry read mTLS from it. */
export const DAPR_SYSTEM_CONFIGURATION = 'daprsystem';

/** A field the control plane writes at run time into an object its chart installed. */
export interface PatchedField {
  readonly group: string;
  readonly kind: string;
  /** jq paths of the patched fields (Argo CD `jqPathExpressions` syntax). */
  readonly jqPathExpressions: readonly string[];
  /** The same fields as Pulumi property paths (`ignoreChanges` syntax). */
  readonly propertyPaths: readonly string[];
}

/**
 * The sidecar injector fills in the CA bundle of its mutating webhook, and the operator the CA
 * bundle of the CRDs' conversion webhooks, once their certificates exist. The chart ships them empty.
 */
export const CONTROL_PLANE_PATCHED_FIELDS: readonly PatchedField[] = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'], propertyPaths: ['webhooks[*].clientConfig.caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'], propertyPaths: ['spec.conversion.webhook.clientConfig.caBundle'] },
];
