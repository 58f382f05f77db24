/** `daprkit graph` shows actor types, workflow hosts and their callers, MCP servers and who uses them. */
import { Chart } from 'cdk8s';
import { buildGraph, toDot, toMermaid } from '../cli/graph';
import { DaprApp } from '../constructs/dapr-app';
import { StateStore } from '../constructs/generated';
import { McpEndpoint, McpServer } from '../constructs/mcp-server';
import { SecretValue } from '../constructs/secret-value';
import { WorkflowOperation } from '../constructs/workflow-access-policy';
import { daprDeployment, daprObject } from './support/manifests';
import { synth } from './support/synth';

const system = () =>
  synth((chart: Chart) => {
    const store = (name: string) => StateStore.redis(chart, name, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'p'), actorStateStore: true } });
    const app = (appId: string) => new DaprApp(chart, appId, { appId, image: `${appId}:1`, appPort: 8080 });
    const players = app('players');
    players.hostsActors(['Player'], { stateStore: store('players-store') });
    const orders = app('orders');
    orders.hostsWorkflows({ stateStore: store('orders-store') });
    const checkout = app('checkout');
    checkout.hostsWorkflows({ stateStore: store('checkout-store') });
    checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflow'], operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.GET], activities: ['ChargeCard'] });
    checkout.uses(new McpServer(chart, 'tools', { endpoint: McpEndpoint.streamableHttp({ url: 'http://tools:8080/mcp' }), middleware: { beforeCallTool: [{ workflow: 'Redact', app: orders }] } }));
  });

describe('daprkit graph: actors, workflows and agents', () => {
  const graph = buildGraph(system());
  const edge = (from: string, to: string) => graph.edges.filter((e) => e.from === from && e.to === to).map((e) => e.label);

  test('shows actor types with their host, and workflow hosts with their callers', () => {
    expect(graph.nodes).toEqual(expect.arrayContaining([
      { id: 'actor_default_Player', kind: 'actor', label: 'Player (actor)' },
      { id: 'workflows_default_orders', kind: 'workflows', label: 'orders workflows' },
    ]));
    expect(edge('app_default_players', 'actor_default_Player')).toEqual(['hosts']);
    expect(edge('app_default_checkout', 'workflows_default_orders')).toEqual(['calls OrderWorkflow (schedule, get); activity ChargeCard']);
    expect(edge('app_default_orders', 'workflows_default_orders')).toEqual(['runs']);
  });

  test('shows MCP servers, who uses them and the hook workflows they start', () => {
    expect(graph.nodes).toContainEqual({ id: 'mcp_server_default_tools', kind: 'mcp-server', label: 'tools (MCP streamableHTTP)' });
    expect(edge('app_default_checkout', 'mcp_server_default_tools')).toEqual(['uses']);
    expect(edge('mcp_server_default_tools', 'workflows_default_orders')).toEqual(['beforeCallTool hook Redact']);
  });

  test('renders the new shapes in Mermaid and DOT', () => {
    const mermaid = toMermaid(graph);
    expect(mermaid).toContain('actor_default_Player>"Player (actor)"]');
    expect(mermaid).toContain('workflows_default_orders[/"orders workflows"/]');
    expect(mermaid).toContain('mcp_server_default_tools[\\"tools (MCP streamableHTTP)"\\]');
    expect(toDot(graph)).toContain('mcp_server_default_tools [label="tools (MCP streamableHTTP)", shape=component];');
  });

  test('reads callers from WorkflowAccessPolicies in hand-written YAML without schedule annotations', () => {
    const manifests = [
      daprDeployment('orders', { 'daprkit.io/workflows': 'true' }),
      daprDeployment('checkout'),
      daprObject('WorkflowAccessPolicy', 'p', { rules: [{ callers: [{ appID: 'checkout' }], workflows: [{ name: 'Order*', operations: ['schedule'] }] }] }, { scopes: ['orders'] }),
    ];
    const g = buildGraph(manifests);
    expect(g.edges.filter((e) => e.to === 'workflows_default_orders').map((e) => [e.from, e.label])).toEqual([
      ['app_default_checkout', 'may call Order* (schedule)'],
      ['app_default_orders', 'runs'],
    ]);
  });
});
