/**
 * `daprkit dev`: turns Kubernetes manifests into what `dapr run -f` needs for local development —
 * a multi-app run file (`dapr.yaml`), a resources folder with the Components, Resiliency,
 * Subscriptions, HTTPEndpoints and MCPServers stripped of Kubernetes-only fields, the Configurations
 * as files, a local file secret store standing in for the Kubernetes secrets (its file is
 * git-ignored and only ever holds placeholders written by daprkit), and a `.daprkit.yaml` that
 * makes `daprkit lint` judge the folder as daprd's disk loader reads it (cli/dev-target.ts).
 *
 * What needs mTLS to work (access control, WorkflowAccessPolicies) is left out, with a note
 * (cli/dev-local.ts); addresses that resolve only inside the cluster get a warning with the local
 * substitute (cli/dev-addresses.ts).
 *
 * No secret value from the manifests is written: a plaintext secret in a Component's metadata is
 * turned into a reference to the local store (its value left for the user to fill in), an env
 * var whose name means a secret is left out of `dapr.yaml` (the user exports it), and anything else
 * redaction catches is written as `(redacted)`, each with a note. Files are written through the
 * safe writer (cli/safe-write.ts): only inside `--out`, never over a file the user edited.
 */
import * as path from 'path';
import { stringify } from 'yaml';
import { isSecretEnvName, isSecretSettingName, maskCredentials } from '../checks/credentials';
import { invalidAppIds } from '../checks/annotations';
import { asArray, asRecord, daprAppIdOf, dig, isDaprKind, nameOf, namespaceOf, podsOf } from '../checks/manifest';
import { objectNames } from '../checks/objects';
import { runChecks } from '../checks/index';
import { ReadNotice } from '../checks/read-manifests';
import { Finding, Manifest } from '../checks/types';
import { noticeText } from './diff';
import { clusterAddressWarnings } from './dev-addresses';
import { mcpServerNotes, readsLocalStore, secretSitesOf, SecretSites, setSecretStore, withoutAccessControl, workflowPolicyNote } from './dev-local';
import { isProjectRoot, LINT_CONFIG_FILE, lintConfigFile, LintConfigOutcome } from './dev-target';
import { jobNote, localSecretReaders } from './dev-workloads';
import { byCodePoint, jsonText, printable } from './escape';
import { UsageError } from './usage-error';
import { redactManifest, setOwn } from './redact';
import { PlannedFile, safeSegment, writeOutputFolder } from './safe-write';

/** The local secret store that replaces Kubernetes secrets. */
export const LOCAL_SECRET_STORE = 'local-secret-store';
export const SECRETS_FILE = 'secrets.json';

/** The Dapr kinds `dev` writes as resource files, and as configuration files. */
const RESOURCE_KINDS = ['Component', 'Resiliency', 'Subscription', 'HTTPEndpoint', 'MCPServer'];

export interface DevOptions {
  /** Commands per app-id (`--command todo-api="npm start"`); others get a placeholder that fails clearly. */
  readonly commands?: ReadonlyMap<string, string>;
  /**
   * Write `.daprkit.yaml` (`target: self-hosted`) into the folder; `outcome` learns what the writer
   * found in an existing one. Undefined: no such file.
   * @default - written, with an outcome nobody reads
   */
  readonly lintConfig?: LintConfigOutcome | false;
}

const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/**
 * The names dev turns into files and run-file entries, checked before anything is written: the
 * names of the Dapr resources it writes (DNS subdomains, as Kubernetes requires) and the app-ids
 * (DNS labels). A name such as `../../etc/victim` is an error here, never a path.
 */
export function devNameProblems(manifests: readonly Manifest[]): Finding[] {
  const written = manifests.filter((m) => isDaprKind(m) && (RESOURCE_KINDS.includes(m.kind) || m.kind === 'Configuration'));
  return [...runChecks(written, [objectNames]), ...runChecks(manifests, [invalidAppIds])].filter((f) => f.severity === 'error' && (f.check === 'object-name' || f.check === 'invalid-app-id'));
}

/** Keeps only what a self-hosted sidecar reads: apiVersion, kind, metadata.name, spec, scopes, auth. */
function selfHosted(m: Manifest): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: m.apiVersion, kind: m.kind, metadata: { name: nameOf(m) } };
  // A JSON round trip copies keys such as `__proto__` as own data properties.
  for (const key of ['spec', 'scopes', 'auth']) if (hasOwn(m, key) && m[key] !== undefined) setOwn(out, key, JSON.parse(JSON.stringify(m[key])));
  return out;
}

