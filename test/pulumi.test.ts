/**
 * The Pulumi engine under `pulumi.runtime.setMocks` (no Pulumi CLI or cluster): what DaprSystem
 * registers, with which types, names, parents and dependencies, and parity with `cdk8s synth`.
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import { Manifest } from '../checks/types';
import { DaprkitApp } from '../constructs/app';
import { SecretValue } from '../constructs/secret-value';
import { StateStore } from '../constructs/generated';
import { todoDeployment, TodoSystem } from '../stacks/todo';

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly urn: string;
  readonly parent: string;
  readonly dependencies: string[];
  readonly ignoreChanges: string[];
}

const registrations: Registration[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    'project',
    'stack',
    false,
  );
  // Record what the engine actually asks the monitor for: parent and dependencies are not in the mock's arguments.
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, res: any) => void) =>
    register(req, (err: unknown, res: any) => {
      if (res) {
        const inputs = pulumi.runtime.deserializeProperties(req.getObject());
        registrations.push({ type: req.getType(), name: req.getName(), inputs, urn: res.getUrn(), parent: req.getParent(), dependencies: req.getDependenciesList(), ignoreChanges: req.getIgnorechangesList() });
      }
      callback(err, res);
    });
});

// Loaded after the mocks, as Pulumi's unit-testing guide asks.
const engine = () => require('../pulumi') as typeof import('../pulumi');
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

/** Builds a DaprSystem and waits until every child is registered. */
async function deploy(name: string, args: import('../pulumi').DaprSystemArgs) {
  const system = new (engine().DaprSystem)(name, args);
  await Promise.all([...system.objects.map((o) => valueOf(o.resource.urn)), ...system.controlPlaneReleases.map((r) => valueOf(r.urn)), ...system.secrets.map((s) => valueOf(s.urn))]);
  const urn = await valueOf(system.urn);
  return { system, urn, children: registrations.filter((r) => r.parent === urn) };
}

