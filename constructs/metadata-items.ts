/**
 * Rendering of Dapr metadata items (`[{name, value | secretKeyRef | envRef}]`) from typed values.
 * Everything becomes a string, because that is how the runtime reads metadata, and items are
 * sorted by name so the output does not depend on the order props were written in.
 */
import { Duration, Size } from 'cdk8s';
import { goDuration } from './duration';
import { sizeQuantity } from './quantity';
import { MetadataValue, SecretValue, ValueSource } from './secret-value';

/** Any value a metadata item can be given. */
export type MetadataInput = string | number | boolean | Duration | Size | SecretValue | MetadataValue;

/** One rendered item, as the Component / HTTPEndpoint CRDs define it. */
export interface MetadataItem extends ValueSource {
  readonly name: string;
}

/** Metadata as props take it: field name → value; `undefined` entries are left out. */
export type MetadataMap = { readonly [field: string]: MetadataInput | undefined };

/** The CRD form of one value. Numbers must be finite; they are written in decimal. */
export function renderValue(field: string, input: MetadataInput): ValueSource {
  if (input instanceof SecretValue || input instanceof MetadataValue) return input._render();
  if (input instanceof Duration) return { value: goDuration(input) };
  if (input instanceof Size) return { value: sizeQuantity(input) };
  switch (typeof input) {
    case 'string':
      return { value: input };
    case 'boolean':
      return { value: input ? 'true' : 'false' };
    case 'number':
      if (!Number.isFinite(input)) {
        throw new Error(`Metadata field "${field}" must be a finite number, got ${input}.`);
      }
      // Avoid exponent notation, which Go's integer parsing rejects.
      return { value: Number.isInteger(input) ? BigInt(input).toString() : String(input) };
    default:
      throw new Error(
        `Metadata field "${field}" has an unsupported value ${JSON.stringify(input)}: use a string, number, boolean, ` +
          'Duration, Size, SecretValue or MetadataValue.',
      );
  }
}

/**
 * Items sorted by name; `undefined` entries are skipped. A value that cannot be rendered throws,
 * unless `onError` is given: then it is passed there and the item is left out.
 */
export function renderMetadataItems(metadata: MetadataMap | undefined, onError?: (field: string, error: Error) => void): MetadataItem[] {
  if (!metadata) return [];
  return Object.keys(metadata)
    .sort()
    .flatMap((name) => {
      const input = metadata[name];
      if (input === undefined) return [];
      try {
        return [{ name, ...renderValue(name, input) }];
      } catch (e) {
        if (!onError) throw e;
        onError(name, e as Error);
        return [];
      }
    });
}

/** Names of the fields given as `SecretValue.unsafePlainText`, sorted: the explicit plaintext opt-ins. */
export function plainTextSecretFields(metadata: MetadataMap | undefined): string[] {
  if (!metadata) return [];
  return Object.keys(metadata)
    .filter((name) => {
      const input = metadata[name];
      return input instanceof SecretValue && input.isPlainText;
    })
    .sort();
}
