/** The README's agent with MCP servers: it must synthesize with zero findings. */
import { Chart } from 'cdk8s';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { DaprApp, DaprkitApp, McpAuth, McpEndpoint, McpServer, MetadataValue, SecretStore, SecretValue, StateStore } from '../index';
import { find } from './support/synth';
import { readmeProgram } from './support/readme-program';
import { validateBuiltinKinds } from './support/validate';

function agentSystem(): { manifests: Manifest[]; warnings: string[] } {
  const warnings: string[] = [];
  const app = new DaprkitApp({ onWarnings: (report) => warnings.push(report) });
  // --- the README's program, verbatim ---
  const agents = new Chart(app, 'agents', { namespace: 'agents' });
  const agentState = StateStore.redis(agents, 'agent-state', {
    metadata: { redisHost: 'redis-master.agents.svc.cluster.local:6379', redisPassword: SecretValue.fromSecret('redis', 'redis-password'), actorStateStore: true },
  });
  const vault = SecretStore.hashicorpVault(agents, 'vault', {
    metadata: { vaultAddr: 'https://vault.vault.svc.cluster.local:8200', vaultTokenMountPath: '/var/run/secrets/vault/token' },
  });

  const guardrails = new DaprApp(agents, 'guardrails', { appId: 'guardrails', image: 'guardrails:1.2', appPort: 8080 });
  guardrails.hostsWorkflows({ stateStore: agentState, workflows: ['RedactPII', 'AuditToolCall'] });

  const flights = new McpServer(agents, 'flights', {
    endpoint: McpEndpoint.streamableHttp({
      url: 'http://flights-mcp.agents.svc.cluster.local:8080/mcp',
      headers: { 'X-Api-Key': SecretValue.fromSecret('flights', 'api-key'), 'X-Client': MetadataValue.literal('travel-agent') },
      auth: McpAuth.oauth2({ issuer: 'https://login.example.com/oauth2/v2.0/token', clientId: 'travel-agent', clientSecret: SecretValue.fromSecret('flights-oauth', 'client-secret') }),
      secretStore: vault,
    }),
    catalog: { displayName: 'Flight search', owner: { team: 'travel' } },
    middleware: {
      beforeCallTool: [{ workflow: 'RedactPII', app: guardrails, mutate: true }],
      afterCallTool: [{ workflow: 'AuditToolCall', app: guardrails }],
    },
  });
  const weather = new McpServer(agents, 'weather', {
    endpoint: McpEndpoint.sse({ url: 'https://weather-mcp.example.com/sse', auth: McpAuth.spiffeJwt({ audience: 'mcp://weather' }) }),
  });

  const agent = new DaprApp(agents, 'travel-agent', { appId: 'travel-agent', image: 'travel-agent:0.9', appPort: 8000 });
  agent.hostsWorkflows({ stateStore: agentState });
  agent.uses(vault, flights, weather);
  // --- end of the README's program ---
  return { manifests: app.synthManifests(), warnings };
}

describe('the README agent with MCP servers', () => {
  const { manifests, warnings } = agentSystem();

  test('synthesizes with zero findings and valid built-in objects', () => {
    expect(warnings).toEqual([]);
    expect(runChecks(manifests)).toEqual([]);
    expect(validateBuiltinKinds(manifests)).toBeGreaterThan(0);
  });

  test('is the README\'s program', () => {
    const { readme, test } = readmeProgram('agent.uses(vault, flights, weather)', __filename);
    expect(test).toEqual(readme.filter((l) => l !== 'const app = new DaprkitApp();'));
  });

  test('scopes the servers to the agent and admits it to the hook workflows on guardrails', () => {
    expect(find(manifests, 'MCPServer', 'flights').scopes).toEqual(['travel-agent']);
    expect(find(manifests, 'MCPServer', 'weather').scopes).toEqual(['travel-agent']);
    expect(find(manifests, 'MCPServer', 'flights').spec.endpoint.streamableHTTP.auth).toEqual({
      secretStore: 'vault',
      oauth2: { issuer: 'https://login.example.com/oauth2/v2.0/token', clientID: 'travel-agent', secretKeyRef: { name: 'flights-oauth', key: 'client-secret' } },
    });
    expect(find(manifests, 'WorkflowAccessPolicy', 'guardrails-workflows').spec.rules).toEqual([
      { callers: [{ appID: 'travel-agent' }], workflows: [{ name: 'AuditToolCall', operations: ['schedule'] }, { name: 'RedactPII', operations: ['schedule'] }] },
    ]);
    expect(find(manifests, 'Component', 'agent-state').scopes).toEqual(['guardrails', 'travel-agent']);
  });
});
