/**
 * `daprkit import` of the kinds with typed constructs beyond Deployments: StatefulSets (DaprApp with
 * `workload: STATEFUL_SET`), Jobs and CronJobs (DaprJob), WorkflowAccessPolicies (the callers'
 * `schedulesWorkflows`, or the construct) and MCPServers (McpServer); and daprkit's own output read
 * back, its ServiceAccounts and the RBAC of `readsSecrets` folded into the workloads. Every program
 * of this file is compiled under `strict` (in one TypeScript program) and run, and what it
 * synthesizes is compared with its input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { Duration, Size } from 'cdk8s';
import { Manifest } from '../checks/types';
import { readManifests } from '../checks/read-manifests';
import { importSystem, ImportResult } from '../cli/import';
import * as daprkit from '../index';
import { runProgram, typeErrors, writeProgram } from './support/import-harness';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-import-workloads-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function importOf(manifests: readonly unknown[], name: string): ImportResult {
  const read = readManifests(manifests.map((m) => stringify(m)).join('---\n'), `${name}.yaml`);
  return importSystem({ manifests: read.manifests, findings: read.findings, notices: read.notices }, { systemName: name });
}

/** Programs compiled together once, then run. */
const programs = new Map<string, { originals: Manifest[]; dir: string }>();
function program(name: string, manifests: readonly unknown[]): { result: ImportResult; code: string } {
  const result = importOf(manifests, name);
  const dir = path.join(work, name);
  writeProgram(dir, result.files);
  programs.set(name, { originals: manifests as Manifest[], dir });
  return { result, code: [...result.files.values()].join('\n') };
}

const asOf = (result: ImportResult) => Object.fromEntries(result.report.objects.map((o) => [o.resource, o.as]));

/** The object as the fidelity rules compare it: daprkit.io annotations out (metadata, pod templates). */
function comparable(m: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(m)) as Record<string, any>;
  for (const holder of [copy, copy.spec?.template, copy.spec?.jobTemplate?.spec?.template]) {
    const annotations = holder?.metadata?.annotations;
    if (!annotations) continue;
    for (const k of Object.keys(annotations)) if (k.startsWith('daprkit.io/')) delete annotations[k];
    if (Object.keys(annotations).length === 0) delete holder.metadata.annotations;
  }
  return copy;
}

const identity = (m: Manifest) => `${m.apiVersion} ${m.kind} ${(m.metadata as any)?.namespace ?? ''}/${(m.metadata as any)?.name}`;

const pod = (appId: string, extra: Record<string, string> = {}, spec: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: appId }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': appId, ...extra } },
  spec: { containers: [{ name: appId, image: `example.com/${appId}:1.0` }], ...spec },
});

// --- daprkit's own output, read back ---------------------------------------------------------------

function daprkitSystem(): Manifest[] {
  const app = new daprkit.DaprkitApp({ onWarnings: () => undefined });
  const chart = new daprkit.Chart(app, 'shop', { namespace: 'shop' });
  const store = daprkit.StateStore.redis(chart, 'statestore', { metadata: { redisHost: 'redis:6379', actorStateStore: true } });
  const secrets = daprkit.SecretStore.kubernetes(chart, 'k8s-secrets', {});
  const orders = new daprkit.DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1.0', appPort: 8080, config: new daprkit.Configuration(chart, 'orders-config') });
  orders.hostsWorkflows({ stateStore: store });
  orders.readsSecrets(daprkit.KUBERNETES_SECRET_STORE, { keys: ['orders-db', 'orders-api'] });
  const checkout = new daprkit.DaprApp(chart, 'checkout', { appId: 'checkout', image: 'checkout:1.0', appPort: 8080, config: new daprkit.Configuration(chart, 'checkout-config') });
  checkout.readsSecrets(secrets, { allKeys: true });
  checkout.schedulesWorkflows(orders, { workflows: ['OrderWF', 'Report*'], activities: ['Charge'] });
  checkout.schedulesWorkflows(orders, { workflows: ['Audit'], operations: [daprkit.WorkflowOperation.GET, daprkit.WorkflowOperation.SCHEDULE] });
  new daprkit.DaprApp(chart, 'ledger', {
    appId: 'ledger',
    image: 'ledger:1.0',
    appPort: 9000,
    workload: daprkit.WorkloadType.STATEFUL_SET,
    replicas: 3,
    volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(5), mountPath: '/data', storageClassName: 'fast' }],
  });
  new daprkit.DaprJob(chart, 'report', { appId: 'report', image: 'report:1.0' });
  new daprkit.DaprJob(chart, 'nightly', { appId: 'nightly', image: 'nightly:1.0', schedule: '0 2 * * *', backoffLimit: 2 }).invokes(orders);
  const tools = new daprkit.McpServer(chart, 'tools', {
    endpoint: daprkit.McpEndpoint.streamableHttp({
      url: 'http://tools:8080/mcp',
      headers: { Authorization: daprkit.SecretValue.fromSecret('tools', 'token'), 'X-Team': daprkit.MetadataValue.literal('shop') },
      timeout: Duration.seconds(30),
    }),
  });
  checkout.uses(tools);
  return app.synthManifests();
}

