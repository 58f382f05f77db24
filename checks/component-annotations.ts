/**
 * Annotations daprkit writes on Components (and HTTPEndpoints) to carry intent the component
 * checks must respect. Dapr ignores them (they are outside `dapr.io/`); hand-written YAML may set
 * them too.
 */

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
