/**
 * McpServer: Dapr 1.18's `dapr.io/v1alpha1 MCPServer` — an MCP (Model Context Protocol) tool server
 * that agents reach through their sidecar. daprd connects to it when the sidecar starts, lists its
 * tools and registers one workflow per tool call, so the apps that load it (`app.uses(mcpServer)`)
 * run its tools as workflows; middleware hooks are workflows too, on the loading app or (`app`) on
 * another workflow host.
 *
 * What daprd 1.18.3 accepts (pkg/internal/loader/validate/mcpserver.go, pkg/runtime/mcp/auth):
 * exactly one transport; http(s) URLs with a host; stdio only outside Kubernetes (`dapr run`);
 * OAuth2 client credentials with the client secret in a secret store (fetched by the sidecar itself,
 * through `secretStore`, default the built-in `kubernetes` store); SPIFFE JWTs from Sentry. A
 * server that fails makes the sidecar exit unless `ignoreErrors`.
 */
import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { dnsLabelProblem } from '../checks/formats';
import { PLAINTEXT_OK_ANNOTATION } from '../checks/daprkit-annotations';
import { resourceName, SecretStoreRef, secretStoreName } from './dapr-resource';
import { goDuration, isPositiveDuration, durationText } from './duration';
import { reportProblem } from './errors';
import { IAppResource, IDaprApp } from './refs';
import { ScopeSet } from './scope-set';
import { MetadataValue, SecretValue, ValueSource } from './secret-value';
import { recordWorkflowSchedule } from './workflows';

/** A header or environment value: a secret reference, an env reference, or (explicitly) plain text. */
export type McpValue = SecretValue | MetadataValue;

/** OAuth2 client-credentials settings (`auth.oauth2`). */
export interface McpOAuth2Options {
  /** The token endpoint URL (`issuer`), e.g. `https://login.example.com/oauth2/token`. */
  readonly issuer: string;
  /** The client secret: only `SecretValue.fromSecret` (the CRD has no other place for it). */
  readonly clientSecret: SecretValue;
  /**
   * The client id (a public identifier).
   * @default - none (for token endpoints that key on the secret alone)
   */
  readonly clientId?: string;
  /**
   * The `audience` parameter sent to the token endpoint.
   * @default - none
   */
  readonly audience?: string;
  /**
   * OAuth2 scopes requested.
   * @default - none
   */
  readonly scopes?: readonly string[];
}

/** A SPIFFE JWT from Dapr's Sentry, sent in a header (`auth.spiffe.jwt`); no secret involved. */
export interface McpSpiffeJwtOptions {
  /** The JWT's audience, e.g. `mcp://payments`. */
  readonly audience: string;
  /**
   * The header the JWT goes into.
   * @default 'Authorization'
   */
  readonly header?: string;
  /**
   * Text put before the JWT in the header.
   * @default 'Bearer ' (when the header is Authorization), else none
   */
  readonly headerValuePrefix?: string;
}

/** How daprd authenticates to an HTTP MCP server. */
export class McpAuth {
  /** OAuth2 client credentials: daprd fetches a token and sends it as a Bearer token. */
  public static oauth2(options: McpOAuth2Options): McpAuth {
    return new McpAuth({ oauth2: options });
  }

  /** A SPIFFE JWT identifying the calling app, issued by Sentry (mTLS must be on). */
  public static spiffeJwt(options: McpSpiffeJwtOptions): McpAuth {
    return new McpAuth({ spiffe: options });
  }

  private constructor(public readonly settings: { readonly oauth2?: McpOAuth2Options; readonly spiffe?: McpSpiffeJwtOptions }) {}
}

/** Options of an HTTP transport (streamable HTTP or SSE). */
export interface McpHttpOptions {
  /** The server's http(s) URL, e.g. `http://tools.agents.svc.cluster.local:8080/mcp`. */
  readonly url: string;
  /**
   * Headers sent with every request: name → `SecretValue` (a secret, or explicitly plain text) or
   * `MetadataValue` (an environment variable, or a literal for non-secret headers).
   * @default - none
   */
  readonly headers?: Readonly<Record<string, McpValue>>;
  /**
   * Authentication.
   * @default - none (beyond the headers)
   */
  readonly auth?: McpAuth;
  /**
   * The secret store resolving the headers' and the OAuth2 client secret's references
   * (`auth.secretStore`). The client secret is fetched by each loading app's sidecar itself, so
   * with the built-in `kubernetes` store those apps need `automountServiceAccountToken: true`.
   * @default - the built-in Kubernetes secret store
   */
  readonly secretStore?: SecretStoreRef;
  /**
   * How long a call to the server may take.
   * @default - daprd's default
   */
  readonly timeout?: Duration;
  /**
   * The MCP protocol version to pin (date form, e.g. `2025-06-18`).
   * @default - negotiated with the server
   */
  readonly protocolVersion?: string;
}

