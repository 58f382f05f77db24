/**
 * Kubernetes NetworkPolicies that confine Dapr sidecar traffic to the invocation graph.
 *
 * What the policy of an app allows (pods selected by `app: <appId>`):
 *
 * Ingress
 * - the sidecar's internal gRPC port (`dapr.io/internal-grpc-port`, default 50002) from the pods of
 *   each app that invokes this one, and from the app's own replicas (the sidecars of one app
 *   forward actor calls to each other);
 * - every target port of the app's own Kubernetes Service, from anywhere, so ordinary Service
 *   clients (ingress controllers, other workloads) keep working;
 * - the sidecar's metrics port (`dapr.io/metrics-port`, default 9090) from anywhere, for scrapers,
 *   unless metrics are switched off with `dapr.io/enable-metrics: "false"`.
 * Everything else inbound is refused: in particular the sidecar's public API ports (3500/50001)
 * through the operator-made `<app-id>-dapr` Service, which nothing outside the pod should call.
 *
 * Egress (only with `restrictEgress: true`; by default egress is left open)
 * - the internal gRPC port of each app this one invokes (and of its own replicas);
 * - the control plane in its namespace: Sentry 50001, placement 50005, scheduler 50006,
 *   operator 6500 (container ports: policies see traffic after the Service port is translated);
 * - DNS, port 53 over UDP and TCP, to any destination (node-local DNS caches differ per cluster);
 * - each in-cluster Service address (`svc.ns:port`, `svc.ns.svc.cluster.local:port`, a bare `svc`)
 *   that the app's Components and Configuration name: that port in that namespace.
 * Everything else outbound is refused, and that includes addresses outside the cluster (a DNS name
 * is not a NetworkPolicy peer) and the Kubernetes API. NetworkPolicies add up, so allow those with
 * policies of your own (the `network-policy-egress` check lists what is cut off).
 */
import { DEFAULT_INTERNAL_GRPC_PORT } from '../dapr/defaults';
import { Json } from './configuration-sections';

export { DEFAULT_INTERNAL_GRPC_PORT };
/** Dapr's default sidecar metrics port. */
export const DEFAULT_METRICS_PORT = 9090;
/** Control-plane ports a sidecar connects to (container ports). */
export const CONTROL_PLANE_PORTS: readonly { readonly service: string; readonly port: number }[] = [
  { service: 'operator', port: 6500 },
  { service: 'sentry', port: 50001 },
  { service: 'placement', port: 50005 },
  { service: 'scheduler', port: 50006 },
];

/** One end of a sidecar connection: an app in a namespace, with its internal gRPC port. */
export interface NetworkPeer {
  readonly appId: string;
  readonly namespace: string;
  readonly internalGrpcPort: number;
}

/** Everything the policy of one app is computed from. */
export interface AppNetworkFacts {
  readonly self: NetworkPeer;
  /**
   * The sidecar's metrics port, opened to every source.
   * @default - metrics are off: no port opened
   */
  readonly metricsPort?: number;
  readonly servicePorts: readonly number[];
  readonly callers: readonly NetworkPeer[];
  readonly callees: readonly NetworkPeer[];
  readonly restrictEgress: boolean;
  readonly controlPlaneNamespace: string;
  /** In-cluster services the app's Components and Configuration name (egress allowed when restricted). */
  readonly dependencies: readonly { readonly namespace: string; readonly port: number }[];
}

const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

function peerSelector(peer: NetworkPeer, from: string): Json {
  const pods = { podSelector: { matchLabels: { app: peer.appId } } };
  // Without a namespaceSelector a podSelector only matches the policy's own namespace.
  return peer.namespace === from ? pods : { ...pods, namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: peer.namespace } } };
}

const tcp = (port: number): Json => ({ protocol: 'TCP', port });

/** Groups peers by port so each rule lists one port and every peer using it, sorted. */
function byPort(peers: readonly NetworkPeer[]): [number, NetworkPeer[]][] {
  const groups = new Map<number, NetworkPeer[]>();
  for (const p of peers) groups.set(p.internalGrpcPort, [...(groups.get(p.internalGrpcPort) ?? []), p]);
  const key = (p: NetworkPeer) => `${p.namespace}/${p.appId}`;
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, list]) => [port, [...new Map(list.map((p) => [key(p), p])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1))]);
}

/** One egress rule per namespace the app's dependencies live in, with their ports, sorted. */
function dependencyRules(deps: AppNetworkFacts['dependencies']): Json[] {
  const ports = new Map<string, Set<number>>();
  for (const d of deps) ports.set(d.namespace, (ports.get(d.namespace) ?? new Set()).add(d.port));
  return [...ports.keys()].sort().map((ns) => ({
    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: ns } } }],
    ports: [...ports.get(ns)!].sort((a, b) => a - b).map(tcp),
  }));
}

export function networkPolicySpec(f: AppNetworkFacts): Json {
  const ns = f.self.namespace;
  const ingressPeers = [f.self, ...f.callers.map((c) => ({ ...c, internalGrpcPort: f.self.internalGrpcPort }))];
  const ingress: Json[] = [
    { from: byPort(ingressPeers).flatMap(([, peers]) => peers.map((p) => peerSelector(p, ns))), ports: [tcp(f.self.internalGrpcPort)] },
  ];
  const openPorts = [...new Set([...f.servicePorts, ...(f.metricsPort ? [f.metricsPort] : [])])].sort((a, b) => a - b);
  if (openPorts.length) ingress.push({ ports: openPorts.map(tcp) });

  const spec: { [key: string]: Json } = {
    podSelector: { matchLabels: { app: f.self.appId } },
    policyTypes: f.restrictEgress ? ['Ingress', 'Egress'] : ['Ingress'],
    ingress,
  };
  if (f.restrictEgress) {
    spec.egress = [
      ...byPort([f.self, ...f.callees]).map(([port, peers]): Json => ({ to: peers.map((p) => peerSelector(p, ns)), ports: [tcp(port)] })),
      {
        to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_LABEL]: f.controlPlaneNamespace } } }],
        ports: CONTROL_PLANE_PORTS.map((p) => p.port).sort((a, b) => a - b).map(tcp),
      },
      { ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] },
      ...dependencyRules(f.dependencies),
    ];
  }
  return spec;
}

/** Reads a port annotation; the default when absent or not a port. */
export function portAnnotation(annotations: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const raw = annotations[key];
  const port = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : fallback;
}
