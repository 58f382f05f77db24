/**
 * Component checks: type and version known to the catalog, metadata fields (see
 * component-fields.ts), secret references through a secret store that exists, scopes naming
 * apps that exist, and at most one actor state store per app.
 */
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { componentTypeFacts, isDeclaredCustom, knownSpecTypes, knownVersions } from './component-catalog';
import { componentFieldChecks } from './component-fields';
import { componentFieldRules } from './component-rules';
import {
  ComponentView,
  componentsByName,
  componentsOf,
  daprAppsByNamespace,
  metadataItems,
  scopesOf,
} from './dapr-resources';
import { asArray, dig, isDaprKind, namespaceOf, resourceId } from './manifest';
import { CUSTOM_TYPE_ANNOTATION } from './daprkit-annotations';
import { canHoldActorState, isActorStateStore } from './hosts';
import { didYouMean } from './suggest';

export { isActorStateStore };
import { Check, Finding, Manifest } from './types';

export { KUBERNETES_SECRET_STORE };

export const componentTypes: Check = (manifests, options) =>
  componentsOf(manifests).flatMap((c): Finding[] => {
    const at = (field: string) => ({ resource: c.resource, field });
    if (c.type === undefined || c.type === '') {
      return [{ check: 'component-type', severity: 'error', ...at('spec.type'), message: 'the component has no spec.type.', hint: 'Set spec.type, e.g. "state.redis".' }];
    }
    // The Component CRD requires the list (empty is fine): the API server refuses the object without it.
    const metadataList: Finding[] = Array.isArray(dig(c.manifest, 'spec', 'metadata'))
      ? []
      : [{ check: 'component-spec', severity: 'error', ...at('spec.metadata'), message: 'the component has no spec.metadata list; the Component CRD requires one.', hint: 'Add `metadata: []` under spec when the component needs no fields.' }];
    if (isDeclaredCustom(c, options)) return metadataList;
    const facts = componentTypeFacts(c.type);
    if (!facts) {
      return [
        ...metadataList,
        {
          check: 'component-type',
          severity: 'error',
          ...at('spec.type'),
          message: `unknown component type "${c.type}": daprd 1.18 registers no such type, and nothing declares it a pluggable or custom component.`,
          hint:
            `Use a type Dapr ships.${didYouMean(c.type, knownSpecTypes())} If it is a pluggable or in-house component, declare it: ` +
            `annotate the Component ${CUSTOM_TYPE_ANNOTATION}: "true", or run \`daprkit lint --custom-type ${c.type}\` (customTypes in the lint config file, runChecks(manifests, { customTypes: [...] }) in code); in daprkit, use ComponentType.custom("${c.type}").`,
        },
      ];
    }
    const findings: Finding[] = [...metadataList];
    if (facts.disabled) {
      // Not registered in the released daprd: the sidecar fails to load it, so this cannot work.
      findings.push({ check: 'component-type', severity: 'error', ...at('spec.type'), message: `component type "${c.type}" is not registered in the released daprd build, so the sidecar cannot load it.`, hint: 'Pick another component.' });
    }
    const versions = knownVersions(facts);
    if (c.version === undefined || !versions.includes(c.version)) {
      findings.push({
        check: 'component-version',
        severity: 'error',
        ...at('spec.version'),
        message: c.version === undefined ? `the component has no spec.version.` : `unknown version "${c.version}" for ${c.type}.`,
        hint: `Use one of: ${versions.join(', ')}${facts.preferredVersion ? ` (preferred: ${facts.preferredVersion})` : ''}.`,
      });
    } else if (facts.deprecatedVersions?.includes(c.version)) {
      findings.push({
        check: 'component-version',
        severity: 'warning',
        ...at('spec.version'),
        message: `version "${c.version}" of ${c.type} is deprecated.`,
        hint: `Move to ${facts.preferredVersion ?? 'a newer version'} (check the field changes first).`,
      });
    }
    return findings;
  });

/** Every `secretKeyRef` in a resource's items: Component metadata, HTTPEndpoint headers and client TLS. */
export function secretRefPaths(m: Manifest): string[] {
  const lists = m.kind === 'Component' ? [['spec.metadata', dig(m, 'spec', 'metadata')]] : [['spec.headers', dig(m, 'spec', 'headers')]];
  const paths = lists.flatMap(([path, value]) =>
    metadataItems(value, path as string)
      .filter((i) => i.secretKeyRef !== undefined)
      .map((i) => i.path),
  );
  if (m.kind === 'HTTPEndpoint') {
    for (const part of ['rootCA', 'certificate', 'privateKey']) {
      if (dig(m, 'spec', 'clientTLS', part, 'secretKeyRef') !== undefined) paths.push(`spec.clientTLS.${part}.secretKeyRef`);
    }
  }
  return paths;
}

