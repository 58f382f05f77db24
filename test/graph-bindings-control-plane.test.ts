/**
 * `daprkit graph` (issue 21 §7): bindings drawn by direction as daprd 1.18.3 starts them
 * (pkg/runtime/processor/binding: a binding is input when its type can be one and its `direction`
 * metadata says `input` or there is none; likewise output), the control plane only when the
 * manifests hold one, and labels that fit their nodes in the SVG whatever sans-serif font shows them.
 */
import { buildGraph, toMermaid, toSvg } from '../cli/graph';
import { Manifest } from '../checks/types';
import { daprDeployment, daprObject, helmRelease } from './support/manifests';

const binding = (name: string, type: string, metadata: { name: string; value: string }[] = [], scopes?: string[]) => daprObject('Component', name, { type, version: 'v1', metadata }, scopes ? { scopes } : {});
const edgesOf = (manifests: Manifest[]) => buildGraph(manifests).edges.map((e) => `${e.from} ${e.dashed ? '-.->' : '-->'} ${e.to}: ${e.label}`);

describe('bindings by direction', () => {
  const orders = daprDeployment('orders');
  const events = daprDeployment('events', { 'dapr.io/app-protocol': 'grpc' });

  test('an input binding triggers the app at its route; an output binding is called by the app', () => {
    const edges = edgesOf([
      orders,
      binding('queue', 'bindings.kafka', [{ name: 'direction', value: 'input' }, { name: 'route', value: '/orders/new' }], ['orders']),
      binding('archive', 'bindings.aws.s3', [{ name: 'direction', value: 'output' }], ['orders']),
    ]);
    expect(edges).toEqual(expect.arrayContaining(['component_default_queue --> app_default_orders: triggers POST /orders/new', 'app_default_orders --> component_default_archive: calls']));
    expect(edges.filter((e) => e.includes('loads'))).toEqual([]);
    expect(edges.filter((e) => e.startsWith('app_default_orders --> component_default_queue') || e.startsWith('component_default_archive'))).toEqual([]);
  });

  test('"input, output" is both; the name of the direction item is read in any case', () => {
    const edges = edgesOf([orders, binding('queue', 'bindings.kafka', [{ name: 'Direction', value: 'input, output' }])]);
    expect(edges).toEqual(expect.arrayContaining(['component_default_queue --> app_default_orders: triggers POST /queue', 'app_default_orders --> component_default_queue: calls']));
  });

  test('without direction, as daprd does: every direction the type can be', () => {
    const edges = edgesOf([orders, binding('queue', 'bindings.kafka'), binding('tick', 'bindings.cron', [{ name: 'schedule', value: '@every 1m' }]), binding('mail', 'bindings.smtp')]);
    expect(edges).toEqual(
      expect.arrayContaining([
        'component_default_queue --> app_default_orders: triggers POST /queue',
        'app_default_orders --> component_default_queue: calls',
        'component_default_tick --> app_default_orders: triggers POST /tick',
        'app_default_orders --> component_default_mail: calls',
      ]),
    );
    // cron is input only and smtp output only.
    expect(edges.filter((e) => /app_default_orders --> component_default_tick|component_default_mail -->/.test(e))).toEqual([]);
  });

  test('a gRPC app receives input bindings through OnBindingEvent; only scoped apps are drawn', () => {
    const edges = edgesOf([orders, events, binding('tick', 'bindings.cron', [], ['events'])]);
    expect(edges).toContain('component_default_tick --> app_default_events: triggers OnBindingEvent');
    expect(edges.filter((e) => e.includes('app_default_orders') && e.includes('tick'))).toEqual([]);
  });

  test('a direction the type cannot take, or an unknown binding type, is only loaded', () => {
    const edges = edgesOf([orders, binding('mail', 'bindings.smtp', [{ name: 'direction', value: 'input' }]), binding('custom', 'bindings.in-house')]);
    expect(edges).toEqual(expect.arrayContaining(['app_default_orders -.-> component_default_mail: loads', 'app_default_orders -.-> component_default_custom: loads']));
  });
});

