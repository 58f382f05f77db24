/** MCPServer checks on hand-written YAML, from what daprd 1.18.3 does when it loads a server. */
import { runChecks } from '../checks';
import { Finding, Manifest } from '../checks/types';
import {
  isCredentialName,
  mcpServerEndpoints,
  mcpServerMiddleware,
  mcpServerOauth2,
  mcpServerPlaintext,
  mcpServerSecretStores,
  mcpServerUnscoped,
  mcpServerUsersHostWorkflows,
} from '../checks/mcp';
import { workflowSchedulesAllowed } from '../checks/workflows';
import { daprDeployment, daprObject } from './support/manifests';

const server = (name: string, spec: Record<string, unknown>, scopes: string[] | undefined = ['agent'], annotations?: Record<string, string>): Manifest => ({
  ...daprObject('MCPServer', name, spec, scopes ? { scopes } : {}),
  ...(annotations ? { metadata: { name, namespace: 'default', annotations } } : {}),
});
const http = (settings: Record<string, unknown> = {}) => ({ endpoint: { streamableHTTP: { url: 'http://tools.agents.svc.cluster.local:8080/mcp', ...settings } } });
const agent = (annotations: Record<string, string> = {}) => daprDeployment('agent', annotations);
const brief = (f: Finding) => [f.check, f.severity, f.resource, f.field];

describe('endpoints daprd refuses', () => {
  test('fails on a URL that is not http(s) with a host, and on a timeout that is not a duration', () => {
    const findings = mcpServerEndpoints([
      server('ws', { endpoint: { sse: { url: 'ws://tools:8080/sse' } } }),
      server('nohost', { endpoint: { streamableHTTP: { url: 'http:///mcp' } } }),
      server('slow', http({ timeout: '30 seconds' })),
    ]);
    expect(findings.map(brief)).toEqual([
      ['mcp-server-endpoint', 'error', 'MCPServer/default/ws', 'spec.endpoint.sse.url'],
      ['mcp-server-endpoint', 'error', 'MCPServer/default/nohost', 'spec.endpoint.streamableHTTP.url'],
      ['mcp-server-endpoint', 'error', 'MCPServer/default/slow', 'spec.endpoint.streamableHTTP.timeout'],
    ]);
    expect(findings[0]!.message).toContain('the scheme must be http or https, not "ws"');
    expect(findings[0]!.message).toContain('daprd exits at startup');
  });

  test('fails on no transport, or two', () => {
    expect(mcpServerEndpoints([server('none', { endpoint: {} }), server('two', { endpoint: { sse: { url: 'http://a/sse' }, stdio: { command: 'x' } } })]).map((f) => f.message)).toEqual([
      expect.stringContaining('sets no transport'),
      expect.stringContaining('sets sse and stdio'),
    ]);
  });

  test('fails on stdio loaded by a Dapr app on Kubernetes; silent for resources meant for dapr run', () => {
    const stdio = server('local', { endpoint: { stdio: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] } }, ignoreErrors: true });
    expect(mcpServerEndpoints([stdio, agent()]).map((f) => f.message)).toEqual([expect.stringContaining('daprd refuses in Kubernetes mode, and "agent" loads it on Kubernetes: daprd skips the server (ignoreErrors)')]);
    expect(mcpServerEndpoints([stdio])).toEqual([]);
  });
});

describe('OAuth2', () => {
  test('fails without the client secret reference or with an issuer that is not a URL; warns on SPIFFE beside it', () => {
    const findings = mcpServerOauth2([server('s', http({ auth: { oauth2: { issuer: 'login.example.com/token', clientID: 'agent' }, spiffe: { jwt: { audience: 'a', header: 'X-Jwt' } } } }))]);
    expect(findings.map(brief)).toEqual([
      ['mcp-server-oauth2', 'error', 'MCPServer/default/s', 'spec.endpoint.streamableHTTP.auth.oauth2.secretKeyRef'],
      ['mcp-server-oauth2', 'error', 'MCPServer/default/s', 'spec.endpoint.streamableHTTP.auth.oauth2.issuer'],
      ['mcp-server-oauth2', 'warning', 'MCPServer/default/s', 'spec.endpoint.streamableHTTP.auth.spiffe'],
    ]);
  });
});

