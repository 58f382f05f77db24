/**
 * The actors, workflows and agents part of `daprkit graph`: actor types and the apps that host them,
 * workflow hosts and the apps that call their workflows (from `daprkit.io/schedules-workflows`, or,
 * in hand-written YAML without it, from the hosts' WorkflowAccessPolicies), and MCP servers with the
 * apps that load them and the hook workflows they start.
 */
import { hostsOf } from '../checks/hosts';
import { mcpServersOf, usersOf } from '../checks/mcp-reader';
import { asArray, dig, isDaprKind, nameOf, namespaceOf } from '../checks/manifest';
import { Manifest } from '../checks/types';

/** What the graph builder lends this module. */
export interface GraphContext {
  nodeId(kind: 'app' | 'actor' | 'workflows' | 'mcp-server', namespace: string, name: string): string;
  addNode(node: { id: string; kind: 'app' | 'actor' | 'workflows' | 'mcp-server'; label: string }): void;
  addEdge(edge: { from: string; to: string; label: string; dashed?: boolean }): void;
  hasNode(id: string): boolean;
}

export function addWorkflowGraph(manifests: readonly Manifest[], ctx: GraphContext): void {
  const hosts = hostsOf(manifests);
  const app = (namespace: string, appId: string) => {
    const id = ctx.nodeId('app', namespace, appId);
    if (!ctx.hasNode(id)) ctx.addNode({ id, kind: 'app', label: appId });
    return id;
  };
  // The workflows of a host, as one node the callers point at.
  const workflows = (namespace: string, appId: string) => {
    const id = ctx.nodeId('workflows', namespace, appId);
    if (!ctx.hasNode(id)) {
      ctx.addNode({ id, kind: 'workflows', label: `${appId} workflows` });
      ctx.addEdge({ from: app(namespace, appId), to: id, label: 'runs', dashed: true });
    }
    return id;
  };

  for (const host of hosts.hosts) {
    const { namespace, appId } = host.pod;
    for (const type of host.actorTypes) {
      const id = ctx.nodeId('actor', namespace, type);
      if (!ctx.hasNode(id)) ctx.addNode({ id, kind: 'actor', label: `${type} (actor)` });
      ctx.addEdge({ from: app(namespace, appId), to: id, label: 'hosts' });
    }
    if (host.workflows) workflows(namespace, appId);
  }

  for (const s of hosts.schedules) {
    const what = [
      ...(s.edge.workflows ?? []).map((w) => `${w.name} (${w.operations.join(', ')})`),
      ...(s.edge.activities ?? []).map((a) => `activity ${a}`),
    ];
    ctx.addEdge({ from: app(s.caller.namespace, s.caller.appId), to: workflows(s.host.namespace, s.host.appId), label: `calls ${what.join('; ')}` });
  }

  // Hand-written YAML: what the hosts' policies let callers do.
  if (hosts.schedules.length === 0) {
    for (const policy of manifests.filter((m) => isDaprKind(m, 'WorkflowAccessPolicy'))) {
      const namespace = namespaceOf(policy);
      const scoped = asArray(policy.scopes).filter((s): s is string => typeof s === 'string');
      const targets = scoped.length > 0 ? scoped : hosts.hosts.filter((h) => h.workflows && h.pod.namespace === namespace).map((h) => h.pod.appId);
      for (const rule of asArray(dig(policy, 'spec', 'rules'))) {
        const what = [
          ...asArray(dig(rule, 'workflows')).map((w) => `${String(dig(w, 'name'))} (${asArray(dig(w, 'operations')).join(', ')})`),
          ...asArray(dig(rule, 'activities')).map((a) => `activity ${String(dig(a, 'name'))}`),
        ];
        for (const caller of asArray(dig(rule, 'callers'))) {
          const callerId = dig(caller, 'appID');
          if (typeof callerId !== 'string') continue;
          for (const target of new Set(targets)) ctx.addEdge({ from: app(namespace, callerId), to: workflows(namespace, target), label: `may call ${what.join('; ')}` });
        }
      }
    }
  }

  for (const server of mcpServersOf(manifests)) {
    const id = ctx.nodeId('mcp-server', server.namespace, server.name);
    ctx.addNode({ id, kind: 'mcp-server', label: `${nameOf(server.manifest)} (MCP ${server.transport ?? 'no transport'})` });
    const users = usersOf(manifests, server);
    for (const user of users) ctx.addEdge({ from: app(user.namespace, user.appId), to: id, label: 'uses', dashed: true });
    for (const hook of server.hooks) {
      if (hook.workflowName === undefined) continue;
      const runners = hook.appId !== undefined ? [hook.appId] : users.map((u) => u.appId);
      for (const runner of runners) ctx.addEdge({ from: id, to: workflows(server.namespace, runner), label: `${hook.list} hook ${hook.workflowName}` });
    }
  }
}
