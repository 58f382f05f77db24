/**
 * MCPServer checks, from what daprd 1.18.3 does when it loads one (`pkg/runtime/processor/
 * mcpservers.go`, `pkg/internal/loader/validate/mcpserver.go`, `pkg/runtime/mcp/auth/auth.go`,
 * `pkg/operator/api/mcpservers.go`): a server that fails validation, secret resolution or its first
 * connection makes the sidecar exit unless `ignoreErrors` (then the server is skipped). So:
 * endpoints daprd refuses, OAuth2 settings that cannot fetch a token, secrets through stores that
 * are not there (the OAuth2 client secret is fetched by the sidecar itself, through its own secret
 * stores), plaintext credentials, middleware hooks that name no workflow host, and the apps that
 * load a server (its tools run as workflows in their sidecars).
 */
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { carriesCredentials } from './component-fields';
import { componentsByName, componentsOf } from './dapr-resources';
import { indexManifests } from './dapr-index';
import { isGoDuration } from './formats';
import { isGlob } from './glob';
import { actorStoresOf, hostsOf } from './hosts';
import { McpServerView, mcpServersOf, serversLoadedBy, usersOf } from './mcp-reader';
import { dig, joinPath, keyPath, pushTo, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding } from './types';

const DISABLE_BUILTIN_STORE = 'dapr.io/disable-builtin-k8s-secret-store';

/** What Go's url.Parse plus daprd's checks accept: an http or https URL with a host. */
export function httpUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return 'it is empty';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return `the scheme must be http or https${scheme ? `, not "${scheme}"` : ''}`;
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
  const host = authority.replace(/^[^@]*@/, '');
  return host === '' ? 'it has no host' : undefined;
}

function finding(check: string, severity: 'error' | 'warning', server: McpServerView, field: string, message: string, hint: string): Finding {
  return { check, severity, resource: server.resource, field, message, hint };
}

/** What happens when daprd refuses the server: the sidecar exits, or (ignoreErrors) the server is skipped. */
const outcome = (s: McpServerView) => (s.ignoreErrors ? 'daprd skips the server (ignoreErrors)' : 'daprd exits at startup (set ignoreErrors to skip the server instead)');

/** Endpoints daprd refuses: not exactly one transport, a URL that is not http(s), a bad timeout, stdio on Kubernetes. */
export const mcpServerEndpoints: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const s of mcpServersOf(manifests)) {
    const bad = (field: string, message: string, hint: string) => findings.push(finding('mcp-server-endpoint', 'error', s, field, message, hint));
    if (s.transports.length !== 1) {
      bad('spec.endpoint', `the endpoint sets ${s.transports.length === 0 ? 'no transport' : `${s.transports.join(' and ')}`}; exactly one of streamableHTTP, sse or stdio must be set (the CRD refuses anything else).`, 'Keep one transport.');
      continue;
    }
    if (s.transport === 'stdio') {
      const users = usersOf(manifests, s);
      if (users.length > 0) {
        bad(s.endpointPath, `a stdio MCP server runs a local command, which daprd refuses in Kubernetes mode, and ${users.map((u) => `"${u.appId}"`).join(', ')} ${users.length === 1 ? 'loads' : 'load'} it on Kubernetes: ${outcome(s)}.`, 'Serve the tools over streamableHTTP (e.g. a Deployment with a Service) and point the MCPServer at its URL; keep stdio servers for `dapr run` on a workstation.');
      }
      continue;
    }
    const url = dig(s.endpoint, 'url');
    const problem = httpUrlProblem(url);
    if (problem) bad(`${s.endpointPath}.url`, `url ${JSON.stringify(url)} is not usable: ${problem}; ${outcome(s)}.`, 'Use the MCP endpoint\'s full http(s) URL, e.g. "http://tools.agents.svc.cluster.local:8080/mcp".');
    const timeout = dig(s.endpoint, 'timeout');
    if (timeout !== undefined && !(typeof timeout === 'string' && isGoDuration(timeout))) {
      bad(`${s.endpointPath}.timeout`, `timeout ${JSON.stringify(timeout)} is not a Go duration; daprd cannot read the MCPServer and fails to load its MCP servers.`, 'Write a duration like "30s" or "2m".');
    }
  }
  return findings;
};

