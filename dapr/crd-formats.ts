/**
 * The string formats Kubernetes' OpenAPI dialect uses in Dapr's CRDs that JSON Schema does not
 * define: integer ranges. Shared by the validators generated at build time
 * (dapr/generated/crd-validators.ts) and those compiled at run time from the reference CRDs
 * (the conformance suite), so both judge a value alike.
 */
export const CRD_FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: 'number' as const, validate: (n: number) => Number.isSafeInteger(n) },
};
