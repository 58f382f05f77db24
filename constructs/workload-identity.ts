/**
 * Identity and secrets of a Dapr workload: the ServiceAccount it runs under, and what reading
 * secrets through the Dapr secrets API takes — a secret scope in the app's Configuration, and, for
 * a Kubernetes secret store, a Role and RoleBinding for the app's ServiceAccount and the token
 * mounted in the pod (daprd's Kubernetes store authenticates with it).
 *
 * Facts from Dapr 1.18 and components-contrib 1.18:
 * - the Kubernetes store reads Secrets of the namespace in the request's `metadata.namespace`, else
 *   of daprd's `NAMESPACE` (the pod's namespace, set by the injector); `defaultNamespace` only
 *   counts when neither is there (components-contrib secretstores/kubernetes/kubernetes.go);
 * - it authenticates with the in-cluster config, i.e. the pod's service account token
 *   (common/authentication/kubernetes/client.go); without the token it fails to initialize and
 *   daprd exits (dapr pkg/runtime/processor/components.go), which is also true of the built-in
 *   `kubernetes` store daprd adds unless `dapr.io/disable-builtin-k8s-secret-store` is set;
 * - a bulk read lists Secrets (`list`), which `resourceNames` cannot restrict;
 * - the `dapr` chart grants `get` on Secrets to the `default` ServiceAccount of one namespace only
 *   (charts/dapr/charts/dapr_rbac/templates/secret-reader.yaml), so an app with its own
 *   ServiceAccount needs its own grant.
 */
import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { isDnsSubdomain, dnsLabelProblem } from '../checks/formats';
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { Configuration, ISecretScopeContributor } from './configuration';
import { BuiltinSecretStore, SecretAccess, SecretScope } from './configuration-sections';
import { namespaceField } from './dapr-resource';
import { reportProblem } from './errors';
import { DaprNamespaces } from './namespaces';
import { IComponent, IConfiguration, IDaprApp } from './refs';

/** The namespace's own `default` ServiceAccount, chosen explicitly (`serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT`). */
export const NAMESPACE_DEFAULT_SERVICE_ACCOUNT = 'default';

/** The ServiceAccount a workload runs under: one of its own (the default), one given, or the namespace's `default`. */
export type WorkloadServiceAccount = kplus.IServiceAccount | typeof NAMESPACE_DEFAULT_SERVICE_ACCOUNT;

/** A secret store an app reads through the Dapr secrets API. */
export type ReadableSecretStore = IComponent | BuiltinSecretStore | typeof KUBERNETES_SECRET_STORE;

export interface ReadsSecretsOptions {
  /**
   * The secrets the app reads (for a Kubernetes store: names of Secret objects). Every other
   * secret of the store is denied to the app (`defaultAccess: deny`, `allowedSecrets`) and, for a
   * Kubernetes store, not granted by the Role (`resourceNames`).
   * @default - `allKeys: true` must be given instead
   */
  readonly keys?: readonly string[];
  /**
   * Let the app read every secret of the store (`defaultAccess: allow`; for a Kubernetes store a
   * Role with `get` and `list`, which bulk reads need). Only when asked: the default is `keys`.
   * @default false
   */
  readonly allKeys?: boolean;
  /**
   * For a Kubernetes store: the namespace whose Secrets the app reads (a request's
   * `metadata.namespace`); the Role and RoleBinding go there.
   * @default - the app's namespace (daprd's `NAMESPACE`)
   */
  readonly namespace?: string;
}

/** What an app that reads secrets is (DaprWorkload has all of it). */
export interface ISecretReaderApp extends IDaprApp {
  readonly config: IConfiguration | undefined;
  /** The name of the ServiceAccount the pods run under. */
  readonly serviceAccountName: string;
}

/** One `readsSecrets` call, validated. */
interface SecretRead {
  readonly store: IComponent | BuiltinSecretStore;
  readonly storeName: string;
  readonly kubernetes: boolean;
  readonly keys?: readonly string[];
  readonly namespace: string;
}

const READS = Symbol.for('daprkit.SecretReads');

