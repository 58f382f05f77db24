/** Workflow checks on hand-written YAML: WorkflowAccessPolicies, schedule edges, control plane and Configuration. */
import { runChecks } from '../checks';
import { crdSchema } from '../checks/crd-schema';
import { Finding, Manifest } from '../checks/types';
import {
  crdVersionFields,
  workflowAccessPolicyCallers,
  workflowAccessPolicyHosts,
  workflowAccessPolicyRules,
  workflowConfiguration,
  workflowPoliciesNeedMtls,
  workflowScheduleTargets,
  workflowSchedulesAllowed,
  workflowSigningNeedsMtls,
  workflowsNeedScheduler,
} from '../checks/workflows';
import { daprDeployment, daprObject, helmRelease } from './support/manifests';

type Rule = { callers: { appID: string }[]; workflows?: { name: string; operations: string[] }[]; activities?: { name: string }[] };

const policy = (name: string, rules: Rule[], scopes?: string[], namespace?: string): Manifest =>
  daprObject('WorkflowAccessPolicy', name, { rules }, scopes ? { scopes } : {}, namespace);
const workflowHost = (appId: string, hosting: object = {}, namespace?: string) => daprDeployment(appId, { 'daprkit.io/workflows': JSON.stringify(hosting) }, namespace);
const caller = (appId: string, edges: object[], namespace?: string) => daprDeployment(appId, { 'daprkit.io/schedules-workflows': JSON.stringify(edges) }, namespace);
const allow = (appID: string, name: string, operations = ['schedule']): Rule => ({ callers: [{ appID }], workflows: [{ name, operations }] });
const brief = (f: Finding) => [f.check, f.severity, f.resource, f.field];

describe('WorkflowAccessPolicy rules', () => {
  test('fails on a rule that grants nothing, a malformed glob and an operation listed twice', () => {
    const findings = workflowAccessPolicyRules([
      policy('p', [
        { callers: [{ appID: 'checkout' }] },
        { callers: [{ appID: 'checkout' }], workflows: [{ name: 'Order[', operations: ['schedule', 'get', 'schedule'] }], activities: [{ name: 'Charge\\' }] },
      ]),
    ]);
    expect(findings.map(brief)).toEqual([
      ['workflow-access-policy-rule', 'error', 'WorkflowAccessPolicy/default/p', 'spec.rules[0]'],
      ['workflow-access-policy-rule', 'error', 'WorkflowAccessPolicy/default/p', 'spec.rules[1].workflows[0].name'],
      ['workflow-access-policy-rule', 'error', 'WorkflowAccessPolicy/default/p', 'spec.rules[1].workflows[0].operations[2]'],
      ['workflow-access-policy-rule', 'error', 'WorkflowAccessPolicy/default/p', 'spec.rules[1].activities[0].name'],
    ]);
    expect(findings[1]!.message).toContain('"Order[" is not a valid glob');
    expect(findings[1]!.message).toContain('daprd skips the rule');
  });

  test('fails on an operation outside the enum, naming the value and the allowed ones (CRD schema)', () => {
    const findings = crdSchema([policy('p', [allow('checkout', 'OrderWorkflow', ['start'])])]);
    expect(findings).toEqual([
      expect.objectContaining({ field: 'spec.rules[0].workflows[0].operations[0]', message: expect.stringContaining('"start" is not one of schedule, terminate, raise, pause, resume, purge, get, rerun') }),
    ]);
  });

  test('passes on exact names and valid globs', () => {
    expect(workflowAccessPolicyRules([policy('p', [allow('checkout', 'Order*', ['schedule', 'get']), { callers: [{ appID: 'x' }], activities: [{ name: '[A-Z]*' }] }])])).toEqual([]);
  });
});

