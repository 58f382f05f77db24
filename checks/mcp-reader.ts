/**
 * MCPServer objects read once per run for the MCP and workflow checks: the transport, its headers
 * and auth, the middleware hooks, the apps that load it (scopes, as daprd 1.18's authorizer applies
 * them: `pkg/runtime/authorizer/authorizer.go`), and the child workflows its hooks start on other
 * apps (`pkg/runtime/wfengine/inprocess/mcp/v1/middleware.go`: a hook with an appID is a cross-app
 * child workflow, scheduled by the app whose sidecar runs the MCP tool workflow).
 */
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { MCP_HOOKS, MCP_TRANSPORTS } from '../dapr/workflows';
import { annotationList, PLAINTEXT_OK_ANNOTATION } from './daprkit-annotations';
import { DaprPod, indexManifests, objectKey } from './dapr-index';
import { metadataItems, MetadataItemView, scopesOf } from './dapr-resources';
import { ResolvedSchedule } from './hosts';
import { asArray, asRecord, dig, isDaprKind, namespaceOf, pushTo, resourceId } from './manifest';
import { sharedPerRun } from './run-cache';
import { Manifest } from './types';

/** One middleware hook: the workflow it starts and, for a remote one, the app that hosts it. */
export interface McpHookView {
  readonly list: string;
  readonly field: string;
  readonly workflowName?: string;
  readonly appId?: string;
}

export interface McpServerView {
  readonly manifest: Manifest;
  readonly resource: string;
  readonly name: string;
  readonly namespace: string;
  /** Every transport key set under spec.endpoint (exactly one is valid). */
  readonly transports: readonly string[];
  /** The one transport, when exactly one is set. */
  readonly transport?: string;
  readonly endpoint?: Record<string, unknown>;
  /** `spec.endpoint.<transport>`. */
  readonly endpointPath: string;
  /** Headers (HTTP transports) or env (stdio), with where they sit. */
  readonly items: readonly MetadataItemView[];
  /** `auth.secretStore` of the HTTP transport, defaulting to the built-in Kubernetes store. */
  readonly secretStore: string;
  readonly scopes?: ReadonlySet<string>;
  readonly hooks: readonly McpHookView[];
  readonly ignoreErrors: boolean;
  /** Header or env names whose plaintext value was chosen explicitly (`daprkit.io/plaintext-ok`). */
  readonly plaintextOk: ReadonlySet<string>;
}

function readServers(manifests: readonly Manifest[]): McpServerView[] {
  return manifests
    .filter((m) => isDaprKind(m, 'MCPServer'))
    .map((m) => {
      const endpoint = asRecord(dig(m, 'spec', 'endpoint')) ?? {};
      const transports = MCP_TRANSPORTS.filter((t) => endpoint[t] !== undefined && endpoint[t] !== null);
      const transport = transports.length === 1 ? transports[0] : undefined;
      const settings = transport !== undefined ? asRecord(endpoint[transport]) : undefined;
      const endpointPath = `spec.endpoint.${transport ?? '?'}`;
      const itemsKey = transport === 'stdio' ? 'env' : 'headers';
      const store = dig(settings, 'auth', 'secretStore');
      const hooks: McpHookView[] = MCP_HOOKS.flatMap((list) =>
        asArray(dig(m, 'spec', 'middleware', list)).map((hook, i) => {
          const workflowName = dig(hook, 'workflow', 'workflowName');
          const appId = dig(hook, 'workflow', 'appID');
          return {
            list,
            field: `spec.middleware.${list}[${i}].workflow`,
            ...(typeof workflowName === 'string' ? { workflowName } : {}),
            ...(typeof appId === 'string' && appId !== '' ? { appId } : {}),
          };
        }),
      );
      const scopes = scopesOf(m);
      const name = m.metadata?.name;
      return {
        manifest: m,
        resource: resourceId(m),
        name: typeof name === 'string' ? name : '',
        namespace: namespaceOf(m),
        transports,
        ...(transport !== undefined ? { transport } : {}),
        ...(settings ? { endpoint: settings } : {}),
        endpointPath,
        items: metadataItems(dig(settings, itemsKey), `${endpointPath}.${itemsKey}`),
        secretStore: typeof store === 'string' && store !== '' ? store : KUBERNETES_SECRET_STORE,
        ...(scopes ? { scopes: new Set(scopes) } : {}),
        hooks,
        ignoreErrors: dig(m, 'spec', 'ignoreErrors') === true,
        plaintextOk: new Set(annotationList(m.metadata?.annotations?.[PLAINTEXT_OK_ANNOTATION]).map((n) => n.toLowerCase())),
      };
    });
}

/** Every MCPServer, read once per run (read-only views). */
export const mcpServersOf: (manifests: readonly Manifest[]) => readonly McpServerView[] = sharedPerRun(readServers);

/** The Dapr pods that load the server: those of its namespace it is scoped to (all of them when unscoped). */
export function usersOf(manifests: readonly Manifest[], server: McpServerView): DaprPod[] {
  const index = indexManifests(manifests);
  const appIds = server.scopes ?? index.appIdsByNamespace.get(server.namespace) ?? [];
  return [...appIds].flatMap((appId) => index.podsOf(appId, server.namespace));
}

/** The servers each app loads, per `namespace/appId`, read once per run. */
function readServersByApp(manifests: readonly Manifest[]): { unscoped: Map<string, McpServerView[]>; scoped: Map<string, McpServerView[]> } {
  const out = { unscoped: new Map<string, McpServerView[]>(), scoped: new Map<string, McpServerView[]>() };
  for (const server of mcpServersOf(manifests)) {
    if (server.scopes === undefined) pushTo(out.unscoped, server.namespace, server);
    else for (const appId of server.scopes) pushTo(out.scoped, objectKey(server.namespace, appId), server);
  }
  return out;
}

const serversByApp = sharedPerRun(readServersByApp);

/** The MCP servers a Dapr app loads. */
export function serversLoadedBy(manifests: readonly Manifest[], namespace: string, appId: string): McpServerView[] {
  const index = serversByApp(manifests);
  return [...(index.unscoped.get(namespace) ?? []), ...(index.scoped.get(objectKey(namespace, appId)) ?? [])];
}

/** The child workflows the servers' hooks start on other apps, one edge per (app that loads the server, hook). */
function readHookSchedules(manifests: readonly Manifest[]): ResolvedSchedule[] {
  const out: ResolvedSchedule[] = [];
  for (const server of mcpServersOf(manifests)) {
    const remote = server.hooks.filter((h) => h.appId !== undefined && h.workflowName !== undefined);
    if (remote.length === 0) continue;
    for (const user of usersOf(manifests, server)) {
      for (const hook of remote) {
        if (hook.appId === user.appId) continue;
        out.push({
          caller: user,
          host: { appId: hook.appId!, namespace: server.namespace },
          edge: { appId: hook.appId!, workflows: [{ name: hook.workflowName!, operations: ['schedule'] }] },
          origin: { resource: server.manifest, field: `${hook.field}.appID` },
        });
      }
    }
  }
  return out;
}

export const mcpHookSchedules: (manifests: readonly Manifest[]) => readonly ResolvedSchedule[] = sharedPerRun(readHookSchedules);