describe("daprkit's own output, imported again", () => {
  const original = daprkitSystem();
  const { result, code } = program('own-output', original);

  test('every object is a typed construct (the Namespace aside), with no escape hatch', () => {
    const raw = result.report.objects.filter((o) => o.as === 'ApiObject').map((o) => o.resource);
    expect(raw).toEqual(['Namespace/default/shop']);
    expect(code).not.toMatch(/patchWorkload|patchService|patchHeadlessService|addJsonPatch/);
  });

  test("each app's own ServiceAccount and the RBAC of readsSecrets fold back into the app", () => {
    const as = asOf(result);
    for (const appId of ['orders', 'checkout', 'ledger']) expect(as[`ServiceAccount/shop/${appId}`]).toBe('DaprApp');
    for (const appId of ['report', 'nightly']) expect(as[`ServiceAccount/shop/${appId}`]).toBe('DaprJob');
    expect(as['Role/shop/orders-secret-reader']).toBe('DaprApp');
    expect(as['RoleBinding/shop/checkout-secret-reader']).toBe('DaprApp');
    expect(code).not.toContain('serviceAccount:');
    expect(code).toContain("orders.readsSecrets('kubernetes', { keys: ['orders-api', 'orders-db'] });");
    expect(code).toContain('checkout.readsSecrets(k8sSecrets, { allKeys: true });');
    // The token pair readsSecrets writes needs no prop of its own.
    expect(code).not.toMatch(/automountServiceAccountToken|disableBuiltinK8sSecretStore/);
  });

  test("the workloads are written as a person would: image shortcut, daprkit's defaults left to it", () => {
    expect(code).toMatch(/new DaprApp\(this, 'ledger', \{\n\s+appId: 'ledger',\n\s+image: 'ledger:1\.0',/);
    expect(code).toContain('workload: WorkloadType.STATEFUL_SET,');
    expect(code).toContain("volumeClaimTemplates: [\n        { name: 'data', storage: Size.gibibytes(5), mountPath: '/data', storageClassName: 'fast' },\n      ],");
    expect(code).toContain("new DaprJob(this, 'report', { appId: 'report', image: 'report:1.0' });");
    expect(code).toMatch(/new DaprJob\(this, 'nightly', \{\n\s+appId: 'nightly',\n\s+image: 'nightly:1\.0',\n\s+schedule: '0 2 \* \* \*',\n\s+backoffLimit: 2,\n\s+\}\);/);
    expect(code).not.toMatch(/withoutDefaults|NATIVE_SIDECAR|ConcurrencyPolicy|headlessService/);
  });

  test('the compiled WorkflowAccessPolicy is the callers\' schedulesWorkflows calls, the MCP server\'s scope app.uses', () => {
    expect(asOf(result)['WorkflowAccessPolicy/shop/orders-workflows']).toBe('DaprApp.schedulesWorkflows');
    expect(code).toContain("checkout.schedulesWorkflows(orders, { workflows: ['OrderWF', 'Report*'] });");
    expect(code).toMatch(/checkout\.schedulesWorkflows\(orders, \{\n\s+workflows: \['Audit'\],\n\s+operations: \[WorkflowOperation\.SCHEDULE, WorkflowOperation\.GET\],\n\s+activities: \['Charge'\],\n\s+\}\);/);
    expect(code).toContain('checkout.uses(k8sSecrets, tools);');
    expect(code).not.toContain('new WorkflowAccessPolicy');
  });

  test('the same input gives the same bytes', () => {
    const again = importOf(original, 'own-output');
    expect([...again.files.entries()]).toEqual([...result.files.entries()]);
  });
});

// --- StatefulSets ------------------------------------------------------------------------------------

const ledgerSts = (serviceName: string | undefined, extraSpec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'ledger', labels: { app: 'ledger' } },
  spec: {
    ...(serviceName !== undefined ? { serviceName } : {}),
    replicas: 2,
    podManagementPolicy: 'Parallel',
    selector: { matchLabels: { app: 'ledger' } },
    template: {
      metadata: { labels: { app: 'ledger' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'ledger', 'dapr.io/app-port': '9000' } },
      spec: { containers: [{ name: 'ledger', image: 'ledger:2.1', ports: [{ containerPort: 9000, name: 'api' }], volumeMounts: [{ name: 'journal', mountPath: '/var/lib/ledger' }] }] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'journal' }, spec: { accessModes: ['ReadWriteMany'], storageClassName: 'shared', resources: { requests: { storage: '10Gi' } } } }],
    ...extraSpec,
  },
});

