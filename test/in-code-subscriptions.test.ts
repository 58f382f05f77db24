/** Issue 18 §5: subscriptions an app makes in its own code, and the checks on them. */
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprApp, PubSub, StateStore } from '../index';
import { daprDeployment, daprObject } from './support/manifests';
import { failsAtSynth, find, podAnnotations, synth, synthChecked } from './support/synth';

const basic = { appId: 'orders', image: 'orders:1.0', appPort: 8080 };
const of = (manifests: Manifest[], id: string) => runChecks(manifests).filter((f) => f.check === id);

describe('subscribesInCode', () => {
  test('scopes the pub/sub to the app and records the edge, without a Subscription object', () => {
    const manifests = synth((chart) => {
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
      new DaprApp(chart, 'orders', basic).subscribesInCode(pubsub, 'orders', { route: '/orders' }).subscribesInCode(pubsub, 'audit');
    });
    expect(manifests.filter((m) => m.kind === 'Subscription')).toEqual([]);
    expect(find(manifests, 'Component', 'pubsub').scopes).toEqual(['orders']);
    expect(JSON.parse(podAnnotations(find(manifests, 'Deployment', 'orders'))['daprkit.io/subscribes-in-code'])).toEqual([
      { pubsub: 'pubsub', topic: 'audit' },
      { pubsub: 'pubsub', topic: 'orders', route: '/orders' },
    ]);
  });

  test('warns at synth when the same topic is also declared with subscribe()', () => {
    const { warnings } = synthChecked((chart) => {
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
      const app = new DaprApp(chart, 'orders', basic);
      app.subscribesInCode(pubsub, 'orders');
      app.subscribe(pubsub, 'orders', { route: '/orders' });
    });
    expect(warnings.map((w) => [w.check, w.resource])).toEqual([['subscription-declared-twice', 'Deployment/default/orders']]);
    expect(warnings[0].message).toContain('Subscription "orders-orders"');
  });

  test('fails without an app port, on a component that is not a pub/sub, and on a route without "/"', () => {
    expect(
      failsAtSynth((chart) => new DaprApp(chart, 'orders', { appId: 'orders', image: 'o:1' }).subscribesInCode(PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } }), 'orders')),
    ).toThrow(/subscribesInCode: received "orders", expected an app with an appPort/);
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).subscribesInCode(StateStore.redis(chart, 's', { metadata: { redisHost: 'redis:6379' } }), 'orders'))).toThrow(
      /subscribesInCode\.pubsub: .*expected a pub\/sub Component/,
    );
    expect(failsAtSynth((chart) => new DaprApp(chart, 'orders', basic).subscribesInCode(PubSub.redis(chart, 'p', { metadata: { redisHost: 'redis:6379' } }), 'orders', { route: 'orders' }))).toThrow(
      /subscribesInCode\.route: received "orders"/,
    );
  });
});

describe('checks of in-code subscriptions on hand-written YAML', () => {
  const app = (value: string) => daprDeployment('orders', { 'daprkit.io/subscribes-in-code': value });
  const pubsub = (scopes?: string[]) => daprObject('Component', 'pubsub', { type: 'pubsub.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }] }, scopes ? { scopes } : {});
  const subscription = (scopes?: string[]) => ({ ...daprObject('Subscription', 'orders-sub', { pubsubname: 'pubsub', topic: 'orders', routes: { default: '/orders' } }, scopes ? { scopes } : {}), apiVersion: 'dapr.io/v2alpha1' });

  test('fails (warns) on a topic declared both ways for one app', () => {
    const findings = of([app('[{"pubsub":"pubsub","topic":"orders"}]'), pubsub(['orders']), subscription()], 'subscription-declared-twice');
    expect(findings.map((f) => [f.severity, f.resource, f.field])).toEqual([['warning', 'Deployment/default/orders', 'spec.template.metadata.annotations["daprkit.io/subscribes-in-code"]']]);
  });

  test('is clean when the Subscription is scoped to other apps, or is about another topic', () => {
    expect(of([app('[{"pubsub":"pubsub","topic":"orders"}]'), pubsub(), subscription(['billing'])], 'subscription-declared-twice')).toEqual([]);
    expect(of([app('[{"pubsub":"pubsub","topic":"audit"}]'), pubsub(), subscription()], 'subscription-declared-twice')).toEqual([]);
  });

  test('fails on a pub/sub that is missing or scoped away, and on an unreadable annotation', () => {
    expect(of([app('[{"pubsub":"pubsubb","topic":"orders"}]'), pubsub()], 'in-code-subscription')[0].message).toContain('Did you mean "pubsub"?');
    expect(of([app('[{"pubsub":"pubsub","topic":"orders"}]'), pubsub(['billing'])], 'in-code-subscription')[0].message).toContain('scopes leave app "orders" out');
    expect(of([app('{"pubsub":"pubsub"}'), pubsub()], 'in-code-subscription')).toHaveLength(1);
  });
});
