/**
 * Subscription: a declarative pub/sub subscription (`dapr.io/v2alpha1 Subscription`) — which
 * topic of which pub/sub is delivered to which app path, for which apps.
 */
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { namespaceField, resourceName } from './dapr-resource';
import { coverFinding, reportProblem } from './errors';
import { IComponent, IDaprApp } from './refs';
import { ScopeSet } from './scope-set';

/** Routes an event to `path` when the CEL expression `match` holds. */
export interface SubscriptionRule {
  /** A CEL expression over the CloudEvent, e.g. `event.type == "order.created"`. */
  readonly match: string;
  /** The app path that receives matching events; starts with `/`. */
  readonly path: string;
}

export interface SubscriptionRoutes {
  /**
   * Rules tried in order; the first that matches wins.
   * @default - none
   */
  readonly rules?: readonly SubscriptionRule[];
  /**
   * The path for events no rule matches; starts with `/`.
   * @default - events no rule matches are not delivered
   */
  readonly default?: string;
}

export interface BulkSubscribeOptions {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Most messages delivered in one bulk request.
   * @default - the pub/sub's default
   */
  readonly maxMessagesCount?: number;
  /**
   * Longest wait before a partial bulk is delivered (whole milliseconds).
   * @default - the pub/sub's default
   */
  readonly maxAwaitDuration?: Duration;
}

/** What a subscription does with the events: `DaprApp.subscribe(pubsub, topic, options)` takes these. */
export interface SubscribeOptions {
  /**
   * The app path that receives every event of the topic (shortcut for `routes.default`).
   * @default - `routes` must be given
   */
  readonly route?: string;
  /**
   * Content-based routing: rules, and a default path.
   * @default - `route` must be given
   */
  readonly routes?: SubscriptionRoutes;
  /**
   * Topic that receives events the app fails to process.
   * @default - none: failed events are dropped after retries
   */
  readonly deadLetterTopic?: string;
  /**
   * Deliver events in batches.
   * @default - one event per request
   */
  readonly bulkSubscribe?: BulkSubscribeOptions;
  /**
   * Subscription metadata for the pub/sub (e.g. `rawPayload: "true"`).
   * @default - none
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * `metadata.name` of the Subscription; a DNS subdomain.
   * @default - the construct id
   */
  readonly name?: string;
}

/** The Subscription CRD version to write. */
export enum SubscriptionApiVersion {
  /** Routing rules and a default route (`spec.routes`). */
  V2ALPHA1 = 'dapr.io/v2alpha1',
  /** The first form: one route for every event (`spec.route`); written for systems that have it (`daprkit import`). */
  V1ALPHA1 = 'dapr.io/v1alpha1',
}

export interface SubscriptionProps extends SubscribeOptions {
  /** The pub/sub Component (a `pubsub.*` type) the topic lives on. */
  readonly pubsub: IComponent;
  /** The topic to subscribe to. */
  readonly topic: string;
  /**
   * The apps that subscribe; more can be added with `addScope`.
   * @default - every app in the namespace that loads the pub/sub
   */
  readonly scopes?: ReadonlyArray<IDaprApp | string>;
  /**
   * Must be the pub/sub's namespace.
   * @default - the pub/sub's namespace
   */
  readonly namespace?: string;
  /**
   * The CRD version written. `V1ALPHA1` takes a single `route` (no rules).
   * @default SubscriptionApiVersion.V2ALPHA1
   */
  readonly apiVersion?: SubscriptionApiVersion;
}

const INT32_MAX = 2 ** 31 - 1;

