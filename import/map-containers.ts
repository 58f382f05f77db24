/**
 * A pod's containers as cdk8s-plus container props, for the fields cdk8s-plus writes back exactly
 * as Kubernetes YAML says them (name, image, command, ports, env, pull policy, resources, probes,
 * security context). Fields it has no prop for, or writes in another form (`1Gi` as `1024Mi`, a
 * named probe port), are left to the escape hatch, which puts them back as written.
 */
import { ConstructIds } from './context';
import { array, call, daprkit, entry, Entry, enumMember, Expr, json, member, object, ref, scope, staticCall, Statement } from './ir';
import { asRecord, own } from './metadata';
import { IdentifierPool } from './source-text';

/** What containers need declared before them: references to Secrets and ConfigMaps. */
export interface ContainerRefs {
  readonly statements: Statement[];
  readonly variables: IdentifierPool;
  readonly ids: ConstructIds;
  readonly unit: number;
  readonly secrets: Map<string, string>;
  readonly configMaps: Map<string, string>;
}

function reference(refs: ContainerRefs, kind: 'Secret' | 'ConfigMap', name: string): Expr {
  const cache = kind === 'Secret' ? refs.secrets : refs.configMaps;
  let variable = cache.get(name);
  if (!variable) {
    variable = refs.variables.take(`${name}-${kind}`, kind);
    const id = refs.ids.take(`${name}-${kind.toLowerCase()}`, 'ref');
    refs.statements.push({ declares: variable, expr: staticCall(kind, kind === 'Secret' ? 'fromSecretName' : 'fromConfigMapName', scope, json(id), json(name)), unit: refs.unit });
    cache.set(name, variable);
  }
  return ref(variable);
}

const FIELD_PATHS: Readonly<Record<string, string>> = {
  'metadata.name': 'POD_NAME',
  'metadata.namespace': 'POD_NAMESPACE',
  'metadata.uid': 'POD_UID',
  'status.podIP': 'POD_IP',
  'spec.serviceAccountName': 'SERVICE_ACCOUNT_NAME',
  'spec.nodeName': 'NODE_NAME',
  'status.hostIP': 'NODE_IP',
  'status.podIPs': 'POD_IPS',
};

function envValue(item: Record<string, unknown>, refs: ContainerRefs): Expr | undefined {
  if (typeof item.value === 'string' && item.valueFrom === undefined) return staticCall('EnvValue', 'fromValue', json(item.value));
  const from = asRecord(item.valueFrom);
  if (!from || Object.keys(from).length !== 1) return undefined;
  const secret = asRecord(from.secretKeyRef);
  const configMap = asRecord(from.configMapKeyRef);
  const field = asRecord(from.fieldRef);
  const optional = (r: Record<string, unknown>) => (typeof r.optional === 'boolean' ? [object([entry('optional', json(r.optional))])] : []);
  if (secret && typeof secret.name === 'string' && typeof secret.key === 'string') {
    const value = object([entry('secret', reference(refs, 'Secret', secret.name)), entry('key', json(secret.key))]);
    return staticCall('EnvValue', 'fromSecretValue', value, ...optional(secret));
  }
  if (configMap && typeof configMap.name === 'string' && typeof configMap.key === 'string') {
    return staticCall('EnvValue', 'fromConfigMap', reference(refs, 'ConfigMap', configMap.name), json(configMap.key), ...optional(configMap));
  }
  if (field && typeof field.fieldPath === 'string') {
    const options = typeof field.apiVersion === 'string' ? [object([entry('apiVersion', json(field.apiVersion))])] : [];
    const label = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(field.fieldPath);
    if (label) {
      const path = label[1] === 'labels' ? 'POD_LABEL' : 'POD_ANNOTATION';
      return staticCall('EnvValue', 'fromFieldRef', enumMember('EnvFieldPaths', path), object([entry('key', json(label[2]!)), ...(typeof field.apiVersion === 'string' ? [entry('apiVersion', json(field.apiVersion))] : [])]));
    }
    const path = own(FIELD_PATHS, field.fieldPath);
    return path ? staticCall('EnvValue', 'fromFieldRef', enumMember('EnvFieldPaths', path), ...options) : undefined;
  }
  return undefined;
}