describe('StatefulSets become DaprApps with workload STATEFUL_SET', () => {
  const governing = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ledger-peers', labels: { app: 'ledger' } }, spec: { clusterIP: 'None', selector: { app: 'ledger' }, ports: [{ name: 'api', port: 9000, targetPort: 'api' }] } };
  const front = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ledger', labels: { app: 'ledger' } }, spec: { selector: { app: 'ledger' }, ports: [{ port: 80, targetPort: 9000 }] } };
  const { result, code } = program('statefulset', [governing, ledgerSts('ledger-peers'), front]);

  test('the governing headless Service is headlessService, the other the app Service, claims typed, no escape hatch', () => {
    expect(asOf(result)).toEqual({ 'Service/default/ledger-peers': 'DaprApp', 'StatefulSet/default/ledger': 'DaprApp', 'Service/default/ledger': 'DaprApp' });
    expect(code).toContain('workload: WorkloadType.STATEFUL_SET,');
    expect(code).toContain('podManagementPolicy: PodManagementPolicy.PARALLEL,');
    expect(code).toMatch(/headlessService: \{\n\s+metadata: \{ name: 'ledger-peers' \},\n\s+ports: \[\{ port: 9000, targetPort: 'api', name: 'api' \}\],\n\s+\},/);
    expect(code).toMatch(/storage: Size\.gibibytes\(10\),\n\s+mountPath: '\/var\/lib\/ledger',\n\s+accessModes: \[PersistentVolumeAccessMode\.READ_WRITE_MANY\],\n\s+storageClassName: 'shared',/);
    expect(code).not.toMatch(/patchWorkload|patchService|patchHeadlessService/);
  });

  test('a governing Service the input does not hold is named, managed elsewhere, with what daprkit would write', () => {
    const { result: missing, code: missingCode } = program('statefulset-elsewhere', [ledgerSts('ledger-peers')]);
    expect(asOf(missing)['StatefulSet/default/ledger']).toBe('DaprApp');
    expect(missingCode).toMatch(/\/\/ Service "ledger-peers" is not among the imported objects as a headless Service of these pods; daprkit\n\s+\/\/\s+would write a headless Service ledger-headless\n\s+headlessService: \{ metadata: \{ name: 'ledger-peers' \}, managedElsewhere: true \},/);
  });

  test('a governing Service that is not headless stays what it is (here the app Service); the StatefulSet only names it', () => {
    const { result: plain, code: plainCode } = program('statefulset-plain-governing', [ledgerSts('ledger'), front]);
    expect(asOf(plain)).toEqual({ 'StatefulSet/default/ledger': 'DaprApp', 'Service/default/ledger': 'DaprApp' });
    expect(plainCode).toContain("headlessService: { metadata: { name: 'ledger' }, managedElsewhere: true },");
  });

  test('claim templates daprkit cannot type (a data source) are kept by the escape hatch, the app stays typed', () => {
    const sts = ledgerSts('ledger-peers');
    (sts.spec.volumeClaimTemplates[0]!.spec as Record<string, unknown>).dataSource = { kind: 'VolumeSnapshot', name: 'snap', apiGroup: 'snapshot.storage.k8s.io' };
    const { result: odd, code: oddCode } = program('statefulset-datasource', [governing, sts]);
    expect(asOf(odd)['StatefulSet/default/ledger']).toBe('DaprApp');
    expect(oddCode).not.toContain('volumeClaimTemplates:');
    expect(oddCode).toContain("ledger.patchWorkload(");
  });
});

