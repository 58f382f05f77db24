/**
 * DaprSystem: the Pulumi engine. It takes the same construct tree the cdk8s engine writes to dist/,
 * synthesizes and checks it in memory (failing the program with every error, as synth does), and
 * registers each object as a Pulumi resource. A ControlPlane in the tree becomes a Helm release
 * here instead of its Flux or Argo CD objects, and every Dapr custom resource waits for it.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Check, Finding, Manifest } from '../checks/types';
import { isDaprKind } from '../checks/manifest';
import { CONTROL_PLANE_PATCHED_FIELDS } from '../dapr/control-plane';
import { DaprkitApp } from '../constructs/app';
import { ControlPlane } from '../constructs/control-plane';
import { resourceClassFor } from './resource-types';
import { kubernetesSecret, SecretData } from './secrets';

/** A chart class whose constructor takes `(scope, id)`, such as a stack from `stacks/`. */
export type ChartClass = new (scope: Construct, id: string) => Chart;

/** Builds the system into a cdk8s scope. */
export type SystemBuilder = (scope: Construct) => void;

export interface DaprSystemArgs {
  /** The system: a function that builds constructs into the scope it gets, or a Chart class (instantiated with this resource's name). */
  readonly system: SystemBuilder | ChartClass;
  /**
   * Kubernetes Secrets to create through Pulumi from (secret) outputs, for the `secretKeyRef`s the
   * tree writes with `SecretValue.fromSecret(name, key)`. Their values stay secret in Pulumi's
   * state and never appear in a Component.
   * @default - none
   */
  readonly secrets?: readonly SecretData[];
  /**
   * Treat check warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Checks to run in addition to daprkit's own.
   * @default - none
   */
  readonly extraChecks?: readonly Check[];
}

/** One object of the tree and the resource that registered it. */
export interface RegisteredObject {
  readonly manifest: Manifest;
  /** The Pulumi resource name: `<component name>-<kind>[-<namespace>]-<name>`, lower case. */
  readonly name: string;
  readonly resource: pulumi.CustomResource;
}

function isChartClass(system: SystemBuilder | ChartClass): system is ChartClass {
  // Chart overrides instanceof (it recognises chart instances, not subclasses), so walk the prototypes.
  return typeof system === 'function' && Chart.prototype.isPrototypeOf(system.prototype);
}

/** Synthesizes and checks the tree; warnings go to Pulumi's log. */
function synthesize(name: string, args: DaprSystemArgs, log: (message: string) => void): { app: DaprkitApp; objects: { manifest: Manifest; constructPath: string }[] } {
  const app = new DaprkitApp({ strict: args.strict, extraChecks: args.extraChecks, onWarnings: (report: string, _f: readonly Finding[]) => log(report) });
  if (isChartClass(args.system)) new args.system(app, name);
  else args.system(app);
  return { app, objects: [...app.synthesizeChecked().objects] };
}

const lower = (s: string) => s.toLowerCase();

/** Kinds without a namespace (cdk8s still stamps a chart's namespace on them; the API server ignores it). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'PriorityClass', 'StorageClass']);

/**
 * Fields the running control plane writes into objects of these kinds (webhook and CRD CA bundles):
 * Pulumi must not reset them on the next `pulumi up`. The Helm release diffs its chart and values,
 * not these live fields, so this only matters for such objects registered from the tree itself.
 */
function patchedPaths(m: Manifest): string[] | undefined {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  const paths = CONTROL_PLANE_PATCHED_FIELDS.filter((f) => f.group === group && f.kind === m.kind).flatMap((f) => f.propertyPaths);
  return paths.length ? paths : undefined;
}

export class DaprSystem extends pulumi.ComponentResource {
  /** Every object of the tree registered as a resource, control-plane objects excepted. */
  public readonly objects: readonly RegisteredObject[];
  /** The Helm release of each ControlPlane in the tree. */
  public readonly controlPlaneReleases: readonly k8s.helm.v3.Release[];
  /** The Secrets created from `secrets`. */
  public readonly secrets: readonly k8s.core.v1.Secret[];
  /** The Dapr app-ids the system runs. */
  public readonly appIds: pulumi.Output<string[]>;
  /** The names of the Services the system creates. */
  public readonly serviceNames: pulumi.Output<string[]>;

  constructor(name: string, args: DaprSystemArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super('daprkit:index:DaprSystem', name, {}, opts);
    const { app, objects } = synthesize(name, args, (report) => pulumi.log.warn(report, this));
    const planes = ControlPlane.findAll(app);
    const planePaths = planes.map((p) => `${p.node.path}/`);

    this.controlPlaneReleases = planes.map(
      (plane) =>
        new k8s.helm.v3.Release(
          `${name}-${plane.releaseName}`,
          {
            name: plane.releaseName,
            chart: plane.chart,
            version: plane.version,
            repositoryOpts: { repo: plane.repository },
            namespace: plane.namespace,
            createNamespace: true,
            values: plane.values,
            // Roll back a failed install or upgrade, and wait until the control plane is healthy.
            atomic: true,
            cleanupOnFail: true,
            skipAwait: false,
            waitForJobs: true,
            timeout: 600,
          },
          { parent: this },
        ),
    );
    this.secrets = (args.secrets ?? []).map((s) => kubernetesSecret(name, s, this));

    const mine = objects.filter((o) => !planePaths.some((p) => o.constructPath.startsWith(p)));
    const namespaces = new Map<string, pulumi.CustomResource>();
    const registered: RegisteredObject[] = [];
    const seen = new Set<string>();
    // Namespaces first, so everything inside one can wait for it.
    const ordered = [...mine.filter((o) => o.manifest.kind === 'Namespace'), ...mine.filter((o) => o.manifest.kind !== 'Namespace')];
    for (const { manifest } of ordered) {
      const ns = CLUSTER_SCOPED.has(manifest.kind) ? undefined : manifest.metadata?.namespace;
      const resourceName = lower([name, manifest.kind, ns, manifest.metadata?.name].filter((p) => p).join('-'));
      if (seen.has(resourceName)) throw new Error(`daprkit: two objects would register as "${resourceName}"; give them distinct names.`);
      seen.add(resourceName);
      // No custom resource before its CRD (the control plane installs Dapr's), and nothing before its namespace or secrets.
      const dependsOn: pulumi.Resource[] = [
        ...(isDaprKind(manifest) ? [...this.controlPlaneReleases, ...this.secrets] : []),
        ...(ns && namespaces.has(ns) ? [namespaces.get(ns)!] : []),
      ];
      const { cls } = resourceClassFor(manifest.apiVersion, manifest.kind);
      const resource = new cls(resourceName, manifest, { parent: this, dependsOn, ignoreChanges: patchedPaths(manifest) });
      if (manifest.kind === 'Namespace' && manifest.metadata?.name) namespaces.set(manifest.metadata.name, resource);
      registered.push({ manifest, name: resourceName, resource });
    }
    this.objects = registered;

    const appIds = mine
      .map((o) => (o.manifest as any).spec?.template?.metadata?.annotations?.['dapr.io/app-id'])
      .filter((id): id is string => typeof id === 'string');
    this.appIds = pulumi.output([...new Set(appIds)].sort());
    this.serviceNames = pulumi.output(mine.filter((o) => o.manifest.kind === 'Service').map((o) => o.manifest.metadata!.name!).sort());
    this.registerOutputs({ appIds: this.appIds, serviceNames: this.serviceNames });
  }
}
