/**
 * Issue 16 §2: no secret value is ever printed — by diff (text, JSON, markdown), lint (text, JSON,
 * SARIF), graph (every format) or dev (its output and every file it writes). Each sensitive
 * position holds its own canary, made at test time, so a failure names the position that leaked.
 * A redacted value still shows that it changed; values that cannot be secrets stay visible.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { carriesCredentials, maskCredentials } from '../checks/credentials';
import { diffManifests, formatDiffMarkdown, formatDiffText } from '../cli/diff';
import { lint } from '../cli/lint';
import { redactManifest } from '../cli/redact';
import { readManifests } from '../checks/read-manifests';
import { Manifest } from '../checks/types';
import { runCli, tempDir, writeManifests } from './support/cli';

const RUN = randomBytes(6).toString('hex');
/** The canary of one sensitive position, on one side of the diff. */
const canary = (position: string, side: 'old' | 'new' = 'new') => `CANARY${RUN}-${position}-${side}`;
const CANARY_PATTERN = new RegExp(`CANARY${RUN}-[A-Za-z0-9_-]+`, 'g');
const leaks = (text: string) => [...new Set(text.match(CANARY_PATTERN) ?? [])].sort();

const component = (name: string, type: string, metadata: unknown[] | undefined, extra: Record<string, unknown> = {}): Manifest => ({
  apiVersion: 'dapr.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'shop', ...extra },
  spec: { type, version: 'v1', ...(metadata === undefined ? {} : { metadata }) },
  scopes: ['orders'],
});
const item = (name: string, value: unknown) => ({ name, value });

