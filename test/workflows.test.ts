/** hostsActors, hostsWorkflows, schedulesWorkflows, WorkflowAccessPolicy and the Configuration workflow section. */
import { Chart, Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprkitApp } from '../constructs/app';
import { Configuration } from '../constructs/configuration';
import { ControlPlane } from '../constructs/control-plane';
import { DaprApp } from '../constructs/dapr-app';
import { Component } from '../constructs/component';
import { PubSub, StateStore } from '../constructs/generated';
import { ComponentType } from '../constructs/generated/component-types';
import { ResiliencyPolicy } from '../constructs/resiliency';
import { SecretValue } from '../constructs/secret-value';
import { WorkflowAccessPolicy, WorkflowOperation } from '../constructs/workflow-access-policy';
import { compiledWorkflowPolicy } from '../constructs/workflows';
import { failsAtSynth, find, podAnnotations, synth, synthChecked, synthReport } from './support/synth';

const redis = (chart: Chart, name: string, actorStateStore = true) =>
  StateStore.redis(chart, name, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore } });
const app = (chart: Chart, appId: string) => new DaprApp(chart, appId, { appId, image: `${appId}:1`, appPort: 8080 });
const errorsOf = (manifests: Manifest[]) => runChecks(manifests).filter((f) => f.severity === 'error');