// --- Jobs and CronJobs ----------------------------------------------------------------------------

describe('Jobs and CronJobs become DaprJobs; the native sidecar does not slip in', () => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate-once' }, spec: { backoffLimit: 0, template: { ...pod('migrate', {}, { restartPolicy: 'Never' }), metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'migrate' } } } } };
  const cron = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cleanup', labels: { app: 'cleanup', team: 'ops' } },
    spec: {
      schedule: '*/15 * * * *',
      timeZone: 'Europe/Berlin',
      successfulJobsHistoryLimit: 5,
      startingDeadlineSeconds: 120,
      jobTemplate: { spec: { activeDeadlineSeconds: 600, template: pod('cleanup', { 'dapr.io/enable-native-sidecar': 'true' }, { restartPolicy: 'OnFailure' }) } },
    },
  };
  const statestore = { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'statestore' }, spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'redis:6379' }] }, scopes: ['cleanup'] };
  const { result, code } = program('jobs', [statestore, job, cron]);

  test('each is a DaprJob with its settings typed, and the component scoped to it is job.uses', () => {
    expect(asOf(result)).toEqual({ 'Component/default/statestore': 'StateStore.redis', 'Job/default/migrate-once': 'DaprJob', 'CronJob/default/cleanup': 'DaprJob' });
    expect(code).toContain("schedule: '*/15 * * * *',");
    expect(code).toContain("timeZone: 'Europe/Berlin',");
    expect(code).toContain('successfulJobsRetained: 5,');
    expect(code).toContain('startingDeadline: Duration.minutes(2),');
    expect(code).toContain('activeDeadline: Duration.minutes(10),');
    expect(code).toContain('restartPolicy: JobRestartPolicy.ON_FAILURE,');
    expect(code).toContain('backoffLimit: 0,');
    expect(code).toContain('cleanup.uses(statestore);');
    expect(code).not.toMatch(/patchWorkload/);
  });

  test('a job without dapr.io/enable-native-sidecar gets the explicit NATIVE_SIDECAR opt-out, with what daprkit would add', () => {
    const migrate = code.slice(code.indexOf("new DaprJob(this, 'migrate'"), code.indexOf("new DaprJob(this, 'cleanup'"));
    expect(migrate).toContain('DaprAppDefault.NATIVE_SIDECAR, // daprkit would run daprd as a native sidecar (dapr.io/enable-native-sidecar: "true"), so it stops when the job\'s app exits');
    expect(migrate).toContain("workloadMetadata: { name: 'migrate-once', labels: {} },");
    expect(migrate).toContain('podLabels: {},');
    // The CronJob asks for the native sidecar: that is DaprJob's default, no option needed.
    const cleanup = code.slice(code.indexOf("new DaprJob(this, 'cleanup'"));
    expect(cleanup).not.toMatch(/NATIVE_SIDECAR|enableNativeSidecar/);
  });

  test('a CronJob without concurrencyPolicy gets the explicit CONCURRENCY_POLICY opt-out; Forbid is the default', () => {
    expect(code).toContain('DaprAppDefault.CONCURRENCY_POLICY, // daprkit would skip a run while the last one still runs (concurrencyPolicy: Forbid)');
    const forbid = { ...cron, metadata: { name: 'cleanup' }, spec: { ...cron.spec, concurrencyPolicy: 'Forbid' } };
    const { code: forbidCode } = program('jobs-forbid', [forbid]);
    expect(forbidCode).not.toMatch(/CONCURRENCY_POLICY|concurrencyPolicy/);
  });

  test('a CronJob DaprJob cannot write stays raw, with the reason', () => {
    const bad = { ...cron, spec: { ...cron.spec, schedule: '0 25 * * *' } };
    const raw = importOf([bad], 'jobs-bad');
    expect(raw.report.objects[0]).toMatchObject({ as: 'ApiObject', reason: expect.stringMatching(/its schedule is not one Kubernetes accepts \(the hour field/) });
  });
});

