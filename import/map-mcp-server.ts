/**
 * MCPServers as `McpServer`: the transport as `McpEndpoint.streamableHttp | sse | stdio`, headers
 * and env as values (`SecretValue.fromSecret` for secret references, `SecretValue.fromEnv` /
 * `MetadataValue.fromEnv` for env references, the explicit `SecretValue.unsafePlainText` — with the
 * finding beside it — for a credential in plain text, `MetadataValue.literal` for other text), the
 * OAuth2 or SPIFFE auth, catalog and middleware hooks typed; scopes naming apps of the chart become
 * `app.uses(server)`.
 */
import { isCredentialName } from '../checks/credentials';
import { itemPath } from '../checks/dapr-resources';
import { dnsLabelProblem, isDnsSubdomain } from '../checks/formats';
import { MapContext } from './context';
import { construct, daprkit, Entry, entry, Expr, json, Json, object, props, ref, scope, staticCall, Statement } from './ir';
import { asRecord, otherKeys, typedObjectUnit } from './metadata';
import { coveredKey, InputObject, Phase, Unit } from './model';
import { durationExpr } from './values';

const isString = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const TRANSPORTS: Readonly<Record<string, string>> = { streamableHTTP: 'streamableHttp', sse: 'sse', stdio: 'stdio' };
const HOOK_LISTS = ['beforeListTools', 'afterListTools', 'beforeCallTool', 'afterCallTool'] as const;

/** A plain value the plaintext check calls a credential (mcpServerPlaintext in checks/mcp.ts). */
function isPlainCredential(name: string, text: string): boolean {
  return text !== '' && !/^\.{0,2}\//.test(text) && (isCredentialName(name) || /^(bearer|basic)\s+\S/i.test(text));
}

const PLAINTEXT_COMMENT = 'component-sensitive-plaintext: a credential in plain text; keep it in a secret store and use SecretValue.fromSecret';

/** Headers or env as a record of values, with the plaintext ones the code carries explicitly; or why not. */
function values(list: unknown, listPath: string, covered: Set<string>): Entry[] | string {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return `${listPath} is not a list`;
  const out: Entry[] = [];
  const names = new Set<string>();
  for (const [index, raw] of list.entries()) {
    const item = asRecord(raw);
    if (!item || !isString(item.name) || item.name === '__proto__' || names.has(item.name)) return `an item of ${listPath} has no name, or one given twice`;
    names.add(item.name);
    const ref_ = asRecord(item.secretKeyRef);
    const sources = ['value', 'secretKeyRef', 'envRef'].filter((k) => item[k] !== undefined);
    if (sources.length !== 1 || otherKeys(item, ['name', ...sources]).length > 0) return `${item.name} of ${listPath} has ${sources.length === 1 ? 'fields besides its value' : 'not exactly one value'}`;
    let value: Expr;
    let comment: string | undefined;
    if (isString(item.value)) {
      if (isPlainCredential(item.name, item.value)) {
        value = staticCall('SecretValue', 'unsafePlainText', json(item.value));
        comment = PLAINTEXT_COMMENT;
        covered.add(coveredKey('component-sensitive-plaintext', itemPath(listPath, item.name, index)));
      } else value = staticCall('MetadataValue', 'literal', json(item.value));
    } else if (ref_ && isString(ref_.name) && isString(ref_.key) && ref_.name.trim() !== '' && ref_.key.trim() !== '' && otherKeys(ref_, ['name', 'key']).length === 0) {
      value = staticCall('SecretValue', 'fromSecret', json(ref_.name), json(ref_.key));
    } else if (isString(item.envRef) && item.envRef.trim() !== '') {
      value = staticCall(isCredentialName(item.name) ? 'SecretValue' : 'MetadataValue', 'fromEnv', json(item.envRef));
    } else return `${item.name} of ${listPath} has a value daprkit cannot write`;
    out.push(entry(item.name, value, comment));
  }
  return out;
}

