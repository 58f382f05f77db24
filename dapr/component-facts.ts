/**
 * The shape of the generated component catalog (`generated/component-catalog.ts`): facts about
 * every component type of components-contrib and every type daprd registers, as documented
 * upstream and as the component code reads its metadata, and nothing else (no prose). Types
 * only, so the checks can import the catalog without pulling in cdk8s.
 */

/** The building blocks components-contrib ships components for (the prefix of `spec.type`). */
export type BuildingBlock =
  | 'bindings'
  | 'configuration'
  | 'conversation'
  | 'crypto'
  | 'lock'
  | 'middleware'
  | 'nameresolution'
  | 'pubsub'
  | 'secretstores'
  | 'state';

/** How the runtime parses a metadata value. */
export type FieldType = 'string' | 'number' | 'bool' | 'duration' | 'bytesize';

/** One metadata field a component accepts. Flags that are false are left out to keep the catalog small. */
export interface FieldFacts {
  /**
   * The field name. A name containing `<...>` is a pattern: the placeholder matches any text
   * (e.g. `<topic-name>.avroschema`).
   */
  readonly name: string;
  readonly type: FieldType;
  /**
   * Required whatever authentication profile is used: required by the component itself and not
   * part of any profile, or required by every profile.
   * @default - not required
   */
  readonly required?: true;
  /**
   * Holds a secret: belongs in a secret store, never in plain text.
   * @default - not sensitive
   */
  readonly sensitive?: true;
  /**
   * The value the component uses when the field is absent, as written upstream (quotes removed).
   * @default - none documented
   */
  readonly default?: string;
  /**
   * The only values the component accepts.
   * @default - any value of the field's type
   */
  readonly allowedValues?: readonly string[];
  /** @default - not deprecated */
  readonly deprecated?: true;
  /**
   * Where the field comes from when not from the component's own metadata: an authentication
   * profile, or the metadata the runtime accepts for every component of the building block.
   * @default - the component's own metadata
   */
  readonly origin?: 'profile' | 'builtin';
  /**
   * The value is a secret only when it carries credentials (a `user:password@` URL, a
   * `password=` / `AccountKey=` part of a connection string): an address or a passwordless
   * connection string in plain text is fine.
   * @default - a sensitive field's value is always a secret
   */
  readonly secretIfCredentials?: true;
  /**
   * Documented upstream but never read by the runtime as component metadata (often a per-request
   * key): setting it on the Component has no effect.
   * @default - read by the runtime
   */
  readonly ignored?: true;
  /**
   * Not a secret in itself, but often kept in a secret store with the secret it goes with (a user
   * name): plain text is fine, and the typed factories also take a SecretValue.
   * @default - a non-sensitive field is written as plain text
   */
  readonly mayBeSecret?: true;
  /**
   * The local address the component falls back to when the field is unset (go-redis dials
   * `localhost:6379`). The field stays required on Kubernetes, where nothing listens there in a pod;
   * for the self-hosted target (next to `dapr init`'s services) it is not required.
   * @default - no local fallback
   */
  readonly localDefault?: string;
}

/**
 * A test of one metadata field, the condition a rule applies under. The field's aliases and
 * legacy keys stand for it. A value test (`true`, `not-true`, `one-of`, `starts-with`, `listing`) on a field set
 * through a secretKeyRef or envRef cannot be judged, and the rule is then not applied.
 */
export type FieldCondition =
  /**
   * `set`: has a non-empty value (inline, secretKeyRef or envRef); `unset`: has none; `true`: an
   * inline value the runtime reads as true (`true`, `1`, `yes`, … any case); `not-true`: unset,
   * or an inline value that is not true.
   */
  | { readonly field: string; readonly is: 'set' | 'unset' | 'true' | 'not-true' }
  /** An inline value equal to one of `values`, ignoring case. */
  | { readonly field: string; readonly is: 'one-of'; readonly values: readonly string[] }
  /** An inline value starting with one of `values` (case matters, as in the code). */
  | { readonly field: string; readonly is: 'starts-with'; readonly values: readonly string[] }
  /**
   * A comma-separated inline list (a binding's `direction`) naming one of `values`: absent, the
   * field names nothing, so a direction rule applies only when `direction` is explicit.
   */
  | { readonly field: string; readonly is: 'listing'; readonly values: readonly string[] };

/**
 * What a combination of fields the rule forbids does at run time:
 * - `refused`: the component's Init fails, and daprd does not load the Component;
 * - `fails`: the component initializes, but cannot work as written (every request fails, or the
 *   input binding never receives anything);
 * - `ignored`: the component starts, and silently drops the incomplete setting.
 */
export type FieldRuleEffect = 'refused' | 'fails' | 'ignored';

/**
 * A requirement on several fields that the per-field `required` flag cannot say, as the component
 * code has it. Fields are named as the catalog spells them; an alias or legacy key that stands for
 * a field satisfies it, and an empty value counts as unset.
 * - `required`: every field of `fields` is set (with `when`: required only under that condition);
 * - `all-or-none`: when any field of `triggers` is set, every field of `fields` is (a pair such as
 *   SMTP `user` and `password`);
 * - `exactly-one`, `at-least-one`, `at-most-one`: how many of `fields` may be set;
 * - `forbidden`: none of `fields` is set.
 */
