/**
 * Subscriptions: `app.subscribe(pubsub, topic, ...)` when one app of the chart subscribes and the
 * pub/sub already lets it load (so `subscribe`, which also scopes the pub/sub to the app, changes
 * nothing), else a `Subscription` with its scopes. Both CRD versions (v1alpha1's single route,
 * v2alpha1's rules) are written as they are.
 */
import { isDnsSubdomain } from '../checks/formats';
import { MapContext } from './context';
import { call, construct, daprkit, Entry, entry, enumMember, Expr, json, member, object, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, stringMap, typedObjectUnit } from './metadata';
import { InputObject, Phase, Unit } from './model';

const isString = (v: unknown): v is string => typeof v === 'string';

/** The SubscribeOptions of a spec, or why they cannot be written. */
function options(spec: Record<string, unknown>, v1: boolean): Entry[] | string {
  const out: Entry[] = [];
  if (v1) {
    if (!isString(spec.route) || !spec.route.startsWith('/')) return 'its route does not start with "/"';
    out.push(entry('route', json(spec.route)));
  } else {
    const routes = asRecord(spec.routes);
    if (!routes) return 'it has no routes';
    const rules = routes.rules === undefined ? [] : Array.isArray(routes.rules) ? routes.rules.map(asRecord) : undefined;
    if (!rules || rules.some((r) => !r || !isString(r.match) || r.match.trim() === '' || !isString(r.path) || !r.path.startsWith('/'))) return 'its rules are not match/path pairs with paths starting with "/"';
    if (routes.default !== undefined && (!isString(routes.default) || !routes.default.startsWith('/'))) return 'its default route does not start with "/"';
    if (rules.length === 0 && routes.default === undefined) return 'it has no route';
    if (rules.length === 0) out.push(entry('route', json(routes.default as string)));
    else {
      out.push(
        entry('routes', object([
          entry('rules', json(rules.map((r) => ({ match: r!.match as string, path: r!.path as string })))),
          ...(routes.default !== undefined ? [entry('default', json(routes.default as string))] : []),
        ])),
      );
    }
  }
  if (spec.deadLetterTopic !== undefined) {
    if (!isString(spec.deadLetterTopic) || spec.deadLetterTopic.trim() === '') return 'its dead-letter topic is empty';
    out.push(entry('deadLetterTopic', json(spec.deadLetterTopic)));
  }
  if (spec.metadata !== undefined) {
    const metadata = stringMap(spec.metadata);
    if (!metadata) return 'its metadata values are not text';
    if (Object.keys(metadata).length > 0) out.push(entry('metadata', json(metadata)));
  }
  const bulk = asRecord(spec.bulkSubscribe);
  if (bulk) {
    // daprkit writes `enabled` always.
    if (typeof bulk.enabled !== 'boolean') return 'its bulkSubscribe does not say enabled';
    const count = bulk.maxMessagesCount;
    const wait = bulk.maxAwaitDurationMs;
    if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 1)) return 'its maxMessagesCount is not a positive whole number';
    if (wait !== undefined && !(Number.isInteger(wait) && (wait as number) >= 1)) return 'its maxAwaitDurationMs is not a positive whole number';
    out.push(
      entry('bulkSubscribe', props([
        bulk.enabled === false ? entry('enabled', json(false)) : undefined,
        count !== undefined ? entry('maxMessagesCount', json(count as number)) : undefined,
        wait !== undefined ? entry('maxAwaitDuration', call(member(daprkit('Duration'), 'millis'), json(wait as number))) : undefined,
      ])),
    );
  }
  return out;
}

export function mapSubscription(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  const v1 = m.apiVersion === 'dapr.io/v1alpha1';
  if (!v1 && m.apiVersion !== 'dapr.io/v2alpha1') return `daprkit writes Subscriptions as dapr.io/v2alpha1 or v1alpha1, not ${String(m.apiVersion)}`;
  const name = asRecord(m.metadata)?.name;
  if (!isString(name) || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const spec = asRecord(m.spec);
  if (!spec || !isString(spec.topic) || spec.topic.trim() === '' || !isString(spec.pubsubname)) return 'it has no topic or pub/sub';
  const declared = ctx.chart.components.get(spec.pubsubname);
  if (declared && !declared.specType.startsWith('pubsub.')) return `its pub/sub "${spec.pubsubname}" is a ${declared.specType} Component`;
  if (!declared && !isDnsSubdomain(spec.pubsubname)) return 'its pub/sub name is not a DNS subdomain';
  const given = options(spec, v1);
  if (typeof given === 'string') return given;
  const scopes = m.scopes === undefined ? [] : Array.isArray(m.scopes) && m.scopes.every(isString) ? (m.scopes as string[]) : undefined;
  if (!scopes) return 'its scopes are not app-ids';
  const unit = object_.index;
  const statements: Statement[] = [];
  // A pub/sub the imported objects do not define is referred to by name; its type is not known here.
  let pubsub = declared;
  if (!pubsub) {
    const variable = ctx.chart.variables.take(spec.pubsubname, 'pubsub');
    const id = ctx.chart.ids.take(`${spec.pubsubname}-pubsub`, 'ref');
    statements.push({
      comments: [`Pub/sub "${spec.pubsubname}" is defined elsewhere; give its type (\`type: ComponentType.PUBSUB_...\`) when you know it.`],
      declares: variable,
      expr: staticCall('Component', 'fromName', scope, json(id), json(spec.pubsubname), object([entry('buildingBlock', json('pubsub'))])),
      unit,
    });
    pubsub = { variable, object: object_, specType: 'pubsub.*', scopes: [] };
  }
  const variable = ctx.chart.variables.take(name, 'subscription');
  const version = v1 ? [entry('apiVersion', enumMember('SubscriptionApiVersion', 'V1ALPHA1'))] : [];
  const app = scopes.length === 1 ? ctx.chart.apps.get(scopes[0]!) : undefined;
  let expr: Expr;
  let as: string;
  if (app && pubsub.scopes.includes(scopes[0]!)) {
    // `subscribe` names the Subscription after the app and topic unless told otherwise; the name is given.
    expr = call(member(ref(app.variable), 'subscribe'), ref(pubsub.variable), json(spec.topic), object([entry('name', json(name)), ...given, ...version]));
    as = 'DaprApp.subscribe';
  } else {
    const scopeExprs = scopes.map((s) => (ctx.chart.apps.has(s) ? ref(ctx.chart.apps.get(s)!.variable) : json(s)));
    const id = ctx.chart.ids.take(name, 'Subscription');
    expr = construct(daprkit('Subscription'), scope, json(id), props([
      id !== name ? entry('name', json(name)) : undefined,
      entry('pubsub', ref(pubsub.variable)),
      entry('topic', json(spec.topic)),
      ...given,
      scopes.length > 0 ? entry('scopes', { kind: 'array', items: scopeExprs }) : undefined,
      ...version,
    ]));
    as = 'Subscription';
  }
  statements.push({ declares: variable, expr, unit });
  return typedObjectUnit(object_, ref(variable), { as, variable, statements, phase: Phase.SUBSCRIPTION });
}