describe('secret stores', () => {
  const oauth2 = (secretStore?: string) => http({ auth: { ...(secretStore ? { secretStore } : {}), oauth2: { issuer: 'https://login.example.com/token', secretKeyRef: { name: 'tools-oauth', key: 'secret' } } } });

  test('fails on header references through a secret store that does not exist', () => {
    const s = server('s', http({ headers: [{ name: 'X-Api-Key', secretKeyRef: { name: 'tools', key: 'key' } }], auth: { secretStore: 'vualt' } }));
    const vault = daprObject('Component', 'vault', { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [] });
    const [finding] = mcpServerSecretStores([s, vault]);
    expect(finding).toMatchObject({ check: 'component-secret-store', severity: 'error', field: 'spec.endpoint.streamableHTTP.auth.secretStore' });
    expect(finding!.message).toContain('"vualt" names no secret-store Component in namespace "default"');
    expect(finding!.hint).toContain('Did you mean "vault"?');
  });

  test('fails on the OAuth2 secret through the built-in kubernetes store of an app that switches it off', () => {
    const [finding, ...rest] = mcpServerSecretStores([server('s', oauth2()), agent({ 'dapr.io/disable-builtin-k8s-secret-store': 'true' })]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ check: 'component-secret-store', field: 'spec.endpoint.streamableHTTP.auth.oauth2.secretKeyRef' });
    expect(finding!.message).toContain('"agent" loads this server, and its sidecar fetches the OAuth2 client secret itself through the built-in "kubernetes" secret store');
  });

  test('fails on the OAuth2 secret through a secret-store Component the loading app does not load', () => {
    const vault = daprObject('Component', 'vault', { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [] }, { scopes: ['other'] });
    const [finding] = mcpServerSecretStores([server('s', oauth2('vault')), vault, agent()]);
    expect(finding!.message).toContain('"agent" loads this server and fetches the OAuth2 client secret itself through "vault", which is scoped to other, not to "agent"');
  });

  test('passes through the built-in store the app keeps, or a secret-store Component', () => {
    expect(mcpServerSecretStores([server('s', oauth2()), agent()])).toEqual([]);
    const vault = daprObject('Component', 'vault', { type: 'secretstores.hashicorp.vault', version: 'v1', metadata: [] });
    expect(mcpServerSecretStores([server('s', oauth2('vault')), vault, agent({ 'dapr.io/disable-builtin-k8s-secret-store': 'true' })])).toEqual([]);
    // Header references through the kubernetes store are resolved by the operator, not the sidecar.
    expect(mcpServerSecretStores([server('s', http({ headers: [{ name: 'Authorization', secretKeyRef: { name: 't', key: 'k' } }] })), agent({ 'dapr.io/disable-builtin-k8s-secret-store': 'true' })])).toEqual([]);
  });
});

describe('plaintext credentials', () => {
  test('fails on a credential-named header or env value, a bearer token, and a URL with credentials, never echoing them', () => {
    const findings = mcpServerPlaintext([
      server('h', http({ url: 'https://user:hunter2@tools.example.com/mcp', headers: [{ name: 'X-Api-Key', value: 'sk-live-123' }, { name: 'X-Forwarded', value: 'Bearer abc' }, { name: 'X-Tenant', value: 'shop' }] })),
      server('e', { endpoint: { stdio: { command: 'tool', env: [{ name: 'GITHUB_TOKEN', value: 'ghp_123' }, { name: 'LOG_LEVEL', value: 'debug' }] } } }),
    ]);
    expect(findings.map((f) => f.field)).toEqual([
      'spec.endpoint.streamableHTTP.headers[name=X-Api-Key]',
      'spec.endpoint.streamableHTTP.headers[name=X-Forwarded]',
      'spec.endpoint.streamableHTTP.url',
      'spec.endpoint.stdio.env[name=GITHUB_TOKEN]',
    ]);
    const text = findings.map((f) => f.message).join('\n');
    for (const secret of ['sk-live-123', 'abc', 'hunter2', 'ghp_123']) expect(text).not.toContain(secret);
  });

  test('passes on references and on a deliberate, annotated exception', () => {
    const ok = server('h', http({ headers: [{ name: 'Authorization', secretKeyRef: { name: 't', key: 'k' } }, { name: 'X-Api-Key', value: 'dev-key' }] }), ['agent'], { 'daprkit.io/plaintext-ok': 'X-Api-Key' });
    expect(mcpServerPlaintext([ok])).toEqual([]);
    // A path to a key file is not the key.
    expect(mcpServerPlaintext([server('f', { endpoint: { stdio: { command: 'tool', env: [{ name: 'API_KEY_FILE', value: '/run/secrets/api-key' }] } } })])).toEqual([]);
  });

  test('tells credential names from others', () => {
    for (const name of ['Authorization', 'X-API-Key', 'api_key', 'GITHUB_TOKEN', 'dbPassword', 'Cookie', 'OPENAI_APIKEY']) expect(isCredentialName(name)).toBe(true);
    for (const name of ['X-Tenant', 'Accept', 'MCP-Protocol-Version', 'LOG_LEVEL', 'Keyboard-Layout']) expect(isCredentialName(name)).toBe(false);
  });
});