export interface FieldRuleFacts {
  readonly kind: 'required' | 'all-or-none' | 'exactly-one' | 'at-least-one' | 'at-most-one' | 'forbidden';
  /** Sorted by name. */
  readonly fields: readonly string[];
  /**
   * `all-or-none` only: the fields whose value calls for all of `fields` (sorted).
   * @default - every field of `fields`
   */
  readonly triggers?: readonly string[];
  /**
   * Conditions that must all hold for the rule to apply.
   * @default - the rule always applies
   */
  readonly when?: readonly FieldCondition[];
  readonly effect: FieldRuleEffect;
}

/** Another name the runtime accepts for a field. */
export interface FieldAliasFacts {
  readonly alias: string;
  /** The canonical field, as the catalog spells it. */
  readonly field: string;
}

/** An older metadata key the runtime still reads, and the fields it fills in when those are absent. */
export interface LegacyFieldFacts {
  readonly name: string;
  /** Fields the legacy key stands in for (renamed to, or derived from it). Empty: read, but without effect. */
  readonly satisfies: readonly string[];
}

/** A field an authentication profile needs to have a given value: the profile's selector. */
export interface ProfileDiscriminator {
  readonly field: string;
  readonly values: readonly string[];
}

/** One way to authenticate; complete when all its `required` fields are set. */
export interface AuthProfileFacts {
  /** Upstream profile title, e.g. `Azure AD: Managed identity`. */
  readonly title: string;
  /** `component` for the component's own profiles, `builtin:<name>` for shared ones (aws, azuread, gcp). */
  readonly source: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /**
   * The field value that selects this profile (Kafka `authType: password`): when the field is set,
   * only the profiles it selects count.
   * @default - chosen by which fields are set
   */
  readonly discriminator?: ProfileDiscriminator;
}

/** The facts of one documented version of a component type. */
export interface ComponentVersionFacts {
  readonly version: string;
  readonly status: 'stable' | 'beta' | 'alpha';
  /**
   * E.g. `actorStateStore`, `transactional`, `ttl`.
   * @default - none
   */
  readonly capabilities?: readonly string[];
  /**
   * Bindings only: the directions the binding supports.
   * @default - not a binding
   */
  readonly binding?: { readonly input: boolean; readonly output: boolean };
  /** Every accepted field (own, authentication-profile and built-in), sorted by name. */
  readonly fields: readonly FieldFacts[];
  /**
   * Ways to authenticate; when present, at least one must be complete.
   * @default - no authentication profiles
   */
  readonly authProfiles?: readonly AuthProfileFacts[];
  /**
   * Other names the runtime decodes into a field: an alias is a known field and satisfies its
   * canonical field. Sorted by alias.
   * @default - none
   */
  readonly aliases?: readonly FieldAliasFacts[];
  /**
   * Older keys the runtime reads to fill in other fields (Kafka `authRequired` derives `authType`).
   * @default - none
   */
  readonly legacyFields?: readonly LegacyFieldFacts[];
  /**
   * Keys the runtime reads that upstream metadata does not document (a `<...>` part matches any text).
   * @default - none
   */
  readonly runtimeFields?: readonly string[];
  /**
   * Keys the runtime reads only in exactly this spelling (a plain map lookup), where other keys
   * match whatever their case.
   * @default - none
   */
  readonly exactCaseFields?: readonly string[];
  /**
   * The component takes keys of any name, so no key is unknown.
   * @default - unknown keys are ignored by the runtime
   */
  readonly acceptsAnyField?: true;
  /**
   * Requirements on several fields (pairs, alternatives, conditional requirements) as the
   * component code checks them, beyond each field's `required` flag and the authentication profiles.
   * @default - none
   */
  readonly rules?: readonly FieldRuleFacts[];
}

/** One component type, as addressed by `spec.type`. */
export interface ComponentTypeFacts {
  /** The canonical `spec.type`, e.g. `state.redis` or `middleware.http.bearer`. */
  readonly specType: string;
  readonly buildingBlock: BuildingBlock;
  /** Name in components-contrib, without the building block (e.g. `aws.secretsmanager`). */
  readonly name: string;
  /**
   * Other `spec.type` values the runtime registers for the same component (e.g. `state.postgres`).
   * @default - none
   */
  readonly aliases?: readonly string[];
  /** The version a daprkit `Component` uses when none is given. */
  readonly defaultVersion: string;
  /**
   * The version upstream recommends, when several are registered.
   * @default - no preference (one version)
   */
  readonly preferredVersion?: string;
  /** @default - none */
  readonly deprecatedVersions?: readonly string[];
  /**
   * Versions the runtime registers whose fields are not documented upstream (no field checks).
   * @default - none
   */
  readonly undocumentedVersions?: readonly string[];
  /**
   * Registered but disabled in the runtime build.
   * @default - enabled
   */
  readonly disabled?: true;
  readonly versions: readonly ComponentVersionFacts[];
}
