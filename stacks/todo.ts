/**
 * The todo system from Dapr's service-invocation tutorial, as a reusable chart: `todo-api` takes
 * requests and calls `notification-service`. Later features (state, pub/sub, resiliency, access
 * control) grow it here, so every example and test deploys the same system.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DaprApp } from '../constructs/dapr-app';

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
}

export class TodoSystem extends Chart {
  public readonly todoApi: DaprApp;
  public readonly notificationService: DaprApp;

  constructor(scope: Construct, id: string, props: TodoSystemProps = {}) {
    super(scope, id, props);

    this.notificationService = new DaprApp(this, 'notification-service', {
      appId: 'notification-service',
      image: props.notificationServiceImage ?? 'notification-service:latest',
      appPort: 8001,
      sidecar: { enableApiLogging: true },
    });

    this.todoApi = new DaprApp(this, 'todo-api', {
      appId: 'todo-api',
      image: props.todoApiImage ?? 'todo-api:latest',
      appPort: 8000,
      sidecar: { enableApiLogging: true },
    });
  }
}