describe('the control plane', () => {
  const apps = [daprDeployment('orders'), daprDeployment('checkout')];

  test('is drawn only when the manifests hold one', () => {
    expect(buildGraph(apps).nodes.map((n) => n.kind)).not.toContain('control-plane');
    expect(edgesOf(apps).filter((e) => e.includes('injects'))).toEqual([]);
  });

  test('a Flux HelmRelease of the dapr chart: the node, with the chart version, injects the sidecars', () => {
    const g = buildGraph([...apps, helmRelease({})]);
    expect(g.nodes).toContainEqual({ id: 'control_plane', kind: 'control-plane', label: 'Dapr control plane 1.18.3' });
    expect(edgesOf([...apps, helmRelease({})]).filter((e) => e.includes('injects'))).toEqual(['control_plane -.-> app_default_checkout: injects sidecar', 'control_plane -.-> app_default_orders: injects sidecar']);
  });

  test('the rendered chart (helm template): the sidecar injector Deployment', () => {
    const injector = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dapr-sidecar-injector', namespace: 'dapr-system' }, spec: { template: { spec: { containers: [{ name: 'dapr-sidecar-injector', image: 'ghcr.io/dapr/injector:1.18.3' }] } } } } as Manifest;
    expect(toMermaid(buildGraph([...apps, injector]))).toContain('control_plane[["Dapr control plane 1.18.3"]]');
  });
});

/** The x-extent of every coordinate pair in a node's shapes (Graphviz writes absolute `x,y` pairs). */
function shapeWidth(nodeSvg: string): number {
  const xs: number[] = [];
  for (const shape of nodeSvg.matchAll(/<(?:path|polygon|ellipse)[^>]*?(?: d| points)="([^"]+)"/g)) for (const pair of shape[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) xs.push(Number(pair[1]));
  return Math.max(...xs) - Math.min(...xs);
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('labels fit their nodes in the SVG', () => {
  /** A label's width in points in a font, as Graphviz measures it (its built-in metrics for that font). */
  async function labelWidths(labels: readonly string[], font: string, size: number): Promise<Map<string, number>> {
    const { instance } = require('@viz-js/viz') as typeof import('@viz-js/viz');
    const viz = await instance();
    const nodes = labels.map((l, i) => `n${i} [label="${l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"];`).join('\n');
    const svg = viz.renderString(`digraph { node [shape=box, margin=0, fontname="${font}", fontsize=${size}, width=0, height=0]; ${nodes} }`, { format: 'svg' });
    const widths = new Map<string, number>();
    labels.forEach((label, i) => {
      const node = new RegExp(`<title>n${i}</title>([\\s\\S]*?)</g>`).exec(svg)![1];
      widths.set(label, shapeWidth(node));
    });
    return widths;
  }

  test('every node is wider than its label in Helvetica, Arial and DejaVu Sans (the sans-serif fonts a viewer may show)', async () => {
    const manifests = [
      helmRelease({}),
      daprDeployment('notification-service'),
      daprDeployment('a-rather-long-application-name-for-width'),
      binding('weekly-report-schedule', 'bindings.cron'),
      daprObject('Component', 'statestore', { type: 'state.redis', version: 'v1', metadata: [] }),
      daprObject('Subscription', 'wide', { pubsubname: 'statestore', topic: 'WWWW-MMMM-wide-topic-name', route: '/w' }),
    ];
    const svg = await toSvg(buildGraph(manifests));
    expect(svg).toMatch(/font-family="[^"]*sans-serif"/i);
    const nodes = [...svg.matchAll(/<g id="node\d+" class="node">([\s\S]*?)<\/g>/g)].map((m) => ({ label: unescape(/<text[^>]*>([^<]*)<\/text>/.exec(m[1])![1]), width: shapeWidth(m[1]) }));
    expect(nodes.length).toBeGreaterThanOrEqual(6);
    const fonts = await Promise.all(['Helvetica', 'Arial', 'DejaVu Sans'].map((font) => labelWidths(nodes.map((n) => n.label), font, 14)));
    const tooNarrow = nodes.filter((n) => fonts.some((widths) => widths.get(n.label)! + 8 > n.width)).map((n) => `${n.label}: node ${n.width.toFixed(1)}pt, label up to ${Math.max(...fonts.map((w) => w.get(n.label)!)).toFixed(1)}pt`);
    expect(tooNarrow).toEqual([]);
  });
});