/** One side of a system holding a secret in every position issue 16 names. */
function system(side: 'old' | 'new'): Manifest[] {
  const c = (p: string) => canary(p, side);
  const lastApplied = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: c('last-applied') } };
  return [
    component('cosmos', 'state.azure.cosmosdb', [item('url', 'https://x.documents.azure.com'), item('masterKey', c('cosmosdb-masterKey')), item('database', 'db'), item('collection', 'c')]),
    component('kafka', 'pubsub.kafka', [item('brokers', 'kafka:9092'), item('authType', 'mtls'), item('clientCert', 'cert'), item('clientKey', c('kafka-clientKey')), item('disableTls', 'false')]),
    // spnCertificate: an alias of azureCertificate that only the catalog knows is a secret.
    component('blobs', 'bindings.azure.blobstorage', [item('accountName', 'acct'), item('containerName', 'c'), item('spnCertificate', c('alias-spnCertificate'))]),
    // A misspelled sensitive field holds the secret all the same.
    component('cache', 'state.redis', [item('redisHost', 'redis:6379'), item('redisPasword', c('misspelled-redisPassword'))]),
    component('rabbit', 'pubsub.rabbitmq', [item('connectionString', `amqp://user:${c('url-password')}@rabbit-${side}:5672`)]),
    component('sql', 'state.sqlserver', [item('connectionString', `Server=sql-${side};User Id=sa;Password=${c('connection-string')};Database=app`)]),
    // The whole metadata list appears only on the new side.
    component('late', 'state.redis', side === 'new' ? [item('redisHost', 'redis:6379'), item('redisPassword', c('whole-list'))] : undefined),
    // Two items of one name: matched by index, still redacted.
    component('dupes', 'state.redis', [item('redisHost', 'redis:6379'), item('redisPassword', c('duplicate-1')), item('redisPassword', c('duplicate-2'))]),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(lastApplied) } },
      stringData: { password: c('secret-stringData') },
      data: { token: Buffer.from(c('secret-data')).toString('base64') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'orders', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'orders' } },
        template: {
          metadata: { labels: { app: 'orders' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'orders', 'dapr.io/app-port': side === 'old' ? '8080' : '9090', 'dapr.io/env': `LOG_LEVEL=${side},DB_PASSWORD=${c('dapr-env')},${c('dapr-env-after-comma')}` } },
          spec: {
            automountServiceAccountToken: side === 'new',
            containers: [
              {
                name: 'orders',
                image: 'orders:1',
                ports: [{ containerPort: side === 'old' ? 8080 : 9090 }],
                // The whole env list appears only on the new side.
                ...(side === 'new'
                  ? {
                      env: [
                        item('LOG_LEVEL', 'debug'),
                        item('X_PASSWORD', c('env-PASSWORD')),
                        item('DB_PASS', c('env-PASS')),
                        item('MY_SECRET_VALUE', c('env-SECRET')),
                        item('GITHUB_TOKEN', c('env-TOKEN')),
                        item('STRIPE_KEY', c('env-KEY')),
                        item('AWS_CREDENTIALS', c('env-CREDENTIAL')),
                        item('DATABASE_URL', `postgres://app:${c('env-DATABASE_URL')}@db:5432/app`),
                      ],
                    }
                  : {}),
              },
            ],
          },
        },
      },
    },
    { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'redis', namespace: 'shop' }, spec: { chart: { spec: { chart: 'redis' } }, values: { auth: { password: c('helm-values') }, replicas: 1 } } },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'redis', namespace: 'argocd' },
      spec: { source: { repoURL: 'https://charts.example', chart: 'redis', helm: { parameters: [{ name: 'auth.password', value: c('argo-parameter') }], values: `auth:\n  password: ${c('argo-values-text')}\n` } } },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' }, data: { DB_PASSWORD: c('configmap-key'), 'application.properties': `spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=${c('configmap-properties')}\n` } },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'MCPServer',
      metadata: { name: 'tools', namespace: 'shop' },
      spec: {
        endpoint: {
          streamableHTTP: {
            url: `https://tools.example/mcp?api_key=${c('mcp-url-query')}`,
            headers: [item('X-Tenant', 'shop'), item('X-Custom', `Bearer ${c('mcp-bearer')}`), item('Cookie', `session=${c('mcp-cookie')}`), item('X-Auth', c('mcp-auth-word'))],
          },
        },
      },
    },
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'billing', namespace: 'shop' },
      spec: { baseUrl: `https://svc:${c('endpoint-url')}@billing.example`, headers: [{ name: 'Authorization', value: `Bearer ${c('endpoint-header')}` }, { name: 'X-Api-Key', value: c('endpoint-apikey') }] },
    },
  ];
}

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-redaction-');
  writeManifests(path.join(work, 'old', 'system.yaml'), system('old'));
  writeManifests(path.join(work, 'new', 'system.yaml'), system('new'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('diff prints no secret, at any depth, in any format', () => {
  test.each(['text', 'json', 'markdown'])('--format %s', (format) => {
    const run = runCli(['diff', 'old', 'new', '--format', format], { cwd: work });
    expect(run.code).toBe(0);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  test('a redacted value still shows that it changed; what cannot be a secret stays visible; credentials are masked, the rest readable', () => {
    const text = formatDiffText(diffManifests(system('old'), system('new')));
    expect(text).toContain('spec.metadata[name=masterKey].value: changed (redacted)');
    expect(text).toContain('spec.metadata[name=clientKey].value: changed (redacted)');
    expect(text).toContain('stringData.password: changed (redacted)');
    expect(text).toContain('metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]: changed (redacted)');
    expect(text).toContain('spec.template.spec.automountServiceAccountToken: false → true');
    expect(text).toContain('spec.template.spec.containers[name=orders].ports[0].containerPort: 8080 → 9090');
    expect(text).toContain('"amqp://user:(redacted)@rabbit-old:5672" → "amqp://user:(redacted)@rabbit-new:5672"');
    expect(text).toContain('"Server=sql-old;User Id=sa;Password=(redacted);Database=app" → "Server=sql-new;User Id=sa;Password=(redacted);Database=app"');
    // An entry without "=" may be the rest of a secret holding a comma: redacted too.
    expect(text).toContain('"LOG_LEVEL=old,DB_PASSWORD=(redacted),(redacted)" → "LOG_LEVEL=new,DB_PASSWORD=(redacted),(redacted)"');
    // A whole list added: shown with its secrets redacted, its other values readable.
    expect(text).toMatch(/spec\.metadata: \(absent\) → \[\{"name":"redisHost","value":"redis:6379"\},\{"name":"redisPassword","value":"\(redacted\)"\}\]/);
    expect(text).toMatch(/env: \(absent\) → \[\{"name":"LOG_LEVEL","value":"debug"\},\{"name":"X_PASSWORD","value":"\(redacted\)"\}/);
    expect(text).toContain('"postgres://app:(redacted)@db:5432/app"');
    expect(leaks(text)).toEqual([]);
    expect(leaks(formatDiffMarkdown(diffManifests(system('old'), system('new'))))).toEqual([]);
  });

  test('every value of the redacted manifests is free of canaries, and nothing else changed', () => {
    for (const side of ['old', 'new'] as const) {
      const redacted = system(side).map((m) => redactManifest(m));
      expect(leaks(JSON.stringify(redacted))).toEqual([]);
      // Same keys and list lengths: a path into the manifest finds the redacted value.
      const shape = (v: unknown): unknown => (Array.isArray(v) ? v.map(shape) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v);
      expect(redacted.map(shape)).toEqual(system(side).map(shape));
    }
  });
});

describe('lint, graph and dev print no secret either', () => {
  test.each(['text', 'json', 'sarif'])('lint --format %s: findings quote field names, never values', (format) => {
    const run = runCli(['lint', 'new', '--format', format], { cwd: work });
    expect(run.code).toBe(1);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
    expect(run.stdout).toContain('masterKey');
  });

  test.each(['mermaid', 'dot', 'json', 'svg'])('graph --format %s', (format) => {
    const run = runCli(['graph', 'new', '--format', format], { cwd: work });
    expect(run.code).toBe(0);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  test('dev: neither its output nor any file it writes holds a secret; plaintext secrets become references to the local store', () => {
    const run = runCli(['dev', 'new', '--out', 'local', '--format', 'json'], { cwd: work });
    expect(run.code).toBe(0);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
    const files: string[] = [];
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.join(dir, e.name))));
    walk(path.join(work, 'local'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect({ file, leaks: leaks(fs.readFileSync(file, 'utf8')) }).toEqual({ file, leaks: [] });
    const cosmos = fs.readFileSync(path.join(work, 'local', 'resources', 'component-cosmos.yaml'), 'utf8');
    expect(cosmos).toMatch(/name: masterKey\n\s+secretKeyRef:\n\s+name: daprkit-plaintext-cosmos\n\s+key: masterKey/);
    const secrets = JSON.parse(fs.readFileSync(path.join(work, 'local', 'secrets.json'), 'utf8'));
    expect(secrets['daprkit-plaintext-cosmos'].masterKey).toMatch(/^<placeholder: /);
    expect(JSON.parse(run.stdout).notes).toEqual(expect.arrayContaining([expect.stringMatching(/env X_PASSWORD holds a secret, so it is not written/)]));
  });
});

test('lint hides only secrets: values that name secrets and its own examples stay readable', () => {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: shop}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata:\n      labels: {app: x}\n      annotations: {dapr.io/enabled: "true", dapr.io/app-id: app, dapr.io/env-from-secret: "A=b=c"}\n    spec:\n      containers: [{name: app, image: x}]\n`;
  const result = lint({ manifests: readManifests(text, 'app.yaml').manifests, findings: [], notices: [] }, { ignore: ['pod-security-restricted'] });
  const [finding] = result.findings.filter((f) => f.check === 'annotation-value');
  expect(finding.message).toBe('dapr.io/env-from-secret: "A=b=c" is not a comma-separated list of KEY=secret or KEY=secret:key pairs.');
  expect(finding.hint).toBe('Fix "A=b=c": write each as KEY=secret or KEY=secret:key, e.g. "DB_PASSWORD=db-secret:password".');
});

describe('credentials inside text', () => {
  test('masked where they are, the rest kept; the checks detect exactly what has a password part', () => {
    const secret = canary('mask');
    const cases: [string, string][] = [
      [`redis://:${secret}@redis:6379/0`, 'redis://:(redacted)@redis:6379/0'],
      [`amqp://user:${secret}@rabbit:5672`, 'amqp://user:(redacted)@rabbit:5672'],
      [`jdbc:postgresql://u:${secret}@db:5432/x`, 'jdbc:postgresql://u:(redacted)@db:5432/x'],
      [`redis://:p@ss/w${secret}@host:6379`, 'redis://:(redacted)@host:6379'],
      [`Server=db;User Id=sa;Password=${secret} x;`, 'Server=db;User Id=sa;Password=(redacted);'],
      [`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${secret};EndpointSuffix=core.windows.net`, 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=(redacted);EndpointSuffix=core.windows.net'],
      [`host=db password=${secret}`, 'host=db password=(redacted)'],
      [`https://api.example/v1?page=2&token=${secret}&x=1`, 'https://api.example/v1?page=2&token=(redacted)&x=1'],
      [`{"user": "a", "password": "${secret}"}`, '{"user": "a", "password": "(redacted)"}'],
      [`--db-password=${secret}`, '--db-password=(redacted)'],
    ];
    for (const [text, masked] of cases) {
      expect(maskCredentials(text)).toBe(masked);
      expect(leaks(maskCredentials(text))).toEqual([]);
    }
    for (const plain of ['redis:6379', 'amqp://rabbit:5672', 'https://example.com:443/@user', 'host=db user=app', 'passwordSecretName: db']) expect(maskCredentials(plain)).toBe(plain);
    expect(carriesCredentials('amqp://user:pw@rabbit')).toBe(true);
    expect(carriesCredentials('Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b')).toBe(true);
    expect(carriesCredentials('amqp://rabbit:5672')).toBe(false);
  });

  test('linear on hostile text: megabytes of separators, keywords and half URLs are masked in one pass', () => {
    const hostile = [' '.repeat(2_000_000), 'password'.repeat(200_000), 'a://'.repeat(200_000), `${'x:'.repeat(100_000)}@`, ';password='.repeat(100_000)].join('');
    expect(maskCredentials(hostile).length).toBeGreaterThan(0);
    expect(typeof carriesCredentials(hostile)).toBe('boolean');
  });
});
