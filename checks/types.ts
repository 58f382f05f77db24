/**
 * The contract every check follows: a pure function from manifests to findings.
 * Checks never see constructs, so the same code validates a synthesized app,
 * hand-written YAML read from disk, and test fixtures.
 */

/** A Kubernetes object as plain JSON (what `ApiObject.toJson()` or a YAML parser returns). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export type Severity = 'error' | 'warning';

/** One problem found in a set of manifests. */
export interface Finding {
  readonly severity: Severity;
  /** `Kind/namespace/name` of the offending object. */
  readonly resource: string;
  /** Path of the offending field inside the object, e.g. `spec.template.metadata.annotations["dapr.io/app-port"]`. */
  readonly field: string;
  /** What is wrong, naming the bad value. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** Identifier of the check that produced the finding (stable, kebab-case). */
  readonly check: string;
}

/** What a run of the checks is told beyond the manifests. */
export interface CheckOptions {
  /**
   * Component types (`spec.type`) to accept as pluggable or in-house components: the catalog
   * checks skip Components of these types, as they do for the annotation
   * `daprkit.io/custom-type: "true"` (`daprkit lint --custom-type`, or `customTypes` in the lint
   * config file, end up here).
   * @default - none: a type outside the catalog is an error unless its Component is annotated
   */
  readonly customTypes?: readonly string[];
  /**
   * Where daprd reads the objects: `kubernetes` (the API server, the operator and the injector) or
   * `self-hosted` (a resources folder read by daprd's disk loader, as `dapr run` does). Rules of the
   * other target are left out (`daprkit lint --target`).
   * @default 'kubernetes'
   */
  readonly target?: 'kubernetes' | 'self-hosted';
}

/** A check: pure, deterministic, never throws on malformed input (it reports it instead). */
export type Check = (manifests: readonly Manifest[], options?: CheckOptions) => Finding[];
