/**
 * Autoscaling of a Dapr app: a HorizontalPodAutoscaler on CPU and memory, or a KEDA ScaledObject
 * on the backlog of the topics it subscribes to — measured on the broker, on the very consumer
 * group or queue Dapr consumes from for that app.
 *
 * What Dapr consumes from (Dapr 1.18.3, components-contrib 1.18.4):
 * - `consumerID` defaults to the app-id (dapr pkg/runtime/processor/pubsub/pubsub.go), and in
 *   metadata values `{appID}` becomes the app-id, `{namespace}` becomes `<namespace>.<app-id>`,
 *   while `{podName}` and `{uuid}` differ per pod (pkg/runtime/meta/meta.go);
 * - Redis streams: the stream is the topic, the consumer group is `consumerID`
 *   (pubsub/redis/redis.go);
 * - Kafka: the consumer group is `consumerGroup`, else `consumerID` (common/component/kafka/metadata.go);
 * - RabbitMQ: the queue is the subscription's `queueName`, else `<consumerID>-<topic>`
 *   (pubsub/rabbitmq/rabbitmq.go).
 * What KEDA reads (KEDA 2.20, pkg/scalers): `redis-streams` (`address`, `stream`, `consumerGroup`,
 * `lagCount`, `databaseIndex`, `enableTLS`; `username`/`password` from authentication), and its
 * `redis-cluster-streams` / `redis-sentinel-streams` variants (`addresses`, `sentinelMaster`);
 * `kafka` (`bootstrapServers`, `consumerGroup`, `topic`, `lagThreshold`, `tls`, `sasl`;
 * `username`/`password`/`ca` from authentication only); `rabbitmq` (`host`, `queueName`, `mode`,
 * `value`; `username`/`password` from authentication only).
 */
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Manifest } from '../checks/types';
import { reportProblem } from './errors';
import { IComponent } from './refs';

export interface AutoscaleOptions {
  /**
   * Fewest pods.
   * @default 1
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the pods' CPU requests (the sidecar's included).
   * @default - 80 when `memory` is not given either; else no CPU target
   */
  readonly cpu?: number;
  /**
   * Target average memory use, in percent of the pods' memory requests.
   * @default - no memory target
   */
  readonly memory?: number;
}

export interface AutoscaleOnOptions {
  /**
   * Fewest pods; 0 lets KEDA scale the app to zero while the topic is idle.
   * @default 1
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Backlog per pod KEDA aims at: Redis stream lag, Kafka consumer-group lag, RabbitMQ queue length.
   * @default - KEDA's defaults: 5 (Redis), 10 (Kafka), 20 (RabbitMQ)
   */
  readonly target?: number;
  /**
   * Backlog above which KEDA wakes the app from zero pods.
   * @default 0
   */
  readonly activation?: number;
  /**
   * How often KEDA reads the backlog.
   * @default - KEDA's default (30 s)
   */
  readonly pollingInterval?: Duration;
  /**
   * How long after the last activity KEDA scales down to `minReplicas` 0.
   * @default - KEDA's default (300 s)
   */
  readonly cooldownPeriod?: Duration;
  /**
   * RabbitMQ only: the queue the app consumes from, when its subscription names one
   * (`metadata.queueName`).
   * @default - the queue Dapr derives: `<consumerID>-<topic>`
   */
  readonly queueName?: string;
}

/** One item of a Component's `spec.metadata`, as written. */
interface Item {
  readonly value?: string;
  readonly secretKeyRef?: { name: string; key: string };
  readonly envRef?: string;
}

/** A KEDA authentication parameter read from a Kubernetes Secret. */
export interface KedaSecretParameter {
  readonly parameter: string;
  readonly name: string;
  readonly key: string;
}

/**
 * A KEDA trigger derived from a pub/sub, with what its authentication reads: keys of Kubernetes
 * Secrets, and plain values KEDA takes only as authentication parameters (a Kafka or RabbitMQ
 * user name), which go into a ConfigMap (`configMapTargetRef`, KEDA 2.13 or later).
 */
export interface DerivedTrigger {
  readonly type: string;
  readonly metadata: Record<string, string>;
  readonly secrets: readonly KedaSecretParameter[];
  readonly values: Readonly<Record<string, string>>;
}

/** What the derivation needs to know about the app and the subscription. */
export interface TriggerContext {
  readonly appId: string;
  readonly namespace: string;
  readonly topic: string;
  readonly options: AutoscaleOnOptions;
}

