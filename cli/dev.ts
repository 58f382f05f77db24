/**
 * `daprkit dev`: turns Kubernetes manifests into what `dapr run -f` needs for local development —
 * a multi-app run file (`dapr.yaml`), a resources folder with the Components, Resiliency,
 * Subscriptions and HTTPEndpoints stripped of Kubernetes-only fields, the Configurations as files, and
 * a local file secret store standing in for the Kubernetes secrets (its file is git-ignored and only
 * ever holds placeholders written by daprkit).
 */
import { asArray, asRecord, daprAppIdOf, dig, isDaprKind, nameOf, podsOf } from '../checks/manifest';
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { Manifest } from '../checks/types';
import { jobNote, localSecretReaders } from './dev-workloads';

/** The local secret store that replaces Kubernetes secrets. */
export const LOCAL_SECRET_STORE = 'local-secret-store';
export const SECRETS_FILE = 'secrets.json';

export interface DevOptions {
  /** Commands per app-id (`--command todo-api="npm start"`); others get a placeholder that fails clearly. */
  readonly commands?: Readonly<Record<string, string>>;
}

/** The files to write, relative to the output folder, with their text. */
export type DevFiles = Map<string, unknown>;

/** Keeps only what a self-hosted sidecar reads: apiVersion, kind, metadata.name, spec, scopes, auth. */
function selfHosted(m: Manifest): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: m.apiVersion, kind: m.kind, metadata: { name: nameOf(m) } };
  for (const key of ['spec', 'scopes', 'auth']) if (m[key] !== undefined) out[key] = JSON.parse(JSON.stringify(m[key]));
  return out;
}

function placeholderCommand(appId: string): string[] {
  return ['sh', '-c', `echo "daprkit dev: set the command that starts ${appId} in dapr.yaml (or pass --command ${appId}=...)" >&2; exit 1`];
}

/** Splits a command line on spaces, keeping quoted parts together. */
function splitCommand(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

export function devFiles(manifests: readonly Manifest[], options: DevOptions = {}): { files: DevFiles; notes: string[] } {
  const files: DevFiles = new Map();
  const notes: string[] = [];
  const secrets: Record<string, Record<string, string>> = {};
  const resources: Record<string, unknown>[] = [];

  for (const m of manifests) {
    if (!isDaprKind(m) || !['Component', 'Resiliency', 'Subscription', 'HTTPEndpoint'].includes(m.kind)) continue;
    const local = selfHosted(m);
    let usesSecrets = false;
    for (const item of [...asArray(dig(local, 'spec', 'metadata')), ...asArray(dig(local, 'spec', 'headers'))]) {
      const ref = asRecord(dig(item, 'secretKeyRef'));
      if (!ref || typeof ref.name !== 'string') continue;
      usesSecrets = true;
      const key = typeof ref.key === 'string' ? ref.key : ref.name;
      (secrets[ref.name] ??= {})[key] = `<placeholder: the value of secret ${ref.name}, key ${key}>`;
    }
    const store = dig(local, 'auth', 'secretStore');
    if (usesSecrets && (store === undefined || store === KUBERNETES_SECRET_STORE)) local.auth = { secretStore: LOCAL_SECRET_STORE };
    resources.push(local);
  }
  // Apps that read Kubernetes secret stores read local file stores of the same name (issue 18).
  localSecretReaders(manifests, podsOf(manifests), resources, secrets, notes, SECRETS_FILE);
  if (Object.keys(secrets).length > 0) {
    resources.push({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: LOCAL_SECRET_STORE },
      spec: {
        type: 'secretstores.local.file',
        version: 'v1',
        metadata: [
          { name: 'secretsFile', value: SECRETS_FILE },
          { name: 'multiValued', value: 'true' },
        ],
      },
    });
    const sorted = Object.fromEntries(Object.keys(secrets).sort().map((k) => [k, Object.fromEntries(Object.keys(secrets[k]).sort().map((kk) => [kk, secrets[k][kk]]))]));
    files.set(SECRETS_FILE, JSON.stringify(sorted, null, 2) + '\n');
    files.set('.gitignore', `# Local secrets for the file secret store: never commit them.\n${SECRETS_FILE}\n`);
    notes.push(`${SECRETS_FILE} holds placeholders only: put the real values there (it is git-ignored).`);
  }
  for (const r of resources) files.set(`resources/${String(r.kind).toLowerCase()}-${String(dig(r, 'metadata', 'name'))}.yaml`, r);

  const configurations = new Set<string>();
  for (const m of manifests.filter((x) => isDaprKind(x, 'Configuration'))) {
    configurations.add(nameOf(m));
    files.set(`config/${nameOf(m)}.yaml`, selfHosted(m));
  }

  const apps: Record<string, unknown>[] = [];
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    const a = pod.annotations;
    const app: Record<string, unknown> = { appID: appId, appDirPath: '.' };
    notes.push(...jobNote(pod));
    if (a['dapr.io/app-port'] !== undefined && /^\d+$/.test(a['dapr.io/app-port'])) app.appPort = Number(a['dapr.io/app-port']);
    if (a['dapr.io/app-protocol'] !== undefined) app.appProtocol = a['dapr.io/app-protocol'];
    if (a['dapr.io/app-health-check-path'] !== undefined) app.appHealthCheckPath = a['dapr.io/app-health-check-path'];
    if (a['dapr.io/enable-app-health-check'] !== undefined) app.enableAppHealthCheck = a['dapr.io/enable-app-health-check'] === 'true';
    const config = a['dapr.io/config'];
    if (config !== undefined) {
      if (configurations.has(config)) app.configFilePath = `./config/${config}.yaml`;
      else notes.push(`${appId}: Configuration "${config}" is not among the manifests; no configFilePath.`);
    }
    if (a['dapr.io/log-level'] !== undefined) app.logLevel = a['dapr.io/log-level'];
    const container = asArray(pod.podSpec.containers)[0];
    const env: Record<string, string> = {};
    for (const e of asArray(dig(container, 'env'))) {
      const name = dig(e, 'name');
      const value = dig(e, 'value');
      if (typeof name !== 'string') continue;
      if (typeof value === 'string') env[name] = value;
      else notes.push(`${appId}: env ${name} comes from the cluster (valueFrom); set it yourself.`);
    }
    if (Object.keys(env).length > 0) app.env = Object.fromEntries(Object.keys(env).sort().map((k) => [k, env[k]]));
    const command = options.commands?.[appId];
    app.command = command !== undefined ? splitCommand(command) : placeholderCommand(appId);
    apps.push(app);
  }
  apps.sort((x, y) => String(x.appID).localeCompare(String(y.appID)));
  files.set('dapr.yaml', { version: 1, common: { resourcesPath: './resources' }, apps });
  return { files, notes: [...new Set(notes)] };
}
