import { Chart, Duration, Testing } from 'cdk8s';
import { runChecks } from '../checks';
import { componentChecks } from '../checks/components';
import { subscriptionChecks } from '../checks/subscriptions';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType, PubSub, StateStore } from '../constructs/generated';
import { DaprkitApp } from '../constructs/app';
import { Subscription, SubscriptionApiVersion, SubscriptionProps } from '../constructs/subscription';
import { failsAtSynth, find, synth, synthError } from './support/synth';

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

  test('fails at synth on a path without a leading slash, naming construct, field, value and fix', () => {
    expect(failsAtSynth((chart) => new Subscription(chart, 'bad', { pubsub: PubSub.inMemory(chart, 'events'), topic: 't', route: 'orders' }))).toThrow(
      '[test/bad] route: received "orders", expected an app path starting with "/". Fix: write "/orders".',
    );
    expect(failsAtSynth((chart) => new Subscription(chart, 'bad-rule', { pubsub: PubSub.inMemory(chart, 'events'), topic: 't', routes: { rules: [{ match: 'true', path: 'x' }] } }))).toThrow(
      /\[test\/bad-rule\] routes\.rules\[0\]\.path: received "x"/,
    );
  });

  test('fails at synth on an empty topic, an empty rule match, no route at all, or two defaults', () => {
    const fails = (props: Omit<SubscriptionProps, 'pubsub'>) => failsAtSynth((chart) => new Subscription(chart, 'a', { pubsub: PubSub.inMemory(chart, 'events'), ...props }));
    expect(fails({ topic: ' ', route: '/x' })).toThrow(/\[test\/a\] topic: received " "/);
    expect(fails({ topic: 't', routes: { rules: [{ match: '', path: '/x' }] } })).toThrow(/\[test\/a\] routes\.rules\[0\]\.match/);
    expect(fails({ topic: 't' })).toThrow(/\[test\/a\] route: .*set `route`/);
    expect(fails({ topic: 't', route: '/a', routes: { default: '/b' } })).toThrow(/\[test\/a\] route: .*not both/);
  });

  test('fails at synth when pubsub is not a pub/sub or lives in another namespace', () => {
    expect(failsAtSynth((chart) => new Subscription(chart, 'a', { pubsub: StateStore.inMemory(chart, 'state'), topic: 't', route: '/t' }))).toThrow(
      /\[test\/a\] pubsub: received "state \(state.in-memory\)"/,
    );
    expect(failsAtSynth((chart) => new Subscription(chart, 'b', { pubsub: PubSub.inMemory(chart, 'events'), topic: 't', route: '/t', namespace: 'other' }))).toThrow(
      /\[test\/b\] namespace: received "other"/,
    );
  });

  test('fails at synth on bulk settings out of range', () => {
    const fails = (bulkSubscribe: SubscriptionProps['bulkSubscribe']) =>
      failsAtSynth((chart) => new Subscription(chart, 'a', { pubsub: PubSub.inMemory(chart, 'events'), topic: 't', route: '/t', bulkSubscribe }));
    expect(fails({ maxMessagesCount: 0 })).toThrow(/\[test\/a\] bulkSubscribe.maxMessagesCount: received 0/);
    expect(fails({ maxAwaitDuration: Duration.millis(0.5) })).toThrow(/\[test\/a\] bulkSubscribe.maxAwaitDuration: received "0.5ms"/);
  });

  test('a mistake no value can stand in for (empty topic, no route left, not a pub/sub) is reported by the construct only, not again by a check', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'test');
    new Subscription(chart, 'a', { pubsub: StateStore.inMemory(chart, 'state'), topic: '', routes: { rules: [{ match: '', path: '/x' }] } });
    new Subscription(chart, 'b', { pubsub: PubSub.inMemory(chart, 'events'), topic: 't', route: 'x' });
    const error = synthError(app);
    expect(error.constructErrors.map((e) => e.split(':')[0])).toEqual(['[test/a] topic', '[test/a] pubsub', '[test/a] routes.rules[0].match', '[test/b] route']);
    expect(error.findings.filter((f) => f.resource.startsWith('Subscription/'))).toEqual([]);
    // Only the findings the construct repeats are left out: the same object written by hand is reported by the checks.
    const manifests = [
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'state' }, spec: { type: 'state.in-memory', version: 'v1', metadata: [] } },
      { apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription', metadata: { name: 'a' }, spec: { pubsubname: 'state', topic: '', routes: {} } },
    ];
    expect(runChecks(manifests, subscriptionChecks).map((f) => f.field).sort()).toEqual(['spec.pubsubname', 'spec.routes', 'spec.topic']);
  });

  test('a recorded mistake leaves the bad value out, so it is reported once, and the rest still renders', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'test');
    const pubsub = PubSub.inMemory(chart, 'events');
    const sub = new Subscription(chart, 'a', {
      pubsub,
      topic: 't',
      routes: { rules: [{ match: 'true', path: 'x' }, { match: 'event.type == "b"', path: '/b' }], default: '/all' },
      deadLetterTopic: ' ',
      bulkSubscribe: { maxMessagesCount: 0 },
      scopes: ['Bad App', 'good'],
    });
    const error = synthError(app);
    // In the order they were recorded: props first, then the scopes.
    expect(error.constructErrors).toEqual([
      '[test/a] routes.rules[0].path: received "x", expected an app path starting with "/". Fix: write "/x".',
      '[test/a] deadLetterTopic: received " ", expected a topic name. Fix: name the dead-letter topic, or omit it.',
      '[test/a] bulkSubscribe.maxMessagesCount: received 0, expected a whole number of at least 1. Fix: set how many messages one bulk request may carry.',
      '[test/a] scopes: received "Bad App", expected an app-id (a DNS label). Fix: it contains upper-case letters; pass the app\'s dapr.io/app-id.',
    ]);
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(sub.scopes).toEqual(['good']);
    expect(sub.apiObject.toJson().spec).toEqual({
      pubsubname: 'events',
      topic: 't',
      routes: { rules: [{ match: 'event.type == "b"', path: '/b' }], default: '/all' },
      bulkSubscribe: { enabled: true },
    });
  });
});

describe('Subscription apiVersion v1alpha1 (systems that still have it)', () => {
  test('writes dapr.io/v1alpha1 with a single spec.route, and the checks accept it', () => {
    const manifests = synth((chart) => {
      const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' }, scopes: [app] });
      new Subscription(chart, 'orders-sub', { pubsub, topic: 'orders', route: '/orders', scopes: [app], apiVersion: SubscriptionApiVersion.V1ALPHA1 });
    });
    const subscription = find(manifests, 'Subscription', 'orders-sub');
    expect(subscription.apiVersion).toBe('dapr.io/v1alpha1');
    expect(subscription.spec).toEqual({ pubsubname: 'pubsub', topic: 'orders', route: '/orders' });
  });

  test('fails at synth: routing rules in a v1alpha1 Subscription', () => {
    expect(
      failsAtSynth((chart) => {
        const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
        new Subscription(chart, 'orders-sub', { pubsub, topic: 'orders', routes: { rules: [{ match: 'event.type == "x"', path: '/x' }], default: '/orders' }, apiVersion: SubscriptionApiVersion.V1ALPHA1 });
      }),
    ).toThrow(/routes\.rules: received 1, expected no routing rules in a dapr\.io\/v1alpha1 Subscription/);
  });
});
