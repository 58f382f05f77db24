/**
 * `daprkit graph`: a picture of the system read from its manifests — apps, service invocations
 * (from `daprkit.io/invokes`, or from access-control policies in hand-written YAML), topics with the
 * pub/sub that carries them and their subscribers, components and the apps that load them, bindings
 * by direction (an input binding triggers the app, the app calls an output binding), and the
 * control plane that injects the sidecars when the manifests install one. Rendered as Mermaid,
 * Graphviz DOT, or SVG (Graphviz in WebAssembly, offline).
 */
import { INVOKES_ANNOTATION, parseInvocations } from '../checks/daprkit-annotations';
import { asArray, daprAppIdOf, dig, isDaprKind, nameOf, namespaceOf, podsOf } from '../checks/manifest';
import { noticeText } from './diff';
import { byCodePoint, jsonText, printable } from './escape';
import type { Inputs } from './inputs';
import { compareFindings, formatText, locateReaderFinding } from './findings-text';
import { styleFor } from './style';
import { scopesOf } from '../checks/dapr-resources';
import { wellFormedManifests } from '../checks/manifest-shape';
import { Manifest } from '../checks/types';
import { bindingDirections, controlPlaneLabel, triggerLabel } from './graph-components';
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

/** Where a node comes from: its kind, namespace and name, as read (any characters). */
type NodeKey = string;
const nodeKey = (kind: NodeKind, namespace: string, name: string): NodeKey => JSON.stringify([kind, namespace, name]);