/** The secret reads of one construct tree: the scopes they contribute to Configurations, and their validation. */
class SecretReads implements ISecretScopeContributor {
  public static of(scope: IConstruct): SecretReads {
    const root = scope.node.root as IConstruct & { [READS]?: SecretReads };
    if (!root[READS]) Object.defineProperty(root, READS, { value: new SecretReads() });
    return root[READS]!;
  }

  private readonly readers = new Map<ISecretReaderApp, SecretRead[]>();
  private readonly validated = new Set<Configuration>();

  public add(app: ISecretReaderApp, read: SecretRead): void {
    const reads = this.readers.get(app) ?? [];
    reads.push(read);
    this.readers.set(app, reads);
  }

  public readsOf(app: ISecretReaderApp): readonly SecretRead[] {
    return this.readers.get(app) ?? [];
  }

  /** Makes `config` carry the scopes of the apps that load it (called whenever a reader gets a Configuration). */
  public attach(config: IConfiguration): void {
    if (!Configuration.isConfiguration(config)) return;
    config.addSecretScopeContributor(this);
    if (this.validated.has(config)) return;
    this.validated.add(config);
    config.node.addValidation({ validate: () => this.sharedConfigurationProblems(config) });
  }

  public secretScopesFor(config: IConfiguration): SecretScope[] {
    const byStore = this.accessByStore(config);
    const stores = new Map([...this.readers.values()].flat().map((r) => [r.storeName, r.store]));
    return [...byStore.keys()].sort().map((storeName) => {
      const access = [...byStore.get(storeName)!.values()][0];
      const store = stores.get(storeName)!;
      return access === '*' ? { store, defaultAccess: SecretAccess.ALLOW } : { store, defaultAccess: SecretAccess.DENY, allowedSecrets: access.split('\u0000') };
    });
  }

  /** Per store, the distinct access (`*`, or the sorted keys) the apps loading `config` ask for. */
  private accessByStore(config: IConfiguration): Map<string, Map<string, string>> {
    const byStore = new Map<string, Map<string, string>>();
    for (const [app, reads] of this.readers) {
      if (app.config !== config) continue;
      for (const store of new Set(reads.map((r) => r.storeName))) {
        const mine = reads.filter((r) => r.storeName === store);
        const access = mine.some((r) => !r.keys) ? '*' : [...new Set(mine.flatMap((r) => r.keys ?? []))].sort().join('\u0000');
        const apps = byStore.get(store) ?? new Map<string, string>();
        apps.set(app.appId, access);
        byStore.set(store, apps);
      }
    }
    // One access per store: apps that disagree are reported, the first app's access is rendered.
    for (const [store, apps] of byStore) byStore.set(store, new Map([...apps].sort(([a], [b]) => (a < b ? -1 : 1))));
    return byStore;
  }

  /** Apps sharing a Configuration but reading different secrets of one store would all get the union: refused. */
  private sharedConfigurationProblems(config: IConfiguration): string[] {
    const problems: string[] = [];
    for (const [store, apps] of this.accessByStore(config)) {
      if (new Set(apps.values()).size < 2) continue;
      const ids = [...apps.keys()];
      problems.push(
        `Configuration "${config.name}" is loaded by ${ids.join(', ')}, which read different secrets of store "${store}"; ` +
          'its one secret scope per store would let each read what the others read. ' +
          `Fix: give each of these apps a Configuration of its own (e.g. "${ids[0]}-config"), passed as its \`config\`.`,
      );
    }
    return problems;
  }
}

/** The role name of an app's grant on Secrets of `namespace`. */
function roleName(app: IDaprApp, namespace: string): string {
  return namespace === app.namespace ? `${app.appId}-secret-reader` : `${app.namespace}.${app.appId}-secret-reader`;
}

/**
 * Records that `app` reads secrets of `store`; returns what the caller must change on the pod:
 * whether the token must be mounted and whether the built-in store must stay on.
 */