/** OAuth2 client credentials need the client secret (a secretKeyRef) and a token URL; SPIFFE is ignored next to OAuth2. */
export const mcpServerOauth2: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const s of mcpServersOf(manifests)) {
    const auth = dig(s.endpoint, 'auth');
    const oauth2 = dig(auth, 'oauth2');
    if (oauth2 === undefined || oauth2 === null) continue;
    const base = `${s.endpointPath}.auth.oauth2`;
    if (dig(oauth2, 'secretKeyRef', 'name') === undefined) {
      findings.push(finding('mcp-server-oauth2', 'error', s, `${base}.secretKeyRef`, `OAuth2 has no secretKeyRef for the client secret; daprd cannot get a token, the connection fails and ${outcome(s)}.`, 'Reference the client secret: secretKeyRef {name, key} (daprkit: McpAuth.oauth2({ clientSecret: SecretValue.fromSecret(name, key) })).'));
    }
    const issuer = dig(oauth2, 'issuer');
    const problem = httpUrlProblem(issuer);
    if (problem) findings.push(finding('mcp-server-oauth2', 'error', s, `${base}.issuer`, `issuer ${JSON.stringify(issuer)} is not a token URL (${problem}); no token can be fetched and ${outcome(s)}.`, 'Use the full URL of the token endpoint, e.g. "https://login.example.com/oauth2/token".'));
    if (dig(auth, 'spiffe') !== undefined) {
      findings.push(finding('mcp-server-oauth2', 'warning', s, `${s.endpointPath}.auth.spiffe`, 'auth sets both oauth2 and spiffe; daprd uses OAuth2 and ignores the SPIFFE JWT.', 'Keep one of them.'));
    }
  }
  return findings;
};

/**
 * Secret references of an MCPServer: headers (and stdio env) through `auth.secretStore`, and the
 * OAuth2 client secret, which the sidecar of each app that loads the server fetches itself — through
 * the built-in `kubernetes` store by default, which daprkit's apps switch off unless they mount the
 * service-account token.
 */
export const mcpServerSecretStores: Check = (manifests) => {
  const components = componentsOf(manifests);
  const byName = componentsByName(components);
  const storeNames = new Map<string, string[]>();
  for (const c of components) if (c.type?.startsWith('secretstores.')) pushTo(storeNames, c.namespace, c.name);
  const stores = (namespace: string) => storeNames.get(namespace) ?? [];
  const findings: Finding[] = [];
  for (const s of mcpServersOf(manifests)) {
    const storeProblem = (store: string) => {
      if (store === KUBERNETES_SECRET_STORE) return undefined;
      const target = byName.get(`${s.namespace}/${store}`);
      if (target?.type?.startsWith('secretstores.')) return undefined;
      return target ? `"${store}" is a ${target.type ?? 'typeless'} component, not a secret store` : `"${store}" names no secret-store Component in namespace "${s.namespace}"`;
    };
    const hint = (store: string) => `Define a secretstores.* Component named "${store}" in "${s.namespace}", or use an existing one (${[KUBERNETES_SECRET_STORE, ...stores(s.namespace)].join(', ')}).${didYouMean(store, stores(s.namespace))}`;
    const refs = s.items.filter((i) => i.secretKeyRef !== undefined);
    const itemsProblem = s.transport !== 'stdio' && refs.length > 0 ? storeProblem(s.secretStore) : undefined;
    if (itemsProblem) {
      findings.push({ check: 'component-secret-store', severity: 'error', resource: s.resource, field: `${s.endpointPath}.auth.secretStore`, message: `auth.secretStore ${itemsProblem}; ${refs[0]!.path} cannot be resolved and the header is sent empty.`, hint: hint(s.secretStore) });
    }
    if (dig(s.endpoint, 'auth', 'oauth2', 'secretKeyRef', 'name') === undefined) continue;
    const field = `${s.endpointPath}.auth.oauth2.secretKeyRef`;
    const oauthProblem = storeProblem(s.secretStore);
    if (oauthProblem) {
      findings.push({ check: 'component-secret-store', severity: 'error', resource: s.resource, field, message: `auth.secretStore ${oauthProblem}; the OAuth2 client secret cannot be fetched and ${outcome(s)}.`, hint: hint(s.secretStore) });
      continue;
    }
    if (s.secretStore !== KUBERNETES_SECRET_STORE) {
      // The sidecar looks the store up among the Components it loaded itself.
      const store = byName.get(`${s.namespace}/${s.secretStore}`)!;
      for (const user of usersOf(manifests, s)) {
        if (store.scopeSet === undefined || store.scopeSet.has(user.appId)) continue;
        findings.push({
          check: 'component-secret-store',
          severity: 'error',
          resource: s.resource,
          field,
          message: `"${user.appId}" loads this server and fetches the OAuth2 client secret itself through "${s.secretStore}", which is scoped to ${(store.scopes ?? []).join(', ')}, not to "${user.appId}"; ${outcome(s)}.`,
          hint: `Add "${user.appId}" to the scopes of "${s.secretStore}" (daprkit: app.uses(store)).`,
        });
      }
      continue;
    }
    for (const user of usersOf(manifests, s)) {
      if ((user.pod.annotations[DISABLE_BUILTIN_STORE] ?? '').toLowerCase() !== 'true') continue;
      findings.push({
        check: 'component-secret-store',
        severity: 'error',
        resource: s.resource,
        field,
        message: `"${user.appId}" loads this server, and its sidecar fetches the OAuth2 client secret itself through the built-in "${KUBERNETES_SECRET_STORE}" secret store, which ${resourceId(user.pod.manifest)} switches off (${DISABLE_BUILTIN_STORE}); ${outcome(s)}.`,
        hint: `Let "${user.appId}" use the built-in store (daprkit: automountServiceAccountToken: true), or point auth.secretStore at a secret-store Component "${user.appId}" loads.`,
      });
    }
  }
  return findings;
};

