/**
 * Synthesis and the checks must stay linear in the number of objects: every lookup goes through an
 * index (by kind, namespace, name, app-id), never a scan of all objects or all pods per object.
 * Measured without a clock: the elements array methods walk (filter, some, find, includes, map, ...)
 * while the work runs, for a system and the same system four times over. Linear work grows about
 * 4x; one scan per object would grow 16x.
 */
import { Chart, Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprkitApp } from '../constructs/app';
import { DaprApp } from '../constructs/dapr-app';
import { StateStore } from '../constructs/generated';
import { McpEndpoint, McpServer } from '../constructs/mcp-server';
import { ResiliencyPolicy } from '../constructs/resiliency';
import { SecretValue } from '../constructs/secret-value';
import { WorkflowOperation } from '../constructs/workflow-access-policy';
import { daprkitApp } from '../scripts/bench/workload';
import { TodoSystem } from '../stacks/todo';
import { elementsWalked } from './support/work-counter';

/**
 * A system exercising every cross-object check: the benchmark's workload (one namespace, a pub/sub
 * scoped to every app) beside `n` copies of the todo system, each in its own namespace
 * (invocations, access control, resiliency, HTTP endpoints, configurations).
 */
function systemApp(n: number, chartPerApp = false): DaprkitApp {
  const app = daprkitApp(n, chartPerApp);
  for (let i = 0; i < n; i++) new TodoSystem(app, `todo-${i}`, { namespace: `todo-${i}` });
  // Callers of apps deployed elsewhere (edges no workload here resolves), in the workload's namespace.
  const callers = new Chart(app, 'callers');
  for (let i = 0; i < n; i++) {
    const caller = new DaprApp(callers, `caller-${i}`, { appId: `caller-${i}`, image: 'caller:1.0.0', appPort: 8080 });
    caller.invokes(DaprApp.fromAppId(callers, `remote-${i}`, `remote-app-${i}`));
  }
  addWorkflowSystem(app, n);
  new Chart(app, 'empty');
  return app;
}

/**
 * Actors, workflows and agents in one namespace: `n` hosts, each with its own actor state store and
 * MCP server, all calling workflows of one hub (whose compiled policy grows with them) and one
 * Resiliency targeting every actor type.
 */
function addWorkflowSystem(app: DaprkitApp, n: number): void {
  const chart = new Chart(app, 'workflows', { namespace: 'workflows' });
  const store = (name: string) => StateStore.redis(chart, name, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'p'), actorStateStore: true } });
  const hub = new DaprApp(chart, 'hub', { appId: 'hub', image: 'hub:1', appPort: 8080 });
  hub.hostsWorkflows({ stateStore: store('hub-store'), workflows: ['W', 'Hook'] });
  const resiliency = new ResiliencyPolicy(chart, 'resiliency', { name: 'actors' });
  const timeout = resiliency.addTimeout('t', Duration.seconds(1));
  for (let i = 0; i < n; i++) {
    const host = new DaprApp(chart, `host-${i}`, { appId: `host-${i}`, image: 'host:1', appPort: 8080 });
    host.hostsActors([`Type${i}`], { stateStore: store(`store-${i}`) });
    host.hostsWorkflows({ stateStore: chart.node.findChild(`store-${i}`) as ReturnType<typeof store> });
    host.schedulesWorkflows(hub, { workflows: ['W'], operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.GET] });
    host.uses(new McpServer(chart, `mcp-${i}`, { endpoint: McpEndpoint.streamableHttp({ url: `http://mcp-${i}:8080/mcp` }), middleware: { beforeCallTool: [{ workflow: 'Hook', app: hub }] } }));
    resiliency.forActor(`Type${i}`, { timeout });
  }
}

const system = (n: number): Manifest[] => systemApp(n).synthManifests();

test('the work of runChecks grows linearly with the system (4x objects, about 4x elements walked)', () => {
  const small = system(25);
  const large = system(100);
  expect(large.length / small.length).toBeGreaterThan(3.9);
  const smallWork = elementsWalked(() => runChecks(small));
  const largeWork = elementsWalked(() => runChecks(large));
  expect(smallWork).toBeGreaterThan(small.length); // the counter sees the checks' work
  expect(largeWork / smallWork).toBeLessThan(4.6);
});

test.each([false, true])('building and synthesizing the system grows linearly too (a chart per app: %s)', (chartPerApp) => {
  const build = [elementsWalked(() => systemApp(25, chartPerApp)), elementsWalked(() => systemApp(100, chartPerApp))];
  expect(build[1] / build[0]).toBeLessThan(4.6);
  const [small, large] = [systemApp(25, chartPerApp), systemApp(100, chartPerApp)];
  const synth = [elementsWalked(() => small.synthYaml()), elementsWalked(() => large.synthYaml())];
  expect(synth[1] / synth[0]).toBeLessThan(4.6);
});

test('the counter catches a check that scans every object per object', () => {
  const quadratic = (manifests: readonly Manifest[]) => manifests.map((m) => manifests.filter((o) => o.kind === m.kind).length);
  const small = system(25);
  const large = system(100);
  const ratio = elementsWalked(() => quadratic(large)) / elementsWalked(() => quadratic(small));
  expect(ratio).toBeGreaterThan(12);
});
