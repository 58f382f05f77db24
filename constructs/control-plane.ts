/**
 * ControlPlane: Dapr's control plane (operator, placement, sentry, sidecar injector, scheduler) as a
 * pinned release of the `dapr` Helm chart, installed by Flux (default) or Argo CD, or by Pulumi
 * through `daprkit/pulumi`. It owns mTLS: the chart writes `global.mtls.*` into the `daprsystem`
 * Configuration, the only one the injector and sentry read it from.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { dnsLabelProblem } from '../checks/formats';
import { DAPR_CHART, DAPR_HELM_REPOSITORY } from '../dapr/control-plane';
import { DAPR_VERSION, DEFAULT_CONTROL_PLANE_NAMESPACE } from '../dapr/defaults';
import { argoCdApplication, ArgoCdOptions, fluxHelmRelease, fluxHelmRepository, FluxOptions, ReleaseSpec } from './control-plane-gitops';
import { ControlPlaneValues, deepMerge, HelmValues, renderControlPlaneValues } from './control-plane-values';
import { reportProblem } from './errors';

/** Which tool installs the chart. */
export enum ControlPlaneFlavour {
  /** A Flux `HelmRepository` and `HelmRelease`. */
  FLUX = 'flux',
  /** An Argo CD `Application` with a Helm source. */
  ARGO_CD = 'argo-cd',
}

export interface ControlPlaneProps extends ControlPlaneValues {
  /** @default ControlPlaneFlavour.FLUX */
  readonly flavour?: ControlPlaneFlavour;
  /**
   * Dapr version, which is also the chart version.
   * @default DAPR_VERSION (1.18.3)
   */
  readonly version?: string;
  /** @default 'dapr-system' */
  readonly namespace?: string;
  /** @default 'dapr' */
  readonly releaseName?: string;
  /**
   * Raw chart values, deep-merged over the typed ones last: the escape hatch for anything not
   * typed here. Top-level keys the chart does not know are warned about at synth.
   * @default - none
   */
  readonly values?: HelmValues;
  /** @default - Flux's defaults as documented on FluxOptions */
  readonly flux?: FluxOptions;
  /** @default - Argo CD's defaults as documented on ArgoCdOptions */
  readonly argoCd?: ArgoCdOptions;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export class ControlPlane extends Construct {
  /** Finds the ControlPlane constructs in a tree (the Pulumi engine installs them itself). */
  public static findAll(root: IConstruct): ControlPlane[] {
    return root.node.findAll().filter((c): c is ControlPlane => c instanceof ControlPlane);
  }

  public readonly flavour: ControlPlaneFlavour;
  public readonly version: string;
  public readonly namespace: string;
  public readonly releaseName: string;
  /** The chart's repository and name. */
  public readonly repository = DAPR_HELM_REPOSITORY;
  public readonly chart = DAPR_CHART;
  /** The values the release installs with: the typed ones with `values` merged over them. */
  public readonly values: HelmValues;
  /** The objects this construct writes (the Pulumi engine replaces them with a Helm release). */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: ControlPlaneProps = {}) {
    super(scope, id);
    // Mistakes are recorded for the synth report and the bad values replaced by the defaults, so
    // the program goes on and the checks do not report them again.
    props = this.validProps(props);
    this.flavour = props.flavour ?? ControlPlaneFlavour.FLUX;
    this.version = props.version ?? DAPR_VERSION;
    this.namespace = props.namespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE;
    this.releaseName = props.releaseName ?? DAPR_CHART;
    this.values = deepMerge(renderControlPlaneValues(props), props.values ?? {});
    const release: ReleaseSpec = { releaseName: this.releaseName, namespace: this.namespace, version: this.version, values: this.values };
    const objects: ApiObject[] = [];
    const add = (id: string, manifest: Record<string, unknown>) => {
      const { apiVersion, kind, ...rest } = manifest as { apiVersion: string; kind: string };
      objects.push(new ApiObject(this, id, { apiVersion, kind, ...rest }));
    };
    if (this.flavour === ControlPlaneFlavour.ARGO_CD) {
      // Argo CD creates the namespace itself (CreateNamespace=true).
      add('Application', argoCdApplication(release, props.argoCd ?? {}));
    } else {
      add('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } });
      add('HelmRepository', fluxHelmRepository(release, props.flux ?? {}));
      add('HelmRelease', fluxHelmRelease(release, props.flux ?? {}));
      objects[1].node.addDependency(objects[0]);
      objects[2].node.addDependency(objects[1]);
    }
    this.apiObjects = objects;
  }

  /**
   * Makes the charts of `scopes` depend on the control plane's chart, so `dist/` lists the control
   * plane first and its objects are applied before any Dapr object. In the Flux flavour, Flux
   * HelmReleases among them also get `spec.dependsOn` on the control plane's release, so Flux
   * installs them only once Dapr is ready. (In the Argo CD flavour the control plane's earlier sync
   * wave does the waiting.)
   */
  public requiredBy(...scopes: IConstruct[]): void {
    for (const scope of scopes) {
      if (Chart.of(scope) !== Chart.of(this)) Chart.of(scope).node.addDependency(Chart.of(this));
      if (this.flavour !== ControlPlaneFlavour.FLUX) continue;
      const releases = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'HelmRelease' && c.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && !this.apiObjects.includes(c));
      for (const release of releases) {
        const ref = { name: this.releaseName, namespace: this.namespace };
        const spec = (release.toJson() as { spec?: { dependsOn?: unknown[] } }).spec;
        release.addJsonPatch(spec?.dependsOn ? JsonPatch.add('/spec/dependsOn/-', ref) : JsonPatch.add('/spec/dependsOn', [ref]));
      }
    }
  }