/** `auth` of an HTTP transport as options (`auth`, `secretStore`), or why not. */
function auth(a: unknown, path: string, ctx: MapContext): Entry[] | string {
  if (a === undefined) return [];
  const r = asRecord(a);
  if (!r || otherKeys(r, ['secretStore', 'oauth2', 'spiffe']).length > 0) return `${path}.auth says what McpServer does not write`;
  const out: Entry[] = [];
  const o = asRecord(r.oauth2);
  const s = asRecord(asRecord(r.spiffe)?.jwt);
  if (r.oauth2 !== undefined) {
    const secret = asRecord(o?.secretKeyRef);
    if (!o || otherKeys(o, ['issuer', 'clientID', 'audience', 'scopes', 'secretKeyRef']).length > 0 || !isString(o.issuer)) return `${path}.auth.oauth2 says what McpServer does not write`;
    if (!secret || !isString(secret.name) || !isString(secret.key) || secret.name.trim() === '' || secret.key.trim() === '') return 'its OAuth2 client secret is not a secret reference (McpAuth.oauth2 takes it as SecretValue.fromSecret)';
    if ((o.clientID !== undefined && !isString(o.clientID)) || (o.audience !== undefined && !isString(o.audience)) || (o.scopes !== undefined && !strings(o.scopes))) return `${path}.auth.oauth2 has a value that is not text`;
    out.push(
      entry('auth', staticCall('McpAuth', 'oauth2', props([
        entry('issuer', json(o.issuer)),
        entry('clientSecret', staticCall('SecretValue', 'fromSecret', json(secret.name), json(secret.key))),
        isString(o.clientID) ? entry('clientId', json(o.clientID)) : undefined,
        isString(o.audience) ? entry('audience', json(o.audience)) : undefined,
        strings(o.scopes) ? entry('scopes', json(o.scopes)) : undefined,
      ]))),
    );
  } else if (r.spiffe !== undefined) {
    if (!s || otherKeys(asRecord(r.spiffe), ['jwt']).length > 0 || otherKeys(s, ['audience', 'header', 'headerValuePrefix']).length > 0 || !isString(s.audience)) return `${path}.auth.spiffe says what McpServer does not write`;
    if ((s.header !== undefined && !isString(s.header)) || (s.headerValuePrefix !== undefined && !isString(s.headerValuePrefix))) return `${path}.auth.spiffe has a value that is not text`;
    out.push(
      entry('auth', staticCall('McpAuth', 'spiffeJwt', props([
        entry('audience', json(s.audience)),
        isString(s.header) ? entry('header', json(s.header)) : undefined,
        isString(s.headerValuePrefix) ? entry('headerValuePrefix', json(s.headerValuePrefix)) : undefined,
      ]))),
    );
  }
  const store = r.secretStore;
  if (store !== undefined) {
    if (!isString(store) || !isDnsSubdomain(store)) return `${path}.auth.secretStore is not a secret store's name`;
    const declared = ctx.chart.components.get(store);
    if (store === 'kubernetes') out.push(entry('secretStore', json('kubernetes')));
    else if (declared?.specType.startsWith('secretstores.')) out.push(entry('secretStore', ref(declared.variable)));
    else if (declared) return `${path}.auth.secretStore names a ${declared.specType} Component`;
    else out.push(entry('secretStore', staticCall('Component', 'fromName', scope, json(ctx.chart.ids.take(`${store}-secretstore`, 'ref')), json(store), object([entry('buildingBlock', json('secretstores'))]))));
  }
  return out;
}