describe('hostsActors', () => {
  test('records the types on the pod template and scopes the actor state store to the host', () => {
    const manifests = synth((chart) => {
      const players = app(chart, 'players');
      const store = redis(chart, 'actorstore');
      players.hostsActors(['Player'], { stateStore: store }).hostsActors(['Room', 'Player'], { stateStore: store });
      app(chart, 'lobby');
    });
    const annotations = podAnnotations(find(manifests, 'Deployment', 'players'));
    expect(annotations['daprkit.io/actor-types']).toBe('Player,Room');
    expect(annotations['daprkit.io/actor-state-store']).toBe('actorstore');
    expect(find(manifests, 'Component', 'actorstore').scopes).toEqual(['players']);
    expect(podAnnotations(find(manifests, 'Deployment', 'lobby'))['daprkit.io/actor-types']).toBeUndefined();
    expect(errorsOf(manifests)).toEqual([]);
  });

  test('fails at synth when the store is not an actor state store (the check names the host and the fix)', () => {
    const report = synthReport((chart) => app(chart, 'players').hostsActors(['Player'], { stateStore: redis(chart, 'statestore', false) }));
    expect(report).toContain('Deployment/default/players');
    expect(report).toContain('its state store "statestore" is not marked as the actor state store');
  });

  test('fails at synth on the misplaced store: the actor state store scoped to another app', () => {
    const report = synthReport((chart) => {
      const lobby = app(chart, 'lobby');
      lobby.uses(redis(chart, 'actorstore'));
      app(chart, 'players').hostsActors(['Player'], { stateStore: redis(chart, 'cache', false) });
    });
    expect(report).toContain('"players" hosts actors (Player) but sees no actor state store: its state store "cache" is not marked');
  });

  test('fails at synth on a type that cannot hold actor state, and on two actor state stores', () => {
    expect(
      synthReport((chart) => {
        const store = StateStore.memcached(chart, 'cache', { metadata: { hosts: 'memcached:11211', actorStateStore: true } as never });
        app(chart, 'players').hostsActors(['Player'], { stateStore: store });
      }),
    ).toContain('state.memcached cannot hold actor state');
    expect(
      synthReport((chart) => {
        const players = app(chart, 'players');
        players.uses(redis(chart, 'other'));
        players.hostsActors(['Player'], { stateStore: redis(chart, 'actorstore') });
      }),
    ).toContain('both "actorstore" and "other" are actor state stores for app "players"');
  });

  test('fails at synth on bad types, a store that is no state store, or a second store', () => {
    expect(failsAtSynth((chart) => app(chart, 'p').hostsActors([], { stateStore: redis(chart, 's') }))).toThrow(/\[test\/p\] hostsActors.types: received \[\], expected at least one actor type/);
    expect(failsAtSynth((chart) => app(chart, 'p').hostsActors(['Player,Room'], { stateStore: redis(chart, 's') }))).toThrow(/hostsActors.types: received "Player,Room"/);
    expect(failsAtSynth((chart) => app(chart, 'p').hostsActors(['dapr.internal.x'], { stateStore: redis(chart, 's') }))).toThrow(/reserves those types/);
    expect(failsAtSynth((chart) => app(chart, 'p').hostsActors(['Player'], { stateStore: PubSub.inMemory(chart, 'events') }))).toThrow(/hostsActors.stateStore: received "events \(pubsub.in-memory\)"/);
    expect(
      failsAtSynth((chart) => {
        const p = app(chart, 'p');
        p.hostsActors(['Player'], { stateStore: redis(chart, 'a') });
        p.hostsWorkflows({ stateStore: redis(chart, 'b') });
      }),
    ).toThrow(/hostsWorkflows.stateStore: received "b", expected the app's one actor state store \("a"\)/);
  });

  test('a store imported by name (defined elsewhere) is named but not scoped here, and not judged', () => {
    const manifests = synth((chart) => app(chart, 'players').hostsActors(['Player'], { stateStore: Component.fromName(chart, 'ext', 'actorstore', { type: ComponentType.STATE_REDIS }) }));
    expect(podAnnotations(find(manifests, 'Deployment', 'players'))['daprkit.io/actor-state-store']).toBe('actorstore');
    expect(
      failsAtSynth((chart) => app(chart, 'players').hostsActors(['Player'], { stateStore: Component.fromName(chart, 'ext', 'actorstore', { type: ComponentType.STATE_REDIS, namespace: 'other' }) })),
    ).toThrow(/hostsActors.stateStore: received "other\/actorstore", expected a state store in namespace "default"/);
  });

  test('Resiliency actor targets are checked against the hosted types', () => {
    const { warnings } = synthChecked((chart) => {
      const players = app(chart, 'players');
      players.hostsActors(['Player'], { stateStore: redis(chart, 'actorstore') });
      const r = new ResiliencyPolicy(chart, 'r', { name: 'r' });
      r.forActor('Plyer', { timeout: r.addTimeout('t', Duration.seconds(1)) });
    });
    expect(warnings.filter((w) => w.check === 'resiliency-actor-type').map((w) => w.message)).toEqual([expect.stringContaining('Did you mean "Player"?')]);
  });
});

describe('hostsWorkflows', () => {
  test('records hosting (with names when given) and scopes the store', () => {
    const manifests = synth((chart) => {
      app(chart, 'orders').hostsWorkflows({ stateStore: redis(chart, 'wfstore'), workflows: ['OrderWorkflow'], activities: ['ChargeCard'] });
      app(chart, 'shipping').hostsWorkflows({ stateStore: redis(chart, 'shipstore') });
    });
    expect(podAnnotations(find(manifests, 'Deployment', 'orders'))['daprkit.io/workflows']).toBe('{"workflows":["OrderWorkflow"],"activities":["ChargeCard"]}');
    expect(podAnnotations(find(manifests, 'Deployment', 'shipping'))['daprkit.io/workflows']).toBe('{}');
    expect(find(manifests, 'Component', 'wfstore').scopes).toEqual(['orders']);
    expect(errorsOf(manifests)).toEqual([]);
  });

  test('fails at synth on workflows while the control plane runs without the scheduler, or without actors', () => {
    const build = (values: { scheduler?: boolean; actors?: boolean }) => (chart: Chart) => {
      app(chart, 'orders').hostsWorkflows({ stateStore: redis(chart, 'wfstore') });
      new ControlPlane(new Chart(chart.node.scope!, 'dapr-system'), 'dapr', values);
    };
    expect(synthReport(build({ scheduler: false }))).toContain('without the scheduler, but Deployment/default/orders hosts workflows');
    expect(synthReport(build({ actors: false }))).toContain('installed without actors (no placement service)');
  });
});

describe('schedulesWorkflows compiles the host\'s WorkflowAccessPolicy', () => {
  function system(order: 'edges-first' | 'hosts-first'): Manifest[] {
    return synth((chart) => {
      const orders = app(chart, 'orders');
      const checkout = app(chart, 'checkout');
      const support = app(chart, 'support');
      const hosts = () => {
        orders.hostsWorkflows({ stateStore: redis(chart, 'wfstore'), workflows: ['OrderWorkflow', 'RefundWorkflow'], activities: ['ChargeCard'] });
        checkout.hostsWorkflows({ stateStore: redis(chart, 'checkoutstore') });
        support.hostsWorkflows({ stateStore: redis(chart, 'supportstore') });
      };
      if (order === 'hosts-first') hosts();
      checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflow'], activities: ['ChargeCard'] });
      checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflow'], operations: [WorkflowOperation.GET] });
      support.schedulesWorkflows(orders, { workflows: ['OrderWorkflow', 'RefundWorkflow'], operations: [WorkflowOperation.TERMINATE, WorkflowOperation.GET, WorkflowOperation.RERUN] });
      if (order === 'edges-first') hosts();
    });
  }

  test('one rule per caller, merged over its calls, scoped to the host', () => {
    const manifests = system('hosts-first');
    const policy = find(manifests, 'WorkflowAccessPolicy', 'orders-workflows');
    expect(policy).toMatchSnapshot();
    expect(policy.apiVersion).toBe('dapr.io/v1alpha1');
    expect(policy.scopes).toEqual(['orders']);
    expect(policy.spec.rules).toEqual([
      { callers: [{ appID: 'checkout' }], workflows: [{ name: 'OrderWorkflow', operations: ['schedule', 'get'] }], activities: [{ name: 'ChargeCard' }] },
      {
        callers: [{ appID: 'support' }],
        workflows: [
          { name: 'OrderWorkflow', operations: ['terminate', 'get', 'rerun'] },
          { name: 'RefundWorkflow', operations: ['terminate', 'get', 'rerun'] },
        ],
      },
    ]);
    expect(JSON.parse(podAnnotations(find(manifests, 'Deployment', 'checkout'))['daprkit.io/schedules-workflows']!)).toEqual([
      { appId: 'orders', workflows: [{ name: 'OrderWorkflow', operations: ['schedule', 'get'] }], activities: ['ChargeCard'] },
    ]);
    expect(errorsOf(manifests)).toEqual([]);
  });

  test('does not depend on call order, and synthesizes byte-identically', () => {
    expect(JSON.stringify(system('edges-first'))).toBe(JSON.stringify(system('hosts-first')));
  });

  test('a host no one calls gets no policy (no policy: every app may call it)', () => {
    const manifests = synth((chart) => app(chart, 'orders').hostsWorkflows({ stateStore: redis(chart, 'wfstore') }));
    expect(manifests.filter((m) => m.kind === 'WorkflowAccessPolicy')).toEqual([]);
  });

  test('fails at synth when a hand-written policy scoped to the host is the only one and leaves a declared call out', () => {
    const report = synthReport((chart) => {
      const orders = app(chart, 'orders');
      orders.hostsWorkflows({ stateStore: redis(chart, 'wfstore') });
      const imported = DaprApp.fromAppId(chart, 'ext-orders', 'orders');
      const checkout = app(chart, 'checkout');
      checkout.hostsWorkflows({ stateStore: redis(chart, 'cstore') });
      // Declared against an imported reference: no policy is compiled for it here...
      checkout.schedulesWorkflows(imported, { workflows: ['OrderWorkflow'], operations: [WorkflowOperation.TERMINATE] });
      // ...and the host's own, hand-written policy grants only scheduling.
      new WorkflowAccessPolicy(chart, 'orders-acl', { scopes: [orders], rules: [{ callers: [checkout], workflows: [{ name: 'Order*', operations: [WorkflowOperation.SCHEDULE] }] }] });
    });
    expect(report).toContain('"checkout" → "orders" workflow "OrderWorkflow": terminate is denied by WorkflowAccessPolicy/default/orders-acl');
  });

  test('the compiled policy is reachable for escape hatches', () => {
    const app1 = new DaprkitApp({ onWarnings: () => undefined });
    const chart = new Chart(app1, 'test');
    const orders = app(chart, 'orders');
    app(chart, 'checkout').schedulesWorkflows(orders, { workflows: ['OrderWorkflow'] });
    expect(compiledWorkflowPolicy(orders)?.name).toBe('orders-workflows');
    expect(compiledWorkflowPolicy(app(chart, 'other'))).toBeUndefined();
  });

  test('fails at synth on a call to itself, to another namespace, naming nothing, or with a bad glob', () => {
    expect(failsAtSynth((chart) => app(chart, 'a').schedulesWorkflows(DaprApp.fromAppId(chart, 'self', 'a'), { workflows: ['W'] }))).toThrow(/\[test\/a\] schedulesWorkflows: received "a", expected another app/);
    expect(failsAtSynth((chart) => app(chart, 'a').schedulesWorkflows(DaprApp.fromAppId(chart, 'b', 'b', { namespace: 'other' }), { workflows: ['W'] }))).toThrow(/received "other\/b", expected a workflow host in namespace "default"/);
    expect(failsAtSynth((chart) => app(chart, 'a').schedulesWorkflows(app(chart, 'b'), {}))).toThrow(/expected at least one workflow or activity/);
    expect(failsAtSynth((chart) => app(chart, 'a').schedulesWorkflows(app(chart, 'b'), { workflows: ['Order['] }))).toThrow(/schedulesWorkflows.workflows: received "Order\[", expected a name or a Go path.Match glob/);
  });

  test('warns at synth on a workflow the host does not register', () => {
    const { warnings } = synthChecked((chart) => {
      const orders = app(chart, 'orders');
      orders.hostsWorkflows({ stateStore: redis(chart, 'wfstore'), workflows: ['OrderWorkflow'] });
      const checkout = app(chart, 'checkout');
      checkout.hostsWorkflows({ stateStore: redis(chart, 'cstore') });
      checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflw'] });
    });
    expect(warnings.map((w) => w.check)).toContain('workflow-schedule-target');
  });
});

describe('WorkflowAccessPolicy', () => {
  test('synthesizes rules with callers, exact and glob workflow names, operations in the CRD\'s order, and activities', () => {
    const manifests = synth((chart) => {
      const orders = app(chart, 'orders');
      orders.hostsWorkflows({ stateStore: redis(chart, 'wfstore') });
      const checkout = app(chart, 'checkout');
      const policy = new WorkflowAccessPolicy(chart, 'acl', {
        name: 'orders-acl',
        scopes: [orders],
        rules: [{ callers: [checkout, 'support'], workflows: [{ name: 'Order*', operations: [WorkflowOperation.GET, WorkflowOperation.SCHEDULE, WorkflowOperation.GET] }] }],
      });
      policy.addRule({ callers: [checkout], activities: ['ChargeCard', 'Refund*'] });
      app(chart, 'support');
    });
    const policy = find(manifests, 'WorkflowAccessPolicy', 'orders-acl');
    expect(policy.scopes).toEqual(['orders']);
    expect(policy.spec).toEqual({
      rules: [
        { callers: [{ appID: 'checkout' }, { appID: 'support' }], workflows: [{ name: 'Order*', operations: ['schedule', 'get'] }] },
        { callers: [{ appID: 'checkout' }], activities: [{ name: 'ChargeCard' }, { name: 'Refund*' }] },
      ],
    });
  });

  test('a policy without rules denies every cross-app call, and says so', () => {
    const manifests = synth((chart) => new WorkflowAccessPolicy(chart, 'lockdown', { scopes: ['orders'] }));
    expect(find(manifests, 'WorkflowAccessPolicy', 'lockdown').spec).toEqual({ rules: [] });
  });

  const policy = (rules: ConstructorParameters<typeof WorkflowAccessPolicy>[2]) => failsAtSynth((chart) => new WorkflowAccessPolicy(chart, 'p', rules));

  test('fails at synth on a rule without callers or grants, a bad glob, or an operation outside the enum', () => {
    expect(policy({ rules: [{ callers: [], workflows: [{ name: 'W', operations: [WorkflowOperation.SCHEDULE] }] }] })).toThrow(/\[test\/p\] rules.callers: received \[\], expected 1 to 100 calling apps/);
    expect(policy({ rules: [{ callers: ['a'] }] })).toThrow(/rules: received \["a"\], expected a rule granting workflows or activities/);
    expect(policy({ rules: [{ callers: ['a'], activities: ['Charge['] }] })).toThrow(/rules.activities: received "Charge\["/);
    expect(policy({ rules: [{ callers: ['a'], workflows: [{ name: 'W', operations: ['start' as WorkflowOperation] }] }] })).toThrow(/operations: received \["start"\], expected operations of schedule, terminate, raise, pause, resume, purge, get, rerun/);
    expect(policy({ rules: [{ callers: ['Bad_Id'], workflows: [{ name: 'W', operations: [WorkflowOperation.GET] }] }] })).toThrow(/rules.callers: received "Bad_Id", expected an app-id/);
  });

  test('fails at synth above the CRD\'s 100 rules', () => {
    const rules = Array.from({ length: 101 }, (_, i) => ({ callers: [`caller-${i}`], workflows: [{ name: 'W', operations: [WorkflowOperation.SCHEDULE] }] }));
    expect(policy({ rules })).toThrow(/\[test\/p\] rules: 101 rules, more than the CRD's 100/);
  });
});

describe('Configuration workflow section', () => {
  test('renders limits, per-name limits sorted by name, and retention as Go durations', () => {
    const manifests = synth((chart) => {
      new Configuration(chart, 'wf', {
        name: 'wf',
        workflow: {
          maxConcurrentWorkflowInvocations: 100,
          maxConcurrentActivityInvocations: 200,
          globalMaxConcurrentWorkflowInvocations: 1000,
          globalMaxConcurrentActivityInvocations: 2000,
          workflowConcurrencyLimits: { ShipWorkflow: 2, OrderWorkflow: 5 },
          activityConcurrencyLimits: { ChargeCard: 10 },
          stateRetention: { anyTerminal: Duration.days(30), completed: Duration.days(7), failed: Duration.hours(72), terminated: Duration.seconds(0) },
        },
      });
    });
    const config = find(manifests, 'Configuration', 'wf');
    expect(config.spec.workflow).toMatchSnapshot();
    expect(config.spec.workflow).toEqual({
      maxConcurrentWorkflowInvocations: 100,
      maxConcurrentActivityInvocations: 200,
      globalMaxConcurrentWorkflowInvocations: 1000,
      globalMaxConcurrentActivityInvocations: 2000,
      workflowConcurrencyLimits: [{ name: 'OrderWorkflow', maxConcurrent: 5 }, { name: 'ShipWorkflow', maxConcurrent: 2 }],
      activityConcurrencyLimits: [{ name: 'ChargeCard', maxConcurrent: 10 }],
      stateRetentionPolicy: { anyTerminal: '720h', completed: '168h', failed: '72h', terminated: '0s' },
    });
  });

  test('fails at synth on limits daprd would ignore and negative retention, leaving them out', () => {
    const build = failsAtSynth((chart) => new Configuration(chart, 'wf', { name: 'wf', workflow: { maxConcurrentWorkflowInvocations: 0, workflowConcurrencyLimits: { A: 1.5 }, stateRetention: { failed: Duration.millis(NaN) } } }));
    expect(build).toThrow(/\[test\/wf\] workflow.maxConcurrentWorkflowInvocations: received 0, expected a whole number from 1 to 2147483647/);
    expect(build).toThrow(/workflow.workflowConcurrencyLimits\["A"\]: received 1.5/);
    expect(build).toThrow(/workflow.stateRetention.failed: received "NaNms", expected a duration of 0 or more/);
  });

  test('warns at synth when the pinned control plane is 1.18.0 (its CRD dropped the concurrency fields)', () => {
    const { warnings } = synthChecked((chart) => {
      new Configuration(chart, 'wf', { name: 'wf', workflow: { globalMaxConcurrentWorkflowInvocations: 10 } });
      new ControlPlane(new Chart(chart.node.scope!, 'dapr-system'), 'dapr', { version: '1.18.0' });
    });
    expect(warnings.filter((w) => w.check === 'crd-version-field').map((w) => w.field)).toEqual(['spec.workflow.globalMaxConcurrentWorkflowInvocations']);
  });

  test('fails at synth on WorkflowHistorySigning while the control plane disables mTLS', () => {
    const report = synthReport((chart) => {
      new Configuration(chart, 'wf', { name: 'wf', features: [{ name: 'WorkflowHistorySigning' }] });
      new ControlPlane(new Chart(chart.node.scope!, 'dapr-system'), 'dapr', { mtls: { enabled: false } });
    });
    expect(report).toContain('WorkflowHistorySigning is enabled, but HelmRelease/dapr-system/dapr');
  });
});