  /** `props` with every invalid value recorded (reportProblem) and left out. */
  private validProps(given: ControlPlaneProps): ControlPlaneProps {
    let props = given;
    if (props.version !== undefined && !SEMVER.test(props.version)) {
      reportProblem(this, 'version', props.version, 'a Dapr release version such as "1.18.3"', 'pin an exact version; the chart version equals the Dapr version.');
      props = { ...props, version: undefined };
    }
    const nsProblem = props.namespace !== undefined ? dnsLabelProblem(props.namespace) : undefined;
    if (nsProblem) {
      reportProblem(this, 'namespace', props.namespace, 'a DNS label', `${nsProblem}.`);
      props = { ...props, namespace: undefined };
    }
    const replicasProblem = (field: string, n: number | undefined): boolean => {
      if (n === undefined || (Number.isInteger(n) && n >= 1)) return false;
      reportProblem(this, field, n, 'a whole number of at least 1', 'set the number of replicas.');
      return true;
    };
    if (replicasProblem('ha.replicaCount', props.ha?.replicaCount)) props = { ...props, ha: { ...props.ha, replicaCount: undefined } };
    for (const service of ['operator', 'sentry', 'sidecarInjector'] as const) {
      if (replicasProblem(`services.${service}.replicaCount`, props.services?.[service]?.replicaCount)) {
        props = { ...props, services: { ...props.services, [service]: { ...props.services?.[service], replicaCount: undefined } } };
      }
    }
    for (const field of ['workloadCertTTL', 'allowedClockSkew'] as const) {
      const d = props.mtls?.[field];
      if (d && !(d.toMilliseconds({ integral: false }) > 0)) {
        reportProblem(this, `mtls.${field}`, d.toMilliseconds({ integral: false }), 'a positive duration', "leave it unset for the chart's default.");
        props = { ...props, mtls: { ...props.mtls, [field]: undefined } };
      }
    }
    if (props.values !== undefined && (props.values === null || typeof props.values !== 'object' || Array.isArray(props.values))) {
      reportProblem(this, 'values', props.values, 'an object of chart values', 'pass values the way a values.yaml nests them.');
      props = { ...props, values: undefined };
    }
    return props;
  }
}