/** Options of a stdio transport: a local command (for `dapr run` only; daprd refuses it on Kubernetes). */
export interface McpStdioOptions {
  /** The command to run. */
  readonly command: string;
  /**
   * Its arguments.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * Environment variables of the process.
   * @default - none
   */
  readonly env?: Readonly<Record<string, McpValue>>;
}

/** The transport of an MCP server: exactly one of streamable HTTP, SSE or stdio. */
export class McpEndpoint {
  /** Streamable HTTP, the current MCP transport. */
  public static streamableHttp(options: McpHttpOptions): McpEndpoint {
    return new McpEndpoint('streamableHTTP', options);
  }

  /** Server-sent events, the older MCP HTTP transport. */
  public static sse(options: McpHttpOptions): McpEndpoint {
    return new McpEndpoint('sse', options);
  }

  /** A local process speaking MCP on stdin/stdout (self-hosted `dapr run` only). */
  public static stdio(options: McpStdioOptions): McpEndpoint {
    return new McpEndpoint('stdio', options);
  }

  private constructor(
    public readonly transport: 'streamableHTTP' | 'sse' | 'stdio',
    public readonly options: McpHttpOptions | McpStdioOptions,
  ) {}
}

/** Who owns the server, for people (not used at run time). */
export interface McpCatalogOwner {
  /** @default - none */
  readonly team?: string;
  /** @default - none */
  readonly contact?: string;
}

/** Governance facts about the server (`spec.catalog`), for people and catalogs; daprd ignores them. */
export interface McpCatalog {
  /** @default - none */
  readonly displayName?: string;
  /** @default - none */
  readonly description?: string;
  /** @default - none */
  readonly owner?: McpCatalogOwner;
  /** @default - none */
  readonly tags?: readonly string[];
  /** Named links, e.g. `{ runbook: 'https://…' }`. @default - none */
  readonly links?: Readonly<Record<string, string>>;
}

/** A middleware hook: a workflow run around list-tools or call-tool. */
export interface McpWorkflowHook {
  /** The workflow's name. */
  readonly workflow: string;
  /**
   * The app that hosts the workflow (a cross-app child workflow; it must host workflows, and its
   * WorkflowAccessPolicy must admit the apps that load this server — daprkit compiles that).
   * @default - the app that loads the server runs it itself
   */
  readonly app?: IDaprApp;
}

/** A hook that may replace the data flowing through (arguments before a call, results after). */
export interface McpMutatingHook extends McpWorkflowHook {
  /**
   * Replace the data with the workflow's output.
   * @default false (the hook only observes or vetoes)
   */
  readonly mutate?: boolean;
}

/** Workflows run around the server's operations, in order. */
export interface McpMiddleware {
  /** @default - none */
  readonly beforeListTools?: readonly McpWorkflowHook[];
  /** @default - none */
  readonly afterListTools?: readonly McpMutatingHook[];
  /** @default - none */
  readonly beforeCallTool?: readonly McpMutatingHook[];
  /** @default - none */
  readonly afterCallTool?: readonly McpMutatingHook[];
}

export interface McpServerProps {
  /** How daprd reaches the server. */
  readonly endpoint: McpEndpoint;
  /**
   * `metadata.name`: the name agents address the server by.
   * @default - the construct id (must then be a DNS subdomain)
   */
  readonly name?: string;
  /** @default - the chart's namespace, else `default` */
  readonly namespace?: string;
  /**
   * Governance facts (display name, owner, tags, links).
   * @default - none
   */
  readonly catalog?: McpCatalog;
  /**
   * Workflows run around the server's operations.
   * @default - none
   */
  readonly middleware?: McpMiddleware;
  /**
   * Let the sidecar start when the server cannot be loaded (it is skipped).
   * @default false (the sidecar exits)
   */
  readonly ignoreErrors?: boolean;
  /**
   * The apps that load the server; `app.uses(server)` adds to them.
   * @default - every app in the namespace (the checks warn)
   */
  readonly scopes?: ReadonlyArray<IDaprApp | string>;
}

