import { Duration, Testing } from 'cdk8s';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { subscriptionChecks } from '../checks/subscriptions';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType, PubSub, StateStore } from '../constructs/generated';
import { Subscription } from '../constructs/subscription';
import { find, synth } from './support/synth';

describe('Subscription', () => {
  test('synthesizes a dapr.io/v2alpha1 Subscription with rules, dead letters, bulk delivery and scopes', () => {
    const manifests = synth((chart) => {
      const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' }, scopes: [app] });
      new Subscription(chart, 'order-events', {
        pubsub,
        topic: 'orders',
        routes: { rules: [{ match: 'event.type == "order.created"', path: '/orders/created' }], default: '/orders' },
        deadLetterTopic: 'orders-dead',
        bulkSubscribe: { maxMessagesCount: 100, maxAwaitDuration: Duration.millis(500) },
        metadata: { rawPayload: 'true' },
        scopes: [app],
      });
    });
    const subscription = find(manifests, 'Subscription', 'order-events');
    expect(subscription).toMatchSnapshot();
    expect(subscription.apiVersion).toBe('dapr.io/v2alpha1');
    expect(subscription.spec).toMatchObject({
      pubsubname: 'pubsub',
      topic: 'orders',
      deadLetterTopic: 'orders-dead',
      routes: { default: '/orders', rules: [{ match: 'event.type == "order.created"', path: '/orders/created' }] },
      bulkSubscribe: { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 500 },
      metadata: { rawPayload: 'true' },
    });
    expect(subscription.scopes).toEqual(['orders']);
    expect(runChecks(manifests, [...componentChecks, ...subscriptionChecks])).toEqual([]);
  });

  test('route is a shortcut for the default route; scopes can be added later', () => {
    const manifests = synth((chart) => {
      const pubsub = PubSub.inMemory(chart, 'events');
      const sub = new Subscription(chart, 'audit', { pubsub, topic: 'audit', route: '/audit' });
      sub.addScope('auditor');
      sub.addScope('auditor');
    });
    const subscription = find(manifests, 'Subscription', 'audit');
    expect(subscription.spec).toEqual({ pubsubname: 'events', topic: 'audit', routes: { default: '/audit' } });
    expect(subscription.scopes).toEqual(['auditor']);
  });

  test('lives in the namespace of its pub/sub by default', () => {
    const chart = Testing.chart();
    const pubsub = Component.fromName(chart, 'shared', 'shared-pubsub', { type: ComponentType.PUBSUB_KAFKA, namespace: 'infra' });
    expect(new Subscription(chart, 'sub', { pubsub, topic: 't', route: '/t' }).namespace).toBe('infra');
  });

  test('fails at once on a path without a leading slash, naming construct, field, value and fix', () => {
    const chart = Testing.chart();
    const pubsub = PubSub.inMemory(chart, 'events');
    expect(() => new Subscription(chart, 'bad', { pubsub, topic: 't', route: 'orders' })).toThrow('[test/bad] route: received "orders", expected an app path starting with "/". Fix: write "/orders".');
    expect(() => new Subscription(chart, 'bad-rule', { pubsub, topic: 't', routes: { rules: [{ match: 'true', path: 'x' }] } })).toThrow(/routes\.rules\[0\]\.path: received "x"/);
  });

  test('fails at once on an empty topic, an empty rule match, and no route at all', () => {
    const chart = Testing.chart();
    const pubsub = PubSub.inMemory(chart, 'events');
    expect(() => new Subscription(chart, 'a', { pubsub, topic: ' ', route: '/x' })).toThrow(/\[test\/a\] topic: received " "/);
    expect(() => new Subscription(chart, 'b', { pubsub, topic: 't', routes: { rules: [{ match: '', path: '/x' }] } })).toThrow(/routes\.rules\[0\]\.match/);
    expect(() => new Subscription(chart, 'c', { pubsub, topic: 't' })).toThrow(/\[test\/c\] route: .*set `route`/);
    expect(() => new Subscription(chart, 'd', { pubsub, topic: 't', route: '/a', routes: { default: '/b' } })).toThrow(/not both/);
  });

  test('fails at once when pubsub is not a pub/sub or lives in another namespace', () => {
    const chart = Testing.chart();
    const store = StateStore.inMemory(chart, 'state');
    expect(() => new Subscription(chart, 'a', { pubsub: store, topic: 't', route: '/t' })).toThrow(/pubsub: received "state \(state.in-memory\)"/);
    const pubsub = PubSub.inMemory(chart, 'events');
    expect(() => new Subscription(chart, 'b', { pubsub, topic: 't', route: '/t', namespace: 'other' })).toThrow(/namespace: received "other"/);
  });

  test('fails at once on bulk settings out of range', () => {
    const chart = Testing.chart();
    const pubsub = PubSub.inMemory(chart, 'events');
    expect(() => new Subscription(chart, 'a', { pubsub, topic: 't', route: '/t', bulkSubscribe: { maxMessagesCount: 0 } })).toThrow(/maxMessagesCount: received 0/);
    expect(() => new Subscription(chart, 'b', { pubsub, topic: 't', route: '/t', bulkSubscribe: { maxAwaitDuration: Duration.millis(0.5) } })).toThrow(/maxAwaitDuration/);
  });
});