export function recordSecretRead(
  app: ISecretReaderApp & IConstruct,
  store: ReadableSecretStore,
  options: ReadsSecretsOptions,
): { kubernetes: boolean; builtin: boolean } | undefined {
  const storeName = typeof store === 'string' ? store : store.name;
  const builtin = typeof store === 'string';
  if (builtin && storeName !== KUBERNETES_SECRET_STORE) {
    reportProblem(app, 'readsSecrets.store', storeName, `a secret-store Component, or "${KUBERNETES_SECRET_STORE}"`, 'pass the store the app reads.');
    return undefined;
  }
  if (typeof store !== 'string' && !store.componentType.startsWith('secretstores.')) {
    reportProblem(app, 'readsSecrets.store', `${store.name} (${store.componentType})`, 'a secret-store Component (secretstores.*)', 'pass the secret store the app reads from.');
    return undefined;
  }
  if (typeof store !== 'string' && store.namespace !== app.namespace) {
    reportProblem(app, 'readsSecrets.store', `${store.namespace}/${store.name}`, `a secret store in namespace "${app.namespace}"`, 'an app loads only Components of its own namespace.');
    return undefined;
  }
  if ((options.keys === undefined) === (options.allKeys !== true)) {
    reportProblem(app, `readsSecrets["${storeName}"]`, options, 'exactly one of `keys` or `allKeys: true`', 'list the secrets the app reads in `keys`; allow every secret only with `allKeys: true`.');
    return undefined;
  }
  const kubernetes = builtin || (store as IComponent).componentType === 'secretstores.kubernetes';
  const keys = options.keys ? [...new Set(options.keys)].sort() : undefined;
  if (keys) {
    const bad = keys.filter((k) => (kubernetes ? !isDnsSubdomain(k) : k.trim() === ''));
    if (keys.length === 0 || bad.length > 0) {
      reportProblem(app, `readsSecrets["${storeName}"].keys`, options.keys, kubernetes ? 'names of Kubernetes Secrets (DNS subdomains)' : 'non-empty secret names', 'list the secrets the app reads.');
      return undefined;
    }
  }
  const namespace = options.namespace ?? app.namespace;
  if (options.namespace !== undefined && (!kubernetes || dnsLabelProblem(options.namespace))) {
    reportProblem(app, `readsSecrets["${storeName}"].namespace`, options.namespace, kubernetes ? 'a namespace (a DNS label)' : 'no namespace: only Kubernetes stores read Secrets of a namespace', 'leave it out for the app\'s own namespace.');
    return undefined;
  }
  const reads = SecretReads.of(app);
  const first = !reads.readsOf(app).some((r) => r.kubernetes && r.namespace === namespace);
  reads.add(app, { store: typeof store === 'string' ? BuiltinSecretStore.KUBERNETES : store, storeName, kubernetes, keys, namespace });
  if (app.config) reads.attach(app.config);
  if (kubernetes && first) grantSecretReads(app, namespace);
  return { kubernetes, builtin };
}

/** Called when a reader app gets a Configuration, so the scopes follow it. */
export function secretReaderConfigured(app: ISecretReaderApp, config: IConfiguration): void {
  const reads = SecretReads.of(app);
  if (reads.readsOf(app).length > 0) reads.attach(config);
}

/** The Role on Secrets of `namespace` and its binding to the app's ServiceAccount, from all the app's Kubernetes reads. */
function grantSecretReads(app: ISecretReaderApp & IConstruct, namespace: string): void {
  const reads = SecretReads.of(app);
  const name = roleName(app, namespace);
  const metadataNamespace = namespaceField(app, namespace);
  const labels = { app: app.appId };
  DaprNamespaces.ensure(app, namespace);
  new ApiObject(app, `SecretReaderRole-${namespace}`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: metadataNamespace, labels },
    rules: Lazy.any({
      produce: () => {
        const mine = reads.readsOf(app).filter((r) => r.kubernetes && r.namespace === namespace);
        if (mine.some((r) => !r.keys)) return [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }];
        return [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...new Set(mine.flatMap((r) => r.keys ?? []))].sort() }];
      },
    }),
  });
  new ApiObject(app, `SecretReaderRoleBinding-${namespace}`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: metadataNamespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: Lazy.any({ produce: () => app.serviceAccountName }), namespace: app.namespace }],
  });
}