/** Words that make a header or environment variable name a credential. */
const CREDENTIAL_WORDS = new Set(['authorization', 'auth', 'token', 'secret', 'password', 'passwd', 'pwd', 'key', 'apikey', 'credential', 'credentials', 'cookie', 'bearer']);

/** True for names like `Authorization`, `X-Api-Key`, `GITHUB_TOKEN`, `dbPassword`. */
export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
  return words.some((w) => CREDENTIAL_WORDS.has(w)) || /api[-_]?key/i.test(name);
}

/** Credentials written in plain text: in credential-named headers or env, or inside a URL. */
export const mcpServerPlaintext: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const s of mcpServersOf(manifests)) {
    for (const item of s.items) {
      if (!item.hasValue || item.name === undefined || s.plaintextOk.has(item.name.toLowerCase())) continue;
      const text = typeof item.value === 'string' ? item.value : JSON.stringify(item.value);
      // A file path (`API_KEY_FILE=/run/secrets/key`) names where a secret is, not the secret.
      if (text === '' || /^\.{0,2}\//.test(text) || !(isCredentialName(item.name) || /^(bearer|basic)\s+\S/i.test(text))) continue;
      findings.push({
        check: 'component-sensitive-plaintext',
        severity: 'error',
        resource: s.resource,
        field: item.path,
        message: `"${item.name}" carries a credential in plain text (<redacted, ${text.length} characters>).`,
        hint: 'Reference a secret instead: secretKeyRef {name, key} in YAML, SecretValue.fromSecret(name, key) in daprkit (SecretValue.unsafePlainText states a deliberate exception).',
      });
    }
    const urls: [string, unknown][] = [
      [`${s.endpointPath}.url`, dig(s.endpoint, 'url')],
      [`${s.endpointPath}.auth.oauth2.issuer`, dig(s.endpoint, 'auth', 'oauth2', 'issuer')],
    ];
    for (const [field, url] of urls) {
      if (typeof url !== 'string' || !(carriesCredentials(url) || /[?&](api[-_]?key|token|access_token|secret|password|sig|signature)=[^&]/i.test(url))) continue;
      findings.push({
        check: 'component-sensitive-plaintext',
        severity: 'error',
        resource: s.resource,
        field,
        message: 'the URL carries a credential (a user:password@ part or a secret query parameter) in plain text.',
        hint: 'Move the credential into a header that references a secret (secretKeyRef), or into auth.oauth2.',
      });
    }
  }
  return findings;
};

