/**
 * Reference interfaces between construct families, so a construct can point at another
 * (a component at the apps that use it, a policy at the app it targets) without importing it.
 */
import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';

/** A Dapr application: anything with an app-id in a namespace (a `DaprApp`, or `DaprApp.fromAppId`). */
export interface IDaprApp extends IConstruct {
  /** The Dapr app-id (`dapr.io/app-id`). */
  readonly appId: string;
  /** The namespace the app runs in (`default` when none was set). */
  readonly namespace: string;
}

export enum HttpVerb {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
  OPTIONS = 'OPTIONS',
}

/** An HTTP operation one app makes on another through service invocation. */
export interface InvokeOperation {
  /** Path on the callee, e.g. `/notify`; Dapr matches `*` and `**` suffixes. */
  readonly path: string;
  /**
   * HTTP verbs used on the path.
   * @default - every verb
   */
  readonly verbs?: readonly HttpVerb[];
}

/** One edge of the invocation graph: `caller` calls `callee` with these operations. */
export interface Invocation {
  readonly caller: IDaprApp;
  readonly callee: IDaprApp;
  readonly operations: readonly InvokeOperation[];
}

/** A Dapr Component (defined here, or imported by name with `Component.fromName`). */
export interface IComponent extends IConstruct {
  /** `metadata.name` of the Component: the name apps use to address it. */
  readonly name: string;
  readonly namespace: string;
  /** The Component's `spec.type`, e.g. `state.redis`. */
  readonly componentType: string;
}

/**
 * Something an app loads besides Components, such as an `McpServer`: `app.uses(resource)` calls
 * `resource.bindToApp(app)`, which scopes the resource to the app.
 */
export interface IAppResource extends IConstruct {
  bindToApp(app: IDaprApp): void;
}

/** A Dapr Configuration (defined here, or imported by name). */
export interface IConfiguration extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

/**
 * A construct standing for something defined elsewhere (the `fromName`/`fromAppId` imports):
 * it carries the given facts and the namespace it lives in, and synthesizes nothing.
 */
export function importReference<T extends object>(scope: IConstruct, id: string, facts: T & { namespace?: string }): T & { namespace: string } & IConstruct {
  const namespace = facts.namespace ?? Chart.of(scope).namespace ?? DEFAULT_NAMESPACE;
  const reference = new Construct(scope, id);
  return Object.assign(reference, facts, { namespace });
}
