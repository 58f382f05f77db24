/**
 * DaprApp: one typed description of a Dapr application, synthesized as a cdk8s-plus Deployment
 * whose pod template carries the `dapr.io/*` annotations, plus a Service for its port. What it
 * shares with DaprJob (containers, annotations, `uses`, `subscribe`, `invokes`) is in DaprWorkload.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { dnsLabelProblem, isPort } from '../checks/formats';
import { reportProblem } from './errors';
import { DaprWorkload, DaprWorkloadProps } from './dapr-workload';
import { HealthCheck } from './workload-health';
import { HttpVerb, IDaprApp, importReference, Invocation, InvokeOperation } from './refs';

// Re-exported for callers that import the invocation vocabulary and the defaults with DaprApp.
export { HttpVerb };
export type { Invocation, InvokeOperation };
export { APP_CONTAINER_DEFAULT_RESOURCES } from './dapr-workload';
export type { InvokesOptions } from './dapr-workload';

/** The Kubernetes Service in front of the app. */
export interface DaprAppServiceOptions {
  /**
   * Port the Service listens on; traffic goes to `appPort`.
   * @default 80
   */
  readonly port?: number;
  /** @default kplus.ServiceType.CLUSTER_IP */
  readonly type?: kplus.ServiceType;
}

export interface DaprAppProps extends DaprWorkloadProps {
  /**
   * The app's health endpoint: readiness and liveness probes, and daprd's app health check
   * (`dapr.io/enable-app-health-check` and its path, interval, timeout and threshold), all alike.
   * @default - no probes and no app health check
   */
  readonly health?: HealthCheck;
  /** @default 1 */
  readonly replicas?: number;
  /**
   * The Service in front of the app, or `false` for none.
   * @default - a ClusterIP Service on port 80 when `appPort` is set, none otherwise
   */
  readonly service?: DaprAppServiceOptions | boolean;
}

const DAPR_APP = Symbol.for('daprkit.DaprApp');

export class DaprApp extends DaprWorkload {
  /** True for DaprApp instances (safe across copies of the library). */
  public static isDaprApp(x: unknown): x is DaprApp {
    return typeof x === 'object' && x !== null && DAPR_APP in x;
  }

  /** A reference to an app defined elsewhere (another chart, another repository). */
  public static fromAppId(scope: Construct, id: string, appId: string, options: { namespace?: string } = {}): IDaprApp {
    const problem = dnsLabelProblem(appId);
    if (problem) reportProblem(scope, 'appId', appId, 'a DNS label', `${problem}; use lower-case letters, digits and "-".`);
    return importReference(scope, id, { appId, namespace: options.namespace });
  }

  /** Escape hatch: the cdk8s-plus Deployment. */
  public readonly deployment: kplus.Deployment;
  /** Escape hatch: the Service, when the app has one. */
  public readonly service?: kplus.Service;

  private readonly health?: HealthCheck;

  constructor(scope: Construct, id: string, given: DaprAppProps) {
    super(scope, id, given);
    Object.defineProperty(this, DAPR_APP, { value: true });
    const props = this.validateAppProps(given);
    this.health = props.health;
    const labels = { ...props.labels, app: this.appId };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.appId, namespace: props.namespace, labels },
      replicas: props.replicas ?? 1,
      select: false,
      podMetadata: { labels },
      ...this.podProps(),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { app: this.appId } }));
    this.attachWorkload(this.deployment, '/spec/template');

    const service = this.serviceOptions(props);
    if (service) {
      this.service = new kplus.Service(this, 'Service', {
        metadata: { name: this.appId, namespace: props.namespace, labels },
        type: service.type ?? kplus.ServiceType.CLUSTER_IP,
        ports: [{ name: this.appProtocol.startsWith('grpc') ? 'grpc' : 'http', port: service.port ?? 80, targetPort: this.appPort }],
      });
      this.service.selectLabel('app', this.appId);
    }
  }

  protected healthCheck(): HealthCheck | undefined {
    return this.health;
  }

  private validateAppProps(props: DaprAppProps): DaprAppProps {
    let valid = props;
    if (props.appPort !== undefined && !isPort(props.appPort)) {
      // Reported by DaprWorkload; an explicit `service: true` would only repeat it.
      valid = { ...valid, appPort: undefined, service: props.service === true ? undefined : props.service };
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      reportProblem(this, 'replicas', props.replicas, 'a whole number of at least 0', 'set the number of pods to run.');
      valid = { ...valid, replicas: undefined };
    }
    return valid;
  }

  private serviceOptions(props: DaprAppProps): DaprAppServiceOptions | undefined {
    if (props.service === false) return undefined;
    if (props.service === undefined && props.appPort === undefined) return undefined;
    if (props.appPort === undefined) {
      reportProblem(this, 'service', props.service, 'an appPort for the Service to target', 'set appPort, or drop the service option.');
      return undefined;
    }
    const options = props.service === true || props.service === undefined ? {} : props.service;
    if (options.port !== undefined && !isPort(options.port)) {
      reportProblem(this, 'service.port', options.port, 'a port from 1 to 65535', 'pick the port clients connect to.');
      return { ...options, port: undefined };
    }
    return options;
  }
}