/** Hooks start workflows: a remote one on a workflow host of the namespace, a local one in each app that loads the server. */
export const mcpServerMiddleware: Check = (manifests) => {
  const index = indexManifests(manifests);
  const hosts = hostsOf(manifests);
  const findings: Finding[] = [];
  for (const s of mcpServersOf(manifests)) {
    for (const hook of s.hooks) {
      if (hook.workflowName === undefined) continue;
      const targets = hook.appId !== undefined ? [hook.appId] : usersOf(manifests, s).map((u) => u.appId);
      for (const appId of targets) {
        const field = hook.appId !== undefined ? `${hook.field}.appID` : `${hook.field}.workflowName`;
        if (index.podsOf(appId, s.namespace).length === 0) {
          findings.push(finding('mcp-server-middleware', 'warning', s, field, `hook "${hook.workflowName}" runs on "${appId}", which no Dapr workload in namespace "${s.namespace}" runs.${didYouMean(appId, index.appIdsByNamespace.get(s.namespace) ?? [])}`, 'Name the app that hosts the hook workflow; ignore this if it is deployed from elsewhere.'));
          continue;
        }
        const hosting = hosts.hostsOf(s.namespace, appId).find((h) => h.workflows)?.workflows;
        if (!hosting) {
          if (!hosts.workflowHostingKnown(s.namespace)) continue;
          findings.push(finding('mcp-server-middleware', 'error', s, field, `hook "${hook.workflowName}" runs on "${appId}", which hosts no workflows, so every ${hook.list} call fails.`, `Point the hook at the app that runs workflow "${hook.workflowName}", or declare "${appId}" a workflow host (daprkit: app.hostsWorkflows).`));
          continue;
        }
        const names = hosting.workflows;
        if (names && !isGlob(hook.workflowName) && !names.includes(hook.workflowName)) {
          findings.push(finding('mcp-server-middleware', 'warning', s, `${hook.field}.workflowName`, `hook workflow "${hook.workflowName}" is not among the workflows "${appId}" registers (${names.join(', ') || 'none'}).${didYouMean(hook.workflowName, names)}`, `Use a workflow "${appId}" registers, or add it to its hostsWorkflows names.`));
        }
      }
    }
  }
  return findings;
};

/** An unscoped server loads into every app of its namespace, and each connects to it at startup. */
export const mcpServerUnscoped: Check = (manifests) =>
  mcpServersOf(manifests)
    .filter((s) => s.scopes === undefined)
    .map((s) =>
      finding('mcp-server-unscoped', 'warning', s, 'scopes', `the MCP server has no scopes, so every Dapr app in namespace "${s.namespace}" loads it, connects to it at startup and ${s.ignoreErrors ? 'logs an error' : 'exits'} when it cannot.`, 'Scope it to the agents that use it (daprkit: app.uses(mcpServer)).'),
    );

/** The server's tools run as workflows in the sidecar of each app that loads it: those apps need an actor state store. */
export const mcpServerUsersHostWorkflows: Check = (manifests) => {
  if (mcpServersOf(manifests).length === 0) return [];
  const findings: Finding[] = [];
  // One finding per app (not per server and app), looked up rather than scanned.
  for (const user of indexManifests(manifests).pods) {
    const servers = serversLoadedBy(manifests, user.namespace, user.appId);
    if (servers.length === 0 || actorStoresOf(manifests, user.namespace, user.appId).length > 0) continue;
    const names = servers.slice(0, 3).map((s) => `"${s.name}"`).join(', ') + (servers.length > 3 ? ` and ${servers.length - 3} more` : '');
    findings.push({
      check: 'mcp-server-workflow-host',
      severity: 'warning',
      resource: resourceId(user.pod.manifest),
      field: keyPath(joinPath(user.pod.podPath, 'metadata.annotations'), 'dapr.io/app-id'),
      message: `"${user.appId}" loads MCP server ${names}, whose tools run as workflows in its sidecar, but it sees no actor state store; every tool call fails.`,
      hint: `Make "${user.appId}" a workflow host with an actor state store (daprkit: app.hostsWorkflows({ stateStore })).`,
    });
  }
  return findings;
};

export const mcpChecks: readonly Check[] = [mcpServerEndpoints, mcpServerOauth2, mcpServerSecretStores, mcpServerPlaintext, mcpServerMiddleware, mcpServerUnscoped, mcpServerUsersHostWorkflows];
