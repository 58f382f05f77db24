/**
 * Subscriptions an app makes in its own code (it answers `/dapr/subscribe`), recorded by daprkit
 * as the `daprkit.io/subscribes-in-code` pod annotation. When an app subscribes to one topic of one
 * pub/sub both in code and through a declarative Subscription, daprd keeps only the programmatic
 * one (dapr pkg/runtime/compstore/subscriptions.go, ListSubscriptionsAppByPubSub): the
 * Subscription's routes, dead-letter topic and bulk settings are silently ignored for that app.
 */
import { scopesOf } from './dapr-resources';
import { indexManifests, objectKey } from './dapr-index';
import { parseInCodeSubscriptions, SUBSCRIBES_IN_CODE_ANNOTATION } from './daprkit-annotations';
import { dig, joinPath, keyPath, nameOf, namespaceOf, pushTo, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding, Manifest } from './types';

/** A topic an app subscribes to both in code and through a Subscription that applies to it. */
export const subscriptionDeclaredTwice: Check = (manifests) => {
  const index = indexManifests(manifests);
  // Subscriptions by namespace, pub/sub and topic, so each in-code subscription costs one lookup.
  const declared = new Map<string, Manifest[]>();
  for (const sub of index.objects('Subscription').values()) {
    const pubsub = dig(sub, 'spec', 'pubsubname');
    const topic = dig(sub, 'spec', 'topic');
    if (typeof pubsub === 'string' && typeof topic === 'string') pushTo(declared, JSON.stringify([namespaceOf(sub), pubsub, topic]), sub);
  }
  // The pub/subs of a namespace, for did-you-mean hints: listed once per namespace, not per finding.
  const pubsubNames = new Map<string, string[]>();
  const pubsubsIn = (namespace: string): string[] => {
    let names = pubsubNames.get(namespace);
    if (!names) {
      names = index.namesIn('Component', namespace).filter((n) => String(dig(index.objects('Component').get(objectKey(namespace, n)), 'spec', 'type')).startsWith('pubsub.'));
      pubsubNames.set(namespace, names);
    }
    return names;
  };
  const findings: Finding[] = [];
  for (const { pod, appId, namespace } of index.pods) {
    const raw = pod.annotations[SUBSCRIBES_IN_CODE_ANNOTATION];
    if (raw === undefined) continue;
    const field = keyPath(joinPath(pod.podPath, 'metadata.annotations'), SUBSCRIBES_IN_CODE_ANNOTATION);
    const inCode = parseInCodeSubscriptions(raw);
    if (!inCode) {
      findings.push({
        check: 'in-code-subscription',
        severity: 'error',
        resource: resourceId(pod.manifest),
        field,
        message: `${SUBSCRIBES_IN_CODE_ANNOTATION} is not a JSON list of {pubsub, topic, route?}, so the app's in-code subscriptions cannot be read.`,
        hint: 'Write it as [{"pubsub":"pubsub","topic":"orders","route":"/orders"}] (daprkit: app.subscribesInCode(pubsub, topic)).',
      });
      continue;
    }
    for (const s of inCode) {
      const component = index.objects('Component').get(objectKey(namespace, s.pubsub));
      const type = dig(component, 'spec', 'type');
      const scopes = component ? scopesOf(component) : undefined;
      if (!component || typeof type !== 'string' || !type.startsWith('pubsub.') || (scopes !== undefined && !scopes.includes(appId))) {
        const pubsubs = pubsubsIn(namespace);
        findings.push({
          check: 'in-code-subscription',
          severity: 'error',
          resource: resourceId(pod.manifest),
          field,
          message: !component
            ? `the app subscribes in code to "${s.topic}" on pub/sub "${s.pubsub}", which no Component of namespace "${namespace}" is.${didYouMean(s.pubsub, pubsubs)}`
            : typeof type !== 'string' || !type.startsWith('pubsub.')
              ? `the app subscribes in code to "${s.topic}" on "${s.pubsub}", a ${String(type)} Component, not a pub/sub.`
              : `the app subscribes in code to "${s.topic}" on pub/sub "${s.pubsub}", whose scopes leave app "${appId}" out: its sidecar never loads it.`,
          hint: `Subscribe on a pub/sub the app loads (${pubsubs.join(', ') || 'none in this namespace'}), or add "${appId}" to the Component's scopes (daprkit: app.uses(pubsub)).`,
        });
        continue;
      }
      for (const sub of declared.get(JSON.stringify([namespace, s.pubsub, s.topic])) ?? []) {
        const subScopes = scopesOf(sub);
        if (subScopes !== undefined && !subScopes.includes(appId)) continue;
        findings.push({
          check: 'subscription-declared-twice',
          severity: 'warning',
          resource: resourceId(pod.manifest),
          field,
          message: `app "${appId}" subscribes to "${s.topic}" on "${s.pubsub}" both in code and through Subscription "${nameOf(sub)}": daprd keeps only the app's own subscription, so the Subscription's routes and settings are ignored for it.`,
          hint: `Declare the subscription one way: drop it from the app's /dapr/subscribe answer (daprkit: subscribe instead of subscribesInCode), or scope Subscription "${nameOf(sub)}" away from "${appId}".`,
        });
      }
    }
  }
  return findings;
};
