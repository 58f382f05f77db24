/**
 * `daprkit graph`: a picture of the system read from its manifests — apps, service invocations
 * (from `daprkit.io/invokes`, or from access-control policies in hand-written YAML), topics with the
 * pub/sub that carries them and their subscribers, components and the apps that load them, and the
 * control plane that injects the sidecars. Rendered as Mermaid, Graphviz DOT, or SVG (Graphviz in
 * WebAssembly, offline).
 */
import { INVOKES_ANNOTATION, parseInvocations } from '../checks/daprkit-annotations';
import { asArray, daprAppIdOf, dig, isDaprKind, nameOf, namespaceOf, podsOf } from '../checks/manifest';
import { scopesOf } from '../checks/dapr-resources';
import { Manifest } from '../checks/types';
import { addWorkflowGraph } from './graph-workflows';
import { addWorkloadEdges, appLabel } from './graph-workloads';

export type NodeKind = 'app' | 'component' | 'topic' | 'control-plane' | 'actor' | 'workflows' | 'mcp-server';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Dashed: an indirect relation (loading a component, sidecar injection). */
  readonly dashed?: boolean;
}

export interface SystemGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

/** A node id Mermaid and DOT both accept: letters, digits and `_`. */
function nodeId(kind: NodeKind, namespace: string, name: string): string {
  return `${kind.replace('-', '_')}_${namespace}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The graph of a set of manifests; deterministic (nodes and edges sorted). */
export function buildGraph(manifests: readonly Manifest[]): SystemGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addNode = (n: GraphNode) => nodes.set(n.id, n);
  const addEdge = (e: GraphEdge) => edges.set(`${e.from} ${e.to} ${e.label}`, e);

  const apps = podsOf(manifests).flatMap((pod) => {
    const appId = daprAppIdOf(pod);
    return appId === undefined ? [] : [{ pod, appId, namespace: namespaceOf(pod.manifest) }];
  });
  const appNode = (namespace: string, appId: string) => nodeId('app', namespace, appId);
  for (const app of apps) addNode({ id: appNode(app.namespace, app.appId), kind: 'app', label: appLabel(app.pod.manifest, app.appId) });

  if (apps.length > 0) {
    const controlPlane: GraphNode = { id: 'control_plane', kind: 'control-plane', label: 'Dapr control plane' };
    addNode(controlPlane);
    for (const app of apps) addEdge({ from: controlPlane.id, to: appNode(app.namespace, app.appId), label: 'injects sidecar', dashed: true });
  }

  // Service invocation: the daprkit annotation when present, else the callee's access-control policies.
  let annotated = false;
  for (const app of apps) {
    const raw = app.pod.annotations[INVOKES_ANNOTATION];
    if (raw === undefined) continue;
    annotated = true;
    for (const edge of parseInvocations(raw) ?? []) {
      const to = appNode(edge.namespace ?? app.namespace, edge.appId);
      if (!nodes.has(to)) addNode({ id: to, kind: 'app', label: edge.appId });
      const ops = edge.operations.map((op) => `${op.verbs?.length ? `${op.verbs.join(',')} ` : ''}${op.path}`).join('; ');
      addEdge({ from: appNode(app.namespace, app.appId), to, label: `invokes ${ops}`.trim() });
    }
  }
  if (!annotated) {
    const configs = new Map(manifests.filter((m) => isDaprKind(m, 'Configuration')).map((m) => [`${namespaceOf(m)}/${nameOf(m)}`, m]));
    for (const callee of apps) {
      const config = configs.get(`${callee.namespace}/${callee.pod.annotations['dapr.io/config']}`);
      if (!config) continue;
      for (const policy of asArray(dig(config, 'spec', 'accessControl', 'policies'))) {
        const caller = dig(policy, 'appId');
        if (typeof caller !== 'string') continue;
        const namespace = typeof dig(policy, 'namespace') === 'string' ? (dig(policy, 'namespace') as string) : callee.namespace;
        const allowed = asArray(dig(policy, 'operations'))
          .filter((op) => String(dig(op, 'action')).toLowerCase() === 'allow')
          .map((op) => `${asArray(dig(op, 'httpVerb')).join(',')} ${String(dig(op, 'name'))}`.trim());
        const everything = String(dig(policy, 'defaultAction')).toLowerCase() === 'allow';
        if (!everything && allowed.length === 0) continue;
        const from = appNode(namespace, caller);
        if (!nodes.has(from)) addNode({ id: from, kind: 'app', label: caller });
        addEdge({ from, to: appNode(callee.namespace, callee.appId), label: `may invoke ${everything ? '*' : allowed.join('; ')}` });
      }
    }
  }

  // Components, and which apps load them (all apps of the namespace when unscoped).
  const components = manifests.filter((m) => isDaprKind(m, 'Component'));
  for (const c of components) {
    const namespace = namespaceOf(c);
    const type = dig(c, 'spec', 'type');
    const id = nodeId('component', namespace, nameOf(c));
    addNode({ id, kind: 'component', label: `${nameOf(c)} (${typeof type === 'string' ? type : 'no type'})` });
    const scopes = scopesOf(c);
    for (const app of apps.filter((a) => a.namespace === namespace && (scopes === undefined || scopes.includes(a.appId)))) {
      addEdge({ from: appNode(app.namespace, app.appId), to: id, label: 'loads', dashed: true });
    }
  }

  // Topics: carried by a pub/sub, delivered to the subscribers (Subscription scopes, else every app).
  for (const s of manifests.filter((m) => isDaprKind(m, 'Subscription'))) {
    const namespace = namespaceOf(s);
    const pubsub = dig(s, 'spec', 'pubsubname');
    const topic = dig(s, 'spec', 'topic');
    if (typeof pubsub !== 'string' || typeof topic !== 'string') continue;
    const topicId = nodeId('topic', namespace, `${pubsub}_${topic}`);
    addNode({ id: topicId, kind: 'topic', label: topic });
    const pubsubId = nodeId('component', namespace, pubsub);
    if (nodes.has(pubsubId)) addEdge({ from: pubsubId, to: topicId, label: 'carries' });
    const scopes = scopesOf(s);
    const route = dig(s, 'spec', 'routes', 'default') ?? dig(s, 'spec', 'route');
    for (const app of apps.filter((a) => a.namespace === namespace && (scopes === undefined || scopes.includes(a.appId)))) {
      addEdge({ from: topicId, to: appNode(app.namespace, app.appId), label: typeof route === 'string' ? `delivers to ${route}` : 'delivers' });
    }
  }

  // Actor types, workflow hosts and their callers, MCP servers (graph-workflows.ts).
  addWorkflowGraph(manifests, { nodeId, addNode, addEdge, hasNode: (id) => nodes.has(id) });
  // Jobs, secret readers and in-code subscriptions (issue 18).
  addWorkloadEdges(manifests, apps, { nodeId, hasNode: (id) => nodes.has(id), addNode, addEdge });

  const sortedNodes = [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id));
  const sortedEdges = [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.label.localeCompare(b.label));
  return { nodes: sortedNodes, edges: sortedEdges };
}

const quote = (s: string) => s.replace(/"/g, '#quot;');

/** Mermaid flowchart: apps as rounded boxes, components as cylinders, topics as hexagons. */
export function toMermaid(graph: SystemGraph): string {
  const shape: Record<NodeKind, (l: string) => string> = {
    app: (l) => `("${quote(l)}")`,
    component: (l) => `[("${quote(l)}")]`,
    topic: (l) => `{{"${quote(l)}"}}`,
    'control-plane': (l) => `[["${quote(l)}"]]`,
    actor: (l) => `>"${quote(l)}"]`,
    workflows: (l) => `[/"${quote(l)}"/]`,
    'mcp-server': (l) => `[\\"${quote(l)}"\\]`,
  };
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) lines.push(`  ${n.id}${shape[n.kind](n.label)}`);
  for (const e of graph.edges) lines.push(`  ${e.from} ${e.dashed ? '-.->' : '-->'}|"${quote(e.label)}"| ${e.to}`);
  return lines.join('\n') + '\n';
}

const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz DOT, same content as the Mermaid chart. */
export function toDot(graph: SystemGraph): string {
  const shape: Record<NodeKind, string> = { app: 'box, style=rounded', component: 'cylinder', topic: 'hexagon', 'control-plane': 'box3d', actor: 'cds', workflows: 'parallelogram', 'mcp-server': 'component' };
  const lines = ['digraph daprkit {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of graph.nodes) lines.push(`  ${n.id} [label=${dotString(n.label)}, shape=${shape[n.kind]}];`);
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to} [label=${dotString(e.label)}${e.dashed ? ', style=dashed' : ''}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** SVG rendered offline by Graphviz compiled to WebAssembly (@viz-js/viz). */
export async function toSvg(graph: SystemGraph): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { instance } = require('@viz-js/viz') as typeof import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(toDot(graph), { format: 'svg' });
}
