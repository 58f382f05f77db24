/**
 * The conformance corpus: manifests synthesized from daprkit's constructs, exercising every field
 * each construct can write, which `npm run conformance` validates against Dapr's CRDs. Each
 * construct family appends its own builder to `BUILDERS`.
 */
import { Chart, Duration } from 'cdk8s';
import { Manifest } from '../../checks/types';
import { AccessControl } from '../../constructs/access-control';
import { AccessAction } from '../../constructs/access-control-policy';
import { Component } from '../../constructs/component';
import { Configuration } from '../../constructs/configuration';
import { ApiProtocol, BuiltinSecretStore, DaprApi, NameResolver, OtelProtocol, SecretAccess } from '../../constructs/configuration-sections';
import { DaprApp, HttpVerb, WorkloadType } from '../../constructs/dapr-app';
import { DaprJob } from '../../constructs/dapr-job';
import { KUBERNETES_SECRET_STORE } from '../../dapr/defaults';
import { Binding, PubSub, SecretStore, StateStore } from '../../constructs/generated';
import { ComponentType } from '../../constructs/generated/component-types';
import { HttpEndpoint, TlsRenegotiation } from '../../constructs/http-endpoint';
import { MetadataValue, SecretValue } from '../../constructs/secret-value';
import { Subscription } from '../../constructs/subscription';
import { DaprkitApp } from '../../constructs/app';
import { TodoSystem } from '../../stacks/todo';
import { CalculatorSystem } from '../../stacks/calculator';
import { CircuitBreakerScope, ResiliencyPolicy } from '../../constructs/resiliency';
import { GrpcStatus, Retry, Trip } from '../../constructs/resiliency-policies';
import { McpAuth, McpEndpoint, McpServer } from '../../constructs/mcp-server';
import { WorkflowAccessPolicy, WorkflowOperation } from '../../constructs/workflow-access-policy';
import { synth } from './synth';

/** A Configuration with every section daprkit types. */
function configurationEverySection(chart: Chart): void {
  const ratelimit = new Component(chart, 'ratelimit', { name: 'ratelimit', type: ComponentType.MIDDLEWARE_HTTP_RATELIMIT, metadata: { maxRequestsPerSecond: 10 } });
  const router = new Component(chart, 'routerchecker', { name: 'routerchecker', type: ComponentType.MIDDLEWARE_HTTP_ROUTERCHECKER, metadata: { rule: '^[A-Za-z0-9/._-]+$' } });
  const envStore = new Component(chart, 'envstore', { name: 'envstore', type: ComponentType.SECRETSTORES_LOCAL_ENV });
  const config = new Configuration(chart, 'everything', {
    name: 'everything',
    tracing: { samplingRate: 0.25, stdout: true, zipkinEndpoint: 'http://zipkin.observability:9411/api/v2/spans', otel: { endpoint: 'otel-collector.observability:4317', protocol: OtelProtocol.GRPC, isSecure: false, timeout: Duration.seconds(10) } },
    metrics: {
      enabled: true,
      recordErrorCodes: true,
      latencyBuckets: [Duration.millis(5), Duration.millis(50), Duration.seconds(1)],
      http: { increasedCardinality: false, pathMatching: ['/orders/{id}'], excludeVerbs: false },
      rules: [{ name: 'dapr_runtime_service_invocation_req_sent_total', labels: [{ name: 'method', regex: { 'orders/': 'orders/.+' } }] }],
    },
    mtls: { workloadCertTtl: Duration.hours(24), allowedClockSkew: Duration.minutes(15) },
    features: [{ name: 'HotReload' }, { name: 'WorkflowsRemoteActivityReminder', enabled: false }],
    httpPipeline: [ratelimit],
    appHttpPipeline: [router],
    nameResolution: { resolver: NameResolver.KUBERNETES, configuration: { clusterDomain: 'cluster.local' } },
    secretScopes: [
      { store: BuiltinSecretStore.KUBERNETES, defaultAccess: SecretAccess.DENY, allowedSecrets: ['redis'] },
      { store: envStore, defaultAccess: SecretAccess.ALLOW, deniedSecrets: ['ROOT_PASSWORD'] },
    ],
    allowedApis: [{ api: DaprApi.STATE, version: 'v1.0', protocol: ApiProtocol.HTTP }, { api: DaprApi.INVOKE, version: 'v1' }],
    deniedApis: [{ api: DaprApi.SECRETS, version: 'v1', protocol: ApiProtocol.GRPC }],
    deniedComponentTypes: ['bindings.smtp', 'secretstores.local.file/v1'],
    apiLogging: { enabled: true, obfuscateUrls: true, omitHealthChecks: true },
    wasmStrictSandbox: true,
    accessControl: { defaultAction: AccessAction.DENY, trustDomain: 'public' },
  });
  const frontend = DaprApp.fromAppId(chart, 'frontend', 'frontend');
  config.addAccessControlPolicy(frontend, { defaultAction: AccessAction.DENY, operations: [{ path: '/orders/*', verbs: [HttpVerb.GET] }, { path: '/admin/**', action: AccessAction.DENY }] });
}