/** The pub/sub types `autoscaleOn` understands. */
export const AUTOSCALABLE_PUBSUB_TYPES = ['pubsub.redis', 'pubsub.kafka', 'pubsub.rabbitmq'] as const;

/** The metadata items of a Component, by name (read from its synthesized object). */
function itemsOf(component: Manifest): Map<string, Item> {
  const items = new Map<string, Item>();
  const list = (component.spec as { metadata?: unknown } | undefined)?.metadata;
  for (const raw of Array.isArray(list) ? list : []) {
    const item = raw as Item & { name?: unknown };
    if (typeof item.name === 'string') items.set(item.name, item);
  }
  return items;
}

/**
 * Derives the KEDA trigger for `topic` on `pubsub` as the app consumes it; problems are returned
 * as `[field, received, expected, fix]` for `reportProblem`.
 */
export function deriveTrigger(pubsub: IComponent & { apiObject?: ApiObject }, ctx: TriggerContext): { trigger?: DerivedTrigger; problems: [string, unknown, string, string][] } {
  const problems: [string, unknown, string, string][] = [];
  const field = `autoscaleOn["${pubsub.name}"]`;
  if (!(AUTOSCALABLE_PUBSUB_TYPES as readonly string[]).includes(pubsub.componentType) || !pubsub.apiObject) {
    problems.push([field, pubsub.componentType, `a pub/sub Component of ${AUTOSCALABLE_PUBSUB_TYPES.join(', ')} defined here`, 'for other brokers, write a KEDA ScaledObject of your own.']);
    return { problems };
  }
  const manifest = pubsub.apiObject.toJson() as Manifest;
  const items = itemsOf(manifest);
  const store = (manifest.auth as { secretStore?: unknown } | undefined)?.secretStore;
  const kubernetesSecrets = store === undefined || store === 'kubernetes';
  const secrets: KedaSecretParameter[] = [];
  const values: Record<string, string> = {};
  /** A plain value, or undefined (with a problem when it was given any other way). */
  const plain = (name: string, why: string): string | undefined => {
    const item = items.get(name);
    if (!item) return undefined;
    if (item.value !== undefined && item.secretKeyRef === undefined) return item.value;
    problems.push([`${field}.${name}`, item.secretKeyRef ? 'a secretKeyRef' : `envRef ${item.envRef}`, `a plain value (${why})`, `write ${name} as a value in the Component.`]);
    return undefined;
  };
  /** A secret KEDA reads through a TriggerAuthentication (a Kubernetes Secret); `plainOk` lets a plain value through a ConfigMap. */
  const secret = (name: string, parameter: string, plainOk = false): void => {
    const item = items.get(name);
    if (!item) return;
    if (plainOk && item.value !== undefined && item.secretKeyRef === undefined) {
      values[parameter] = item.value;
      return;
    }
    if (item.secretKeyRef && kubernetesSecrets) {
      secrets.push({ parameter, name: item.secretKeyRef.name, key: item.secretKeyRef.key });
      return;
    }
    problems.push([
      `${field}.${name}`,
      item.secretKeyRef ? `a secretKeyRef through secret store "${String(store)}"` : item.envRef ? `envRef ${item.envRef}` : 'plain text',
      'a secretKeyRef to a Kubernetes Secret (KEDA reads it through a TriggerAuthentication)',
      `use SecretValue.fromSecret for ${name}, resolved by the Kubernetes secret store.`,
    ]);
  };
  const group = consumerGroup(items, ctx, problems, field);
  const target = (fallback: number) => String(ctx.options.target ?? fallback);
  const activation = ctx.options.activation !== undefined ? String(ctx.options.activation) : undefined;

  switch (pubsub.componentType) {
    case 'pubsub.redis': {
      const host = plain('redisHost', 'KEDA connects to it');
      if (host === undefined && !problems.length) problems.push([`${field}.redisHost`, undefined, 'the Redis address', 'set redisHost.']);
      const cluster = items.get('redisType')?.value === 'cluster';
      const sentinel = (items.get('failover')?.value ?? '').toLowerCase() === 'true';
      const metadata: Record<string, string> = {
        ...(cluster || sentinel ? { addresses: host ?? '' } : { address: host ?? '' }),
        stream: ctx.topic,
        consumerGroup: group ?? ctx.appId,
        lagCount: target(5),
        ...(activation ? { activationLagCount: activation } : {}),
        ...(sentinel ? { sentinelMaster: plain('sentinelMasterName', 'KEDA connects to it') ?? '' } : {}),
        ...(items.get('redisDB')?.value ? { databaseIndex: items.get('redisDB')!.value! } : {}),
        ...((items.get('enableTLS')?.value ?? '').toLowerCase() === 'true' ? { enableTLS: 'true' } : {}),
      };
      if (items.get('redisUsername')?.value !== undefined) metadata.username = items.get('redisUsername')!.value!;
      else secret('redisUsername', 'username');
      secret('redisPassword', 'password');
      return { trigger: { type: cluster ? 'redis-cluster-streams' : sentinel ? 'redis-sentinel-streams' : 'redis-streams', metadata, secrets, values }, problems };
    }
    case 'pubsub.kafka': {
      const brokers = plain('brokers', 'KEDA connects to them');
      const authType = (items.get('authType')?.value ?? (items.has('saslPassword') ? 'password' : 'none')).toLowerCase();
      const metadata: Record<string, string> = {
        bootstrapServers: brokers ?? '',
        consumerGroup: items.get('consumerGroup')?.value ?? group ?? ctx.appId,
        topic: ctx.topic,
        lagThreshold: target(10),
        ...(activation ? { activationLagThreshold: activation } : {}),
      };
      if (authType === 'password') {
        const mechanism = items.get('saslMechanism')?.value;
        metadata.sasl = mechanism === 'SHA-512' ? 'scram_sha512' : mechanism === 'SHA-256' ? 'scram_sha256' : 'plaintext';
        secret('saslUsername', 'username', true);
        secret('saslPassword', 'password');
      } else if (authType !== 'none') {
        problems.push([`${field}.authType`, authType, 'authType "none" or "password" (the ones daprkit maps to KEDA)', 'write a KEDA ScaledObject of your own for this broker.']);
      }
      if (authType !== 'none' && (items.get('disableTls')?.value ?? '').toLowerCase() !== 'true') {
        metadata.tls = 'enable';
        if ((items.get('skipVerify')?.value ?? '').toLowerCase() === 'true') metadata.unsafeSsl = 'true';
        secret('caCert', 'ca');
      }
      return { trigger: { type: 'kafka', metadata, secrets, values }, problems };
    }
    default: {
      const queueName = ctx.options.queueName ?? `${group ?? ctx.appId}-${ctx.topic}`;
      const metadata: Record<string, string> = { queueName, mode: 'QueueLength', value: target(20), ...(activation ? { activationValue: activation } : {}) };
      const uri = items.has('connectionString') ? 'connectionString' : items.has('host') ? 'host' : undefined;
      if (uri) {
        const item = items.get(uri)!;
        if (item.secretKeyRef) secret(uri, 'host');
        else if (item.value !== undefined) metadata.host = item.value;
      } else {
        const hostname = plain('hostname', 'KEDA connects to it') ?? 'localhost';
        metadata.host = `${items.get('protocol')?.value ?? 'amqp'}://${hostname}`;
        secret('username', 'username', true);
        secret('password', 'password');
      }
      return { trigger: { type: 'rabbitmq', metadata, secrets, values }, problems };
    }
  }
}

