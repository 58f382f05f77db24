/**
 * Actor checks over declared hosts (`daprkit.io/actor-types`, `daprkit.io/workflows`): a host must
 * load an actor state store (daprd fails every actor call without one); Resiliency actor targets
 * should name a type some app of the namespace hosts; daprkit's own annotations must be readable.
 * Two actor state stores for one app, and stores whose type cannot hold actor state, are
 * components.ts's `actorStateStores`.
 */
import { INTERNAL_ACTOR_TYPE_PREFIX } from '../dapr/actors';
import { ACTOR_TYPES_ANNOTATION, INVOKES_ANNOTATION, parseInvocations, WORKFLOWS_ANNOTATION } from './daprkit-annotations';
import { indexManifests } from './dapr-index';
import { actorStoresIn, actorStoresOf, canHoldActorState, componentNamed, HostView, hostsOf, isActorStateStore, loadsComponent } from './hosts';
import { addTo, asRecord, dig, joinPath, keyPath, namespaceOf, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, CheckOptions, Finding, Manifest } from './types';

/** What a host declares, for messages: `actors (Player, Room)`, `workflows`, or both. */
export function hostingSummary(host: HostView): string {
  const parts = [
    ...(host.actorTypes.length > 0 ? [`actors (${host.actorTypes.join(', ')})`] : []),
    ...(host.workflows ? ['workflows'] : []),
  ];
  return parts.join(' and ');
}

/** The annotation a host finding points at: the actor types, else the workflows one. */
export function hostingField(host: HostView): string {
  return keyPath(joinPath(host.pod.pod.podPath, 'metadata.annotations'), host.actorTypes.length > 0 ? ACTOR_TYPES_ANNOTATION : WORKFLOWS_ANNOTATION);
}

/** Why the host has no actor state store, as precisely as the manifests tell. */
function whyNoActorStore(manifests: readonly Manifest[], host: HostView, options?: CheckOptions): { reason: string; hint: string } | undefined {
  const { appId, namespace } = host.pod;
  const named = host.designatedStore !== undefined ? componentNamed(manifests, namespace, host.designatedStore) : undefined;
  // A store the host names but the manifests do not hold is defined elsewhere (Component.fromName): not judged.
  if (host.designatedStore !== undefined && !named) return undefined;
  if (named && !loadsComponent(named, namespace, appId)) {
    return { reason: `its state store "${named.name}" is scoped to ${(named.scopes ?? []).join(', ')}, not to "${appId}"`, hint: `Add "${appId}" to the scopes of "${named.name}" (daprkit: hostsActors / hostsWorkflows / uses do it).` };
  }
  if (named && !isActorStateStore(named)) {
    const capable = canHoldActorState(named, options);
    return named.type?.startsWith('state.') && capable !== false
      ? { reason: `its state store "${named.name}" is not marked as the actor state store`, hint: `Set actorStateStore: true on "${named.name}" (daprkit: metadata { actorStateStore: true }).` }
      : { reason: `"${named.name}" (${named.type ?? 'no type'}) cannot hold actor state`, hint: 'Use a state store that can (e.g. state.redis, state.postgresql, state.mongodb) with actorStateStore: true.' };
  }
  // The host loads none of its namespace's actor state stores (that is why it is here): name a few.
  const elsewhere = actorStoresIn(manifests, namespace);
  if (elsewhere.length > 0) {
    const list = elsewhere.slice(0, 3).map((c) => `"${c.name}" (scoped to ${(c.scopes ?? []).join(', ')})`).join(', ') + (elsewhere.length > 3 ? ` and ${elsewhere.length - 3} more` : '');
    return { reason: `the namespace's actor state store ${list} is scoped away from it`, hint: `Scope one of them to "${appId}" (daprkit: app.hostsActors(types, { stateStore }) does), or give "${appId}" its own.` };
  }
  return { reason: `no state store in namespace "${namespace}" that it loads has actorStateStore: true`, hint: `Give "${appId}" a state store that can hold actor state with actorStateStore: true (daprkit: app.hostsActors(types, { stateStore }) scopes it).` };
}