describe('DaprSystem (Pulumi engine)', () => {
  let todo: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    todo = await deploy('todo', { system: (scope) => todoDeployment(scope) });
  });

  test('registers the component, then the control plane as a pinned, atomic Helm release', () => {
    expect(registrations.find((r) => r.urn === todo.urn)?.type).toBe('daprkit:index:DaprSystem');
    const release = todo.children.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(release).toHaveLength(1);
    expect(release[0].name).toBe('todo-dapr');
    expect(release[0].inputs).toMatchObject({
      name: 'dapr',
      chart: 'dapr',
      version: '1.18.3',
      repositoryOpts: { repo: 'https://dapr.github.io/helm-charts' },
      namespace: 'dapr-system',
      createNamespace: true,
      atomic: true,
      skipAwait: false,
      values: { global: { mtls: { enabled: true } } },
    });
  });

  test('registers built-in kinds as typed resources and Dapr kinds as CustomResources, with readable names, all parented', () => {
    expect(todo.children.map((r) => [r.type, r.name]).sort()).toEqual(
      [
        ['kubernetes:helm.sh/v3:Release', 'todo-dapr'],
        ['kubernetes:apps/v1:Deployment', 'todo-deployment-notification-service'],
        ['kubernetes:apps/v1:Deployment', 'todo-deployment-todo-api'],
        ['kubernetes:core/v1:Service', 'todo-service-notification-service'],
        ['kubernetes:core/v1:Service', 'todo-service-todo-api'],
        ['kubernetes:core/v1:ServiceAccount', 'todo-serviceaccount-notification-service'],
        ['kubernetes:core/v1:ServiceAccount', 'todo-serviceaccount-todo-api'],
        ['kubernetes:dapr.io/v1alpha1:Component', 'todo-component-pubsub'],
        ['kubernetes:dapr.io/v1alpha1:Component', 'todo-component-statestore'],
        ['kubernetes:dapr.io/v1alpha1:Configuration', 'todo-configuration-notification-service-config'],
        ['kubernetes:dapr.io/v1alpha1:Configuration', 'todo-configuration-todo-api-config'],
        ['kubernetes:dapr.io/v1alpha1:HTTPEndpoint', 'todo-httpendpoint-email-api'],
        ['kubernetes:dapr.io/v1alpha1:Resiliency', 'todo-resiliency-todo-resiliency'],
        ['kubernetes:dapr.io/v2alpha1:Subscription', 'todo-subscription-notification-service-task-events'],
      ].sort(),
    );
    // No Flux objects: the release replaces them.
    expect(todo.children.some((r) => /HelmRelease|HelmRepository|Namespace/.test(r.type))).toBe(false);
  });

  test('every Dapr custom resource depends on the control-plane release; built-in kinds do not wait for it', () => {
    const release = todo.children.find((r) => r.type === 'kubernetes:helm.sh/v3:Release')!;
    for (const r of todo.children.filter((c) => c.type.includes('dapr.io'))) expect({ name: r.name, dependencies: r.dependencies }).toEqual({ name: r.name, dependencies: [release.urn] });
    for (const r of todo.children.filter((c) => /Deployment|Service/.test(c.type))) expect(r.dependencies).toEqual([]);
  });

  test('PARITY: the inputs registered through Pulumi equal, object for object, what cdk8s synth writes', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    const { controlPlane } = todoDeployment(app);
    const manifests = app.synthesizeChecked().objects.filter((o) => !o.constructPath.startsWith(`${controlPlane.node.path}/`)).map((o) => o.manifest);
    const key = (m: Manifest) => `${m.apiVersion} ${m.kind} ${m.metadata?.namespace ?? ''}/${m.metadata?.name}`;
    const registered = todo.children.filter((r) => r.type !== 'kubernetes:helm.sh/v3:Release').map((r) => r.inputs as Manifest);
    expect(manifests).toHaveLength(13);
    expect(registered).toHaveLength(13);
    expect(new Map(registered.map((m) => [key(m), m]))).toEqual(new Map(manifests.map((m) => [key(m), m])));
  });

  test('exposes app ids and service names as outputs', async () => {
    expect(await valueOf(todo.system.appIds)).toEqual(['notification-service', 'todo-api']);
    expect(await valueOf(todo.system.serviceNames)).toEqual(['notification-service', 'todo-api']);
  });

  test('takes a Chart class, named after the resource; without a control plane nothing waits for one', async () => {
    const { children } = await deploy('plain', { system: TodoSystem });
    expect(children.some((r) => r.type === 'kubernetes:helm.sh/v3:Release')).toBe(false);
    expect(children.find((r) => r.name === 'plain-component-statestore')?.dependencies).toEqual([]);
  });

  test('turns a Pulumi secret into a Kubernetes Secret kept secret in state, and the Component into a secretKeyRef', async () => {
    const password = pulumi.secret('s3cr3t');
    const { system, children } = await deploy('secret', {
      system: (scope) => {
        const chart = new Chart(scope, 'app');
        StateStore.redis(chart, 'statestore', { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password') } });
      },
      secrets: [{ name: 'redis', data: { password } }],
    });
    const secret = children.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    // The value reaches the engine wrapped as a secret (Pulumi's secret signature), so state encrypts it.
    expect(secret).toMatchObject({ name: 'secret-secret-default-redis', inputs: { metadata: { name: 'redis', namespace: 'default' }, type: 'Opaque' } });
    expect(secret.inputs.stringData).toEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: { password: 's3cr3t' } });
    expect(await system.secrets[0].stringData.isSecret).toBe(true);
    const component = children.find((r) => r.name === 'secret-component-statestore')!;
    expect(component.inputs.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } });
    expect(JSON.stringify(component.inputs)).not.toContain('s3cr3t');
    expect(component.dependencies).toEqual([secret.urn]);
  });

  test('objects in a namespace the tree creates wait for that Namespace', async () => {
    const { children } = await deploy('ns', {
      system: (scope) => {
        const chart = new Chart(scope, 'shop', { namespace: 'shop' });
        const { ApiObject } = require('cdk8s') as typeof import('cdk8s');
        new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: undefined } });
        StateStore.redis(chart, 'statestore', { metadata: { redisHost: 'redis:6379' } });
      },
    });
    const ns = children.find((r) => r.type === 'kubernetes:core/v1:Namespace')!;
    expect(ns.name).toBe('ns-namespace-shop');
    expect(children.find((r) => r.name === 'ns-component-shop-statestore')?.dependencies).toEqual([ns.urn]);
  });

  test('ignores the CA bundles the control plane patches into webhook configurations it does not own', async () => {
    const { children } = await deploy('webhook', {
      system: (scope) => {
        const chart = new Chart(scope, 'app');
        const { ApiObject } = require('cdk8s') as typeof import('cdk8s');
        new ApiObject(chart, 'hook', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'hook' }, webhooks: [] });
      },
    });
    expect(children.map((r) => [r.type, r.ignoreChanges])).toEqual([['kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration', ['webhooks[*].clientConfig.caBundle']]]);
    expect(todo.children.every((r) => r.ignoreChanges.length === 0)).toBe(true);
  });

  test('fails on warnings too when strict', () => {
    const unscoped = (scope: import('constructs').Construct) => {
      StateStore.redis(new Chart(scope, 'app'), 'statestore', { metadata: { redisHost: 'redis:6379' } });
    };
    expect(() => new (engine().DaprSystem)('strict', { system: unscoped, strict: true })).toThrow(/ERROR Component\/default\/statestore[\s\S]*field: scopes/);
  });

  test('fails the program with every check error, as synth does', () => {
    expect(
      () =>
        new (engine().DaprSystem)('broken', {
          system: (scope) => {
            const chart = new Chart(scope, 'app');
            StateStore.redis(chart, 'a', { metadata: { redisHost: 'redis:6379', actorStateStore: true } });
            StateStore.redis(chart, 'b', { metadata: { redisHost: 'redis:6379', actorStateStore: true } });
          },
        }),
    ).toThrow(/synthesis failed with \d+ errors?( and \d+ warnings?)?; nothing was written/);
  });
});
