/**
 * Support for the generated typed factories (`StateStore.redis`, `PubSub.kafka`, …): the value
 * types their metadata fields use, and the one helper every factory calls.
 */
import { Duration, Size } from 'cdk8s';
import { ComponentOptions, ComponentProps } from './component';
import { ComponentType } from './generated/component-types';
import { MetadataMap } from './metadata-items';
import { MetadataValue, SecretValue } from './secret-value';

// Every non-secret field also takes a MetadataValue: an env reference, or an explicit literal for
// the odd value the typed form cannot express. Plain strings never reach a secret field.

/** A text field. */
export type StringField = string | MetadataValue;
/** A numeric field. */
export type NumberField = number | MetadataValue;
/** A boolean field, rendered `"true"` / `"false"`. */
export type BoolField = boolean | MetadataValue;
/** A duration field, rendered in Go syntax (`1m30s`). */
export type DurationField = Duration | MetadataValue;
/** A byte-size field, rendered as a quantity (`100Mi`). */
export type SizeField = Size | MetadataValue;
/** A field that accepts only the listed values. */
export type OneOf<T extends string | number> = T | MetadataValue;
/** A sensitive field: only a SecretValue (a secret reference, an env reference, or explicit plain text). */
export type SecretField = SecretValue;

/**
 * Fields of the metadata `M` that go together, as the component code takes them: either all of
 * `K` are set, or none of `T` (the fields that call for them; by default `K` itself). The typed
 * factories of SMTP take `AllOrNone<SmtpBindingMetadata, 'password' | 'user'>`: credentials are
 * optional, but a user without a password does not compile.
 */
export type AllOrNone<M, K extends keyof M, T extends keyof M = K> = Required<Pick<M, K>> | { readonly [P in T]?: never };

/** The metadata of a component type that has no fields: nothing may be set. */
export type NoMetadata = Readonly<Record<string, never>>;

/** Props of a typed factory whose metadata has required fields. */
export interface TypedComponentProps<M extends object> extends ComponentOptions {
  /** The component's metadata, typed for its component type and version. */
  readonly metadata: M;
}

/** Props of a typed factory whose metadata fields are all optional. */
export interface OptionalTypedComponentProps<M extends object> extends ComponentOptions {
  /**
   * The component's metadata, typed for its component type and version.
   * @default - no metadata
   */
  readonly metadata?: M;
}

/** Turns a factory's typed props into Component props for the given type and version. */
export function typedComponentProps<M extends object>(
  type: ComponentType,
  version: string,
  props: TypedComponentProps<M> | OptionalTypedComponentProps<M>,
): ComponentProps {
  // The typed metadata interfaces only admit MetadataInput values, so the widening is safe.
  return { ...props, type, version, metadata: props.metadata as MetadataMap | undefined };
}

/**
 * A name-resolution provider for a Configuration's `spec.nameResolution`. Name resolution is not
 * a Component resource; the generated `NameResolution` factories return this value.
 */
export interface NameResolutionSpec {
  /** The provider as the runtime registers it, e.g. `mdns` or `hashicorp.consul`. */
  readonly component: string;
  readonly version: string;
  /**
   * Provider-specific settings, passed through as given: several providers take nested objects
   * that the flat catalog does not describe.
   */
  readonly configuration?: Readonly<Record<string, unknown>>;
}

/** Builds a NameResolutionSpec (the helper behind the generated `NameResolution` factories). */
export function nameResolutionSpec(
  component: string,
  version: string,
  configuration: Readonly<Record<string, unknown>> | undefined,
): NameResolutionSpec {
  return { component, version, ...(configuration !== undefined ? { configuration } : {}) };
}