/** Two apps, an edge between them, access control with NetworkPolicies, and a Resiliency with every policy type and target kind. */
function graphAndResiliency(chart: Chart): void {
  const api = new DaprApp(chart, 'todo-api', { appId: 'todo-api', image: 'ghcr.io/example/todo-api:1.0.0', appPort: 8080 });
  const notifier = new DaprApp(chart, 'notifier', { appId: 'notification-service', image: 'ghcr.io/example/notifier:1.0.0', appPort: 3000 });
  api.invokes(notifier, { operations: [{ path: '/notify', verbs: [HttpVerb.POST] }] });
  new AccessControl(chart, 'access', { networkPolicies: true });
  const statestore = new Component(chart, 'statestore', { name: 'statestore', type: ComponentType.STATE_REDIS, metadata: { redisHost: 'redis:6379' } });

  const res = new ResiliencyPolicy(chart, 'resiliency', { name: 'todo-resiliency', scopes: [api] });
  const fast = res.addTimeout('fast', Duration.seconds(3));
  const constant = res.addRetry('constant', Retry.constant(Duration.seconds(1), 3, { httpStatusCodes: [429, { from: 500, to: 504 }], grpcStatusCodes: [GrpcStatus.UNAVAILABLE] }));
  const backoff = res.addRetry('backoff', Retry.exponential({ maxInterval: Duration.seconds(15), maxRetries: Retry.FOREVER }));
  const breaker = res.addCircuitBreaker('breaker', { trip: Trip.expression('consecutiveFailures >= 5 || (requests > 20 && totalFailures * 2 > requests)'), maxRequests: 1, interval: Duration.seconds(8), timeout: Duration.seconds(45) });
  res.forApp(notifier, { timeout: fast, retry: constant, circuitBreaker: breaker, circuitBreakerCacheSize: 100 });
  res.forActor('TodoActor', { timeout: fast, retry: backoff, circuitBreaker: breaker, circuitBreakerScope: CircuitBreakerScope.BOTH, circuitBreakerCacheSize: 5000 });
  res.forComponent(statestore, { outbound: { timeout: fast, retry: backoff, circuitBreaker: breaker }, inbound: { retry: constant } });
}

/** Components with every top-level field: auth through a secret store, init timeout, ignoreErrors, typed values of each kind. */
function componentsEveryField(chart: Chart): void {
  const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
  const vault = SecretStore.hashicorpVault(chart, 'vault', { metadata: { vaultAddr: 'https://vault:8200', vaultTokenMountPath: '/var/run/vault/token' } });
  const store = StateStore.redis(chart, 'statestore', {
    metadata: {
      redisHost: 'redis:6379',
      redisPassword: SecretValue.fromSecret('redis', 'password'),
      redisUsername: MetadataValue.fromEnv('REDIS_USER'),
      redisDB: 2,
      enableTLS: true,
      dialTimeout: Duration.seconds(5),
      actorStateStore: true,
    },
    secretStore: vault,
    initTimeout: Duration.seconds(30),
    ignoreErrors: true,
  });
  const cron = Binding.cron(chart, 'nightly', { metadata: { schedule: '@daily' } });
  app.uses(vault, store, cron);
}

