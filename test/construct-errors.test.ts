/**
 * Construct-local mistakes are recorded, not thrown: a program with several of them, in different
 * constructs, gets every one in the one synth report, each once (the bad value is left out of the
 * output, so no check reports it a second time).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Component, ComponentType, Configuration, DaprApp, DaprkitApp, DaprkitValidationError, HttpEndpoint, PubSub, ResiliencyPolicy, Subscription } from '../index';
import { synthError } from './support/synth';

/** One mistake per line: the construct path and the message each must show up with. */
const MISTAKES = [
  '[shop/order-events] route: received "orders", expected an app path starting with "/". Fix: write "/orders".',
  '[shop/payments] baseUrl: received "payments.example.com", expected an absolute http:// or https:// URL. Fix: write the full URL, e.g. "https://api.example.com".',
  '[shop/resiliency] policies.timeouts["fast"]: received "0s", expected a positive duration. Fix: e.g. Duration.seconds(5).',
  '[shop/config] mtls.allowedClockSkew: received "0s", expected a positive duration. Fix: leave it unset for Sentry\'s default.',
  '[shop/config] deniedComponentTypes: received "smtp", expected a component type such as "state.redis" or "state.redis/v1". Fix: use the spec.type of the Components to refuse.',
  '[shop/statestore] version: received "1", expected a component version such as "v1". Fix: omit `version` to use the catalog default.',
  '[shop/statestore] secretStore: received "events (pubsub.in-memory)", expected a secret-store Component (secretstores.*). Fix: pass a SecretStore, or "kubernetes".',
];

/** A small program that makes every mistake above; nothing throws while it is built. */
function buildProgram(scope: Construct): void {
  const chart = new Chart(scope, 'shop');
  const events = PubSub.inMemory(chart, 'events');
  new Subscription(chart, 'order-events', { pubsub: events, topic: 'orders', route: 'orders' });
  new HttpEndpoint(chart, 'payments', { baseUrl: 'payments.example.com' });
  const resiliency = new ResiliencyPolicy(chart, 'resiliency');
  resiliency.forActor('Cart', { timeout: resiliency.addTimeout('fast', Duration.seconds(0)), retry: 'missing-on-purpose' });
  new Configuration(chart, 'config', { deniedComponentTypes: ['smtp'], mtls: { allowedClockSkew: Duration.seconds(0) } });
  new Component(chart, 'statestore', { type: ComponentType.STATE_IN_MEMORY, version: '1', secretStore: events });
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('construct-local mistakes', () => {
  test('fails with ALL of them in one report, each with its construct path, each exactly once', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    expect(() => buildProgram(app)).not.toThrow();
    const error = synthError(app);
    expect(error).toBeInstanceOf(DaprkitValidationError);
    expect(error.constructErrors).toEqual(MISTAKES);
    for (const mistake of MISTAKES) expect(occurrences(error.message, mistake)).toBe(1);
    expect(error.message.match(/synthesis failed/g)).toHaveLength(1);
    // The only check error is the one added on purpose: a policy name nobody declared (so the
    // checks still run over the rest); the rejected "fast" timeout is not reported again.
    const errors = error.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.resource} ${f.field}`)).toEqual(['Resiliency/default/resiliency spec.targets.actors["Cart"].retry']);
    expect(error.message).not.toMatch(/"fast" is not defined/);
  });

  test('fails once, not twice, on names, a namespace and a sampling rate the checks would flag as well', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'shop');
    new Configuration(chart, 'c', { name: 'App_Config', namespace: 'Shop', tracing: { samplingRate: 1.5 } });
    new Component(chart, 'StateStore', { type: ComponentType.STATE_IN_MEMORY });
    new ResiliencyPolicy(chart, 'Resiliency').addTimeout('t', Duration.seconds(1));
    const error = synthError(app);
    expect(error.constructErrors.map((e) => e.split(':')[0])).toEqual([
      '[shop/c] namespace',
      '[shop/c] tracing.samplingRate',
      '[shop/c] name',
      '[shop/StateStore] name',
      '[shop/Resiliency] name',
    ]);
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('fails once, not three times, on an app-id that is not a DNS label', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    new DaprApp(new Chart(app, 'shop'), 'orders', { appId: 'Orders_Service', image: 'orders:1', appPort: 8080, service: true });
    const error = synthError(app);
    expect(error.constructErrors).toEqual([
      '[shop/orders] appId: received "Orders_Service", expected a DNS label (at most 63 characters of a-z, 0-9 and "-"). Fix: it contains upper-case letters; e.g. "orders-service".',
    ]);
    expect(error.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('fails once, not twice, when an app subscribes to a pub/sub of another namespace', () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    const chart = new Chart(app, 'shop');
    const events = PubSub.inMemory(chart, 'events', { namespace: 'other' });
    const sub = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1' }).subscribe(events, 'orders', { route: '/orders' });
    expect(synthError(app).constructErrors).toEqual([
      '[shop/orders] uses: received "other/events", expected a Component in namespace "default". Fix: an app loads only Components of its own namespace; define one there.',
    ]);
    expect(sub.scopes).toEqual([]);
  });

  test('fails with them on a plain cdk8s App too (cdk8s runs the recorded validations)', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-plain-app-')), 'dist');
    const app = new App({ outdir });
    buildProgram(app);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Validation failed/);
    for (const mistake of MISTAKES) {
      // cdk8s prints the construct path and the recorded message of each validation.
      const [, constructPath, text] = /^\[(.*?)\] (.*)$/.exec(mistake)!;
      expect(message).toContain(constructPath);
      expect(message).toContain(text);
    }
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
  });
});
