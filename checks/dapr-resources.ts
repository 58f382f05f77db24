/**
 * Tolerant readers for the Dapr resources the component and subscription checks look at:
 * Components (with their metadata items), scopes, and the Dapr apps present in a manifest set.
 */
import { annotationList, PLAINTEXT_OK_ANNOTATION, CUSTOM_TYPE_ANNOTATION } from './daprkit-annotations';
import { indexManifests } from './dapr-index';
import { asArray, asRecord, dig, isDaprKind, namespaceOf, resourceId, shown } from './manifest';
import { sharedPerRun } from './run-cache';
import { Manifest } from './types';

/** One `{name, value | secretKeyRef | envRef}` item, with where it sits. */
export interface MetadataItemView {
  /** The item's `name`; undefined when missing or not a string. */
  readonly name?: string;
  /** Field path of the item: `spec.metadata[name=redisHost]`, or `spec.metadata[3]` when unnamed. */
  readonly path: string;
  /** The inline value, when the item has one (any JSON; YAML may give numbers or booleans). */
  readonly value?: unknown;
  readonly hasValue: boolean;
  readonly secretKeyRef?: Record<string, unknown>;
  readonly envRef?: string;
}

/** Field path of a named list item, the convention every finding uses: `spec.metadata[name=redisHost]`. */
export function itemPath(list: string, name: string | undefined, index: number): string {
  return name !== undefined ? `${list}[name=${name}]` : `${list}[${index}]`;
}

export function metadataItems(list: unknown, listPath: string): MetadataItemView[] {
  return asArray(list).map((raw, index) => {
    const item = asRecord(raw) ?? {};
    const name = typeof item.name === 'string' ? item.name : undefined;
    return {
      name,
      path: itemPath(listPath, name, index),
      value: item.value,
      hasValue: item.value !== undefined && item.value !== null,
      secretKeyRef: asRecord(item.secretKeyRef),
      envRef: typeof item.envRef === 'string' ? item.envRef : undefined,
    };
  });
}

/** True when the item provides something: a non-empty inline value, a secret reference or an env reference. */
export function isSet(item: MetadataItemView): boolean {
  return item.secretKeyRef !== undefined || item.envRef !== undefined || (item.hasValue && shown(item.value) !== '');
}

/** An inline value as the runtime reads it (a string); undefined for objects and arrays, which the checks leave alone. */
export function inlineText(item: MetadataItemView): string | undefined {
  const v = item.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A Component manifest, read once for all checks. */
export interface ComponentView {
  readonly manifest: Manifest;
  readonly resource: string;
  readonly name: string;
  readonly namespace: string;
  /** `spec.type`, undefined when missing. */
  readonly type?: string;
  readonly version?: string;
  readonly items: MetadataItemView[];
  /** The app-ids in `scopes`; undefined when unscoped. */
  readonly scopes?: string[];
  /** The same app-ids as a set, for lookups (a shared pub/sub may be scoped to thousands of apps). */
  readonly scopeSet?: ReadonlySet<string>;
  /** `auth.secretStore`, undefined when there is no auth section. */
  readonly secretStore?: string;
  /** Marked as a deliberate out-of-catalog type (`daprkit.io/custom-type`). */
  readonly customType: boolean;
  /** Fields whose plaintext value was chosen explicitly (`daprkit.io/plaintext-ok`). */
  readonly plaintextOk: ReadonlySet<string>;
}

/** The `scopes` of a Dapr resource: undefined when absent or empty (both mean unscoped). */
export function scopesOf(m: Manifest): string[] | undefined {
  const list = asArray(m.scopes).filter((s): s is string => typeof s === 'string');
  return list.length > 0 ? list : undefined;
}

/** Every Component, read once per `runChecks` run and shared by the checks: treat the views as read-only. */
export const componentsOf: (manifests: readonly Manifest[]) => readonly ComponentView[] = sharedPerRun(readComponents);

function readComponents(manifests: readonly Manifest[]): ComponentView[] {
  return manifests
    .filter((m) => isDaprKind(m, 'Component'))
    .map((m) => {
      const type = dig(m, 'spec', 'type');
      const version = dig(m, 'spec', 'version');
      const secretStore = dig(m, 'auth', 'secretStore');
      const annotations = m.metadata?.annotations ?? {};
      const scopes = scopesOf(m);
      return {
        manifest: m,
        resource: resourceId(m),
        name: m.metadata?.name ?? '',
        namespace: namespaceOf(m),
        type: typeof type === 'string' ? type : undefined,
        version: typeof version === 'string' ? version : undefined,
        items: metadataItems(dig(m, 'spec', 'metadata'), 'spec.metadata'),
        scopes,
        scopeSet: scopes && new Set(scopes),
        secretStore: typeof secretStore === 'string' ? secretStore : undefined,
        customType: annotations[CUSTOM_TYPE_ANNOTATION] === 'true',
        plaintextOk: new Set(annotationList(annotations[PLAINTEXT_OK_ANNOTATION])),
      };
    });
}

/** `namespace/name` → Component, to resolve references by name. */
export function componentsByName(components: readonly ComponentView[]): Map<string, ComponentView> {
  return new Map(components.map((c) => [`${c.namespace}/${c.name}`, c]));
}

/** The app-ids of Dapr-enabled pods, per namespace (the Dapr index's, shared by the checks of one run: read-only). */
export function daprAppsByNamespace(manifests: readonly Manifest[]): ReadonlyMap<string, ReadonlySet<string>> {
  return indexManifests(manifests).appIdsByNamespace;
}