// --- WorkflowAccessPolicies -------------------------------------------------------------------------

const app = (appId: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: appId, labels: { app: appId } },
  spec: { replicas: 1, selector: { matchLabels: { app: appId } }, template: pod(appId) },
});

describe('WorkflowAccessPolicies', () => {
  const compiled = {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'WorkflowAccessPolicy',
    metadata: { name: 'orders-workflows' },
    scopes: ['orders'],
    spec: {
      rules: [
        { callers: [{ appID: 'checkout' }], workflows: [{ name: 'Audit', operations: ['schedule', 'get'] }, { name: 'OrderWF', operations: ['schedule'] }], activities: [{ name: 'Charge' }] },
        { callers: [{ appID: 'shipping' }], activities: [{ name: 'Ship*' }] },
      ],
    },
  };

  test('a policy that is exactly what schedulesWorkflows compiles becomes the callers\' calls', () => {
    const { result, code } = program('wap-compiled', [app('orders'), app('checkout'), app('shipping'), compiled]);
    expect(asOf(result)['WorkflowAccessPolicy/default/orders-workflows']).toBe('DaprApp.schedulesWorkflows');
    expect(code).toMatch(/checkout\.schedulesWorkflows\(orders, \{\n\s+workflows: \['Audit'\],\n\s+operations: \[WorkflowOperation\.SCHEDULE, WorkflowOperation\.GET\],\n\s+activities: \['Charge'\],\n\s+\}\);/);
    expect(code).toContain("checkout.schedulesWorkflows(orders, { workflows: ['OrderWF'] });");
    expect(code).toContain("shipping.schedulesWorkflows(orders, { activities: ['Ship*'] });");
  });

  test('any other policy is an explicit WorkflowAccessPolicy: apps of the chart by variable, others by app-id', () => {
    const renamed = { ...compiled, metadata: { name: 'orders-callers' }, scopes: ['orders', 'billing'] };
    const { result, code } = program('wap-explicit', [app('orders'), app('checkout'), renamed]);
    expect(asOf(result)['WorkflowAccessPolicy/default/orders-callers']).toBe('WorkflowAccessPolicy');
    expect(code).toContain("scopes: [orders, 'billing'],");
    expect(code).toContain("callers: [checkout],");
    expect(code).toContain("callers: ['shipping'],");
    expect(code).toContain("{ name: 'Audit', operations: [WorkflowOperation.SCHEDULE, WorkflowOperation.GET] },");
  });

  test('what Dapr 1.18.3 does not have (requires) keeps the policy raw, and the report says so', () => {
    const withRequires = { ...compiled, metadata: { name: 'gated' }, spec: { rules: [{ callers: [{ appID: 'checkout' }], activities: [{ name: 'Charge', requires: [{ eventType: 'activity.completed', name: 'Check', appID: 'checkout' }] }] }] } };
    const result = importOf([withRequires], 'wap-requires');
    expect(result.report.objects[0]).toMatchObject({ as: 'ApiObject', reason: 'an activity rule is not a name' });
    const newer = { ...compiled, metadata: { name: 'older-form' }, spec: { defaultAction: 'deny', rules: [] } };
    expect(importOf([newer], 'wap-older').report.objects[0]?.reason).toMatch(/its spec says defaultAction, which Dapr 1\.18\.3's WorkflowAccessPolicy does not have/);
  });
});

// --- MCPServers ----------------------------------------------------------------------------------------

describe('MCPServers become McpServer', () => {
  const server = {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'MCPServer',
    metadata: { name: 'payments-tools' },
    scopes: ['agent', 'batch-runner'],
    spec: {
      ignoreErrors: true,
      catalog: { displayName: 'Payments', owner: { team: 'payments' }, tags: ['prod'], links: { docs: 'https://example.com/docs' } },
      middleware: { beforeCallTool: [{ workflow: { workflowName: 'rbac-check', appID: 'policy' }, mutate: false }] },
      endpoint: {
        streamableHTTP: {
          url: 'https://payments.internal/mcp',
          timeout: '45s',
          headers: [
            { name: 'Authorization', value: 'Bearer s3cr3t-token' },
            { name: 'X-Api-Key', secretKeyRef: { name: 'payments', key: 'api-key' } },
            { name: 'X-Region', value: 'eu-west-1' },
            { name: 'X-Trace', envRef: 'TRACE_ID' },
          ],
        },
      },
    },
  };
  const { result, code } = program('mcp', [app('agent'), app('policy'), server]);

  test('endpoint, headers, catalog and hooks are typed; apps of the chart load it with uses, others are named', () => {
    expect(asOf(result)['MCPServer/default/payments-tools']).toBe('McpServer');
    expect(code).toContain("X-Api-Key': SecretValue.fromSecret('payments', 'api-key'),");
    expect(code).toContain("'X-Region': MetadataValue.literal('eu-west-1'),");
    expect(code).toContain("'X-Trace': MetadataValue.fromEnv('TRACE_ID'),");
    expect(code).toContain('timeout: Duration.seconds(45),');
    expect(code).toContain("scopes: ['batch-runner'],");
    expect(code).toContain('agent.uses(paymentsTools);');
    // A hook host is referred to by app-id, so no WorkflowAccessPolicy is compiled for it.
    expect(code).toContain("const policyHost = DaprApp.fromAppId(this, 'policy-hook-host', 'policy');");
    expect(code).toContain("middleware: { beforeCallTool: [{ workflow: 'rbac-check', app: policyHost, mutate: false }] },");
    expect(code).toContain("catalog: {\n        displayName: 'Payments',");
  });

  test('a credential in plain text is the explicit SecretValue.unsafePlainText with the finding beside it, reported, not ignored', () => {
    expect(code).toMatch(/\/\/ component-sensitive-plaintext: a credential in plain text; keep it in a secret store and use\n\s+\/\/\s+SecretValue\.fromSecret\n\s+Authorization: SecretValue\.unsafePlainText\('Bearer s3cr3t-token'\),/);
    expect(result.report.suppressed.map((s) => `${s.resource} ${s.check}`)).toContain('MCPServer/default/payments-tools component-sensitive-plaintext');
    expect(code).not.toMatch(/paymentsTools\.apiObject\.metadata\.addAnnotation\('daprkit\.io\/ignore', '[^']*component-sensitive-plaintext/);
    expect(JSON.stringify(result.report)).not.toContain('s3cr3t');
  });

  test('OAuth2 without a client secret reference stays raw, with the reason', () => {
    const oauth = { apiVersion: 'dapr.io/v1alpha1', kind: 'MCPServer', metadata: { name: 'o' }, spec: { endpoint: { sse: { url: 'https://o.example.com', auth: { oauth2: { issuer: 'https://login.example.com/token' } } } } } };
    expect(importOf([oauth], 'mcp-oauth').report.objects[0]).toMatchObject({ as: 'ApiObject', reason: expect.stringMatching(/OAuth2 client secret is not a secret reference/) });
  });
});

// --- what is not exactly daprkit's stays an object of its own -----------------------------------------

describe("identity objects that are not exactly daprkit's stay objects of their own", () => {
  const sa = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, labels: { app: name } }, automountServiceAccountToken: false, ...extra });
  const withSa = (appId: string) => {
    const d = app(appId);
    (d.spec.template.spec as Record<string, unknown>).serviceAccountName = appId;
    return d;
  };

  test("a ServiceAccount the pod names but daprkit would write otherwise is raw; the app names it", () => {
    const { result, code } = program('identity-sa', [withSa('orders'), sa('orders', { automountServiceAccountToken: true }), withSa('billing'), sa('billing')]);
    expect(asOf(result)).toMatchObject({ 'ServiceAccount/default/orders': 'ApiObject', 'ServiceAccount/default/billing': 'DaprApp' });
    expect(code).toContain("serviceAccount: ServiceAccount.fromServiceAccountName(this, 'orders-service-account', 'orders'),");
  });

  test('a Role that grants more than readsSecrets does stays raw, and no readsSecrets is written', () => {
    const reader = withSa('orders');
    reader.spec.template = pod('orders', { 'dapr.io/config': 'orders-config', 'dapr.io/disable-builtin-k8s-secret-store': 'false' }, { serviceAccountName: 'orders', automountServiceAccountToken: true });
    const config = { apiVersion: 'dapr.io/v1alpha1', kind: 'Configuration', metadata: { name: 'orders-config' }, spec: { secrets: { scopes: [{ storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: ['orders-db'] }] } } };
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'orders-secret-reader', labels: { app: 'orders' } }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch'], resourceNames: ['orders-db'] }] };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'orders-secret-reader', labels: { app: 'orders' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'orders-secret-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'orders', namespace: 'default' }],
    };
    const { result, code } = program('identity-role', [config, reader, sa('orders'), role, binding]);
    expect(asOf(result)).toMatchObject({ 'Role/default/orders-secret-reader': 'ApiObject', 'RoleBinding/default/orders-secret-reader': 'ApiObject', 'Deployment/default/orders': 'DaprApp' });
    expect(code).not.toContain('readsSecrets');
    // With the Role as readsSecrets writes it, both fold in.
    const { result: exact, code: exactCode } = program('identity-role-exact', [config, reader, sa('orders'), { ...role, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['orders-db'] }] }, binding]);
    expect(asOf(exact)).toMatchObject({ 'Role/default/orders-secret-reader': 'DaprApp', 'RoleBinding/default/orders-secret-reader': 'DaprApp' });
    expect(exactCode).toContain("orders.readsSecrets('kubernetes', { keys: ['orders-db'] });");
  });
});