/** Subscriptions with routing rules, dead letters, bulk delivery and metadata; an HTTPEndpoint with client TLS. */
function subscriptionsAndEndpoints(chart: Chart): void {
  const app = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080 });
  const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
  app.subscribe(pubsub, 'orders', {
    routes: { rules: [{ match: 'event.type == "order.created"', path: '/orders/created' }], default: '/orders' },
    deadLetterTopic: 'orders-dead',
    bulkSubscribe: { maxMessagesCount: 100, maxAwaitDuration: Duration.millis(500) },
    metadata: { rawPayload: 'true' },
  });
  new Subscription(chart, 'audit', { pubsub, topic: 'audit', route: '/audit', scopes: [app] });
  new HttpEndpoint(chart, 'payments', {
    baseUrl: 'https://payments.example.com/v2',
    headers: { 'X-Tenant': 'shop', Authorization: SecretValue.fromSecret('payments', 'token') },
    clientTls: {
      rootCa: SecretValue.fromSecret('payments-tls', 'ca.crt'),
      certificate: SecretValue.fromSecret('payments-tls', 'tls.crt'),
      privateKey: SecretValue.fromSecret('payments-tls', 'tls.key'),
      renegotiation: TlsRenegotiation.ONCE_AS_CLIENT,
    },
    scopes: [app],
  });
}

/** Actor and workflow hosts, compiled and hand-written WorkflowAccessPolicies (every operation), a Configuration with the whole workflow section. */
function actorsAndWorkflows(chart: Chart): void {
  const store = (name: string) => StateStore.redis(chart, name, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore: true } });
  const config = new Configuration(chart, 'orders-config', {
    name: 'orders-config',
    workflow: {
      maxConcurrentWorkflowInvocations: 100,
      maxConcurrentActivityInvocations: 200,
      globalMaxConcurrentWorkflowInvocations: 1000,
      globalMaxConcurrentActivityInvocations: 2000,
      workflowConcurrencyLimits: { OrderWorkflow: 5 },
      activityConcurrencyLimits: { ChargeCard: 10 },
      stateRetention: { anyTerminal: Duration.days(30), completed: Duration.days(7), failed: Duration.hours(72), terminated: Duration.seconds(0) },
    },
    features: [{ name: 'WorkflowHistorySigning' }],
  });
  const orders = new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 8080, config });
  orders.hostsWorkflows({ stateStore: store('orders-store'), workflows: ['OrderWorkflow', 'RefundWorkflow'], activities: ['ChargeCard'] });
  const players = new DaprApp(chart, 'players', { appId: 'players', image: 'players:1', appPort: 8080 });
  players.hostsActors(['Player', 'Room'], { stateStore: store('players-store') });
  const checkout = new DaprApp(chart, 'checkout', { appId: 'checkout', image: 'checkout:1', appPort: 8080 });
  checkout.hostsWorkflows({ stateStore: store('checkout-store') });
  checkout.schedulesWorkflows(orders, { workflows: ['OrderWorkflow'], operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.GET], activities: ['ChargeCard'] });
  new WorkflowAccessPolicy(chart, 'orders-support', {
    name: 'orders-support',
    scopes: [orders],
    rules: [
      { callers: [checkout, 'support'], workflows: [{ name: 'Refund*', operations: Object.values(WorkflowOperation) }] },
      { callers: ['support'], activities: ['Charge*'] },
    ],
  });
}