export class Subscription extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly topic: string;
  public readonly pubsub: IComponent;
  /** Escape hatch: the underlying cdk8s object. */
  public readonly apiObject: ApiObject;

  private readonly scopeSet: ScopeSet;

  constructor(scope: Construct, id: string, given: SubscriptionProps) {
    super(scope, id);
    const props = this.validate(given);
    this.name = resourceName(this, props.name);
    this.pubsub = props.pubsub;
    this.namespace = props.namespace ?? props.pubsub.namespace;
    this.topic = props.topic;
    this.scopeSet = new ScopeSet(this, this.namespace);
    for (const app of props.scopes ?? []) this.addScope(app);

    const bulk = props.bulkSubscribe;
    const v1 = props.apiVersion === SubscriptionApiVersion.V1ALPHA1;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: props.apiVersion ?? SubscriptionApiVersion.V2ALPHA1,
      kind: 'Subscription',
      metadata: { name: this.name, namespace: namespaceField(this, this.namespace) },
      scopes: Lazy.any({ produce: () => this.scopeSet.render() }),
      spec: {
        pubsubname: props.pubsub.name,
        topic: props.topic,
        ...(v1
          ? { route: props.route ?? props.routes?.default }
          : {
              routes: {
                ...(props.routes?.rules ? { rules: props.routes.rules.map((r) => ({ match: r.match, path: r.path })) } : {}),
                default: props.route ?? props.routes?.default,
              },
            }),
        deadLetterTopic: props.deadLetterTopic,
        metadata: props.metadata && Object.keys(props.metadata).length > 0 ? { ...props.metadata } : undefined,
        bulkSubscribe: bulk && {
          enabled: bulk.enabled ?? true,
          maxMessagesCount: bulk.maxMessagesCount,
          maxAwaitDurationMs: bulk.maxAwaitDuration?.toMilliseconds(),
        },
      },
    });
  }

  /** The subscribing app-ids, sorted; empty when unscoped. */
  public get scopes(): string[] {
    return this.scopeSet.appIds;
  }

  /** Makes one more app subscribe (`DaprApp.subscribe` calls this). Adding twice is harmless. */
  public addScope(app: IDaprApp | string): void {
    this.scopeSet.add(app);
  }

  /**
   * Records every mistake (reported at synth, with the construct path) and returns the props with
   * the bad values left out, so the checks over the synthesized object do not report them again.
   */
  private validate(props: SubscriptionProps): SubscriptionProps {
    let valid: SubscriptionProps = props;
    if (typeof props.topic !== 'string' || props.topic.trim() === '') {
      reportProblem(this, 'topic', props.topic, 'a non-empty topic name', 'name the topic to subscribe to.');
      coverFinding(this, 'subscription-routes', 'spec.topic');
    }
    if (!props.pubsub.componentType.startsWith('pubsub.')) {
      reportProblem(this, 'pubsub', `${props.pubsub.name} (${props.pubsub.componentType})`, 'a pub/sub Component (pubsub.*)', 'pass a PubSub, e.g. PubSub.redis(...).');
      coverFinding(this, 'subscription-pubsub', 'spec.pubsubname');
    }
    if (props.namespace !== undefined && props.namespace !== props.pubsub.namespace) {
      reportProblem(this, 'namespace', props.namespace, `the pub/sub's namespace "${props.pubsub.namespace}"`, 'a subscription only sees pub/subs of its own namespace; omit `namespace`.');
      valid = { ...valid, namespace: undefined };
    }
    const rules = (props.routes?.rules ?? []).filter((rule, i) => {
      if (typeof rule.match !== 'string' || rule.match.trim() === '') {
        reportProblem(this, `routes.rules[${i}].match`, rule.match, 'a CEL expression', 'write the condition, e.g. `event.type == "order"`; for a catch-all use `routes.default`.');
        return false;
      }
      return this.validPath(`routes.rules[${i}].path`, rule.path);
    });
    let route = this.validPath('route', props.route) ? props.route : undefined;
    const routesDefault = this.validPath('routes.default', props.routes?.default) ? props.routes?.default : undefined;
    if (props.route !== undefined && props.routes?.default !== undefined) {
      reportProblem(this, 'route', props.route, 'either `route` or `routes.default`, not both', 'keep one of them.');
      route = undefined;
    } else if (props.route === undefined && props.routes?.default === undefined && (props.routes?.rules ?? []).length === 0) {
      reportProblem(this, 'route', undefined, 'a path for the events', 'set `route` (e.g. "/orders"), or `routes` with rules or a default.');
    }
    // Rules that were all dropped are left out rather than rendered as an empty list.
    const keptRules = rules.length > 0 || props.routes?.rules?.length === 0 ? rules : undefined;
    valid = { ...valid, route, routes: props.routes && { rules: props.routes.rules && keptRules, default: routesDefault } };
    // No route left: each reason was reported above, so the check's "no route" would only repeat it.
    if (route === undefined && routesDefault === undefined && !keptRules?.length) coverFinding(this, 'subscription-routes', 'spec.routes');
    if (props.deadLetterTopic !== undefined && props.deadLetterTopic.trim() === '') {
      reportProblem(this, 'deadLetterTopic', props.deadLetterTopic, 'a topic name', 'name the dead-letter topic, or omit it.');
      valid = { ...valid, deadLetterTopic: undefined };
    }
    if (props.apiVersion === SubscriptionApiVersion.V1ALPHA1 && (props.routes?.rules?.length ?? 0) > 0) {
      reportProblem(this, 'routes.rules', props.routes!.rules!.length, 'no routing rules in a dapr.io/v1alpha1 Subscription', 'use SubscriptionApiVersion.V2ALPHA1 for rules, or a single `route`.');
      valid = { ...valid, routes: valid.routes && { default: valid.routes.default } };
    }
    const bulk = props.bulkSubscribe;
    if (bulk?.maxMessagesCount !== undefined && !(Number.isInteger(bulk.maxMessagesCount) && bulk.maxMessagesCount >= 1 && bulk.maxMessagesCount <= INT32_MAX)) {
      reportProblem(this, 'bulkSubscribe.maxMessagesCount', bulk.maxMessagesCount, 'a whole number of at least 1', 'set how many messages one bulk request may carry.');
      valid = { ...valid, bulkSubscribe: { ...valid.bulkSubscribe, maxMessagesCount: undefined } };
    }
    const wait = bulk?.maxAwaitDuration?.toMilliseconds({ integral: false });
    if (wait !== undefined && !(Number.isInteger(wait) && wait >= 1 && wait <= INT32_MAX)) {
      reportProblem(this, 'bulkSubscribe.maxAwaitDuration', `${wait}ms`, 'a whole number of milliseconds, at least 1', 'use e.g. Duration.millis(500).');
      valid = { ...valid, bulkSubscribe: { ...valid.bulkSubscribe, maxAwaitDuration: undefined } };
    }
    return valid;
  }

  /** True when `path` is unset or an app path; records the problem otherwise. */
  private validPath(prop: string, path: string | undefined): boolean {
    if (path !== undefined && !path.startsWith('/')) {
      reportProblem(this, prop, path, 'an app path starting with "/"', `write "/${path}".`);
      return false;
    }
    return true;
  }
}