describe('WorkflowAccessPolicy scopes and callers', () => {
  test('fails (warns) on a policy scoped to an app that hosts no workflows, once the manifests say which apps do', () => {
    const manifests = [workflowHost('orders'), daprDeployment('checkout'), policy('p', [allow('orders', 'X')], ['checkout'])];
    expect(workflowAccessPolicyHosts(manifests).map(brief)).toEqual([['workflow-access-policy-host', 'warning', 'WorkflowAccessPolicy/default/p', 'scopes[0]']]);
    // Nothing declares hosting: unknown, so silent.
    expect(workflowAccessPolicyHosts([daprDeployment('orders'), policy('p', [allow('x', 'X')], ['orders'])])).toEqual([]);
  });

  test('fails (warns) on callers naming no app, an app of another namespace, or the host itself', () => {
    const manifests = [
      workflowHost('orders'),
      daprDeployment('checkout'),
      daprDeployment('billing', {}, 'finance'),
      policy('p', [allow('checkuot', 'X'), allow('billing', 'X'), allow('orders', 'X'), allow('checkout', 'X')], ['orders']),
    ];
    const findings = workflowAccessPolicyCallers(manifests);
    expect(findings.map((f) => f.field)).toEqual(['spec.rules[0].callers[0].appID', 'spec.rules[1].callers[0].appID', 'spec.rules[2].callers[0].appID']);
    expect(findings[0]!.message).toContain('Did you mean "checkout"?');
    expect(findings[1]!.message).toContain('runs in finance, not in "default"; once a policy is loaded, daprd denies every workflow call from another namespace');
    expect(findings[2]!.message).toContain('is the host itself');
  });
});

describe('schedules against the host\'s policies', () => {
  const edge = { appId: 'orders', workflows: [{ name: 'OrderWorkflow', operations: ['schedule', 'terminate'] }], activities: ['ChargeCard'] };

  test('passes while the host loads no policy (everything is allowed)', () => {
    expect(workflowSchedulesAllowed([workflowHost('orders'), caller('checkout', [edge])])).toEqual([]);
  });

  test('fails on what the policies do not grant (the first policy denies everyone else)', () => {
    const manifests = [workflowHost('orders'), caller('checkout', [edge]), policy('orders-workflows', [allow('checkout', 'Order*')], ['orders'])];
    const [finding, ...rest] = workflowSchedulesAllowed(manifests);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ check: 'workflow-access-denied', severity: 'error', resource: 'Deployment/default/checkout', field: 'spec.template.metadata.annotations["daprkit.io/schedules-workflows"]' });
    expect(finding!.message).toBe(
      '"checkout" → "orders" workflow "OrderWorkflow": terminate, activity "ChargeCard": schedule are denied by WorkflowAccessPolicy/default/orders-workflows: no rule grants it to this caller (once a policy is loaded, everything not granted is denied).',
    );
  });

  test('passes when every operation and activity is granted, across several policies', () => {
    const manifests = [
      workflowHost('orders'),
      caller('checkout', [edge]),
      policy('a', [allow('checkout', 'OrderWorkflow', ['schedule', 'terminate'])], ['orders']),
      policy('b', [{ callers: [{ appID: 'checkout' }], activities: [{ name: 'Charge*' }] }]),
    ];
    expect(workflowSchedulesAllowed(manifests)).toEqual([]);
  });

  test('fails on a policy scoped to the host that grants another caller only; an unscoped one binds every host', () => {
    const other = [workflowHost('orders'), caller('checkout', [{ appId: 'orders', workflows: [{ name: 'W', operations: ['schedule'] }] }])];
    expect(workflowSchedulesAllowed([...other, policy('p', [allow('billing', 'W')])])).toHaveLength(1);
    expect(workflowSchedulesAllowed([...other, policy('p', [allow('billing', 'W')], ['shipping'])])).toEqual([]);
  });

  test('fails on calls from another namespace once the host loads a policy', () => {
    const manifests = [workflowHost('orders'), caller('checkout', [{ appId: 'orders', namespace: 'default', workflows: [{ name: 'W', operations: ['schedule'] }] }], 'shop'), policy('p', [allow('checkout', '*')])];
    expect(workflowSchedulesAllowed(manifests)[0]!.message).toContain('calls from namespace "shop" are denied outright');
  });

  test('the host\'s own calls are exempt', () => {
    expect(workflowSchedulesAllowed([caller('orders', [{ appId: 'orders', workflows: [{ name: 'W', operations: ['schedule'] }] }]), policy('p', [allow('x', 'Y')])])).toEqual([]);
  });
});

