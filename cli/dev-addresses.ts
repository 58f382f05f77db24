/**
 * The part of `daprkit dev` that warns of addresses that resolve only inside the cluster: a
 * Component metadata value naming `redis-master.data.svc.cluster.local:6379`, `mqtt://mosquitto:1883`
 * or `kafka.kafka:9092` reaches nothing on a developer's machine. Each gets a warning with the local
 * substitute (the host replaced by `localhost`, scheme, port and the rest kept).
 *
 * Where addresses are looked for: the Component metadata fields the component catalog types as
 * text (not durations, numbers or flags; not the fields that are secrets whatever they hold), the
 * HTTPEndpoint's `baseUrl`, MCP servers' URLs and a Configuration's tracing endpoints. Addresses are
 * read by the same helpers as the NetworkPolicy egress check (`host:port` lists and URLs), plus the
 * `host=` / `Server=` settings of keyword connection strings. What counts as in the cluster: a bare
 * service name, `<svc>.<ns>`, `<svc>.<ns>.svc[.<cluster domain>]` and a pod behind a headless
 * Service (`<pod>.<svc>.<ns>.svc…`) — not `localhost`, IP addresses, or `<name>.<tld>` for common
 * public top-level domains (`example.com` is a web site, not service `example` in namespace `com`).
 * Values are shown with their credentials masked: a warning never prints a secret.
 */
import { componentTypeFacts, documentedVersion, fieldIndex } from '../checks/component-catalog';
import { maskCredentials } from '../checks/credentials';
import { asArray, asRecord, dig, nameOf } from '../checks/manifest';
import { addressesIn, clusterNamespace } from '../checks/network-egress';
import { Manifest } from '../checks/types';

/** Top-level domains common enough that `<name>.<tld>` is read as a public name. */
const PUBLIC_TLDS = new Set(
  'com net org io dev app ai cloud co info biz me tv us uk de eu fr nl jp cn in au ca ru br ch se no es it pl be at dk fi ie nz sg hk kr tw il za mx ar cz gr pt ro hu sk xyz online site tech sh gg ly to fm so is'.split(' '),
);

/** True when the host name resolves only inside a Kubernetes cluster. */
export function isClusterHost(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  if (labels.some((l) => l === '')) return false;
  if (clusterNamespace(host.toLowerCase(), '') !== undefined) return !(labels.length === 2 && PUBLIC_TLDS.has(labels[1]));
  // A pod behind a headless Service: <pod>.<svc>.<ns>.svc[.cluster.local].
  return labels.indexOf('svc') >= 3;
}

/** Keys of keyword connection strings that name the server (`host=db port=5432`, `Server=tcp:db,1433;`). */
const HOST_KEYS = new Set(['host', 'hostname', 'server', 'data source', 'address', 'addr']);

/** The hosts named by `host=` / `Server=` settings of a keyword connection string (`;`- or space-separated). */
function keywordHosts(text: string): { host: string; port?: number }[] {
  const parts = text.includes(';') ? text.split(';') : text.split(/[ \t]+/);
  const settings = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq > 0) settings.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  const port = Number(settings.get('port'));
  const out: { host: string; port?: number }[] = [];
  for (const [key, value] of settings) {
    if (!HOST_KEYS.has(key)) continue;
    const [host, ownPort] = value.replace(/^tcp:/i, '').split(/[,:]/);
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host)) continue;
    const p = ownPort !== undefined && /^\d{1,5}$/.test(ownPort) ? Number(ownPort) : Number.isInteger(port) && port > 0 ? port : undefined;
    out.push({ host: host.toLowerCase(), ...(p === undefined ? {} : { port: p }) });
  }
  return out;
}

const HOST_CHAR = /[A-Za-z0-9.-]/;

/** The text with every whole occurrence of `host` (any case) replaced by `localhost`. */
function replaceHost(text: string, host: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(host); at >= 0; at = lower.indexOf(host, at + host.length)) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + host.length] ?? '';
    if ((before !== '' && HOST_CHAR.test(before)) || (after !== '' && HOST_CHAR.test(after))) continue;
    out += text.slice(from, at) + 'localhost';
    from = at + host.length;
  }
  return out + text.slice(from);
}

/** Services `dapr init` starts on this machine, by port. */
const DAPR_INIT_SERVICES: ReadonlyMap<number, string> = new Map([
  [6379, 'Redis'],
  [9411, 'Zipkin'],
]);

/** At most this much of a value is shown (a hostile value may be megabytes long). */
const MAX_SHOWN = 300;
const MAX_NAMED = 3;

