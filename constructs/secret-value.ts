/**
 * Values of Dapr metadata items (Component metadata, HTTPEndpoint headers) that are not written
 * inline as plain text: secrets from a secret store, and environment variables of the sidecar.
 */

/** Where a secret lives in a Dapr secret store: `secretKeyRef` of a metadata item. */
export interface SecretKeyRef {
  /** Name of the secret (for the Kubernetes store: the `Secret` object). */
  readonly name: string;
  /** Key inside the secret. */
  readonly key: string;
}

/**
 * The value part of a rendered metadata item; exactly one member is set.
 * Mirrors the CRD's `{value | secretKeyRef | envRef}`.
 */
export interface ValueSource {
  readonly value?: string;
  readonly secretKeyRef?: SecretKeyRef;
  readonly envRef?: string;
}

function requireNonEmpty(what: string, value: string, fix: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${what} must be a non-empty string, got ${JSON.stringify(value)}. ${fix}`);
  }
}

/**
 * A secret: a reference into a secret store (the safe default), an environment variable of the
 * sidecar, or, explicitly, plain text. Fields the catalog marks sensitive accept only this type.
 */
export class SecretValue {
  /** The secret `key` of the secret named `secretName`, read through the resource's secret store. */
  public static fromSecret(secretName: string, key: string): SecretValue {
    requireNonEmpty('SecretValue.fromSecret: secretName', secretName, 'Pass the name of the secret in the secret store.');
    requireNonEmpty('SecretValue.fromSecret: key', key, 'Pass the key inside the secret.');
    return new SecretValue({ secretKeyRef: { name: secretName, key } }, false);
  }

  /** The value of an environment variable of the daprd sidecar (`envRef`), e.g. one filled from a Kubernetes Secret. */
  public static fromEnv(variable: string): SecretValue {
    requireNonEmpty('SecretValue.fromEnv: variable', variable, 'Pass the name of an environment variable of the sidecar.');
    return new SecretValue({ envRef: variable }, false);
  }

  /**
   * Plain text, written into the manifest as is. Anyone who can read the manifest (or the
   * repository it is committed to) can read the secret; meant for local development only.
   * The synth checks accept it for this field because the choice was explicit.
   */
  public static unsafePlainText(value: string): SecretValue {
    return new SecretValue({ value }, true);
  }

  private constructor(
    private readonly source: ValueSource,
    /** True for `unsafePlainText`: the owner records the field so the plaintext check accepts it. */
    public readonly isPlainText: boolean,
  ) {}

  /** The secret store reference, when this value is one. */
  public get secretKeyRef(): SecretKeyRef | undefined {
    return this.source.secretKeyRef;
  }

  /** @internal The CRD form: `{secretKeyRef}`, `{envRef}` or `{value}`. */
  public _render(): ValueSource {
    return this.source;
  }
}

/**
 * An escape hatch for a non-secret metadata field: an environment variable of the sidecar, or a
 * literal string where the typed field would not accept it (e.g. `-1` for a duration field that
 * treats it as "disabled"). The synth checks still validate literals.
 */
export class MetadataValue {
  /** The value of an environment variable of the daprd sidecar (`envRef`). */
  public static fromEnv(variable: string): MetadataValue {
    requireNonEmpty('MetadataValue.fromEnv: variable', variable, 'Pass the name of an environment variable of the sidecar.');
    return new MetadataValue({ envRef: variable });
  }

  /** A literal string, passed through unchanged. */
  public static literal(value: string): MetadataValue {
    return new MetadataValue({ value });
  }

  private constructor(private readonly source: ValueSource) {}

  /** @internal The CRD form: `{envRef}` or `{value}`. */
  public _render(): ValueSource {
    return this.source;
  }
}
