/**
 * Subscription checks (`dapr.io/v2alpha1`, and the older `v1alpha1`): the pub/sub it names exists
 * in its namespace and every subscribing app can load it; routes are present (a path without a
 * leading "/" is fine: Dapr adds it for HTTP apps).
 */
import { componentsByName, componentsOf, daprAppsByNamespace, scopesOf } from './dapr-resources';
import { asArray, asRecord, dig, isDaprKind, namespaceOf, pushTo, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding, Manifest } from './types';

function subscriptionsOf(manifests: readonly Manifest[]): Manifest[] {
  return manifests.filter((m) => isDaprKind(m, 'Subscription'));
}

function error(check: string, m: Manifest, field: string, message: string, hint: string): Finding {
  return { check, severity: 'error', resource: resourceId(m), field, message, hint };
}

export const subscriptionPubsub: Check = (manifests) => {
  const components = componentsOf(manifests);
  const byName = componentsByName(components);
  const pubsubsByNamespace = new Map<string, string[]>();
  for (const c of components.filter((x) => x.type?.startsWith('pubsub.'))) {
    pushTo(pubsubsByNamespace, c.namespace, c.name);
  }
  const daprApps = daprAppsByNamespace(manifests);
  return subscriptionsOf(manifests).flatMap((m): Finding[] => {
    const namespace = namespaceOf(m);
    const pubsubs = pubsubsByNamespace.get(namespace) ?? [];
    const name = dig(m, 'spec', 'pubsubname');
    if (typeof name !== 'string' || name === '') {
      return [error('subscription-pubsub', m, 'spec.pubsubname', 'the subscription names no pub/sub.', `Set spec.pubsubname to a pub/sub Component in "${namespace}"${pubsubs.length ? ` (${pubsubs.join(', ')})` : ''}.`)];
    }
    const component = byName.get(`${namespace}/${name}`);
    if (!component) {
      return [
        error(
          'subscription-pubsub',
          m,
          'spec.pubsubname',
          `pub/sub "${name}" is not a Component in namespace "${namespace}".`,
          `Define a pubsub.* Component named "${name}" in "${namespace}", or name an existing one.${didYouMean(name, pubsubs)}`,
        ),
      ];
    }
    if (!component.type?.startsWith('pubsub.')) {
      return [
        error('subscription-pubsub', m, 'spec.pubsubname', `"${name}" is a ${component.type ?? 'typeless'} component, not a pub/sub.`, `Name a pubsub.* Component${pubsubs.length ? ` (${pubsubs.join(', ')})` : ''}.`),
      ];
    }
    // A scoped pub/sub is invisible to apps outside its scopes, so their subscription never fires.
    const visible = component.scopes;
    const visibleSet = component.scopeSet;
    const subscribers = scopesOf(m);
    if (visible === undefined || visibleSet === undefined) return [];
    if (subscribers === undefined) return unscopedOnScopedPubsub(m, name, visible, visibleSet, [...(daprApps.get(namespace) ?? [])]);
    return asArray(m.scopes).flatMap((appId, i) =>
      typeof appId === 'string' && !visibleSet.has(appId)
        ? [
            error(
              'subscription-pubsub',
              m,
              `scopes[${i}]`,
              `app "${appId}" subscribes through pub/sub "${name}", which is scoped to ${visible.map((s) => `"${s}"`).join(', ')} only.`,
              `Add "${appId}" to the scopes of Component "${name}" (daprkit: app.uses(pubsub)), or drop it from this subscription.`,
            ),
          ]
        : [],
    );
  });
};

/**
 * An unscoped subscription is loaded by every app of its namespace; the apps outside the pub/sub's
 * scopes cannot reach the pub/sub and fail to subscribe at start-up.
 */
function unscopedOnScopedPubsub(m: Manifest, pubsub: string, visible: readonly string[], visibleSet: ReadonlySet<string>, appsInNamespace: readonly string[]): Finding[] {
  const blind = appsInNamespace.filter((a) => !visibleSet.has(a)).sort();
  if (blind.length === 0) return [];
  return [
    {
      check: 'subscription-pubsub',
      severity: 'warning',
      resource: resourceId(m),
      field: 'scopes',
      message: `the subscription has no scopes, so every app of the namespace loads it, but pub/sub "${pubsub}" is scoped away from ${blind.map((a) => `"${a}"`).join(', ')}.`,
      hint: `Scope the subscription to the apps that consume the topic (daprkit: app.subscribe(pubsub, topic, ...)), e.g. scopes: [${visible.map((a) => `"${a}"`).join(', ')}].`,
    },
  ];
}

/**
 * A route must be a non-empty string. A leading "/" is optional: Dapr prepends it for HTTP apps
 * and hands the route verbatim to gRPC apps, so "orders" is as valid as "/orders".
 */
function pathFinding(m: Manifest, field: string, value: unknown): Finding[] {
  if (typeof value === 'string' && value.trim() !== '') return [];
  return [
    error(
      'subscription-routes',
      m,
      field,
      `route path ${JSON.stringify(value) ?? String(value)} is ${typeof value === 'string' ? 'empty' : 'not a string'}.`,
      'Set the app path that receives the events, e.g. "/orders".',
    ),
  ];
}

export const subscriptionRoutes: Check = (manifests) =>
  subscriptionsOf(manifests).flatMap((m): Finding[] => {
    const findings: Finding[] = [];
    const topic = dig(m, 'spec', 'topic');
    if (typeof topic !== 'string' || topic.trim() === '') {
      findings.push(error('subscription-routes', m, 'spec.topic', `topic ${JSON.stringify(topic)} is empty or missing.`, 'Set spec.topic to the topic to subscribe to.'));
    }
    if (m.apiVersion === 'dapr.io/v1alpha1') {
      return [...findings, ...pathFinding(m, 'spec.route', dig(m, 'spec', 'route'))];
    }
    const routes = asRecord(dig(m, 'spec', 'routes'));
    const rules = asArray(routes?.rules);
    if (routes?.default === undefined && rules.length === 0) {
      findings.push(error('subscription-routes', m, 'spec.routes', 'the subscription has no route: no rules and no default.', 'Set spec.routes.default, e.g. "/orders", or add rules.'));
    }
    if (routes?.default !== undefined) findings.push(...pathFinding(m, 'spec.routes.default', routes.default));
    rules.forEach((rule, i) => {
      const match = dig(rule, 'match');
      if (typeof match !== 'string' || match.trim() === '') {
        findings.push(
          error(
            'subscription-routes',
            m,
            `spec.routes.rules[${i}].match`,
            `rule ${i} has an empty match ${JSON.stringify(match)}.`,
            'Give the rule a CEL expression such as `event.type == "order"`, or make its path the default route.',
          ),
        );
      }
      findings.push(...pathFinding(m, `spec.routes.rules[${i}].path`, dig(rule, 'path')));
    });
    return findings;
  });

export const subscriptionChecks: readonly Check[] = [subscriptionPubsub, subscriptionRoutes];