/** An HTTP header name (RFC 9110 token); environment names exclude what daprd refuses. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[^=\n\0]+$/;
const HOOK_LISTS = ['beforeListTools', 'afterListTools', 'beforeCallTool', 'afterCallTool'] as const;

const MCP_SERVER = Symbol.for('daprkit.McpServer');

export class McpServer extends Construct implements IAppResource {
  public static isMcpServer(x: unknown): x is McpServer {
    return typeof x === 'object' && x !== null && MCP_SERVER in x;
  }

  public readonly name: string;
  public readonly namespace: string;
  public readonly endpoint: McpEndpoint;
  /** Escape hatch: the underlying ApiObject. */
  public readonly apiObject: ApiObject;

  private readonly scopeSet: ScopeSet;
  private readonly middleware?: McpMiddleware;
  private readonly plaintext: string[] = [];

  constructor(scope: Construct, id: string, props: McpServerProps) {
    super(scope, id);
    Object.defineProperty(this, MCP_SERVER, { value: true });
    let namespace = props.namespace;
    if (namespace !== undefined && dnsLabelProblem(namespace)) {
      reportProblem(this, 'namespace', namespace, 'a DNS label', `${dnsLabelProblem(namespace)}.`);
      namespace = undefined;
    }
    this.namespace = namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.name = resourceName(this, props.name);
    this.endpoint = props.endpoint;
    this.middleware = props.middleware;
    this.scopeSet = new ScopeSet(this, this.namespace);
    for (const app of props.scopes ?? []) this.addScope(app);

    const endpoint = { [props.endpoint.transport]: this.renderTransport(props.endpoint) };
    const middleware = this.renderMiddleware(props.middleware);
    const catalog = props.catalog && renderCatalog(props.catalog);
    const annotations = this.plaintext.length > 0 ? { [PLAINTEXT_OK_ANNOTATION]: [...this.plaintext].sort().join(',') } : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name: this.name, namespace, ...(annotations ? { annotations } : {}) },
      scopes: Lazy.any({ produce: () => this.scopeSet.render() }),
      spec: {
        endpoint,
        ...(catalog ? { catalog } : {}),
        ...(middleware ? { middleware } : {}),
        ...(props.ignoreErrors !== undefined ? { ignoreErrors: props.ignoreErrors } : {}),
      },
    });
  }

  /** The apps that load the server, sorted; empty when unscoped. */
  public get scopes(): string[] {
    return this.scopeSet.appIds;
  }

  /** Lets one more app load the server. */
  public addScope(app: IDaprApp | string): this {
    this.scopeSet.add(app);
    return this;
  }

  /**
   * `app.uses(server)` lands here: scopes the server to the app, and records the app's calls to
   * hook workflows on other apps, so their compiled WorkflowAccessPolicies admit it.
   */
  public bindToApp(app: IDaprApp): void {
    if (app.namespace !== this.namespace) {
      reportProblem(app, 'uses', `${this.namespace}/${this.name}`, `an MCPServer in namespace "${app.namespace}"`, 'an app loads only MCP servers of its own namespace; define one there.');
      return;
    }
    this.addScope(app);
    for (const list of HOOK_LISTS) {
      for (const hook of this.middleware?.[list] ?? []) {
        if (!hook.app || (hook.app.appId === app.appId && hook.app.namespace === app.namespace)) continue;
        // Feeds the host's compiled policy only: the checks read hook calls from the MCPServer itself.
        recordWorkflowSchedule(app, hook.app, { workflows: [hook.workflow] });
      }
    }
  }

  private renderTransport(endpoint: McpEndpoint): Record<string, unknown> {
    if (endpoint.transport === 'stdio') {
      const o = endpoint.options as McpStdioOptions;
      if (typeof o.command !== 'string' || o.command.trim() === '') reportProblem(this, 'endpoint.stdio.command', o.command, 'a command', 'name the program that serves MCP on stdin/stdout.');
      const env = this.renderValues('endpoint.stdio.env', o.env, ENV_NAME, 'an environment variable name without "=", newlines or NUL');
      return { command: o.command, ...(o.args?.length ? { args: [...o.args] } : {}), ...(env ? { env } : {}) };
    }
    const o = endpoint.options as McpHttpOptions;
    const prefix = `endpoint.${endpoint.transport}`;
    if (!isHttpUrl(o.url)) {
      reportProblem(this, `${prefix}.url`, o.url, 'an absolute http:// or https:// URL with a host', 'e.g. "http://tools.agents.svc.cluster.local:8080/mcp".');
    }
    let timeout: string | undefined;
    if (o.timeout !== undefined) {
      if (isPositiveDuration(o.timeout)) timeout = goDuration(o.timeout);
      else reportProblem(this, `${prefix}.timeout`, durationText(o.timeout), 'a positive duration', 'e.g. Duration.seconds(30), or leave it unset.');
    }
    if (o.protocolVersion !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.protocolVersion)) {
      reportProblem(this, `${prefix}.protocolVersion`, o.protocolVersion, 'an MCP protocol version in date form, e.g. "2025-06-18"', 'or leave it unset to negotiate.');
    }
    const headers = this.renderValues(`${prefix}.headers`, o.headers, HEADER_NAME, 'an HTTP header name');
    const secretStore = secretStoreName(this, o.secretStore, this.namespace);
    const auth = this.renderAuth(prefix, o.auth, secretStore);
    return {
      url: o.url,
      ...(o.protocolVersion !== undefined ? { protocolVersion: o.protocolVersion } : {}),
      ...(timeout ? { timeout } : {}),
      ...(headers ? { headers } : {}),
      ...(auth ? { auth } : {}),
    };
  }

  private renderAuth(prefix: string, auth: McpAuth | undefined, secretStore: string | undefined): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = secretStore !== undefined ? { secretStore } : {};
    const { oauth2, spiffe } = auth?.settings ?? {};
    if (oauth2) {
      const ref = oauth2.clientSecret?.secretKeyRef;
      if (!ref) reportProblem(this, `${prefix}.auth.oauth2.clientSecret`, '<not a secret reference>', 'SecretValue.fromSecret(name, key)', 'the CRD takes the client secret only from a secret store.');
      if (!isHttpUrl(oauth2.issuer)) reportProblem(this, `${prefix}.auth.oauth2.issuer`, oauth2.issuer, 'the token endpoint\'s http(s) URL', 'e.g. "https://login.example.com/oauth2/token".');
      out.oauth2 = {
        issuer: oauth2.issuer,
        ...(oauth2.audience !== undefined ? { audience: oauth2.audience } : {}),
        ...(oauth2.clientId !== undefined ? { clientID: oauth2.clientId } : {}),
        ...(oauth2.scopes?.length ? { scopes: [...oauth2.scopes] } : {}),
        ...(ref ? { secretKeyRef: { name: ref.name, key: ref.key } } : {}),
      };
    }
    if (spiffe) {
      const header = spiffe.header ?? 'Authorization';
      if (!HEADER_NAME.test(header)) reportProblem(this, `${prefix}.auth.spiffe.jwt.header`, header, 'an HTTP header name', 'e.g. "Authorization".');
      if (typeof spiffe.audience !== 'string' || spiffe.audience === '') reportProblem(this, `${prefix}.auth.spiffe.jwt.audience`, spiffe.audience, 'an audience', 'e.g. "mcp://payments".');
      const headerValuePrefix = spiffe.headerValuePrefix ?? (header.toLowerCase() === 'authorization' ? 'Bearer ' : undefined);
      out.spiffe = { jwt: { audience: spiffe.audience, header, ...(headerValuePrefix !== undefined ? { headerValuePrefix } : {}) } };
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** Headers or env as name/value items, sorted; plaintext chosen with `unsafePlainText` is recorded for the checks. */
  private renderValues(prop: string, values: Readonly<Record<string, McpValue>> | undefined, pattern: RegExp, expected: string): (ValueSource & { name: string })[] | undefined {
    if (!values || Object.keys(values).length === 0) return undefined;
    const items = Object.keys(values)
      .sort()
      .flatMap((name) => {
        if (!pattern.test(name)) {
          reportProblem(this, `${prop}["${name}"]`, name, expected, 'rename it.');
          return [];
        }
        const value = values[name]!;
        if (value instanceof SecretValue && value.isPlainText) this.plaintext.push(name);
        return [{ name, ...value._render() }];
      });
    return items.length > 0 ? items : undefined;
  }

  private renderMiddleware(middleware: McpMiddleware | undefined): Record<string, unknown> | undefined {
    if (!middleware) return undefined;
    const out: Record<string, unknown> = {};
    for (const list of HOOK_LISTS) {
      const hooks = middleware[list] ?? [];
      if (hooks.length === 0) continue;
      out[list] = hooks.map((hook: McpMutatingHook, i) => {
        if (typeof hook.workflow !== 'string' || hook.workflow === '') reportProblem(this, `middleware.${list}[${i}].workflow`, hook.workflow, 'a workflow name', 'name the workflow the hook runs.');
        if (hook.app && hook.app.namespace !== this.namespace) {
          reportProblem(this, `middleware.${list}[${i}].app`, `${hook.app.namespace}/${hook.app.appId}`, `a workflow host in namespace "${this.namespace}"`, 'hooks reach apps of the server\'s namespace only.');
        }
        const mutate = list === 'beforeListTools' ? undefined : hook.mutate;
        return { workflow: { workflowName: hook.workflow, ...(hook.app ? { appID: hook.app.appId } : {}) }, ...(mutate !== undefined ? { mutate } : {}) };
      });
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function renderCatalog(c: McpCatalog): Record<string, unknown> | undefined {
  const owner = c.owner && (c.owner.team !== undefined || c.owner.contact !== undefined) ? { ...(c.owner.team !== undefined ? { team: c.owner.team } : {}), ...(c.owner.contact !== undefined ? { contact: c.owner.contact } : {}) } : undefined;
  const links = c.links && Object.keys(c.links).length > 0 ? Object.fromEntries(Object.keys(c.links).sort().map((k) => [k, c.links![k]!])) : undefined;
  const out = {
    ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(owner ? { owner } : {}),
    ...(c.tags?.length ? { tags: [...c.tags] } : {}),
    ...(links ? { links } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}