/** The endpoint as `McpEndpoint.<transport>({...})`, or why not. */
function endpoint(e: unknown, ctx: MapContext, covered: Set<string>): Expr | string {
  const r = asRecord(e);
  const transports = r ? Object.keys(r) : [];
  if (!r || transports.length !== 1 || !Object.prototype.hasOwnProperty.call(TRANSPORTS, transports[0]!)) return 'its endpoint is not exactly one of streamableHTTP, sse and stdio';
  const transport = transports[0]!;
  const t = asRecord(r[transport]);
  const path = `spec.endpoint.${transport}`;
  if (!t) return `${path} is not an object`;
  if (transport === 'stdio') {
    if (otherKeys(t, ['command', 'args', 'env']).length > 0 || !isString(t.command) || (t.args !== undefined && !strings(t.args))) return `${path} says what McpServer does not write`;
    const env = values(t.env, `${path}.env`, covered);
    if (typeof env === 'string') return env;
    return staticCall('McpEndpoint', 'stdio', props([
      entry('command', json(t.command)),
      strings(t.args) && t.args.length > 0 ? entry('args', json(t.args)) : undefined,
      env.length > 0 ? entry('env', object(env)) : undefined,
    ]));
  }
  if (otherKeys(t, ['url', 'protocolVersion', 'timeout', 'headers', 'auth']).length > 0 || !isString(t.url)) return `${path} says what McpServer does not write`;
  if (t.protocolVersion !== undefined && !isString(t.protocolVersion)) return `${path}.protocolVersion is not text`;
  const timeout = isString(t.timeout) ? durationExpr(t.timeout) : undefined;
  if (t.timeout !== undefined && !timeout) return `${path}.timeout is not a duration daprkit writes the same`;
  const headers = values(t.headers, `${path}.headers`, covered);
  if (typeof headers === 'string') return headers;
  const authEntries = auth(t.auth, path, ctx);
  if (typeof authEntries === 'string') return authEntries;
  return staticCall('McpEndpoint', TRANSPORTS[transport]!, props([
    entry('url', json(t.url)),
    headers.length > 0 ? entry('headers', object(headers)) : undefined,
    ...authEntries,
    timeout ? entry('timeout', timeout) : undefined,
    isString(t.protocolVersion) ? entry('protocolVersion', json(t.protocolVersion)) : undefined,
  ]));
}

/** `spec.catalog` as it is written (McpCatalog has the CRD's own shape), or why not. */
function catalog(c: unknown): Expr | undefined | string {
  if (c === undefined) return undefined;
  const r = asRecord(c);
  const owner = asRecord(r?.owner);
  const links = asRecord(r?.links);
  if (!r || otherKeys(r, ['displayName', 'description', 'owner', 'tags', 'links']).length > 0) return 'its catalog says what McpServer does not write';
  const text = (v: unknown) => v === undefined || isString(v);
  if (!text(r.displayName) || !text(r.description) || (r.tags !== undefined && !strings(r.tags))) return 'its catalog has a value that is not text';
  if (r.owner !== undefined && (!owner || otherKeys(owner, ['team', 'contact']).length > 0 || !text(owner.team) || !text(owner.contact))) return 'its catalog owner is not a team and a contact';
  if (r.links !== undefined && (!links || !Object.values(links).every(isString) || Object.prototype.hasOwnProperty.call(links, '__proto__'))) return 'its catalog links are not named URLs';
  return json(r as Json);
}

/** The middleware hooks, hosts referred to by app-id (so no WorkflowAccessPolicy is compiled for them), or why not. */
function middleware(mw: unknown, ctx: MapContext, statements: Statement[], unit: number): Expr | undefined | string {
  if (mw === undefined) return undefined;
  const r = asRecord(mw);
  if (!r || otherKeys(r, [...HOOK_LISTS]).length > 0) return 'its middleware says what McpServer does not write';
  const hosts = new Map<string, Expr>();
  const lists: Entry[] = [];
  for (const list of HOOK_LISTS) {
    if (r[list] === undefined) continue;
    if (!Array.isArray(r[list])) return `its middleware ${list} is not a list`;
    const hooks: Expr[] = [];
    for (const raw of r[list] as unknown[]) {
      const hook = asRecord(raw);
      const workflow = asRecord(hook?.workflow);
      if (!hook || !workflow || otherKeys(hook, ['workflow', 'mutate']).length > 0 || otherKeys(workflow, ['workflowName', 'appID']).length > 0 || !isString(workflow.workflowName) || workflow.workflowName === '') {
        return `a ${list} hook is not a workflow McpServer writes`;
      }
      if ((hook.mutate !== undefined && typeof hook.mutate !== 'boolean') || (workflow.appID !== undefined && (!isString(workflow.appID) || dnsLabelProblem(workflow.appID)))) return `a ${list} hook has a value McpServer does not write`;
      let app: Expr | undefined;
      if (isString(workflow.appID)) {
        if (!hosts.has(workflow.appID)) {
          const variable = ctx.chart.variables.take(workflow.appID, 'host');
          statements.push({ declares: variable, expr: staticCall('DaprApp', 'fromAppId', scope, json(ctx.chart.ids.take(`${workflow.appID}-hook-host`, 'ref')), json(workflow.appID)), unit });
          hosts.set(workflow.appID, ref(variable));
        }
        app = hosts.get(workflow.appID);
      }
      hooks.push(props([entry('workflow', json(workflow.workflowName)), app ? entry('app', app) : undefined, typeof hook.mutate === 'boolean' ? entry('mutate', json(hook.mutate)) : undefined]));
    }
    lists.push(entry(list, { kind: 'array', items: hooks }));
  }
  return object(lists);
}