/** A node id Mermaid and DOT both accept (letters, digits and `_`), readable: `app_default_todo_api`. */
function readableId(key: NodeKey): string {
  const [kind, namespace, name] = JSON.parse(key) as [string, string, string];
  if (kind === 'control-plane') return 'control_plane';
  return `${kind.replace('-', '_')}_${namespace}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

const ownAnnotation = (annotations: Record<string, string>, key: string) => (Object.prototype.hasOwnProperty.call(annotations, key) ? annotations[key] : undefined);

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

/** The graph of a set of manifests; deterministic (nodes and edges sorted by code point). */
export function buildGraph(input: readonly Manifest[]): SystemGraph {
  // Read as the checks read them: keys that break plain reading (`toString: 1`) and objects that are
  // no Kubernetes object or nest too deep are left out, so no hostile value can throw here.
  const manifests = wellFormedManifests(input).manifests;
  const nodes = new Map<NodeKey, { kind: NodeKind; label: string }>();
  const edges = new Map<string, { from: NodeKey; to: NodeKey; label: string; dashed?: boolean }>();
  const addNode = (key: NodeKey, kind: NodeKind, label: string) => nodes.set(key, { kind, label });
  const addEdge = (e: { from: NodeKey; to: NodeKey; label: string; dashed?: boolean }) => edges.set(JSON.stringify([e.from, e.to, e.label]), e);

  const apps = podsOf(manifests).flatMap((pod) => {
    const appId = daprAppIdOf(pod);
    return appId === undefined ? [] : [{ pod, appId, namespace: namespaceOf(pod.manifest) }];
  });
  const appNode = (namespace: string, appId: string) => nodeKey('app', namespace, appId);
  for (const app of apps) addNode(appNode(app.namespace, app.appId), 'app', appLabel(app.pod.manifest, app.appId));

  // The control plane, when the manifests install one (a chart release, or the chart rendered).
  const planeLabel = controlPlaneLabel(manifests);
  if (planeLabel !== undefined) {
    const controlPlane = nodeKey('control-plane', '', '');
    addNode(controlPlane, 'control-plane', planeLabel);
    for (const app of apps) addEdge({ from: controlPlane, to: appNode(app.namespace, app.appId), label: 'injects sidecar', dashed: true });
  }

  // Service invocation: the daprkit annotation when present, else the callee's access-control policies.
  let annotated = false;
  for (const app of apps) {
    const raw = Object.prototype.hasOwnProperty.call(app.pod.annotations, INVOKES_ANNOTATION) ? app.pod.annotations[INVOKES_ANNOTATION] : undefined;
    if (raw === undefined) continue;
    annotated = true;
    for (const edge of parseInvocations(raw) ?? []) {
      const namespace = typeof edge.namespace === 'string' ? edge.namespace : app.namespace;
      const to = appNode(namespace, edge.appId);
      if (!nodes.has(to)) addNode(to, 'app', edge.appId);
      const ops = asArray(edge.operations)
        .map((op) => {
          const verbs = asArray(dig(op, 'verbs')).map(text);
          return `${verbs.length ? `${verbs.join(',')} ` : ''}${text(dig(op, 'path'))}`;
        })
        .join('; ');
      addEdge({ from: appNode(app.namespace, app.appId), to, label: `invokes ${ops}`.trim() });
    }
  }
  if (!annotated) {
    const configs = new Map(manifests.filter((m) => isDaprKind(m, 'Configuration')).map((m) => [JSON.stringify([namespaceOf(m), nameOf(m)]), m]));
    for (const callee of apps) {
      const configName = Object.prototype.hasOwnProperty.call(callee.pod.annotations, 'dapr.io/config') ? callee.pod.annotations['dapr.io/config'] : undefined;
      const config = configName === undefined ? undefined : configs.get(JSON.stringify([callee.namespace, configName]));
      if (!config) continue;
      for (const policy of asArray(dig(config, 'spec', 'accessControl', 'policies'))) {
        const caller = dig(policy, 'appId');
        if (typeof caller !== 'string') continue;
        const namespace = typeof dig(policy, 'namespace') === 'string' ? (dig(policy, 'namespace') as string) : callee.namespace;
        const allowed = asArray(dig(policy, 'operations'))
          .filter((op) => String(text(dig(op, 'action'))).toLowerCase() === 'allow')
          .map((op) => `${asArray(dig(op, 'httpVerb')).map(text).join(',')} ${text(dig(op, 'name'))}`.trim());
        const everything = text(dig(policy, 'defaultAction')).toLowerCase() === 'allow';
        if (!everything && allowed.length === 0) continue;
        const from = appNode(namespace, caller);
        if (!nodes.has(from)) addNode(from, 'app', caller);
        addEdge({ from, to: appNode(callee.namespace, callee.appId), label: `may invoke ${everything ? '*' : allowed.join('; ')}` });
      }
    }
  }

  // Components, and which apps load them (all apps of the namespace when unscoped); bindings by the
  // directions daprd starts them in: an input binding triggers the app, the app calls an output one.
  const components = manifests.filter((m) => isDaprKind(m, 'Component'));
  for (const c of components) {
    const namespace = namespaceOf(c);
    const type = dig(c, 'spec', 'type');
    const id = nodeKey('component', namespace, nameOf(c));
    addNode(id, 'component', `${nameOf(c)} (${typeof type === 'string' ? type : 'no type'})`);
    const scopes = scopesOf(c);
    const binding = bindingDirections(c);
    for (const app of apps.filter((a) => a.namespace === namespace && (scopes === undefined || scopes.includes(a.appId)))) {
      const from = appNode(app.namespace, app.appId);
      if (binding?.input) addEdge({ from: id, to: from, label: triggerLabel(binding.route, ownAnnotation(app.pod.annotations, 'dapr.io/app-protocol')) });
      if (binding?.output) addEdge({ from, to: id, label: 'calls' });
      if (!binding?.input && !binding?.output) addEdge({ from, to: id, label: 'loads', dashed: true });
    }
  }

  // Topics: carried by a pub/sub, delivered to the subscribers (Subscription scopes, else every app).
  for (const s of manifests.filter((m) => isDaprKind(m, 'Subscription'))) {
    const namespace = namespaceOf(s);
    const pubsub = dig(s, 'spec', 'pubsubname');
    const topic = dig(s, 'spec', 'topic');
    if (typeof pubsub !== 'string' || typeof topic !== 'string') continue;
    // The pub/sub and topic, joined by a character no id keeps (`_` in the readable id).
    const topicId = nodeKey('topic', namespace, `${pubsub}\u0000${topic}`);
    addNode(topicId, 'topic', topic);
    const pubsubId = nodeKey('component', namespace, pubsub);
    if (nodes.has(pubsubId)) addEdge({ from: pubsubId, to: topicId, label: 'carries' });
    const scopes = scopesOf(s);
    const route = dig(s, 'spec', 'routes', 'default') ?? dig(s, 'spec', 'route');
    for (const app of apps.filter((a) => a.namespace === namespace && (scopes === undefined || scopes.includes(a.appId)))) {
      addEdge({ from: topicId, to: appNode(app.namespace, app.appId), label: typeof route === 'string' ? `delivers to ${route}` : 'delivers' });
    }
  }

  // Actor types, workflow hosts and their callers, MCP servers (graph-workflows.ts); jobs, secret
  // readers and in-code subscriptions (graph-workloads.ts): keyed the same way.
  const builder = {
    nodeId: (kind: NodeKind, namespace: string, name: string) => nodeKey(kind, namespace, name),
    addNode: (n: { id: NodeKey; kind: NodeKind; label: string }) => addNode(n.id, n.kind, n.label),
    addEdge,
    hasNode: (key: NodeKey) => nodes.has(key),
  };
  addWorkflowGraph(manifests, builder);
  addWorkloadEdges(manifests, apps, builder);

  // Ids: readable, and unique — names that read the same once made id-safe (`a-b`, `a_b`) get `_2`, `_3`.
  const ids = new Map<NodeKey, string>();
  const taken = new Set<string>();
  const byReadable = [...nodes.keys()].map((key) => ({ key, readable: readableId(key) })).sort((a, b) => byCodePoint(a.readable, b.readable) || byCodePoint(a.key, b.key));
  for (const { key, readable } of byReadable) {
    let id = readable;
    for (let n = 2; taken.has(id); n++) id = `${readable}_${n}`;
    taken.add(id);
    ids.set(key, id);
  }
  const sortedNodes = [...nodes].map(([key, n]) => ({ id: ids.get(key)!, kind: n.kind, label: n.label })).sort((a, b) => byCodePoint(a.id, b.id));
  const sortedEdges = [...edges.values()]
    .map((e) => ({ from: ids.get(e.from)!, to: ids.get(e.to)!, label: e.label, ...(e.dashed ? { dashed: true } : {}) }))
    .sort((a, b) => byCodePoint(a.from, b.from) || byCodePoint(a.to, b.to) || byCodePoint(a.label, b.label));
  return { nodes: sortedNodes, edges: sortedEdges };
}

/**
 * A Mermaid label: printable, with the characters Mermaid reads as markup written as its entity
 * codes (`#quot;`, `#lt;`, …), so no name can close the label, inject HTML or markdown.
 */
const quote = (s: string) => printable(s).replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`);

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

/**
 * A DOT string: printable, backslashes and quotes escaped, and `&` written as `&amp;` (Graphviz
 * reads entities in labels, and passes an unknown one into SVG, where it breaks the XML).
 */
const dotString = (s: string) => `"${printable(s).replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The font Graphviz sizes nodes and labels for: DejaVu Sans, the widest of the sans-serif fonts a
 * viewer commonly shows (Helvetica on macOS, Arial on Windows, DejaVu Sans on most Linux desktops;
 * a label is about 15% wider in it than in Helvetica), so every label fits its node in any of them.
 * Graphviz knows its metrics; the SVG then names the fonts to show, Helvetica first (`SVG_FONTS`).
 */
const LAYOUT_FONT = 'DejaVu Sans';
const SVG_FONTS = 'Helvetica,Arial,DejaVu Sans,sans-serif';

/** Graphviz DOT, same content as the Mermaid chart. */
export function toDot(graph: SystemGraph): string {
  const shape: Record<NodeKind, string> = { app: 'box, style=rounded', component: 'cylinder', topic: 'hexagon', 'control-plane': 'box3d', actor: 'cds', workflows: 'parallelogram', 'mcp-server': 'component' };
  const lines = ['digraph daprkit {', '  rankdir=LR;', `  node [fontname="${LAYOUT_FONT}"];`, `  edge [fontname="${LAYOUT_FONT}", fontsize=10];`];
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
  // Graphviz writes the layout font as given, with no fallback; a label's text never holds this attribute (it is escaped).
  return viz.renderString(toDot(graph), { format: 'svg' }).split(`font-family="${LAYOUT_FONT}"`).join(`font-family="${SVG_FONTS}"`);
}

/**
 * The `graph` command after reading. Input the reader could not read gets lint's finding and exit
 * code 1 (a picture of what could be read would look complete); skipped files and documents are
 * listed on stderr (and under `notices` in JSON), since stdout is the picture.
 */
export async function runGraph(read: Inputs, format: 'mermaid' | 'dot' | 'svg' | 'json'): Promise<{ stdout: string; stderr: string; exitCode: 0 | 1 }> {
  const notices = read.notices.map((n) => `${noticeText(n)}\n`).join('');
  if (read.findings.length > 0) {
    const result = { findings: read.findings.map(locateReaderFinding).sort(compareFindings), notices: read.notices, objects: read.manifests.length, exitCode: 1 as const, advice: [] };
    return { stdout: '', stderr: formatText(result, styleFor(process.stderr)), exitCode: 1 };
  }
  const graph = buildGraph(read.manifests.map((m) => m.manifest));
  const stdout = format === 'svg' ? await toSvg(graph) : format === 'dot' ? toDot(graph) : format === 'json' ? jsonText({ ...graph, notices: read.notices }) : toMermaid(graph);
  return { stdout, stderr: format === 'json' ? '' : notices, exitCode: 0 };
}
