/**
 * Facts about actor hosting in Dapr 1.18 (and so about workflows, which run on actors).
 *
 * Sources (read at the tags named):
 * - dapr/dapr v1.18.3 `pkg/runtime/processor/state/state.go`: a state store becomes the actor state
 *   store when its `actorStateStore` property is truthy (dapr/kit `strings.IsTruthy`), and only
 *   while actors are enabled; `pkg/runtime/compstore/statestore.go` refuses a second one ("detected
 *   duplicate actor state store"), which fails the component's initialization.
 * - dapr/dapr v1.18.3 `pkg/actors/state/state.go`: the actor runtime uses the store only when its
 *   `Features()` include both ETag and Transactional; otherwise every actor state call fails.
 * - dapr/components-contrib v1.18.4: the `Features()` of each state store (see the list below).
 *   Upstream `metadata.yaml` capabilities are incomplete here (RavenDB, SQLite, etcd, in-memory and
 *   Oracle report both features in code but do not list `actorStateStore`), so the code decides.
 */

/** The values dapr/kit `IsTruthy` reads as true (case and surrounding spaces ignored). */
export const TRUTHY_VALUES: readonly string[] = ['y', 'yes', 'true', 't', 'on', '1'];

/** True when daprd reads the metadata value as "true" (e.g. `actorStateStore: "yes"`). */
export function isTruthy(value: string): boolean {
  return TRUTHY_VALUES.includes(value.trim().toLowerCase());
}

/**
 * Canonical state store types (`spec.type`, aliases resolve to these through the catalog) whose Go
 * implementation in components-contrib v1.18.4 reports both ETag and Transactional, so daprd can
 * keep actor (and workflow) state in them. Every other catalogued state store cannot.
 */
export const ACTOR_CAPABLE_STATE_TYPES: readonly string[] = [
  'state.aws.dynamodb', // state/aws/dynamodb: ETag + Transactional (+ TTL with ttlAttributeName)
  'state.azure.cosmosdb',
  'state.cockroachdb', // common/component/postgresql/v1
  'state.etcd', // v1 and v2 schemas share newETCD's features
  'state.in-memory',
  'state.mongodb',
  'state.mysql',
  'state.oracledatabase',
  'state.postgresql', // v1 (common/component/postgresql/v1) and v2; aliases state.postgres, state.yugabyte(db)
  'state.ravendb',
  'state.redis',
  'state.sqlite',
  'state.sqlserver', // v1 and v2
];

/** The metadata field that marks a state store as the actor state store. */
export const ACTOR_STATE_STORE_FIELD = 'actorStateStore';

/** Prefix of the actor types daprd reserves for workflows, activities and other internals. */
export const INTERNAL_ACTOR_TYPE_PREFIX = 'dapr.internal.';
