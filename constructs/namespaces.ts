/**
 * Namespace objects for the namespaces a system's apps use, so `kubectl apply` works on a fresh
 * cluster. The first DaprApp in a namespace creates its `Namespace` in a chart of their own
 * (`daprkit-namespaces`) that every chart with such an app depends on, so the Namespaces come out
 * first (cdk8s writes dependent charts in order: `0000-daprkit-namespaces.k8s.yaml` before the
 * rest). Namespaces created by another tool, or by a Namespace object you define yourself, are
 * opted out before the apps are defined: `new DaprkitApp({ namespacesManagedElsewhere: [...] })`
 * or `DaprNamespaces.manageElsewhere(app, ...)`.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { reportProblem } from './errors';

/** Namespaces that exist in every cluster, or that the control plane owns. */
const NEVER_CREATED = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'dapr-system']);
const REGISTRY = Symbol.for('daprkit.Namespaces');
const ALL = '*';

interface Registry {
  chart?: Chart;
  readonly created: Map<string, ApiObject>;
  readonly elsewhere: Set<string>;
}

function registry(scope: IConstruct): Registry {
  const root = scope.node.root as IConstruct & { [REGISTRY]?: Registry };
  if (!root[REGISTRY]) Object.defineProperty(root, REGISTRY, { value: { created: new Map(), elsewhere: new Set() } });
  return root[REGISTRY]!;
}

export class DaprNamespaces {
  /**
   * The namespaces are created by something else (a platform team, a Namespace object of your
   * own): daprkit emits no Namespace object for them. Call it before defining the apps (`true`
   * opts every namespace out).
   */
  public static manageElsewhere(scope: IConstruct, ...namespaces: (string | true)[]): void {
    const r = registry(scope);
    for (const ns of namespaces) {
      const late = ns === true ? [...r.created.keys()] : r.created.has(ns) ? [ns] : [];
      for (const name of late) {
        reportProblem(scope, 'manageElsewhere', name, 'a namespace no DaprApp has used yet', `call DaprNamespaces.manageElsewhere (or pass DaprkitApp namespacesManagedElsewhere) before defining the apps of "${name}".`);
      }
      r.elsewhere.add(ns === true ? ALL : ns);
    }
  }

  /**
   * Makes sure the Namespace object of `namespace` exists and that `scope`'s chart comes after
   * it; returns it, or undefined when the namespace is not daprkit's to create.
   */
  public static ensure(scope: IConstruct, namespace: string): ApiObject | undefined {
    const r = registry(scope);
    if (NEVER_CREATED.has(namespace) || r.elsewhere.has(namespace) || r.elsewhere.has(ALL)) return undefined;
    r.chart ??= new Chart(scope.node.root, 'daprkit-namespaces');
    let object = r.created.get(namespace);
    if (!object) {
      object = new ApiObject(r.chart, namespace, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } },
      });
      r.created.set(namespace, object);
    }
    Chart.of(scope).node.addDependency(r.chart);
    return object;
  }

  private constructor() {}
}