/** A command that fails with a message; the message is an argument, never shell code. */
function placeholderCommand(appId: string): string[] {
  return ['sh', '-c', 'echo "$1" >&2; exit 1', 'daprkit-dev', `daprkit dev: set the command that starts ${appId} in dapr.yaml (or pass --command ${appId}=...)`];
}

/** Splits a command line on spaces, keeping quoted parts together. */
function splitCommand(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The secret name under which dev serves a Component's plaintext secrets from the local store. */
export function plaintextSecretName(component: string): string {
  return `daprkit-plaintext-${component}`;
}

const placeholder = (name: string, key: string) => `<placeholder: the value of secret ${name}, key ${key}>`;

/** Secret name → key → placeholder, for the local file store. */
type Placeholders = Map<string, Map<string, string>>;

function addPlaceholder(secrets: Placeholders, name: string, key: string): void {
  let keys = secrets.get(name);
  if (!keys) secrets.set(name, (keys = new Map()));
  keys.set(key, placeholder(name, key));
}

/** A placeholder for every key of a secret an app may read, unless the secret has placeholders already. */
function addSecretKeysPlaceholder(secrets: Placeholders, name: string): void {
  if (!secrets.has(name)) secrets.set(name, new Map([['<key>', `<placeholder: the keys of secret ${name}>`]]));
}

/**
 * The secrets file: the placeholders, or (when the user's file exists) the user's file with the
 * placeholders it lacks added; undefined (keep it as it is) when it is not a JSON object.
 */
function secretsFileMerge(secrets: Placeholders): (existing: string) => string | undefined {
  return (existing) => {
    let data: unknown;
    try {
      data = JSON.parse(existing);
    } catch {
      return undefined;
    }
    const root = asRecord(data);
    if (!root) return undefined;
    let changed = false;
    for (const [name, keys] of secrets) {
      let entry = hasOwn(root, name) ? asRecord(root[name]) : undefined;
      if (hasOwn(root, name) && !entry) continue; // a single-valued secret the user wrote: theirs
      if (!entry) {
        entry = {};
        setOwn(root, name, entry);
      }
      for (const [key, value] of keys) {
        if (hasOwn(entry, key)) continue;
        setOwn(entry, key, value);
        changed = true;
      }
    }
    return changed ? JSON.stringify(root, null, 2) + '\n' : undefined;
  };
}

function secretsFileText(secrets: Placeholders): string {
  const root: Record<string, unknown> = {};
  for (const name of [...secrets.keys()].sort(byCodePoint)) {
    const keys = secrets.get(name)!;
    const entry: Record<string, unknown> = {};
    for (const key of [...keys.keys()].sort(byCodePoint)) setOwn(entry, key, keys.get(key));
    setOwn(root, name, entry);
  }
  return JSON.stringify(root, null, 2) + '\n';
}

/** Gives each resource its own file name (two Components may share a name in different namespaces). */
class FileNames {
  private readonly used = new Set<string>();
  take(folder: string, base: string, namespace: string): string {
    let candidate = `${folder}/${base}.yaml`;
    if (this.used.has(candidate.toLowerCase())) candidate = `${folder}/${base}.${safeSegment(namespace)}.yaml`;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${folder}/${base}.${safeSegment(namespace)}-${n}.yaml`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

/**
 * Moves plaintext secrets out of a resource's `{name, value}` items (Component metadata,
 * HTTPEndpoint headers): the item reads the secret from the local store instead (or, when the
 * resource uses another secret store, holds a placeholder), and the store gets a placeholder.
 */
function movePlaintextSecrets(m: Manifest, local: Record<string, unknown>, sites: SecretSites, secrets: Placeholders, notes: string[]): boolean {
  const redacted = redactManifest(m);
  const storeDeclared = dig(local, ...sites.store);
  const localStore = readsLocalStore(local, sites);
  let moved = false;
  for (const at of sites.lists) {
    const list = at[at.length - 1];
    const items = asArray(dig(local, ...at));
    const shown = asArray(dig(redacted, ...at));
    items.forEach((raw, index) => {
      const item = asRecord(raw);
      const name = item && hasOwn(item, 'name') ? item.name : undefined;
      if (!item || typeof name !== 'string' || !hasOwn(item, 'value')) return;
      const redactedValue = asRecord(shown[index])?.value;
      if (JSON.stringify(redactedValue) === JSON.stringify(item.value)) return;
      delete item.value;
      if (localStore) {
        const secret = plaintextSecretName(nameOf(m));
        setOwn(item, 'secretKeyRef', { name: secret, key: name });
        addPlaceholder(secrets, secret, name);
        moved = true;
        notes.push(`${m.kind} ${nameOf(m)}: ${list} "${name}" holds a secret in plain text; it is read from ${SECRETS_FILE} (secret ${secret}, key ${name}): put the value there.`);
      } else {
        setOwn(item, 'value', `<placeholder: the value of ${name}>`);
        notes.push(`${m.kind} ${nameOf(m)}: ${list} "${name}" holds a secret in plain text; daprkit wrote a placeholder: set the value in the written file, or reference secret store "${String(storeDeclared)}".`);
      }
    });
  }
  return moved;
}

/** The object, or its redacted copy with a note when redaction changed anything (credentials left elsewhere). */
function withoutSecrets(what: string, value: Record<string, unknown>, notes: string[]): Record<string, unknown> {
  const redacted = redactManifest(value);
  if (JSON.stringify(redacted) === JSON.stringify(value)) return value;
  notes.push(`${what}: values holding secrets were written as "(redacted)"; set them in the written file.`);
  return redacted;
}

/** The apps that load a resource: its scopes, or every app (`all`) when it has none. */
function loadersOf(local: Record<string, unknown>): Set<string> | 'all' {
  const scopes = asArray(local.scopes).filter((s): s is string => typeof s === 'string');
  return scopes.length === 0 ? 'all' : new Set(scopes);
}

export function devFiles(manifests: readonly Manifest[], options: DevOptions = {}): { files: PlannedFile[]; notes: string[]; warnings: string[] } {
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  const secrets: Placeholders = new Map();
  const names = new FileNames();
  const resources: { object: Record<string, unknown>; namespace: string; source?: Manifest }[] = [];
  // Store name → the apps that load a resource reading its secrets: a local store is scoped to them (all, when one is unscoped).
  const storeLoaders = new Map<string, Set<string> | 'all'>();
  const loadedBy = (store: string, local: Record<string, unknown>) => {
    const before = storeLoaders.get(store) ?? new Set<string>();
    const loaders = loadersOf(local);
    storeLoaders.set(store, before === 'all' || loaders === 'all' ? 'all' : new Set([...before, ...loaders]));
  };

  for (const m of manifests) {
    if (isDaprKind(m, 'WorkflowAccessPolicy')) notes.push(workflowPolicyNote(nameOf(m)));
    if (!isDaprKind(m) || !RESOURCE_KINDS.includes(m.kind)) continue;
    const local = selfHosted(m);
    const sites = secretSitesOf(local);
    let usesSecrets = false;
    if (sites) {
      const refs = [...sites.lists.flatMap((at) => asArray(dig(local, ...at)).map((item) => dig(item, 'secretKeyRef'))), ...sites.refs.map((at) => dig(local, ...at))];
      for (const raw of refs) {
        const ref = asRecord(raw);
        if (!ref || typeof ref.name !== 'string' || !hasOwn(ref, 'name')) continue;
        usesSecrets = true;
        const key = hasOwn(ref, 'key') && typeof ref.key === 'string' ? ref.key : ref.name;
        addPlaceholder(secrets, ref.name, key);
      }
      if (movePlaintextSecrets(m, local, sites, secrets, notes)) usesSecrets = true;
      if (usesSecrets && readsLocalStore(local, sites)) setSecretStore(local, sites, LOCAL_SECRET_STORE);
      const store = dig(local, ...sites.store);
      if (usesSecrets && typeof store === 'string') loadedBy(store, local);
    }
    if (m.kind === 'MCPServer') notes.push(...mcpServerNotes(local));
    resources.push({ object: withoutSecrets(`${m.kind} ${nameOf(m)}`, local, notes), namespace: namespaceOf(m), source: m });
  }
  // Apps that read Kubernetes secret stores read local file stores of the same name (issue 18).
  localSecretReaders(manifests, podsOf(manifests), resources, (name) => addSecretKeysPlaceholder(secrets, name), notes, SECRETS_FILE, storeLoaders);
  if (secrets.size > 0) {
    const object: Record<string, unknown> = {
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
    };
    // Loaded by the apps whose resources read it (daprd resolves a resource's secrets from the stores it loaded itself).
    const loaders = storeLoaders.get(LOCAL_SECRET_STORE);
    if (loaders !== undefined && loaders !== 'all' && loaders.size > 0) object.scopes = [...loaders].sort(byCodePoint);
    resources.push({ object, namespace: 'default' });
    files.push({ path: SECRETS_FILE, content: secretsFileText(secrets), policy: { merge: secretsFileMerge(secrets) }, mode: 0o600 });
    files.push({ path: '.gitignore', content: `# Local secrets for the file secret store: never commit them.\n${SECRETS_FILE}\n`, policy: 'gitignore' });
    notes.push(`${SECRETS_FILE} holds placeholders only: put the real values there (it is git-ignored).`);
  }
  const warnings: string[] = [];
  for (const { object, namespace, source } of resources) {
    const name = String(dig(object, 'metadata', 'name'));
    files.push({ path: names.take('resources', `${String(object.kind).toLowerCase()}-${safeSegment(name)}`, namespace), content: stringify(object) });
    if (source) warnings.push(...clusterAddressWarnings(source));
  }

  const configurations = new Map<string, string>();
  for (const m of manifests.filter((x) => isDaprKind(x, 'Configuration'))) {
    const rel = names.take('config', safeSegment(nameOf(m)), namespaceOf(m));
    if (!configurations.has(nameOf(m))) configurations.set(nameOf(m), rel);
    const local = selfHosted(m);
    withoutAccessControl(local, notes);
    files.push({ path: rel, content: stringify(withoutSecrets(`Configuration ${nameOf(m)}`, local, notes)) });
    warnings.push(...clusterAddressWarnings(m));
  }
  if (options.lintConfig !== false) files.push(lintConfigFile(options.lintConfig ?? {}));

  const apps: { app: Record<string, unknown>; command: string[] }[] = [];
  for (const pod of podsOf(manifests)) {
    const appId = daprAppIdOf(pod);
    if (appId === undefined) continue;
    const a = new Map(Object.entries(pod.annotations));
    const app: Record<string, unknown> = { appID: appId, appDirPath: '.' };
    notes.push(...jobNote(pod));
    const port = a.get('dapr.io/app-port');
    if (port !== undefined && /^\d+$/.test(port)) app.appPort = Number(port);
    if (a.has('dapr.io/app-protocol')) app.appProtocol = a.get('dapr.io/app-protocol');
    if (a.has('dapr.io/app-health-check-path')) app.appHealthCheckPath = a.get('dapr.io/app-health-check-path');
    if (a.has('dapr.io/enable-app-health-check')) app.enableAppHealthCheck = a.get('dapr.io/enable-app-health-check') === 'true';
    const config = a.get('dapr.io/config');
    if (config !== undefined) {
      const rel = configurations.get(config);
      if (rel !== undefined) app.configFilePath = `./${rel}`;
      else notes.push(`${appId}: Configuration "${config}" is not among the manifests; no configFilePath.`);
    }
    if (a.has('dapr.io/log-level')) app.logLevel = a.get('dapr.io/log-level');
    const container = asArray(pod.podSpec.containers)[0];
    const env = new Map<string, string>();
    for (const e of asArray(dig(container, 'env'))) {
      const record = asRecord(e);
      const name = record && hasOwn(record, 'name') ? record.name : undefined;
      const value = record && hasOwn(record, 'value') ? record.value : undefined;
      if (typeof name !== 'string') continue;
      if (typeof value !== 'string') notes.push(`${appId}: env ${name} comes from the cluster (valueFrom); set it yourself.`);
      else if (isSecretEnvName(name) || isSecretSettingName(name) || maskCredentials(value) !== value) notes.push(`${appId}: env ${name} holds a secret, so it is not written to dapr.yaml; export it in your shell before dapr run.`);
      else env.set(name, value);
    }
    if (env.size > 0) {
      const sorted: Record<string, unknown> = {};
      for (const k of [...env.keys()].sort(byCodePoint)) setOwn(sorted, k, env.get(k));
      app.env = sorted;
    }
    const command = options.commands?.get(appId);
    apps.push({ app, command: command !== undefined ? splitCommand(command) : placeholderCommand(appId) });
  }
  apps.sort((x, y) => byCodePoint(String(x.app.appID), String(y.app.appID)));
  // Redaction judges what came from the manifests; the commands are the user's own, from the command line.
  const shown = asArray(withoutSecrets('dapr.yaml', { apps: apps.map((a) => a.app) }, notes).apps);
  const runFile = { version: 1, common: { resourcesPath: './resources' }, apps: shown.map((app, i) => ({ ...(app as object), command: apps[i].command })) };
  files.push({ path: 'dapr.yaml', content: stringify(runFile) });
  files.sort((x, y) => byCodePoint(x.path, y.path));
  return { files, notes: [...new Set(notes)], warnings: [...new Set(warnings)] };
}

/** Why a file was kept, for the report. */
function keptReason(file: string, lintConfig: LintConfigOutcome): string {
  if (file === SECRETS_FILE) return 'it holds your values; nothing to add';
  if (file === '.gitignore') return `it already lists ${SECRETS_FILE}`;
  if (file === LINT_CONFIG_FILE && lintConfig.kept !== undefined) return lintConfig.kept;
  return 'edited since daprkit wrote it, and no longer produced';
}

/** The `dev` command after reading: names checked, files planned and written safely, and the report as text or JSON. */
export function runDev(
  manifests: readonly Manifest[],
  options: DevOptions & { readonly out: string; readonly force?: boolean; readonly format: 'text' | 'json'; readonly notices?: readonly ReadNotice[] },
): string {
  const problems = devNameProblems(manifests);
  if (problems.length > 0) {
    throw new UsageError(
      [`dev writes files named after these objects, and their names are not valid (nothing was written):`, ...problems.map((f) => `  ${printable(f.resource)}: ${printable(f.field)}: ${printable(f.message)}`)].join('\n'),
    );
  }
  // No lint settings in a project root: there they would apply to the project's Kubernetes manifests too.
  const lintConfig: LintConfigOutcome = {};
  const projectRoot = isProjectRoot(options.out);
  const { files, notes, warnings } = devFiles(manifests, { ...options, lintConfig: projectRoot ? false : lintConfig });
  const report = writeOutputFolder(options.out, files, { tool: 'dev', force: options.force, removeStale: true });
  const notices = options.notices ?? [];
  const folders = ['resources', 'config'].filter((folder) => files.some((f) => f.path.startsWith(`${folder}/`)));
  const lint = `cd ${printable(options.out)} && npx daprkit lint ${folders.join(' ')}${projectRoot || lintConfig.needsTarget ? ' --target self-hosted' : ''}`;
  if (options.format === 'json') return jsonText({ ...report, files: files.map((f) => f.path), warnings, notes, notices, lint });
  const at = (rel: string) => printable(path.join(options.out, rel));
  const lines = [
    ...report.written.map((f) => `wrote ${at(f)}`),
    ...report.merged.map((f) => `merged ${at(f)} (added what daprkit needs, kept the rest)`),
    ...report.kept.map((f) => `kept ${at(f)} (${printable(keptReason(f, lintConfig))})`),
    ...report.unchanged.map((f) => `unchanged ${at(f)}`),
    ...report.removed.map((f) => `removed ${at(f)} (no longer produced)`),
    ...warnings.map((w) => `warning: ${printable(w)}`),
    ...notes.map((n) => `note: ${printable(n)}`),
    ...notices.map(noticeText),
    ...(folders.length > 0 ? [`lint: ${lint}`] : []),
    `run: cd ${printable(options.out)} && dapr run -f dapr.yaml`,
  ];
  return lines.join('\n') + '\n';
}

/** `--command <app-id>=<command>` values as a map (app-ids such as `constructor` are ordinary keys). */
export function parseCommands(values: readonly string[]): Map<string, string> {
  const commands = new Map<string, string>();
  for (const c of values) {
    const at = c.indexOf('=');
    if (at <= 0) throw new UsageError(`--command ${printable(c)}: write it as <app-id>=<command>.`);
    commands.set(c.slice(0, at), c.slice(at + 1));
  }
  return commands;
}
