/**
 * Reference interfaces between construct families, so a construct can point at another
 * (a component at the apps that use it, a policy at the app it targets) without importing it.
 */
import { IConstruct } from 'constructs';

/** A Dapr application: anything with an app-id in a namespace (a `DaprApp`, or `DaprApp.fromAppId`). */
export interface IDaprApp extends IConstruct {
  /** The Dapr app-id (`dapr.io/app-id`). */
  readonly appId: string;
  /** The namespace the app runs in (`default` when none was set). */
  readonly namespace: string;
}

/** A Dapr Component (defined here, or imported by name with `Component.fromName`). */
export interface IComponent extends IConstruct {
  /** `metadata.name` of the Component: the name apps use to address it. */
  readonly name: string;
  readonly namespace: string;
  /** The Component's `spec.type`, e.g. `state.redis`. */
  readonly componentType: string;
}

/** A Dapr Configuration (defined here, or imported by name). */
export interface IConfiguration extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}