/**
 * The local substitute of a value and the in-cluster addresses it names: item by item of a
 * comma-separated list (each item a `host:port` or a URL, as `addressesIn` reads them), or the
 * `host=` settings of a keyword connection string. Linear in the value.
 */
function localSubstitute(masked: string): { substitute: string; found: { host: string; port?: number }[] } {
  const keyword = keywordHosts(masked).filter((a) => isClusterHost(a.host));
  if (keyword.length > 0) {
    let substitute = masked;
    for (const host of new Set(keyword.map((a) => a.host))) substitute = replaceHost(substitute, host);
    return { substitute, found: keyword };
  }
  const found: { host: string; port: number }[] = [];
  const items = masked.split(',').map((item) => {
    const inCluster = addressesIn(item).filter((a) => isClusterHost(a.host));
    found.push(...inCluster);
    return inCluster.reduce((text, a) => replaceHost(text, a.host), item);
  });
  // Items that became the same (`kafka-0.kafka:9092,kafka-1.kafka:9092`) are that item once.
  const isList = items.length > 1 && !masked.includes('://');
  return { substitute: isList ? [...new Set(items.map((i) => i.trim()))].join(',') : items.join(','), found };
}

const shorten = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/** The warning for one value, when it names addresses inside the cluster. */
function warningFor(what: string, field: string, value: string): string | undefined {
  const { substitute, found } = localSubstitute(maskCredentials(value));
  if (found.length === 0) return undefined;
  const addresses = [...new Set(found.map((a) => (a.port === undefined ? a.host : `${a.host}:${a.port}`)))];
  const named = addresses.slice(0, MAX_NAMED).join(', ') + (addresses.length > MAX_NAMED ? ` and ${addresses.length - MAX_NAMED} more` : '');
  const services = [...new Set(found.flatMap((a) => (a.port !== undefined && DAPR_INIT_SERVICES.has(a.port) ? [`${DAPR_INIT_SERVICES.get(a.port)} on localhost:${a.port}`] : [])))];
  const running = services.length > 0 ? ` (\`dapr init\` runs ${services.join(' and ')})` : '';
  return `${what}: ${field} names ${shorten(named)}, an address inside the cluster: locally use "${shorten(substitute)}", with the service running on this machine${running}; edit the written file.`;
}

/** The text fields of a Component's type, by metadata name; undefined when the catalog does not know the type. */
function textField(component: Manifest): ((name: string) => boolean) | undefined {
  const type = dig(component, 'spec', 'type');
  const facts = typeof type === 'string' ? componentTypeFacts(type) : undefined;
  if (!facts) return undefined;
  const version = dig(component, 'spec', 'version');
  const versionFacts = (typeof version === 'string' ? documentedVersion(facts, version) : undefined) ?? facts.versions[0];
  if (!versionFacts) return undefined;
  const index = fieldIndex(versionFacts);
  return (name) => {
    const field = index.get(name);
    return field !== undefined && field.type === 'string' && !(field.sensitive && !field.secretIfCredentials);
  };
}

/** Warnings for the in-cluster addresses a Dapr object names (see the module comment). */
export function clusterAddressWarnings(m: Manifest): string[] {
  const what = `${m.kind} ${nameOf(m)}`;
  const values: [string, unknown][] = [];
  if (m.kind === 'Component') {
    const isText = textField(m);
    if (isText) {
      for (const item of asArray(dig(m, 'spec', 'metadata'))) {
        const name = dig(item, 'name');
        if (typeof name === 'string' && isText(name)) values.push([`metadata "${name}"`, dig(item, 'value')]);
      }
    }
  } else if (m.kind === 'HTTPEndpoint') {
    values.push(['baseUrl', dig(m, 'spec', 'baseUrl')]);
  } else if (m.kind === 'MCPServer') {
    for (const transport of ['streamableHTTP', 'sse']) values.push([`endpoint.${transport}.url`, dig(m, 'spec', 'endpoint', transport, 'url')]);
  } else if (m.kind === 'Configuration') {
    const tracing = asRecord(dig(m, 'spec', 'tracing'));
    values.push(['tracing.zipkin.endpointAddress', dig(tracing, 'zipkin', 'endpointAddress')], ['tracing.otel.endpointAddress', dig(tracing, 'otel', 'endpointAddress')]);
  }
  return values.flatMap(([field, value]) => {
    const warning = typeof value === 'string' ? warningFor(what, field, value) : undefined;
    return warning === undefined ? [] : [warning];
  });
}
