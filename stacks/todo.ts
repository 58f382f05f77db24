/**
 * The todo system from Dapr's tutorials, as a reusable chart: `todo-api` keeps tasks in a Redis
 * state store, publishes task events on a Redis pub/sub and calls `notification-service`, which
 * subscribes to the events and mails through an external HTTP endpoint. Resiliency covers the
 * calls and the store; access control lets exactly todo-api `POST /notify` through.
 */
import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Component } from '../constructs/component';
import { Configuration, ConfigurationProps } from '../constructs/configuration';
import { ControlPlane, ControlPlaneProps } from '../constructs/control-plane';
import { DaprApp, HttpVerb } from '../constructs/dapr-app';
import { PubSub, StateStore } from '../constructs/generated';
import { HttpEndpoint } from '../constructs/http-endpoint';
import { ResiliencyPolicy } from '../constructs/resiliency';
import { Retry, Trip } from '../constructs/resiliency-policies';
import { SecretValue } from '../constructs/secret-value';
import { Subscription } from '../constructs/subscription';

export interface TodoSystemProps extends ChartProps {
  /**
   * Image of the todo API.
   * @default "todo-api:latest"
   */
  readonly todoApiImage?: string;
  /**
   * Image of the notification service.
   * @default "notification-service:latest"
   */
  readonly notificationServiceImage?: string;
  /**
   * Address of the Redis server behind the state store and the pub/sub.
   * @default "redis-master.redis.svc.cluster.local:6379"
   */
  readonly redisHost?: string;
  /**
   * Zipkin span collector the sidecars trace to.
   * @default "http://zipkin.observability.svc.cluster.local:9411/api/v2/spans"
   */
  readonly zipkinEndpoint?: string;
  /**
   * The control plane the system runs on; the system's chart then depends on its chart, so it is
   * written, applied and installed first.
   * @default - none (the control plane is installed elsewhere)
   */
  readonly controlPlane?: ControlPlane;
}

/** The topic todo-api publishes task events on. */
export const TASK_EVENTS_TOPIC = 'task-events';

export class TodoSystem extends Chart {
  public readonly todoApi: DaprApp;
  public readonly notificationService: DaprApp;
  public readonly stateStore: Component;
  public readonly pubsub: Component;
  public readonly taskEvents: Subscription;
  public readonly emailApi: HttpEndpoint;
  public readonly resiliency: ResiliencyPolicy;

  constructor(scope: Construct, id: string, props: TodoSystemProps = {}) {
    super(scope, id, props);
    props.controlPlane?.requiredBy(this);
    const redisHost = props.redisHost ?? 'redis-master.redis.svc.cluster.local:6379';
    const redisPassword = SecretValue.fromSecret('redis', 'redis-password');

    // Both sidecars trace every request to Zipkin (mTLS between them is the control plane's, on by default).
    const observed = (name: string): ConfigurationProps => ({
      name,
      tracing: { samplingRate: 1, zipkinEndpoint: props.zipkinEndpoint ?? 'http://zipkin.observability.svc.cluster.local:9411/api/v2/spans' },
    });

    this.notificationService = new DaprApp(this, 'notification-service', {
      appId: 'notification-service',
      image: props.notificationServiceImage ?? 'notification-service:latest',
      appPort: 8001,
      config: new Configuration(this, 'notification-service-config', observed('notification-service-config')),
      sidecar: { enableApiLogging: true },
    });

    this.todoApi = new DaprApp(this, 'todo-api', {
      appId: 'todo-api',
      image: props.todoApiImage ?? 'todo-api:latest',
      appPort: 8000,
      config: new Configuration(this, 'todo-api-config', observed('todo-api-config')),
      sidecar: { enableApiLogging: true },
    });

    this.stateStore = StateStore.redis(this, 'statestore', {
      metadata: { redisHost, redisPassword, actorStateStore: false },
    });
    this.todoApi.uses(this.stateStore);

    this.pubsub = PubSub.redis(this, 'pubsub', { metadata: { redisHost, redisPassword } });
    this.todoApi.uses(this.pubsub);
    this.taskEvents = this.notificationService.subscribe(this.pubsub, TASK_EVENTS_TOPIC, {
      route: '/events',
      deadLetterTopic: `${TASK_EVENTS_TOPIC}-dead-letter`,
    });

    this.emailApi = new HttpEndpoint(this, 'email-api', {
      baseUrl: 'https://email.example.com/v1',
      headers: { Authorization: SecretValue.fromSecret('email-api', 'authorization') },
      scopes: [this.notificationService],
    });

    // Access control on notification-service follows from this edge: todo-api POST /notify only.
    this.todoApi.invokes(this.notificationService, { operations: [{ path: '/notify', verbs: [HttpVerb.POST] }] });

    // Resiliency applies in the calling sidecar, so it is scoped to todo-api.
    this.resiliency = new ResiliencyPolicy(this, 'resiliency', { name: 'todo-resiliency', scopes: [this.todoApi] });
    const timeout = this.resiliency.addTimeout('general', Duration.seconds(5));
    const retry = this.resiliency.addRetry('backoff', Retry.exponential({ maxInterval: Duration.seconds(15), maxRetries: 3 }));
    const circuitBreaker = this.resiliency.addCircuitBreaker('breaker', {
      trip: Trip.consecutiveFailures(5),
      maxRequests: 1,
      interval: Duration.seconds(8),
      timeout: Duration.seconds(45),
    });
    this.resiliency.forApp(this.notificationService, { timeout, retry, circuitBreaker });
    this.resiliency.forComponent(this.stateStore, { outbound: { timeout, retry, circuitBreaker } });
  }
}

/** The todo system and the control plane it runs on, each in its own chart. */
export interface TodoDeployment {
  readonly controlPlane: ControlPlane;
  readonly todo: TodoSystem;
}

/**
 * Builds the whole deployment in `scope`: Dapr's control plane in chart `dapr-system` (Flux flavour
 * unless `controlPlane` says otherwise) and the todo system in chart `todo`, which depends on it.
 */
export function todoDeployment(scope: Construct, props: TodoSystemProps & { readonly controlPlaneProps?: ControlPlaneProps } = {}): TodoDeployment {
  const { controlPlaneProps, ...todoProps } = props;
  const controlPlane = new ControlPlane(new Chart(scope, 'dapr-system'), 'dapr', controlPlaneProps);
  return { controlPlane, todo: new TodoSystem(scope, 'todo', { ...todoProps, controlPlane }) };
}