describe('schedule targets', () => {
  test('fails (warns) on a host that runs nowhere, hosts no workflows, or does not register the name', () => {
    const manifests = [
      workflowHost('orders', { workflows: ['OrderWorkflow'], activities: ['ChargeCard'] }),
      daprDeployment('billing'),
      caller('checkout', [
        { appId: 'ordrs', workflows: [{ name: 'OrderWorkflow', operations: ['schedule'] }] },
        { appId: 'billing', workflows: [{ name: 'Invoice', operations: ['schedule'] }] },
        { appId: 'orders', workflows: [{ name: 'OrderWorkflw', operations: ['schedule'] }, { name: 'Order*', operations: ['get'] }], activities: ['ChargeCard'] },
      ]),
    ];
    const messages = workflowScheduleTargets(manifests).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining('"ordrs", which no Dapr workload in namespace "default" runs. Did you mean "orders"?'),
      expect.stringContaining('"billing", which hosts no workflows'),
      expect.stringContaining('uses workflow "OrderWorkflw" of "orders", which registers no such workflow (it names OrderWorkflow). Did you mean "OrderWorkflow"?'),
    ]);
  });
});

describe('what workflows need from the control plane', () => {
  test('fails on WorkflowAccessPolicies while mTLS is off (callers cannot be identified)', () => {
    const findings = workflowPoliciesNeedMtls([policy('p', [allow('a', 'X')]), helmRelease({ global: { mtls: { enabled: false } } })]);
    expect(findings.map(brief)).toEqual([['access-control-mtls', 'error', 'HelmRelease/dapr-system/dapr', 'spec.values.global.mtls.enabled']]);
    expect(workflowPoliciesNeedMtls([policy('p', [allow('a', 'X')]), helmRelease({})])).toEqual([]);
    expect(workflowPoliciesNeedMtls([policy('p', [allow('a', 'X')])])).toEqual([]);
  });

  test('fails on WorkflowHistorySigning while mTLS is off (daprd does not start)', () => {
    const config = daprObject('Configuration', 'orders-config', { features: [{ name: 'HotReload', enabled: true }, { name: 'WorkflowHistorySigning', enabled: true }] });
    expect(workflowSigningNeedsMtls([config, helmRelease({ global: { mtls: { enabled: false } } })]).map(brief)).toEqual([['workflow-signing-mtls', 'error', 'Configuration/default/orders-config', 'spec.features[1]']]);
    expect(workflowSigningNeedsMtls([config, helmRelease({})])).toEqual([]);
  });

  test('fails on workflow hosts while the scheduler is off', () => {
    const findings = workflowsNeedScheduler([workflowHost('orders'), helmRelease({ global: { scheduler: { enabled: false } } })]);
    expect(findings.map(brief)).toEqual([['control-plane-scheduler', 'error', 'HelmRelease/dapr-system/dapr', 'spec.values.global.scheduler.enabled']]);
    expect(findings[0]!.message).toContain('Deployment/default/orders hosts workflows');
    expect(workflowsNeedScheduler([workflowHost('orders'), helmRelease({})])).toEqual([]);
  });
});