/** Every actor or workflow host must load exactly one actor state store; this reports "none". */
export const actorHostStateStores: Check = (manifests, options) => {
  const findings: Finding[] = [];
  for (const host of hostsOf(manifests).hosts) {
    if (host.actorTypes.length === 0 && !host.workflows) continue;
    if (actorStoresOf(manifests, host.pod.namespace, host.pod.appId).length > 0) continue;
    const why = whyNoActorStore(manifests, host, options);
    if (!why) continue;
    const { reason, hint } = why;
    findings.push({
      check: 'component-actor-state-store',
      severity: 'error',
      resource: resourceId(host.pod.pod.manifest),
      field: hostingField(host),
      message: `"${host.pod.appId}" hosts ${hostingSummary(host)} but sees no actor state store: ${reason}. daprd fails every actor${host.workflows ? ' and workflow' : ''} call without one.`,
      hint,
    });
  }
  return findings;
};

/**
 * A Resiliency actor target applies in the calling sidecar to the named type; a type no app of the
 * namespace hosts never matches (often a typo). Only judged where the manifests declare hosted types.
 */
export const resiliencyActorTypes: Check = (manifests) => {
  const hosts = hostsOf(manifests);
  const findings: Finding[] = [];
  const hostedIn = new Map<string, Set<string>>();
  for (const h of hosts.hosts) for (const type of h.actorTypes) addTo(hostedIn, h.pod.namespace, type);
  for (const r of indexManifests(manifests).objects('Resiliency').values()) {
    const namespace = namespaceOf(r);
    if (!hosts.actorHostingKnown(namespace)) continue;
    const hosted = hostedIn.get(namespace) ?? new Set<string>();
    for (const type of Object.keys(asRecord(dig(r, 'spec', 'targets', 'actors')) ?? {})) {
      if (hosted.has(type) || type.startsWith(INTERNAL_ACTOR_TYPE_PREFIX)) continue;
      findings.push({
        check: 'resiliency-actor-type',
        severity: 'warning',
        resource: resourceId(r),
        field: keyPath('spec.targets.actors', type),
        message: `actor type "${type}" is hosted by no app in namespace "${namespace}" (hosted: ${[...hosted].sort().join(', ')}), so this target never applies.${didYouMean(type, hosted)}`,
        hint: 'Use the type name the actor host registers (daprkit: the types given to hostsActors), or declare the host.',
      });
    }
  }
  return findings;
};

/** daprkit's own pod annotations must be readable, or the checks that need them are blind for that app. */
export const daprkitAnnotations: Check = (manifests) => {
  const findings: Finding[] = hostsOf(manifests).malformed.map(({ pod, key }) => ({
    check: 'daprkit-annotation',
    severity: 'warning' as const,
    resource: resourceId(pod.pod.manifest),
    field: keyPath(joinPath(pod.pod.podPath, 'metadata.annotations'), key),
    message: `${key} cannot be read (not the JSON daprkit writes), so the workflow checks skip what it says about "${pod.appId}".`,
    hint: 'Let daprkit write it (hostsWorkflows, schedulesWorkflows), or fix the JSON; Dapr itself ignores the annotation.',
  }));
  for (const pod of indexManifests(manifests).pods) {
    const raw = pod.pod.annotations[INVOKES_ANNOTATION];
    if (raw === undefined || parseInvocations(raw) !== undefined) continue;
    findings.push({
      check: 'daprkit-annotation',
      severity: 'warning',
      resource: resourceId(pod.pod.manifest),
      field: keyPath(joinPath(pod.pod.podPath, 'metadata.annotations'), INVOKES_ANNOTATION),
      message: `${INVOKES_ANNOTATION} cannot be read (not the JSON daprkit writes), so the access-control checks skip the invocations of "${pod.appId}".`,
      hint: 'Let daprkit write it (invokes), or fix the JSON; Dapr itself ignores the annotation.',
    });
  }
  return findings;
};

export const actorChecks: readonly Check[] = [actorHostStateStores, resiliencyActorTypes, daprkitAnnotations];