/** MCP servers of every transport with every field: headers of each value kind, OAuth2, SPIFFE, catalog, every hook list. */
function mcpServers(chart: Chart): void {
  const store = (name: string) => StateStore.redis(chart, name, { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password'), actorStateStore: true } });
  const agent = new DaprApp(chart, 'agent', { appId: 'agent', image: 'agent:1', appPort: 8080, automountServiceAccountToken: true });
  agent.hostsWorkflows({ stateStore: store('agent-store'), workflows: ['LocalAudit'] });
  const guard = new DaprApp(chart, 'guard', { appId: 'guard', image: 'guard:1', appPort: 8080 });
  guard.hostsWorkflows({ stateStore: store('guard-store'), workflows: ['RedactPII', 'FilterTools', 'ApproveCall', 'AuditCall'] });
  agent.uses(
    new McpServer(chart, 'payments-tools', {
      endpoint: McpEndpoint.streamableHttp({
        url: 'https://payments-mcp.agents.svc.cluster.local/mcp',
        headers: { 'X-Api-Key': SecretValue.fromSecret('payments', 'api-key'), 'X-Region': MetadataValue.fromEnv('REGION'), 'X-Tenant': MetadataValue.literal('shop') },
        auth: McpAuth.oauth2({ issuer: 'https://login.example.com/oauth2/token', clientId: 'agent', clientSecret: SecretValue.fromSecret('payments-oauth', 'client-secret'), audience: 'payments', scopes: ['tools.read', 'tools.call'] }),
        timeout: Duration.seconds(30),
        protocolVersion: '2025-06-18',
      }),
      catalog: { displayName: 'Payments tools', description: 'Refunds and lookups', owner: { team: 'payments', contact: 'payments@example.com' }, tags: ['payments', 'pci'], links: { runbook: 'https://wiki.example.com/payments-mcp' } },
      middleware: {
        beforeListTools: [{ workflow: 'LocalAudit' }],
        afterListTools: [{ workflow: 'FilterTools', app: guard, mutate: true }],
        beforeCallTool: [{ workflow: 'RedactPII', app: guard, mutate: true }, { workflow: 'ApproveCall', app: guard }],
        afterCallTool: [{ workflow: 'AuditCall', app: guard, mutate: false }],
      },
      ignoreErrors: false,
    }),
    new McpServer(chart, 'search', { endpoint: McpEndpoint.sse({ url: 'http://search.agents:8080/sse', auth: McpAuth.spiffeJwt({ audience: 'mcp://search', header: 'X-Identity', headerValuePrefix: 'JWT ' }) }) }),
  );
  // For `dapr run` only (daprd refuses stdio on Kubernetes): scoped to an app that runs locally.
  new McpServer(chart, 'files', {
    endpoint: McpEndpoint.stdio({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/data'], env: { GITHUB_TOKEN: SecretValue.fromSecret('github', 'token'), HOME: MetadataValue.fromEnv('HOME') } }),
    ignoreErrors: true,
    scopes: ['local-agent'],
  });
}

/** Issue 18's workloads: a CronJob that subscribes and invokes, secret readers (scopes), a StatefulSet autoscaled by KEDA. */
function workloadsEveryKind(chart: Chart): void {
  const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379', redisPassword: SecretValue.fromSecret('redis', 'password') } });
  const ledger = new DaprApp(chart, 'ledger', { appId: 'ledger', image: 'ledger:1', appPort: 8080, workload: WorkloadType.STATEFUL_SET });
  ledger.subscribe(pubsub, 'entries', { route: '/entries' });
  ledger.subscribesInCode(pubsub, 'audit', { route: '/audit' });
  ledger.autoscaleOn(pubsub, 'entries', { maxReplicas: 5 });
  ledger.readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['ledger-db'] });
  const report = new DaprJob(chart, 'report', { appId: 'report', image: 'report:1', schedule: '0 2 * * *', appPort: 8080 });
  report.subscribe(pubsub, 'reports', { route: '/reports' });
  report.invokes(ledger, { operations: [{ path: '/totals', verbs: [HttpVerb.GET] }] });
  report.readsSecrets(SecretStore.kubernetes(chart, 'k8s-secrets'), { allKeys: true });
}

/** One builder per construct family; each runs in its own chart. */
const BUILDERS: readonly ((chart: Chart) => void)[] = [configurationEverySection, graphAndResiliency, componentsEveryField, subscriptionsAndEndpoints, actorsAndWorkflows, mcpServers, workloadsEveryKind];

/** The todo example, exactly as `npm run synth` writes it. */
function todoExample(): Manifest[] {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  new TodoSystem(app, 'todo');
  return app.synthManifests();
}

/** The calculator example, exactly as `npm run synth:calculator` writes it. */
function calculatorExample(): Manifest[] {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  new CalculatorSystem(app, 'calculator');
  return app.synthManifests();
}

/** Every manifest the builders and the examples synthesize (built-in kinds included; the conformance suite picks the Dapr ones). */
export function conformanceCorpus(): Manifest[] {
  return [...BUILDERS.flatMap((build) => synth(build)), ...todoExample(), ...calculatorExample()];
}
