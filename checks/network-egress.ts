/**
 * Egress that NetworkPolicies cut off: a Dapr pod whose egress is restricted must still reach
 * the addresses its Components, its Configuration (tracing) and the namespace's HTTPEndpoints name.
 * Each address no egress rule allows is listed. In-cluster Service addresses (`svc.ns:port`) can
 * be allowed by a rule with a namespaceSelector and the port; addresses outside the cluster (DNS
 * names) cannot be expressed as a NetworkPolicy peer at all, only as an ipBlock of their IPs.
 */
import { indexManifests, DaprPod } from './dapr-index';
import { annotationList } from './daprkit-annotations';
import { asArray, asRecord, dig, isDaprKind, joinPath, namespaceOf, nameOf, ownValue, resourceId, shown } from './manifest';
import { Check, Finding, Manifest } from './types';

export interface Address {
  readonly host: string;
  readonly port: number;
  /** Where it was found, e.g. `Component/calc/statestore redisHost`. */
  readonly source: string;
}

/** Ports of URL schemes (a Map: the scheme is input, and `constructor://` must not find a function). */
const DEFAULT_PORTS: ReadonlyMap<string, number> = new Map(Object.entries({ http: 80, https: 443, grpc: 80, grpcs: 443, redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671, mqtt: 1883, nats: 4222, postgres: 5432, postgresql: 5432, mongodb: 27017 }));

/** Addresses in a string: `host:port` items of a comma-separated list, or URLs. */
export function addressesIn(value: string): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  for (const item of value.split(',').map((s) => s.trim())) {
    const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([a-z0-9.-]+)(?::(\d+))?/i.exec(item);
    if (url) {
      const port = url[3] ? Number(url[3]) : DEFAULT_PORTS.get(url[1].toLowerCase());
      if (port) out.push({ host: url[2].toLowerCase(), port });
      continue;
    }
    const hostPort = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?):(\d{1,5})$/i.exec(item);
    if (hostPort) out.push({ host: hostPort[1].toLowerCase(), port: Number(hostPort[3]) });
  }
  return out;
}

/** The namespace of an in-cluster Service address, or undefined for an address outside the cluster. */
export function clusterNamespace(host: string, podNamespace: string): string | undefined {
  if (host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  const parts = host.split('.');
  if (parts.length === 1) return podNamespace;
  if (parts.length === 2) return parts[1];
  if (parts[2] === 'svc') return parts[1];
  return undefined;
}

function selects(policy: Manifest, pod: DaprPod): boolean {
  if (namespaceOf(policy) !== pod.namespace) return false;
  const labels = asRecord(dig(policy, 'spec', 'podSelector', 'matchLabels')) ?? {};
  if (asArray(dig(policy, 'spec', 'podSelector', 'matchExpressions')).length) return false;
  return Object.entries(labels).every(([k, v]) => ownValue(pod.pod.labels, k) === v);
}

function ruleAllows(rule: unknown, address: { host: string; port: number }, namespace: string | undefined): boolean {
  const ports = asArray(dig(rule, 'ports'));
  const portOk = ports.length === 0 || ports.some((p) => dig(p, 'port') === undefined || dig(p, 'port') === address.port);
  if (!portOk) return false;
  const to = asArray(dig(rule, 'to'));
  if (to.length === 0) return true;
  return to.some((peer) => {
    if (dig(peer, 'ipBlock') !== undefined) return namespace === undefined && dig(peer, 'ipBlock', 'cidr') === '0.0.0.0/0';
    const nsSelector = asRecord(dig(peer, 'namespaceSelector'));
    if (!nsSelector || namespace === undefined) return false;
    const labels = asRecord(nsSelector.matchLabels) ?? {};
    return Object.keys(labels).length === 0 || labels['kubernetes.io/metadata.name'] === namespace;
  });
}

/**
 * The network addresses one Dapr object names: a Component's plain metadata values, an
 * HTTPEndpoint's base URL, a Configuration's tracing endpoints.
 */
export function addressesOfObject(m: Manifest): Address[] {
  const out: Address[] = [];
  const add = (where: string, value: unknown) => {
    if (typeof value === 'string') for (const a of addressesIn(value)) out.push({ ...a, source: `${resourceId(m)} ${where}` });
  };
  if (m.kind === 'Component') {
    for (const item of asArray(dig(m, 'spec', 'metadata'))) add(shown(dig(item, 'name')), dig(item, 'value'));
  } else if (m.kind === 'HTTPEndpoint') {
    add('baseUrl', dig(m, 'spec', 'baseUrl'));
  } else if (m.kind === 'Configuration') {
    add('tracing.zipkin.endpointAddress', dig(m, 'spec', 'tracing', 'zipkin', 'endpointAddress'));
    add('tracing.otel.endpointAddress', dig(m, 'spec', 'tracing', 'otel', 'endpointAddress'));
  }
  return out;
}

/** Addresses of the Components the app loads, the HTTPEndpoints of its namespace and its Configuration. */
function addressesOf(pod: DaprPod, manifests: readonly Manifest[], configName: string | undefined): Address[] {
  return manifests.flatMap((m) => {
    if (!isDaprKind(m) || namespaceOf(m) !== pod.namespace) return [];
    if (m.kind === 'Component') {
      const scopes = annotationList(asArray(m.scopes).map(shown).join(','));
      if (scopes.length && !scopes.includes(pod.appId)) return [];
    } else if (m.kind === 'Configuration' && nameOf(m) !== configName) {
      return [];
    }
    return addressesOfObject(m);
  });
}

export const networkPolicyEgress: Check = (manifests) => {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && asArray(dig(m, 'spec', 'policyTypes')).includes('Egress'));
  if (policies.length === 0) return [];
  const findings: Finding[] = [];
  for (const pod of indexManifests(manifests).pods) {
    const mine = policies.filter((p) => selects(p, pod));
    if (mine.length === 0) continue;
    const rules = mine.flatMap((p) => asArray(dig(p, 'spec', 'egress')));
    const blocked = addressesOf(pod, manifests, pod.pod.annotations['dapr.io/config']).filter(
      (a) => !rules.some((r) => ruleAllows(r, a, clusterNamespace(a.host, pod.namespace))),
    );
    if (blocked.length === 0) continue;
    const list = blocked.map((a) => `${a.host}:${a.port} (${a.source}${clusterNamespace(a.host, pod.namespace) === undefined ? ', outside the cluster: not expressible as a NetworkPolicy peer' : ''})`);
    findings.push({
      check: 'network-policy-egress',
      severity: 'warning',
      resource: resourceId(pod.pod.manifest),
      field: joinPath(pod.pod.podPath, 'metadata.labels'),
      message: `NetworkPolicy ${mine.map(nameOf).join(', ')} restricts the app's egress, which cuts it off from: ${list.join('; ')}.`,
      hint: 'Allow these addresses with a NetworkPolicy of your own (namespaceSelector and port for in-cluster Services, ipBlock for outside addresses), or leave egress unrestricted (AccessControl networkPolicies.restrictEgress: false, the default).',
    });
  }
  return findings;
};