/** `envVariables`: the env list as a record, in order (names must be unique and plain). */
function envVariables(env: unknown, refs: ContainerRefs): Expr | undefined {
  if (!Array.isArray(env)) return undefined;
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const raw of env) {
    const item = asRecord(raw);
    // An integer-like name would come first in a JavaScript object, changing the order.
    if (!item || typeof item.name !== 'string' || seen.has(item.name) || /^(0|[1-9]\d*)$/.test(item.name)) return undefined;
    seen.add(item.name);
    const value = envValue(item, refs);
    if (!value) return undefined;
    entries.push(entry(item.name, value));
  }
  return object(entries);
}

/** `envFrom`: whole ConfigMaps and Secrets as variables, with an optional prefix. */
function envSources(value: unknown, refs: ContainerRefs): Expr | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Expr[] = [];
  for (const raw of value) {
    const source = asRecord(raw);
    const configMap = asRecord(source?.configMapRef);
    const secret = asRecord(source?.secretRef);
    const prefix = source?.prefix;
    if (!source || Object.keys(source).some((k) => !['configMapRef', 'secretRef', 'prefix'].includes(k)) || (prefix !== undefined && typeof prefix !== 'string')) return undefined;
    const only = (r: Record<string, unknown>) => Object.keys(r).length === 1 && typeof r.name === 'string';
    if (configMap && !secret && only(configMap)) out.push(staticCall('Env', 'fromConfigMap', reference(refs, 'ConfigMap', configMap.name as string), ...(prefix !== undefined ? [json(prefix)] : [])));
    else if (secret && !configMap && only(secret) && prefix === undefined) out.push(staticCall('Env', 'fromSecret', reference(refs, 'Secret', secret.name as string)));
    else return undefined;
  }
  return array(out);
}

const PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'TCP', UDP: 'UDP', SCTP: 'SCTP' };

function ports(value: unknown): Expr | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Expr[] = [];
  for (const raw of value) {
    const p = asRecord(raw);
    if (!p || typeof p.containerPort !== 'number') return undefined;
    const protocolName = typeof p.protocol === 'string' ? own(PROTOCOLS, p.protocol) : undefined;
    const protocol = protocolName ? enumMember('Protocol', protocolName) : undefined;
    if (p.protocol !== undefined && !protocol) return undefined;
    out.push(
      object([
        entry('number', json(p.containerPort)),
        ...(typeof p.name === 'string' ? [entry('name', json(p.name))] : []),
        ...(protocol ? [entry('protocol', protocol)] : []),
        ...(typeof p.hostPort === 'number' ? [entry('hostPort', json(p.hostPort))] : []),
        ...(typeof p.hostIP === 'string' ? [entry('hostIp', json(p.hostIP))] : []),
      ]),
    );
  }
  return array(out);
}

function cpu(value: unknown): Expr | undefined {
  if (typeof value !== 'string') return undefined;
  const millis = /^([1-9]\d*)m$/.exec(value);
  if (millis) return call(member(daprkit('Cpu'), 'millis'), json(Number(millis[1])));
  return /^\d+(\.\d+)?$/.test(value) && String(Number(value)) === value ? call(member(daprkit('Cpu'), 'units'), json(Number(value))) : undefined;
}

/** Memory as cdk8s-plus writes it: whole mebibytes (`128Mi`). */
function memory(value: unknown): Expr | undefined {
  const match = typeof value === 'string' ? /^([1-9]\d*)Mi$/.exec(value) : null;
  return match ? call(member(daprkit('Size'), 'mebibytes'), json(Number(match[1]))) : undefined;
}

/** The resources cdk8s-plus can write exactly; the rest goes through the escape hatch. */
function resources(value: unknown): Expr {
  const r = asRecord(value);
  const limits = asRecord(r?.limits);
  const requests = asRecord(r?.requests);
  const pair = (read: (v: unknown) => Expr | undefined, key: string): Expr | undefined => {
    const request = read(requests?.[key]);
    const limit = read(limits?.[key]);
    if (!request && !limit) return undefined;
    return object([...(request ? [entry('request', request)] : []), ...(limit ? [entry('limit', limit)] : [])]);
  };
  const cpuEntry = pair(cpu, 'cpu');
  const memoryEntry = pair(memory, 'memory');
  return object([...(cpuEntry ? [entry('cpu', cpuEntry)] : []), ...(memoryEntry ? [entry('memory', memoryEntry)] : [])]);
}