/** The consumer group Dapr uses for the app (`consumerID` with its placeholders resolved). */
function consumerGroup(items: Map<string, Item>, ctx: TriggerContext, problems: [string, unknown, string, string][], field: string): string | undefined {
  const item = items.get('consumerID');
  if (!item) return ctx.appId;
  if (item.value === undefined || item.secretKeyRef) {
    problems.push([`${field}.consumerID`, item.secretKeyRef ? 'a secretKeyRef' : `envRef ${item.envRef}`, 'a plain value, so the consumer group is known', 'write consumerID as a value, or leave it out (the app-id).']);
    return undefined;
  }
  if (/\{(podName|uuid)\}/.test(item.value)) {
    problems.push([`${field}.consumerID`, item.value, 'one consumer group for all pods (no {podName} or {uuid})', 'a group per pod has no shared backlog to scale on; use {appID}, or leave consumerID out.']);
    return undefined;
  }
  const value = item.value.trim();
  return value === '' ? ctx.appId : value.split('{namespace}').join(`${ctx.namespace}.${ctx.appId}`).split('{appID}').join(ctx.appId);
}

/** Whole seconds of a duration, or undefined with a problem. */
export function wholeSeconds(scope: IConstruct, prop: string, d: Duration | undefined): number | undefined {
  if (d === undefined) return undefined;
  const s = d.toSeconds({ integral: false });
  if (Number.isInteger(s) && s >= 0) return s;
  reportProblem(scope, prop, d.toHumanString(), 'whole seconds', 'KEDA counts in seconds.');
  return undefined;
}