// --- hostile input ---------------------------------------------------------------------------------------

describe('hostile names and values in the new kinds', () => {
  const hostile = "end */ `tick` ${x} 'q' \"dq\" ünï 🚀 \u202e";
  const system = [
    // App-ids that are reserved words.
    { ...app('class'), metadata: { name: 'class', labels: { app: 'class' }, annotations: { note: hostile } } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'new', annotations: { note: hostile } }, spec: { template: pod('new', { 'example.com/x': hostile }, { restartPolicy: 'Never' }) } },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'WorkflowAccessPolicy',
      metadata: { name: 'class-workflows' },
      scopes: ['class'],
      spec: { rules: [{ callers: [{ appID: 'new' }], workflows: [{ name: hostile, operations: ['schedule'] }] }] },
    },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name: 'default' },
      scopes: ['new'],
      spec: { catalog: { description: hostile }, endpoint: { stdio: { command: hostile, args: [hostile], env: [{ name: 'NOTE', value: hostile }] } } },
    },
  ];
  const { result, code } = program('hostile-kinds', system);

  test('every object is typed; no variable is a reserved word; values stay inside their literals', () => {
    expect(result.report.objects.every((o) => o.as !== 'ApiObject')).toBe(true);
    for (const word of ['class', 'new', 'default']) expect(code).not.toMatch(new RegExp(`const ${word} =`));
    expect(code).toContain("'end */ `tick` ${x} \\'q\\' \"dq\" ünï 🚀 \\u202e'");
    expect(code).toContain('newJob.schedulesWorkflows(classApp, {');
  });
});

describe('every program of this file compiles under strict and reproduces its input', () => {
  test('compiles', () => {
    expect(typeErrors([...programs.values()].map((p) => p.dir))).toEqual([]);
  });

  test('synthesizes (DaprkitApp checks pass with the suppressions) every object as written, and nothing else but Namespaces', () => {
    for (const [name, p] of programs) {
      const out = runProgram(p.dir, path.join(p.dir, 'dist'));
      const pool = new Map<string, Manifest[]>();
      for (const m of out) pool.set(identity(m), [...(pool.get(identity(m)) ?? []), m]);
      const differences: string[] = [];
      for (const original of p.originals) {
        const candidates = pool.get(identity(original)) ?? [];
        const at = candidates.findIndex((c) => JSON.stringify(sortKeys(comparable(c))) === JSON.stringify(sortKeys(comparable(original))));
        if (at < 0) differences.push(identity(original));
        else candidates.splice(at, 1);
      }
      const extra = [...pool.values()].flat().filter((m) => m.kind !== 'Namespace').map(identity);
      expect({ name, differences, extra }).toEqual({ name, differences: [], extra: [] });
    }
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