const seconds = (n: unknown): Expr | undefined => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? call(member(daprkit('Duration'), 'seconds'), json(n)) : undefined);

function probe(value: unknown, kubernetesDefaults: boolean): Expr | undefined {
  const p = asRecord(value);
  if (!p) return undefined;
  const options: Entry[] = [];
  for (const [field, option] of [
    ['initialDelaySeconds', 'initialDelaySeconds'],
    ['periodSeconds', 'periodSeconds'],
    ['timeoutSeconds', 'timeoutSeconds'],
  ] as const) {
    if (p[field] === undefined) continue;
    const d = seconds(p[field]);
    if (!d) return undefined;
    options.push(entry(option, d));
  }
  for (const field of ['failureThreshold', 'successThreshold'] as const) {
    if (p[field] === undefined || (kubernetesDefaults && field === 'failureThreshold' && p[field] === 3)) continue;
    if (typeof p[field] !== 'number') return undefined;
    options.push(entry(field, json(p[field] as number)));
  }
  const httpGet = asRecord(p.httpGet);
  const tcp = asRecord(p.tcpSocket);
  const exec = asRecord(p.exec);
  if (httpGet && typeof httpGet.path === 'string' && typeof httpGet.port === 'number' && httpGet.httpHeaders === undefined) {
    const scheme = httpGet.scheme === 'HTTPS' ? [entry('scheme', enumMember('ConnectionScheme', 'HTTPS'))] : httpGet.scheme === 'HTTP' && !kubernetesDefaults ? [entry('scheme', enumMember('ConnectionScheme', 'HTTP'))] : [];
    if (httpGet.scheme !== undefined && scheme.length === 0) return undefined;
    const host = typeof httpGet.host === 'string' ? [entry('host', json(httpGet.host))] : [];
    return staticCall('Probe', 'fromHttpGet', json(httpGet.path), object([entry('port', json(httpGet.port)), ...scheme, ...host, ...options]));
  }
  if (tcp && typeof tcp.port === 'number') {
    const host = typeof tcp.host === 'string' ? [entry('host', json(tcp.host))] : [];
    return staticCall('Probe', 'fromTcpSocket', object([entry('port', json(tcp.port)), ...host, ...options]));
  }
  if (exec && Array.isArray(exec.command) && exec.command.every((c) => typeof c === 'string')) {
    return staticCall('Probe', 'fromCommand', json(exec.command as string[]), object(options));
  }
  return undefined;
}

const CAPABILITY = /^[A-Z_]+$/;

function securityContext(value: unknown): Expr | undefined {
  const s = asRecord(value);
  if (!s) return undefined;
  const out: Entry[] = [];
  const direct: readonly [string, string][] = [
    ['runAsNonRoot', 'ensureNonRoot'],
    ['runAsUser', 'user'],
    ['runAsGroup', 'group'],
    ['privileged', 'privileged'],
    ['readOnlyRootFilesystem', 'readOnlyRootFilesystem'],
    ['allowPrivilegeEscalation', 'allowPrivilegeEscalation'],
  ];
  for (const [field, prop] of direct) if (s[field] !== undefined && typeof s[field] !== 'object') out.push(entry(prop, json(s[field] as string | number | boolean)));
  const caps = asRecord(s.capabilities);
  if (caps) {
    const list = (v: unknown) => (Array.isArray(v) && v.every((c) => typeof c === 'string' && CAPABILITY.test(c)) ? array((v as string[]).map((c) => enumMember('Capability', c))) : undefined);
    const add = caps.add === undefined ? undefined : list(caps.add);
    const drop = caps.drop === undefined ? undefined : list(caps.drop);
    if (add || drop) out.push(entry('capabilities', object([...(add ? [entry('add', add)] : []), ...(drop ? [entry('drop', drop)] : [])])));
  }
  const seccomp = asRecord(s.seccompProfile);
  const types: Readonly<Record<string, string>> = { RuntimeDefault: 'RUNTIME_DEFAULT', Unconfined: 'UNCONFINED', Localhost: 'LOCALHOST' };
  const seccompType = seccomp && typeof seccomp.type === 'string' ? own(types, seccomp.type) : undefined;
  if (seccomp && seccompType) {
    out.push(
      entry(
        'seccompProfile',
        object([
          entry('type', enumMember('SeccompProfileType', seccompType)),
          ...(typeof seccomp.localhostProfile === 'string' ? [entry('localhostProfile', json(seccomp.localhostProfile))] : []),
        ]),
      ),
    );
  }
  return object(out);
}