describe('middleware hooks', () => {
  const hooked = (workflow: Record<string, unknown>) => server('s', { ...http(), middleware: { beforeCallTool: [{ workflow, mutate: true }] } });

  test('fails when the hook app hosts no workflows; warns when it runs nowhere or lacks the workflow', () => {
    const guard = daprDeployment('guard', { 'daprkit.io/workflows': JSON.stringify({ workflows: ['RedactPII'] }) });
    const manifests = (workflow: Record<string, unknown>) => [hooked(workflow), agent(), guard, daprDeployment('billing')];
    expect(mcpServerMiddleware(manifests({ workflowName: 'RedactPII', appID: 'billing' })).map(brief)).toEqual([['mcp-server-middleware', 'error', 'MCPServer/default/s', 'spec.middleware.beforeCallTool[0].workflow.appID']]);
    expect(mcpServerMiddleware(manifests({ workflowName: 'RedactPII', appID: 'gaurd' }))[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('Did you mean "guard"?') });
    expect(mcpServerMiddleware(manifests({ workflowName: 'RedactPI', appID: 'guard' }))[0]).toMatchObject({ severity: 'warning', field: 'spec.middleware.beforeCallTool[0].workflow.workflowName' });
    expect(mcpServerMiddleware(manifests({ workflowName: 'RedactPII', appID: 'guard' }))).toEqual([]);
  });

  test('a local hook runs in each app that loads the server', () => {
    const findings = mcpServerMiddleware([hooked({ workflowName: 'Audit' }), agent(), daprDeployment('orders', { 'daprkit.io/workflows': '{}' })]);
    expect(findings[0]!.message).toContain('runs on "agent", which hosts no workflows');
  });

  test('fails when the hook host\'s WorkflowAccessPolicy does not admit the apps that load the server', () => {
    const guard = daprDeployment('guard', { 'daprkit.io/workflows': '{}' });
    const policy = daprObject('WorkflowAccessPolicy', 'guard-workflows', { rules: [{ callers: [{ appID: 'someone-else' }], workflows: [{ name: '*', operations: ['schedule'] }] }] }, { scopes: ['guard'] });
    const [finding] = workflowSchedulesAllowed([hooked({ workflowName: 'RedactPII', appID: 'guard' }), agent(), guard, policy]);
    expect(finding).toMatchObject({ check: 'workflow-access-denied', resource: 'MCPServer/default/s', field: 'spec.middleware.beforeCallTool[0].workflow.appID' });
    expect(finding!.message).toContain('"agent" → "guard" workflow "RedactPII": schedule is denied');
  });
});

describe('who loads a server', () => {
  test('fails (warns) on an unscoped server', () => {
    expect(mcpServerUnscoped([server('s', http(), [])]).map(brief)).toEqual([['mcp-server-unscoped', 'warning', 'MCPServer/default/s', 'scopes']]);
  });

  test('fails (warns) on an app that loads a server without an actor state store for its tool workflows', () => {
    const findings = mcpServerUsersHostWorkflows([server('s', http()), agent()]);
    expect(findings.map(brief)).toEqual([['mcp-server-workflow-host', 'warning', 'Deployment/default/agent', 'spec.template.metadata.annotations["dapr.io/app-id"]']]);
    const store = daprObject('Component', 'wf', { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'r:6379' }, { name: 'actorStateStore', value: 'true' }] }, { scopes: ['agent'] });
    expect(mcpServerUsersHostWorkflows([server('s', http()), agent(), store])).toEqual([]);
  });

  test('scopes naming no app are reported like other scoped resources', () => {
    expect(runChecks([server('s', http(), ['agnet']), agent()]).filter((f) => f.check === 'scope-unknown-app').map((f) => f.hint)).toEqual([expect.stringContaining('Did you mean "agent"?')]);
  });
});
