/** McpServer: the MCPServer CRD typed, scoped by app.uses, with middleware hooks compiled into the hosts' policies. */
import { Chart, Duration } from 'cdk8s';
import { Manifest } from '../checks/types';
import { runChecks } from '../checks';
import { DaprApp } from '../constructs/dapr-app';
import { SecretStore, StateStore } from '../constructs/generated';
import { McpAuth, McpEndpoint, McpServer, McpServerProps } from '../constructs/mcp-server';
import { MetadataValue, SecretValue } from '../constructs/secret-value';
import { failsAtSynth, find, synth, synthReport } from './support/synth';

const app = (chart: Chart, appId: string) => new DaprApp(chart, appId, { appId, image: `${appId}:1`, appPort: 8080 });
const workflowHost = (chart: Chart, appId: string, workflows?: string[]) => {
  const a = app(chart, appId);
  const store = StateStore.redis(chart, `${appId}-store`, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore: true } });
  return a.hostsWorkflows({ stateStore: store, ...(workflows ? { workflows } : {}) });
};
const errorsOf = (manifests: Manifest[]) => runChecks(manifests).filter((f) => f.severity === 'error');

describe('McpServer', () => {
  test('synthesizes a streamable HTTP server with secret headers, OAuth2 through a secret store, catalog and middleware', () => {
    const manifests = synth((chart) => {
      const agent = workflowHost(chart, 'agent', ['LocalCheck']);
      const guard = workflowHost(chart, 'guard', ['RedactPII', 'AuditCall']);
      const vault = SecretStore.hashicorpVault(chart, 'vault', { metadata: { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/vault/token' } });
      agent.uses(vault);
      const tools = new McpServer(chart, 'payments-tools', {
        endpoint: McpEndpoint.streamableHttp({
          url: 'https://payments-mcp.agents.svc.cluster.local/mcp',
          headers: { 'X-Api-Key': SecretValue.fromSecret('payments', 'api-key'), 'X-Tenant': MetadataValue.literal('shop') },
          auth: McpAuth.oauth2({ issuer: 'https://login.example.com/oauth2/token', clientId: 'agent', clientSecret: SecretValue.fromSecret('payments-oauth', 'client-secret'), audience: 'payments', scopes: ['tools.read'] }),
          secretStore: vault,
          timeout: Duration.seconds(30),
          protocolVersion: '2025-06-18',
        }),
        catalog: { displayName: 'Payments tools', description: 'Refunds and lookups', owner: { team: 'payments', contact: 'payments@example.com' }, tags: ['payments'], links: { runbook: 'https://wiki.example.com/payments-mcp' } },
        middleware: {
          beforeCallTool: [{ workflow: 'RedactPII', app: guard, mutate: true }],
          afterCallTool: [{ workflow: 'AuditCall', app: guard }],
          beforeListTools: [{ workflow: 'LocalCheck' }],
        },
      });
      agent.uses(tools);
    });
    const server = find(manifests, 'MCPServer', 'payments-tools');
    expect(server).toMatchSnapshot();
    expect(server.apiVersion).toBe('dapr.io/v1alpha1');
    expect(server.scopes).toEqual(['agent']);
    expect(server.spec.endpoint).toEqual({
      streamableHTTP: {
        url: 'https://payments-mcp.agents.svc.cluster.local/mcp',
        protocolVersion: '2025-06-18',
        timeout: '30s',
        headers: [
          { name: 'X-Api-Key', secretKeyRef: { name: 'payments', key: 'api-key' } },
          { name: 'X-Tenant', value: 'shop' },
        ],
        auth: {
          secretStore: 'vault',
          oauth2: { issuer: 'https://login.example.com/oauth2/token', audience: 'payments', clientID: 'agent', scopes: ['tools.read'], secretKeyRef: { name: 'payments-oauth', key: 'client-secret' } },
        },
      },
    });
    expect(server.spec.middleware).toEqual({
      beforeListTools: [{ workflow: { workflowName: 'LocalCheck' } }],
      beforeCallTool: [{ workflow: { workflowName: 'RedactPII', appID: 'guard' }, mutate: true }],
      afterCallTool: [{ workflow: { workflowName: 'AuditCall', appID: 'guard' } }],
    });
    // The hooks on guard compile into guard's policy: the app that loads the server may start them.
    expect(find(manifests, 'WorkflowAccessPolicy', 'guard-workflows').spec.rules).toEqual([
      { callers: [{ appID: 'agent' }], workflows: [{ name: 'AuditCall', operations: ['schedule'] }, { name: 'RedactPII', operations: ['schedule'] }] },
    ]);
    expect(errorsOf(manifests)).toEqual([]);
  });

  test('SSE with a SPIFFE JWT: Authorization and a Bearer prefix by default', () => {
    const manifests = synth((chart) => {
      new McpServer(chart, 'search', { endpoint: McpEndpoint.sse({ url: 'http://search.agents:8080/sse', auth: McpAuth.spiffeJwt({ audience: 'mcp://search' }) }), scopes: ['agent'] });
      new McpServer(chart, 'kb', { endpoint: McpEndpoint.sse({ url: 'http://kb.agents:8080/sse', auth: McpAuth.spiffeJwt({ audience: 'mcp://kb', header: 'X-Identity' }) }), scopes: ['agent'] });
      workflowHost(chart, 'agent');
    });
    expect(find(manifests, 'MCPServer', 'search').spec.endpoint.sse.auth).toEqual({ spiffe: { jwt: { audience: 'mcp://search', header: 'Authorization', headerValuePrefix: 'Bearer ' } } });
    expect(find(manifests, 'MCPServer', 'kb').spec.endpoint.sse.auth).toEqual({ spiffe: { jwt: { audience: 'mcp://kb', header: 'X-Identity' } } });
  });

  test('stdio for dapr run: command, args and env (a deliberate plaintext value is recorded for the checks)', () => {
    const manifests = synth((chart) =>
      new McpServer(chart, 'fs', {
        endpoint: McpEndpoint.stdio({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/data'], env: { GITHUB_TOKEN: SecretValue.unsafePlainText('dev-only'), HOME: MetadataValue.fromEnv('HOME') } }),
        scopes: ['local-agent'],
        ignoreErrors: true,
      }),
    );
    const server = find(manifests, 'MCPServer', 'fs');
    expect(server.spec).toEqual({
      endpoint: { stdio: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/data'], env: [{ name: 'GITHUB_TOKEN', value: 'dev-only' }, { name: 'HOME', envRef: 'HOME' }] } },
      ignoreErrors: true,
    });
    expect(server.metadata!.annotations).toEqual({ 'daprkit.io/plaintext-ok': 'GITHUB_TOKEN' });
  });

  test('fails at synth on a stdio server loaded by an app on Kubernetes', () => {
    const report = synthReport((chart) => workflowHost(chart, 'agent').uses(new McpServer(chart, 'fs', { endpoint: McpEndpoint.stdio({ command: 'mcp-fs' }) })));
    expect(report).toContain('daprd refuses in Kubernetes mode, and "agent" loads it on Kubernetes');
  });

  test('fails at synth on an OAuth2 secret through the built-in store an app has switched off, and passes once it is on', () => {
    const build = (automount: boolean) => (chart: Chart) => {
      const agent = new DaprApp(chart, 'agent', { appId: 'agent', image: 'agent:1', appPort: 8080, automountServiceAccountToken: automount });
      agent.hostsWorkflows({ stateStore: StateStore.redis(chart, 'store', { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore: true } }) });
      agent.uses(new McpServer(chart, 'tools', { endpoint: McpEndpoint.streamableHttp({ url: 'https://tools.example.com/mcp', auth: McpAuth.oauth2({ issuer: 'https://login.example.com/token', clientSecret: SecretValue.fromSecret('tools', 'secret') }) }) }));
    };
    expect(synthReport(build(false))).toContain('fetches the OAuth2 client secret itself through the built-in "kubernetes" secret store');
    expect(errorsOf(synth(build(true)))).toEqual([]);
  });

  test('fails at synth when a hook names an app that hosts no workflows', () => {
    const report = synthReport((chart) => {
      const agent = workflowHost(chart, 'agent');
      const billing = app(chart, 'billing');
      agent.uses(new McpServer(chart, 'tools', { endpoint: McpEndpoint.streamableHttp({ url: 'http://tools:8080/mcp' }), middleware: { beforeCallTool: [{ workflow: 'Check', app: billing }] } }));
    });
    expect(report).toContain('hook "Check" runs on "billing", which hosts no workflows');
  });

  const server = (props: Partial<McpServerProps>) => failsAtSynth((chart) => new McpServer(chart, 's', { endpoint: McpEndpoint.streamableHttp({ url: 'http://tools:8080/mcp' }), scopes: ['agent'], ...props }));

  test('fails at synth on a bad URL, header name, timeout, protocol version, OAuth2 secret or issuer', () => {
    expect(server({ endpoint: McpEndpoint.sse({ url: 'tools:8080/sse' }) })).toThrow(/\[test\/s\] endpoint.sse.url: received "tools:8080\/sse", expected an absolute http:\/\/ or https:\/\/ URL with a host/);
    expect(server({ endpoint: McpEndpoint.streamableHttp({ url: 'http://t/mcp', headers: { 'Bad Header': MetadataValue.literal('x') } }) })).toThrow(/endpoint.streamableHTTP.headers\["Bad Header"\]/);
    expect(server({ endpoint: McpEndpoint.streamableHttp({ url: 'http://t/mcp', timeout: Duration.seconds(0) }) })).toThrow(/endpoint.streamableHTTP.timeout: received "0s", expected a positive duration/);
    expect(server({ endpoint: McpEndpoint.streamableHttp({ url: 'http://t/mcp', protocolVersion: 'latest' }) })).toThrow(/protocolVersion: received "latest"/);
    expect(server({ endpoint: McpEndpoint.streamableHttp({ url: 'http://t/mcp', auth: McpAuth.oauth2({ issuer: 'https://l/t', clientSecret: SecretValue.unsafePlainText('s3cr3t') }) }) })).toThrow(
      /auth.oauth2.clientSecret: received "<not a secret reference>", expected SecretValue.fromSecret\(name, key\)/,
    );
    expect(server({ endpoint: McpEndpoint.streamableHttp({ url: 'http://t/mcp', auth: McpAuth.oauth2({ issuer: 'login', clientSecret: SecretValue.fromSecret('a', 'b') }) }) })).toThrow(/auth.oauth2.issuer: received "login"/);
  });

  test('fails at synth on a plaintext credential header written as a literal (only unsafePlainText states the exception)', () => {
    const report = synthReport((chart) => {
      workflowHost(chart, 'agent').uses(new McpServer(chart, 'tools', { endpoint: McpEndpoint.streamableHttp({ url: 'http://tools:8080/mcp', headers: { Authorization: MetadataValue.literal('Bearer abc123') } }) }));
    });
    expect(report).toContain('"Authorization" carries a credential in plain text');
    expect(report).not.toContain('abc123');
  });

  test('fails at synth on an app of another namespace using the server', () => {
    expect(
      failsAtSynth((chart) => {
        const tools = new McpServer(chart, 'tools', { endpoint: McpEndpoint.streamableHttp({ url: 'http://tools:8080/mcp' }) });
        new DaprApp(chart, 'agent', { appId: 'agent', image: 'a:1', namespace: 'agents' }).uses(tools);
      }),
    ).toThrow(/\[test\/agent\] uses: received "default\/tools", expected an MCPServer in namespace "agents"/);
  });
});