const PULL_POLICIES: Readonly<Record<string, string>> = { Always: 'ALWAYS', IfNotPresent: 'IF_NOT_PRESENT', Never: 'NEVER' };

/** What a container says that daprkit would say anyway, so the props can leave it to the default. */
export interface ContainerDefaults {
  /** The container's security context is daprkit's restricted one. */
  readonly restrictedSecurity: boolean;
  /** cdk8s-plus's Kubernetes default values are kept (probes' `failureThreshold: 3` and `scheme: HTTP` need no prop). */
  readonly kubernetesDefaults?: boolean;
}

/** daprkit's restricted security context of app containers, as rendered (constructs/dapr-app.ts). */
export const RESTRICTED_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** daprkit's app-container resources when none are given, as rendered. */
export const DEFAULT_APP_RESOURCES = { limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } };

/** Deep equality of plain JSON values, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = asRecord(a);
  const rb = asRecord(b);
  if (!ra || !rb) return false;
  const keys = Object.keys(ra);
  return keys.length === Object.keys(rb).length && keys.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}

/** One container as props; undefined when it cannot be one (no image). Fields equal to daprkit's defaults are left to them. */
export function containerProps(value: unknown, refs: ContainerRefs, defaults: ContainerDefaults = { restrictedSecurity: false }): { props: Expr; hasResources: boolean } | undefined {
  const c = asRecord(value);
  if (!c || typeof c.image !== 'string') return undefined;
  const entries: Entry[] = [];
  if (typeof c.name === 'string') entries.push(entry('name', json(c.name)));
  entries.push(entry('image', json(c.image)));
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (strings(c.command)) entries.push(entry('command', json(c.command as string[])));
  if (strings(c.args)) entries.push(entry('args', json(c.args as string[])));
  if (typeof c.workingDir === 'string') entries.push(entry('workingDir', json(c.workingDir)));
  const portList = c.ports === undefined ? undefined : ports(c.ports);
  if (portList) entries.push(entry('ports', portList));
  const env = c.env === undefined ? undefined : envVariables(c.env, refs);
  if (env) entries.push(entry('envVariables', env));
  const envFrom = c.envFrom === undefined ? undefined : envSources(c.envFrom, refs);
  if (envFrom) entries.push(entry('envFrom', envFrom));
  const pullPolicy = typeof c.imagePullPolicy === 'string' ? own(PULL_POLICIES, c.imagePullPolicy) : undefined;
  if (pullPolicy) entries.push(entry('imagePullPolicy', enumMember('ImagePullPolicy', pullPolicy)));
  const defaultResources = sameJson(c.resources, DEFAULT_APP_RESOURCES);
  if (c.resources !== undefined && !defaultResources) entries.push(entry('resources', resources(c.resources)));
  for (const [field, prop] of [
    ['readinessProbe', 'readiness'],
    ['livenessProbe', 'liveness'],
    ['startupProbe', 'startup'],
  ] as const) {
    const p = c[field] === undefined ? undefined : probe(c[field], defaults.kubernetesDefaults === true);
    if (p) entries.push(entry(prop, p));
  }
  const security = c.securityContext === undefined || defaults.restrictedSecurity ? undefined : securityContext(c.securityContext);
  if (security) entries.push(entry('securityContext', security));
  // Resources equal to daprkit's default count as "given by the default", not as missing.
  return { props: object(entries), hasResources: c.resources !== undefined && !defaultResources };
}
