/** The README's workflow system: it must synthesize with zero findings, and compile the hosts' policy. */
import { Chart, Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { Configuration, ControlPlane, DaprApp, DaprkitApp, SecretValue, StateStore, WorkflowOperation } from '../index';
import { find, podAnnotations } from './support/synth';
import { readmeProgram } from './support/readme-program';
import { validateBuiltinKinds } from './support/validate';

function shopSystem(): { manifests: Manifest[]; warnings: string[] } {
  const warnings: string[] = [];
  const app = new DaprkitApp({ onWarnings: (report) => warnings.push(report) });
  // --- the README's program, verbatim ---
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const store = (name: string) => StateStore.postgresql(shop, name, {
    metadata: { connectionString: SecretValue.fromSecret('postgres', 'connection-string'), actorStateStore: true },
  });
  const config = new Configuration(shop, 'orders-config', {
    name: 'orders-config',
    workflow: {
      maxConcurrentWorkflowInvocations: 100,
      globalMaxConcurrentActivityInvocations: 500,
      activityConcurrencyLimits: { ChargeCard: 20 },
      stateRetention: { completed: Duration.days(7), failed: Duration.days(30) },
    },
    features: [{ name: 'WorkflowHistorySigning' }],
  });
  const orders = new DaprApp(shop, 'orders', { appId: 'orders', image: 'orders:1.0', appPort: 8080, replicas: 3, config });
  orders.hostsWorkflows({ stateStore: store('orders-wf'), workflows: ['OrderWorkflow', 'RefundWorkflow'], activities: ['ChargeCard'] });

  const checkout = new DaprApp(shop, 'checkout', { appId: 'checkout', image: 'checkout:1.0', appPort: 8080 });
  checkout.hostsWorkflows({ stateStore: store('checkout-wf') });
  checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflow'], operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.GET], activities: ['ChargeCard'] });

  const support = new DaprApp(shop, 'support', { appId: 'support', image: 'support:1.0', appPort: 8080 });
  support.hostsWorkflows({ stateStore: store('support-wf') });
  support.schedulesWorkflows(orders, { workflows: ['Refund*'], operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.TERMINATE, WorkflowOperation.GET] });

  const plane = new ControlPlane(new Chart(app, 'dapr-system'), 'dapr');
  plane.requiredBy(shop);
  // --- end of the README's program ---
  return { manifests: app.synthManifests(), warnings };
}

describe('the README workflow system', () => {
  const { manifests, warnings } = shopSystem();

  test('synthesizes with zero findings and valid built-in objects', () => {
    expect(warnings).toEqual([]);
    expect(runChecks(manifests)).toEqual([]);
    expect(validateBuiltinKinds(manifests)).toBeGreaterThan(0);
  });

  test('is the README\'s program', () => {
    const { readme, test } = readmeProgram('checkout.schedulesWorkflows(orders', __filename);
    expect(test).toEqual(readme.filter((l) => l !== 'const app = new DaprkitApp();'));
  });

  test('compiles orders\' policy from both callers, and records hosting and calls on the pods', () => {
    const policy = find(manifests, 'WorkflowAccessPolicy', 'orders-workflows');
    expect(policy.scopes).toEqual(['orders']);
    expect(policy.spec.rules).toEqual([
      { callers: [{ appID: 'checkout' }], workflows: [{ name: 'OrderWorkflow', operations: ['schedule', 'get'] }], activities: [{ name: 'ChargeCard' }] },
      { callers: [{ appID: 'support' }], workflows: [{ name: 'Refund*', operations: ['schedule', 'terminate', 'get'] }] },
    ]);
    expect(JSON.parse(podAnnotations(find(manifests, 'Deployment', 'orders'))['daprkit.io/workflows']!)).toEqual({ workflows: ['OrderWorkflow', 'RefundWorkflow'], activities: ['ChargeCard'] });
    expect(find(manifests, 'Component', 'orders-wf').scopes).toEqual(['orders']);
    expect(find(manifests, 'Configuration', 'orders-config').spec.workflow).toEqual({
      maxConcurrentWorkflowInvocations: 100,
      globalMaxConcurrentActivityInvocations: 500,
      activityConcurrencyLimits: [{ name: 'ChargeCard', maxConcurrent: 20 }],
      stateRetentionPolicy: { completed: '168h', failed: '720h' },
    });
  });
});