describe('Configuration workflow section', () => {
  const config = (workflow: object) => daprObject('Configuration', 'wf', { workflow });

  test('fails (warns) on concurrency fields the pinned 1.18.0 chart\'s CRD lacks (fixed in 1.18.1)', () => {
    const manifests = [config({ maxConcurrentWorkflowInvocations: 10, globalMaxConcurrentWorkflowInvocations: 20, workflowConcurrencyLimits: [{ name: 'A', maxConcurrent: 2 }] }), helmRelease({}, '1.18.0')];
    expect(crdVersionFields(manifests).map((f) => f.field)).toEqual(['spec.workflow.globalMaxConcurrentWorkflowInvocations', 'spec.workflow.workflowConcurrencyLimits']);
    expect(crdVersionFields(manifests)[0]!.message).toContain('dapr chart 1.18.0, whose Configuration CRD has no workflow.globalMaxConcurrentWorkflowInvocations (added in 1.18.1)');
    expect(crdVersionFields([manifests[0]!, helmRelease({}, '1.18.1')])).toEqual([]);
    // A range or no control plane: the version is not known.
    expect(crdVersionFields([manifests[0]!, helmRelease({}, '1.18.x')])).toEqual([]);
    expect(crdVersionFields([manifests[0]!])).toEqual([]);
    expect(crdVersionFields([config({ stateRetentionPolicy: { completed: '1h' } }), helmRelease({}, '1.16.2')]).map((f) => f.field)).toEqual(['spec.workflow.stateRetentionPolicy']);
  });

  test('fails (warns) on the 1.19 `requires` gate of a WorkflowAccessPolicy rule', () => {
    const gated = daprObject('WorkflowAccessPolicy', 'p', { rules: [{ callers: [{ appID: 'a' }], workflows: [{ name: 'W', operations: ['schedule'], requires: [{ appID: 'a', eventType: 'activity.completed', name: 'Approve' }] }] }] });
    expect(crdVersionFields([gated]).map(brief)).toEqual([['crd-version-field', 'warning', 'WorkflowAccessPolicy/default/p', 'spec.rules[0].workflows[0].requires']]);
  });

  test('fails on limits daprd ignores and on retention durations it cannot read', () => {
    const findings = workflowConfiguration([config({ maxConcurrentActivityInvocations: 0, activityConcurrencyLimits: [{ name: 'A' }, { maxConcurrent: 3 }], stateRetentionPolicy: { completed: '7d', failed: '72h' } })]);
    expect(findings.map(brief)).toEqual([
      ['configuration-workflow', 'warning', 'Configuration/default/wf', 'spec.workflow.maxConcurrentActivityInvocations'],
      ['configuration-workflow', 'warning', 'Configuration/default/wf', 'spec.workflow.activityConcurrencyLimits[0]'],
      ['configuration-workflow', 'warning', 'Configuration/default/wf', 'spec.workflow.activityConcurrencyLimits[1]'],
      ['configuration-duration', 'error', 'Configuration/default/wf', 'spec.workflow.stateRetentionPolicy.completed'],
    ]);
  });
});

describe('a realistic workflow system lints clean', () => {
  test('host, caller, compiled policy, store, control plane: no finding of the workflow checks', () => {
    const store = daprObject('Component', 'wfstore', { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }, { name: 'actorStateStore', value: 'true' }] }, { scopes: ['orders', 'checkout'] });
    const manifests = [
      workflowHost('orders', { workflows: ['OrderWorkflow'] }),
      daprDeployment('checkout', { 'daprkit.io/workflows': '{}', 'daprkit.io/schedules-workflows': JSON.stringify([{ appId: 'orders', workflows: [{ name: 'OrderWorkflow', operations: ['schedule', 'get'] }] }]) }),
      policy('orders-workflows', [allow('checkout', 'OrderWorkflow', ['schedule', 'get'])], ['orders']),
      store,
      helmRelease({}),
    ];
    const findings = runChecks(manifests).filter((f) => /workflow|actor|mtls|scheduler|crd|scope/.test(f.check));
    expect(findings).toEqual([]);
  });
});
