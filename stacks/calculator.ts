/**
 * Dapr's distributed-calculator tutorial as a reusable chart: a React front end calls four
 * operator apps (Go, .NET, Python, Node) through service invocation and keeps the calculator's
 * state in a Redis state store; every sidecar traces to Zipkin.
 *
 * Differences from the tutorial's YAML, each on purpose:
 * - each app loads a Configuration of its own (`<app>-config`, same tracing settings) instead of
 *   the shared `appconfig`: access control lives in the Configuration, and one shared by the four
 *   operator apps would let the front end call every operation on every app;
 * - the tutorial's images run as root, so each app says `runAsRoot: true` (an explicit, reviewed
 *   opt-out of the restricted pod security defaults);
 * - the state store is scoped to the front end, the only app that uses it, and its password
 *   comes from a Kubernetes Secret.
 */
import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Component } from '../constructs/component';
import { Configuration } from '../constructs/configuration';
import { DaprApp, HttpVerb } from '../constructs/dapr-app';
import { StateStore } from '../constructs/generated';
import { SecretValue } from '../constructs/secret-value';

export interface CalculatorSystemProps extends ChartProps {
  /**
   * Tag of the tutorial's images (`ghcr.io/dapr/samples/distributed-calculator-*`).
   * @default "latest"
   */
  readonly imageTag?: string;
  /**
   * Address of the Redis server behind the state store.
   * @default "redis-master.<namespace>.svc.cluster.local:6379"
   */
  readonly redisHost?: string;
  /**
   * Zipkin span collector the sidecars trace to.
   * @default "http://zipkin.<namespace>.svc.cluster.local:9411/api/v2/spans"
   */
  readonly zipkinEndpoint?: string;
}

/** One operator app of the tutorial: its app-id, image suffix, port and the operation it serves. */
interface Operator {
  readonly appId: string;
  readonly image: string;
  readonly port: number;
  readonly operation: string;
}

const OPERATORS: readonly Operator[] = [
  { appId: 'addapp', image: 'go', port: 6000, operation: '/add' },
  // The .NET app listens on port 80, which needs root (or NET_BIND_SERVICE); its image runs as root.
  { appId: 'subtractapp', image: 'csharp', port: 80, operation: '/subtract' },
  { appId: 'multiplyapp', image: 'python', port: 5001, operation: '/multiply' },
  { appId: 'divideapp', image: 'node', port: 4000, operation: '/divide' },
];

export class CalculatorSystem extends Chart {
  public readonly frontEnd: DaprApp;
  public readonly operators: readonly DaprApp[];
  public readonly stateStore: Component;

  constructor(scope: Construct, id: string, props: CalculatorSystemProps = {}) {
    super(scope, id, { namespace: 'calc', ...props });
    const namespace = this.namespace ?? 'calc';
    const tag = props.imageTag ?? 'latest';
    const image = (suffix: string) => `ghcr.io/dapr/samples/distributed-calculator-${suffix}:${tag}`;
    const zipkinEndpoint = props.zipkinEndpoint ?? `http://zipkin.${namespace}.svc.cluster.local:9411/api/v2/spans`;
    const traced = (appId: string) => new Configuration(this, `${appId}-config`, { name: `${appId}-config`, tracing: { samplingRate: 1, zipkinEndpoint } });

    this.operators = OPERATORS.map(
      (op) =>
        new DaprApp(this, op.appId, {
          appId: op.appId,
          image: image(op.image),
          appPort: op.port,
          config: traced(op.appId),
          runAsRoot: true,
        }),
    );

    this.frontEnd = new DaprApp(this, 'calculator-front-end', {
      appId: 'calculator-front-end',
      image: image('react-calculator'),
      appPort: 8080,
      config: traced('calculator-front-end'),
      runAsRoot: true,
      service: { type: kplus.ServiceType.LOAD_BALANCER },
    });

    OPERATORS.forEach((op, i) => this.frontEnd.invokes(this.operators[i], { operations: [{ path: op.operation, verbs: [HttpVerb.POST] }] }));

    this.stateStore = StateStore.redis(this, 'statestore', {
      metadata: {
        redisHost: props.redisHost ?? `redis-master.${namespace}.svc.cluster.local:6379`,
        redisPassword: SecretValue.fromSecret('redis', 'redis-password'),
      },
    });
    this.frontEnd.uses(this.stateStore);
  }
}
