/**
 * `daprkit dev` gives a local run that works (issue 21 §6, and the self-hosted target of §2):
 * - access control and WorkflowAccessPolicies need mTLS to know the caller, and `dapr run` has no
 *   Sentry: the local Configuration is written without `accessControl`, the policies are left out,
 *   each with a note saying how to keep them;
 * - MCPServers are copied, their secrets read from the local store;
 * - addresses that only resolve inside the cluster get a warning with the local substitute;
 * - a `.daprkit.yaml` with `target: self-hosted` makes `cd <out> && npx daprkit lint resources config`
 *   lint by daprd's disk-loader rules, and the output of the todo system lints clean there.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { crdSchema } from '../checks/crd-schema';
import { Manifest } from '../checks/types';
import { devFiles } from '../cli/dev';
import { DaprkitApp } from '../constructs/app';
import { todoDeployment } from '../stacks/todo';
import { runCli, tempDir, writeManifests } from './support/cli';
import { daprDeployment, daprObject } from './support/manifests';

const component = (name: string, type: string, metadata: unknown[], extra: Record<string, unknown> = {}) => daprObject('Component', name, { type, version: 'v1', metadata }, extra);

function plan(manifests: Manifest[]) {
  const { files, notes, warnings } = devFiles(manifests);
  const file = (p: string) => {
    const f = files.find((x) => x.path === p);
    return f === undefined ? undefined : parse(f.content);
  };
  return { files, notes, warnings, file, paths: files.map((f) => f.path) };
}

describe('access control needs mTLS, which a local run does not have', () => {
  const configuration = daprObject('Configuration', 'orders-config', {
    accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'checkout', namespace: 'default', defaultAction: 'deny', operations: [{ name: '/orders', httpVerb: ['POST'], action: 'allow' }] }] },
    tracing: { samplingRate: '1' },
  });
  const policy = daprObject('WorkflowAccessPolicy', 'orders-workflows', { rules: [{ callers: [{ appID: 'checkout' }], workflows: [{ name: 'Order*', operations: ['schedule'] }] }] }, { scopes: ['orders'] });
  const { file, notes, paths } = plan([daprDeployment('orders', { 'dapr.io/config': 'orders-config' }), daprDeployment('checkout'), configuration, policy]);

  test('the local Configuration has no accessControl, and keeps the rest', () => {
    const local = file('config/orders-config.yaml');
    expect(local.spec).toEqual({ tracing: { samplingRate: '1' } });
    expect(crdSchema([local])).toEqual([]);
    expect(notes).toContainEqual(expect.stringMatching(/^Configuration orders-config: accessControl is left out of the local copy: .*mTLS.*Sentry.*--enable-mtls/));
  });

  test('WorkflowAccessPolicies are left out, with a note', () => {
    expect(paths.filter((p) => p.includes('orders-workflows'))).toEqual([]);
    expect(notes).toContainEqual(expect.stringMatching(/^WorkflowAccessPolicy orders-workflows is left out of resources\/: .*mTLS/));
  });

  test('a Configuration without accessControl gets no such note', () => {
    const plain = plan([daprDeployment('orders', { 'dapr.io/config': 'c' }), daprObject('Configuration', 'c', { tracing: { samplingRate: '1' } })]);
    expect(plain.notes.filter((n) => n.includes('accessControl'))).toEqual([]);
  });
});

describe('MCPServers are copied, reading their secrets from the local store', () => {
  const server = daprObject(
    'MCPServer',
    'tools',
    {
      endpoint: {
        streamableHTTP: {
          url: 'https://tools.example.com/mcp',
          headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'tools', key: 'api-key' } }],
          auth: { oauth2: { issuer: 'https://login.example.com/token', clientID: 'orders', secretKeyRef: { name: 'tools-oauth', key: 'client-secret' } } },
        },
      },
    },
    { scopes: ['orders'] },
  );
  const { file, paths } = plan([daprDeployment('orders'), server]);

  test('written to resources/, its secret store the local one, placeholders in secrets.json', () => {
    expect(paths).toContain('resources/mcpserver-tools.yaml');
    const local = file('resources/mcpserver-tools.yaml');
    expect(local.spec.endpoint.streamableHTTP.auth.secretStore).toBe('local-secret-store');
    expect(local.scopes).toEqual(['orders']);
    const secrets = file('secrets.json');
    expect(Object.keys(secrets).sort()).toEqual(['tools', 'tools-oauth']);
    expect(secrets.tools['api-key']).toMatch(/^<placeholder/);
    // Still valid against Dapr's own CRD schema, and the local store is loaded by the apps that need it.
    expect(crdSchema([local])).toEqual([]);
    expect(file('resources/component-local-secret-store.yaml').scopes).toEqual(['orders']);
  });
});

describe('addresses that resolve only inside the cluster', () => {
  const manifests = [
    daprDeployment('orders', { 'dapr.io/config': 'tracing' }),
    component('statestore', 'state.redis', [{ name: 'redisHost', value: 'redis-master.data.svc.cluster.local:6379' }]),
    component('mqtt', 'pubsub.mqtt3', [{ name: 'url', value: 'mqtt://mosquitto:1883' }]),
    component('kafka', 'pubsub.kafka', [{ name: 'brokers', value: 'kafka-0.kafka:9092,kafka-1.kafka:9092' }, { name: 'consumerGroup', value: 'orders' }, { name: 'authType', value: 'none' }]),
    component('rabbit', 'pubsub.rabbitmq', [{ name: 'connectionString', value: 'amqp://app:hunter2@rabbitmq.messaging.svc:5672' }]),
    component('db', 'state.postgresql', [{ name: 'connectionString', value: 'host=postgres.db.svc.cluster.local port=5432 user=app database=orders' }]),
    component('external', 'state.redis', [{ name: 'redisHost', value: 'cache.example.com:6380' }]),
    component('short', 'state.redis', [{ name: 'redisHost', value: 'example.com:6379' }]),
    component('local', 'state.redis', [{ name: 'redisHost', value: 'localhost:6379' }]),
    component('ip', 'state.redis', [{ name: 'redisHost', value: '10.0.0.12:6379' }]),
    daprObject('Configuration', 'tracing', { tracing: { samplingRate: '1', zipkin: { endpointAddress: 'http://zipkin.observability.svc.cluster.local:9411/api/v2/spans' } } }),
  ];
  const { warnings } = plan(manifests);
  const about = (name: string) => warnings.filter((w) => w.startsWith(`${name}:`) || w.includes(` ${name}:`));

  test('<svc>.<ns>.svc.cluster.local, <svc>.<ns>.svc, <svc>.<ns> and bare names get the local substitute, port and scheme kept', () => {
    expect(about('Component statestore')).toEqual([expect.stringContaining('"redisHost" names redis-master.data.svc.cluster.local:6379, an address inside the cluster: locally use "localhost:6379"')]);
    expect(about('Component mqtt')).toEqual([expect.stringContaining('locally use "mqtt://localhost:1883"')]);
    expect(about('Component kafka')).toEqual([expect.stringContaining('locally use "localhost:9092"')]);
    expect(about('Component db')).toEqual([expect.stringContaining('locally use "host=localhost port=5432 user=app database=orders"')]);
    expect(about('Configuration tracing')).toEqual([expect.stringContaining('locally use "http://localhost:9411/api/v2/spans"')]);
  });

  test('the substitute of a value holding credentials shows none of them', () => {
    const rabbit = about('Component rabbit');
    expect(rabbit).toEqual([expect.stringContaining('locally use "amqp://app:(redacted)@localhost:5672"')]);
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
  });

  test('addresses outside the cluster, localhost and IP addresses get no warning', () => {
    for (const name of ['external', 'short', 'local', 'ip']) expect({ name, warnings: about(`Component ${name}`) }).toEqual({ name, warnings: [] });
  });
});

describe('the output lints by daprd disk-loader rules where it is', () => {
  let work: string;
  beforeAll(() => {
    work = tempDir();
    const app = new DaprkitApp({ onWarnings: () => undefined });
    todoDeployment(app);
    writeManifests(path.join(work, 'dist', 'todo.k8s.yaml'), app.synthManifests());
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('dev writes .daprkit.yaml with target: self-hosted, and its output lints clean there', () => {
    const run = runCli(['dev', 'dist', '--out', 'local'], { cwd: work });
    expect(run.code).toBe(0);
    expect(parse(fs.readFileSync(path.join(work, 'local', '.daprkit.yaml'), 'utf8'))).toEqual({ target: 'self-hosted' });
    expect(run.stdout).toContain(`lint: cd ${path.join('local')} && npx daprkit lint resources config`);
    expect(run.stdout).toMatch(/^warning: Component statestore: metadata "redisHost" names redis-master\.redis\.svc\.cluster\.local:6379/m);
    const lint = runCli(['lint', 'resources', 'config'], { cwd: path.join(work, 'local') });
    expect(lint.stdout).toMatch(/0 errors, 0 warnings\.$/m);
    expect(lint.code).toBe(0);
    // The target comes from the file: a Component without spec.metadata is fine for daprd's disk
    // loader, refused by the CRD on Kubernetes.
    const extra = path.join(work, 'local', 'resources', 'memory.yaml');
    fs.writeFileSync(extra, 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: { name: memory }\nscopes: [todo-api]\nspec: { type: state.in-memory, version: v1 }\n');
    expect(runCli(['lint', 'resources'], { cwd: path.join(work, 'local') }).code).toBe(0);
    expect(runCli(['lint', 'resources', '--target', 'kubernetes'], { cwd: path.join(work, 'local') }).code).toBe(1);
    fs.rmSync(extra);
  });

  test('a .daprkit.yaml that says otherwise is kept, with a note; one without a target gets it added', () => {
    fs.writeFileSync(path.join(work, 'local', '.daprkit.yaml'), 'target: kubernetes\n');
    const kept = runCli(['dev', 'dist', '--out', 'local'], { cwd: work });
    expect(kept.code).toBe(0);
    expect(fs.readFileSync(path.join(work, 'local', '.daprkit.yaml'), 'utf8')).toBe('target: kubernetes\n');
    expect(kept.stdout).toContain(`kept ${path.join('local', '.daprkit.yaml')} (it sets target: kubernetes; lint these resources with --target self-hosted)`);
    fs.writeFileSync(path.join(work, 'local', '.daprkit.yaml'), 'ignore: [component-unscoped]\n');
    const merged = runCli(['dev', 'dist', '--out', 'local'], { cwd: work });
    expect(merged.stdout).toContain(`merged ${path.join('local', '.daprkit.yaml')}`);
    expect(parse(fs.readFileSync(path.join(work, 'local', '.daprkit.yaml'), 'utf8'))).toEqual({ ignore: ['component-unscoped'], target: 'self-hosted' });
  });

  test('--out naming a project folder (package.json there) writes no .daprkit.yaml, and says how to lint', () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{}\n');
    fs.cpSync(path.join(work, 'dist'), path.join(project, 'dist'), { recursive: true });
    const run = runCli(['dev', 'dist', '--out', '.'], { cwd: project });
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(project, '.daprkit.yaml'))).toBe(false);
    expect(run.stdout).toContain('lint: cd . && npx daprkit lint resources config --target self-hosted');
  });
});