/** The ScaledObject and TriggerAuthentications of one app, built up by `autoscaleOn` calls. */
export class KedaScaling {
  public readonly scaledObject: ApiObject;
  private readonly triggers: { trigger: DerivedTrigger; name: string; auth?: string }[] = [];

  constructor(
    private readonly scope: IConstruct,
    private readonly target: { appId: string; namespace?: string; kind: string },
    private readonly options: AutoscaleOnOptions,
  ) {
    this.scaledObject = new ApiObject(scope, 'ScaledObject', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: target.appId, namespace: target.namespace, labels: { app: target.appId } },
      spec: Lazy.any({ produce: () => this.spec() }),
    });
  }

  /** The replica bounds and timings of the first call; later calls must agree. */
  public agrees(options: AutoscaleOnOptions): boolean {
    const o = this.options;
    const seconds = (d?: Duration) => d?.toSeconds({ integral: false });
    return o.maxReplicas === options.maxReplicas && (o.minReplicas ?? 1) === (options.minReplicas ?? 1) && seconds(o.pollingInterval) === seconds(options.pollingInterval) && seconds(o.cooldownPeriod) === seconds(options.cooldownPeriod);
  }

  public addTrigger(pubsub: IComponent, topic: string, trigger: DerivedTrigger): void {
    const name = `${pubsub.name}-${topic}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    let auth: string | undefined;
    const valueKeys = Object.keys(trigger.values).sort();
    if (trigger.secrets.length > 0 || valueKeys.length > 0) {
      auth = `${this.target.appId}-${pubsub.name}`.slice(0, 253);
      const meta = { name: auth, namespace: this.target.namespace, labels: { app: this.target.appId } };
      if (!this.scope.node.tryFindChild(`TriggerAuthentication-${pubsub.name}`)) {
        const params = [...trigger.secrets].sort((a, b) => (a.parameter < b.parameter ? -1 : 1));
        if (valueKeys.length > 0) {
          new ApiObject(this.scope, `KedaValues-${pubsub.name}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: Object.fromEntries(valueKeys.map((k) => [k, trigger.values[k]])) });
        }
        new ApiObject(this.scope, `TriggerAuthentication-${pubsub.name}`, {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'TriggerAuthentication',
          metadata: meta,
          spec: {
            ...(params.length > 0 ? { secretTargetRef: params.map((p) => ({ parameter: p.parameter, name: p.name, key: p.key })) } : {}),
            ...(valueKeys.length > 0 ? { configMapTargetRef: valueKeys.map((k) => ({ parameter: k, name: auth, key: k })) } : {}),
          },
        });
      }
    }
    this.triggers.push({ trigger, name, auth });
  }

  private spec(): Record<string, unknown> {
    const o = this.options;
    const polling = wholeSeconds(this.scope, 'autoscaleOn.pollingInterval', o.pollingInterval);
    const cooldown = wholeSeconds(this.scope, 'autoscaleOn.cooldownPeriod', o.cooldownPeriod);
    return {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: this.target.kind, name: this.target.appId },
      minReplicaCount: o.minReplicas ?? 1,
      maxReplicaCount: o.maxReplicas,
      ...(polling !== undefined ? { pollingInterval: polling } : {}),
      ...(cooldown !== undefined ? { cooldownPeriod: cooldown } : {}),
      triggers: this.triggers.map(({ trigger, name, auth }) => ({
        type: trigger.type,
        name,
        metadata: trigger.metadata,
        ...(auth ? { authenticationRef: { name: auth } } : {}),
      })),
    };
  }
}

/** A HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory utilization. */
export function horizontalPodAutoscaler(scope: IConstruct, target: { appId: string; namespace?: string; kind: string }, options: AutoscaleOptions): ApiObject {
  const cpu = options.cpu ?? (options.memory === undefined ? 80 : undefined);
  const metric = (name: string, utilization: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } });
  return new ApiObject(scope, 'HorizontalPodAutoscaler', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: target.appId, namespace: target.namespace, labels: { app: target.appId } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.appId },
      minReplicas: options.minReplicas ?? 1,
      maxReplicas: options.maxReplicas,
      metrics: [...(cpu !== undefined ? [metric('cpu', cpu)] : []), ...(options.memory !== undefined ? [metric('memory', options.memory)] : [])],
    },
  });
}