export function mapMcpServer(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  if (m.apiVersion !== 'dapr.io/v1alpha1') return `daprkit writes MCPServers as dapr.io/v1alpha1, not ${String(m.apiVersion)}`;
  const name = asRecord(m.metadata)?.name;
  if (!isString(name) || !isDnsSubdomain(name)) return 'its name is not a DNS subdomain';
  const spec = asRecord(m.spec);
  if (!spec || otherKeys(spec, ['endpoint', 'catalog', 'middleware', 'ignoreErrors']).length > 0) return 'its spec says what McpServer does not write';
  if (spec.ignoreErrors !== undefined && typeof spec.ignoreErrors !== 'boolean') return 'its ignoreErrors is not true or false';
  const scopes = m.scopes === undefined ? [] : Array.isArray(m.scopes) && m.scopes.every(isString) ? (m.scopes as string[]) : undefined;
  if (!scopes) return 'its scopes are not app-ids';
  const unit = object_.index;
  const covered = new Set<string>();
  const statements: Statement[] = [];
  const endpointExpr = endpoint(spec.endpoint, ctx, covered);
  if (typeof endpointExpr === 'string') return endpointExpr;
  const catalogExpr = catalog(spec.catalog);
  if (typeof catalogExpr === 'string') return catalogExpr;
  const middlewareExpr = middleware(spec.middleware, ctx, statements, unit);
  if (typeof middlewareExpr === 'string') return middlewareExpr;
  const variable = ctx.chart.variables.take(name, 'mcpServer');
  const id = ctx.chart.ids.take(name, 'MCPServer');
  // Apps of the chart scope it with `uses`; other app-ids are named.
  const named = scopes.filter((s) => !ctx.chart.apps.has(s));
  statements.push({
    declares: variable,
    expr: construct(daprkit('McpServer'), scope, json(id), props([
      id !== name ? entry('name', json(name)) : undefined,
      entry('endpoint', endpointExpr),
      catalogExpr ? entry('catalog', catalogExpr) : undefined,
      middlewareExpr ? entry('middleware', middlewareExpr) : undefined,
      typeof spec.ignoreErrors === 'boolean' ? entry('ignoreErrors', json(spec.ignoreErrors)) : undefined,
      named.length > 0 ? entry('scopes', json(named)) : undefined,
    ])),
    unit,
  });
  const mapped = typedObjectUnit(object_, ref(variable), { as: 'McpServer', variable, statements, phase: Phase.ENDPOINT, covered });
  if (typeof mapped === 'string') return mapped;
  const declared = { variable, object: object_, specType: 'mcpserver', scopes };
  for (const appId of new Set(scopes)) {
    if (!ctx.chart.apps.has(appId)) continue;
    ctx.chart.componentsByScope.set(appId, [...(ctx.chart.componentsByScope.get(appId) ?? []), declared]);
  }
  return mapped;
}