export const componentSecretStores: Check = (manifests) => {
  const components = componentsOf(manifests);
  const byName = componentsByName(components);
  const stores = (namespace: string) => components.filter((c) => c.namespace === namespace && c.type?.startsWith('secretstores.')).map((c) => c.name);
  return manifests
    .filter((m) => isDaprKind(m, 'Component') || isDaprKind(m, 'HTTPEndpoint'))
    .flatMap((m): Finding[] => {
      const refs = secretRefPaths(m);
      const declared = dig(m, 'auth', 'secretStore');
      const store = typeof declared === 'string' ? declared : KUBERNETES_SECRET_STORE;
      if (refs.length === 0 || store === KUBERNETES_SECRET_STORE) return [];
      const namespace = namespaceOf(m);
      const target = byName.get(`${namespace}/${store}`);
      if (target?.type?.startsWith('secretstores.')) return [];
      const message = target
        ? `auth.secretStore "${store}" is a ${target.type ?? 'typeless'} component, not a secret store; ${refs[0]} cannot be resolved.`
        : `auth.secretStore "${store}" names no secret-store Component in namespace "${namespace}"; ${refs[0]} cannot be resolved.`;
      return [
        {
          check: 'component-secret-store',
          severity: 'error',
          resource: resourceId(m),
          field: 'auth.secretStore',
          message,
          hint: `Define a secretstores.* Component named "${store}" in "${namespace}", or point auth.secretStore at an existing one (${[KUBERNETES_SECRET_STORE, ...stores(namespace)].join(', ')}).${didYouMean(store, stores(namespace))}`,
        },
      ];
    });
};

/** Scoped Dapr resources whose scopes are checked against the apps in the manifest set. */
const SCOPED_KINDS = new Set(['Component', 'Subscription', 'HTTPEndpoint', 'MCPServer', 'WorkflowAccessPolicy']);

export const resourceScopes: Check = (manifests, options) => {
  const apps = daprAppsByNamespace(manifests);
  const selfHosted = options?.target === 'self-hosted';
  return manifests
    .filter((m) => isDaprKind(m) && SCOPED_KINDS.has(m.kind))
    .flatMap((m): Finding[] => {
      const namespace = namespaceOf(m);
      const known = apps.get(namespace) ?? new Set<string>();
      const scopes = scopesOf(m);
      if (scopes === undefined) {
        if (m.kind !== 'Component') return [];
        return [
          {
            check: 'component-unscoped',
            severity: 'warning',
            resource: resourceId(m),
            field: 'scopes',
            message: selfHosted ? 'the component has no scopes, so every app whose daprd reads this resources folder loads it.' : `the component has no scopes, so every Dapr app in namespace "${namespace}" loads it.`,
            hint: 'List the apps that use it in scopes (daprkit: app.uses(component) or addScope).',
          },
        ];
      }
      // With no Dapr workload of the namespace in sight (a folder of Dapr resources alone, a
      // self-hosted resources folder), which apps exist is unknown, not "none".
      if (known.size === 0) return [];
      return asArray(m.scopes).flatMap((appId, i): Finding[] =>
        typeof appId === 'string' && known.has(appId)
          ? []
          : [
              {
                check: 'scope-unknown-app',
                severity: 'warning',
                resource: resourceId(m),
                field: `scopes[${i}]`,
                message: `scope ${JSON.stringify(appId)} names no Dapr app in namespace "${namespace}".`,
                hint: `Use the dapr.io/app-id of an app in "${namespace}", or remove the scope.${typeof appId === 'string' ? didYouMean(appId, known) : ''}`,
              },
            ],
      );
    });
};

/** Two components can reach the same app: one is unscoped, or their scopes share an app. */
function overlap(a: ComponentView, b: ComponentView): string | undefined {
  if (a.scopes === undefined || b.scopes === undefined) return 'every app in the namespace';
  const shared = a.scopes.filter((s) => b.scopes!.includes(s));
  return shared.length > 0 ? `app ${shared.map((s) => `"${s}"`).join(', ')}` : undefined;
}

export const actorStateStores: Check = (manifests, options) => {
  const actorStores = componentsOf(manifests).filter(isActorStateStore);
  const findings: Finding[] = [];
  for (const c of actorStores) {
    const field = c.items.find((i) => i.name?.toLowerCase() === 'actorstatestore')?.path ?? 'spec.metadata[name=actorStateStore]';
    // daprd's actor runtime needs a store with ETag and transactions (dapr/actors.ts lists which do).
    if (canHoldActorState(c, options) === false) {
      findings.push({
        check: 'component-actor-state-store',
        severity: 'error',
        resource: c.resource,
        field,
        message: `${c.type} cannot hold actor state (it lacks ETag or transaction support), but actorStateStore is true: every actor and workflow call through it fails.`,
        hint: 'Use a state store that can hold actor state (e.g. state.redis, state.postgresql, state.mongodb), or remove the field.',
      });
    }
    // Dapr allows one actor state store per app; with scopes, two stores can serve different apps.
    for (const other of actorStores) {
      // Each pair once, on the store that sorts first.
      if (other === c || other.namespace !== c.namespace || other.name <= c.name) continue;
      const shared = overlap(c, other);
      if (!shared) continue;
      findings.push({
        check: 'component-actor-state-store',
        severity: 'error',
        resource: c.resource,
        field,
        message: `both "${c.name}" and "${other.name}" are actor state stores for ${shared} in namespace "${c.namespace}".`,
        hint: `Keep actorStateStore "true" on one of them only, or scope them to different apps.`,
      });
    }
  }
  return findings;
};

export const componentChecks: readonly Check[] = [
  componentTypes,
  ...componentFieldChecks,
  componentFieldRules,
  componentSecretStores,
  resourceScopes,
  actorStateStores,
];
