/**
 * ResiliencyPolicy: a Dapr `Resiliency` (dapr.io/v1alpha1). Named policies (timeouts, retries,
 * circuit breakers) are declared once and wired to targets (apps, actor types, components) by
 * reference; the spec is produced lazily so wiring done after construction still counts.
 */
import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../checks/manifest';
import { dnsLabelProblem } from '../checks/formats';
import { compare } from './access-control-policy';
import { durationText, goDuration, isPositiveDuration } from './duration';
import { resourceName } from './dapr-resource';
import { reportProblem } from './errors';
import { IComponent, IDaprApp } from './refs';
import { CircuitBreakerOptions, Retry } from './resiliency-policies';

/** A named policy of one ResiliencyPolicy, returned by its `add*` methods. */
abstract class NamedPolicy {
  constructor(
    /** The key under `spec.policies.<kind>`. */
    public readonly name: string,
    /** The ResiliencyPolicy that defines it. */
    public readonly owner: ResiliencyPolicy,
  ) {}
}

export class TimeoutPolicy extends NamedPolicy {
  /** Which kind of policy this is (keeps the three classes distinct to the type checker). */
  public readonly kind = 'timeout' as const;
}
export class RetryPolicy extends NamedPolicy {
  /** Which kind of policy this is (keeps the three classes distinct to the type checker). */
  public readonly kind = 'retry' as const;
}
export class CircuitBreakerPolicy extends NamedPolicy {
  /** Which kind of policy this is (keeps the three classes distinct to the type checker). */
  public readonly kind = 'circuitBreaker' as const;
}

/** What a target applies: policy objects of this ResiliencyPolicy, or names (for policies added elsewhere, e.g. by a JSON patch). */
export interface TargetPolicies {
  /**
   * @default - no timeout
   */
  readonly timeout?: TimeoutPolicy | string;
  /**
   * @default - no retries beyond Dapr's built-in ones
   */
  readonly retry?: RetryPolicy | string;
  /**
   * @default - no circuit breaker
   */
  readonly circuitBreaker?: CircuitBreakerPolicy | string;
}

export interface AppTargetOptions extends TargetPolicies {
  /**
   * Circuit breakers kept per app instance (when breaking per instance).
   * @default - Dapr's default (100)
   */
  readonly circuitBreakerCacheSize?: number;
}

/** Whether an actor circuit breaker counts per actor type, per actor id, or both. */
export enum CircuitBreakerScope {
  TYPE = 'type',
  ID = 'id',
  BOTH = 'both',
}

export interface ActorTargetOptions extends TargetPolicies {
  /**
   * @default - Dapr's default (CircuitBreakerScope.ID)
   */
  readonly circuitBreakerScope?: CircuitBreakerScope;
  /**
   * Circuit breakers kept per actor id.
   * @default - Dapr's default (5000)
   */
  readonly circuitBreakerCacheSize?: number;
}

export interface ComponentTargetOptions {
  /**
   * Policies for calls from the sidecar into the component (e.g. state reads, publishes).
   * @default - none
   */
  readonly outbound?: TargetPolicies;
  /**
   * Policies for calls the component delivers to the app (e.g. pub/sub messages, input bindings).
   * @default - none
   */
  readonly inbound?: TargetPolicies;
}

export interface ResiliencyPolicyProps {
  /**
   * `metadata.name`.
   * @default - the construct id (must then be a DNS subdomain)
   */
  readonly name?: string;
  /**
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * Apps whose sidecars load this Resiliency. A policy on an app target takes effect in the
   * *calling* sidecar, so list the callers here, not only the target.
   * @default - every app in the namespace
   */
  readonly scopes?: readonly IDaprApp[];
}

type Json = string | number | boolean | Json[] | { [key: string]: Json };

const RESILIENCY = Symbol.for('daprkit.ResiliencyPolicy');

export class ResiliencyPolicy extends Construct {
  public static isResiliencyPolicy(x: unknown): x is ResiliencyPolicy {
    return typeof x === 'object' && x !== null && RESILIENCY in x;
  }

  public readonly name: string;
  public readonly namespace: string;
  /** Escape hatch: the underlying ApiObject. */
  public readonly apiObject: ApiObject;

  private readonly timeouts = new Map<string, Duration>();
  private readonly retries = new Map<string, Retry>();
  private readonly circuitBreakers = new Map<string, CircuitBreakerOptions>();
  private readonly apps = new Map<string, { [key: string]: Json }>();
  private readonly actors = new Map<string, { [key: string]: Json }>();
  private readonly components = new Map<string, { [key: string]: Json }>();
  private readonly scopes = new Set<string>();
  /**
   * Policies declared with a mistake (reported at synth, left out of the spec), as `kind:name`:
   * targets that name them drop the reference quietly instead of tripping the undefined-policy check.
   */
  private readonly rejected = new Set<string>();

  constructor(scope: Construct, id: string, props: ResiliencyPolicyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, RESILIENCY, { value: true });
    const problem = props.namespace !== undefined ? dnsLabelProblem(props.namespace) : undefined;
    if (problem) {
      reportProblem(this, 'namespace', props.namespace, 'a DNS label', `${problem}.`);
      props = { ...props, namespace: undefined };
    }
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? DEFAULT_NAMESPACE;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Resiliency',
      metadata: { name: resourceName(this, props.name), namespace: props.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
      // A top-level field of the Resiliency, next to spec; left out when empty (every app).
      scopes: Lazy.any({ produce: () => (this.scopes.size ? [...this.scopes].sort(compare) : undefined) }),
    });
    this.name = this.apiObject.name;
    for (const app of props.scopes ?? []) this.addScope(app);
  }

  /** Declares a named timeout. */
  public addTimeout(name: string, timeout: Duration): TimeoutPolicy {
    const policy = new TimeoutPolicy(name, this);
    if (!this.checkPolicyName('policies.timeouts', name, this.timeouts, 'timeout')) return policy;
    if (!isPositiveDuration(timeout)) {
      reportProblem(this, `policies.timeouts["${name}"]`, durationText(timeout), 'a positive duration', 'e.g. Duration.seconds(5).');
      this.rejected.add(`timeout:${name}`);
      return policy;
    }
    this.timeouts.set(name, timeout);
    return policy;
  }

  /** Declares a named retry policy (`Retry.constant(...)`, `Retry.exponential(...)`). */
  public addRetry(name: string, retry: Retry): RetryPolicy {
    if (this.checkPolicyName('policies.retries', name, this.retries, 'retry')) this.retries.set(name, retry);
    return new RetryPolicy(name, this);
  }

  /** Declares a named circuit breaker. */
  public addCircuitBreaker(name: string, options: CircuitBreakerOptions): CircuitBreakerPolicy {
    const field = `policies.circuitBreakers["${name}"]`;
    if (!this.checkPolicyName('policies.circuitBreakers', name, this.circuitBreakers, 'circuitBreaker')) return new CircuitBreakerPolicy(name, this);
    let valid = options;
    if (options.maxRequests !== undefined && (!Number.isInteger(options.maxRequests) || options.maxRequests < 1)) {
      reportProblem(this, `${field}.maxRequests`, options.maxRequests, 'a whole number of at least 1', 'set how many trial calls pass while half-open.');
      valid = { ...valid, maxRequests: undefined };
    }
    if (options.timeout && !isPositiveDuration(options.timeout)) {
      reportProblem(this, `${field}.timeout`, durationText(options.timeout), 'a positive duration', 'set how long the breaker stays open.');
      valid = { ...valid, timeout: undefined };
    }
    this.circuitBreakers.set(name, valid);
    return new CircuitBreakerPolicy(name, this);
  }

  /** Applies policies to calls *to* an app (in the sidecars of its callers). */
  public forApp(app: IDaprApp, options: AppTargetOptions): this {
    const field = `targets.apps["${app.appId}"]`;
    if (this.apps.has(app.appId)) {
      // The first target stays; the second is reported at synth.
      reportProblem(this, field, app.appId, 'one target per app', 'put all policies for the app in one forApp call.');
      return this;
    }
    const policies = this.targetPolicies(field, options);
    if (policies) this.apps.set(app.appId, { ...policies, ...this.cacheSize(field, options.circuitBreakerCacheSize) });
    return this;
  }

  /** Applies policies to calls to actors of a type. */
  public forActor(actorType: string, options: ActorTargetOptions): this {
    const field = `targets.actors["${actorType}"]`;
    if (!/^[A-Za-z0-9_.-]+$/.test(actorType)) {
      reportProblem(this, 'targets.actors', actorType, 'an actor type name', 'use the type name the actor registers.');
      return this;
    }
    if (this.actors.has(actorType)) {
      reportProblem(this, field, actorType, 'one target per actor type', 'put all policies for the type in one forActor call.');
      return this;
    }
    const policies = this.targetPolicies(field, options);
    if (!policies) return this;
    this.actors.set(actorType, {
      ...policies,
      ...(options.circuitBreakerScope ? { circuitBreakerScope: options.circuitBreakerScope } : {}),
      ...this.cacheSize(field, options.circuitBreakerCacheSize),
    });
    return this;
  }

  /** Applies policies to a component, per direction. */
  public forComponent(component: IComponent, options: ComponentTargetOptions): this {
    const field = `targets.components["${component.name}"]`;
    if (component.namespace !== this.namespace) {
      reportProblem(this, field, `${component.namespace}/${component.name}`, `a Component in namespace "${this.namespace}"`, 'a Resiliency only reaches Components of its own namespace; define one there.');
      return this;
    }
    if (this.components.has(component.name)) {
      reportProblem(this, field, component.name, 'one target per component', 'put both directions in one forComponent call.');
      return this;
    }
    if (!options.inbound && !options.outbound) {
      reportProblem(this, field, options, 'inbound and/or outbound policies', 'say which direction the policies apply to.');
      return this;
    }
    const inbound = options.inbound && this.targetPolicies(`${field}.inbound`, options.inbound);
    const outbound = options.outbound && this.targetPolicies(`${field}.outbound`, options.outbound);
    if (inbound || outbound) this.components.set(component.name, { ...(inbound ? { inbound } : {}), ...(outbound ? { outbound } : {}) });
    return this;
  }

  /** Limits the Resiliency to the sidecars of these apps (see `scopes`). */
  public addScope(app: IDaprApp): this {
    if (app.namespace !== this.namespace) {
      reportProblem(this, 'scopes', `${app.namespace}/${app.appId}`, `an app in namespace "${this.namespace}"`, 'a Resiliency is only loaded by sidecars of its own namespace.');
      return this;
    }
    this.scopes.add(app.appId);
    return this;
  }

  /**
   * True when `name` may be declared. A bad name is reported and rejected; a name used twice is
   * reported and the first declaration kept (so targets naming it still resolve).
   */
  private checkPolicyName(field: string, name: string, existing: Map<string, unknown>, kind: string): boolean {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      reportProblem(this, field, name, 'a name of letters, digits, "_", "." and "-"', 'rename the policy.');
      this.rejected.add(`${kind}:${name}`);
      return false;
    }
    if (existing.has(name)) {
      reportProblem(this, `${field}["${name}"]`, name, 'a name not used yet', 'each policy name is defined once; reuse the returned object.');
      return false;
    }
    return true;
  }

  /**
   * The policy names of a target; undefined (target left out) when none is usable. Mistakes are
   * reported; references to rejected policies were reported where the policy was declared.
   */
  private targetPolicies(field: string, t: TargetPolicies): { [key: string]: Json } | undefined {
    const out: { [key: string]: Json } = {};
    const refs: [string, NamedPolicy | string | undefined][] = [
      ['timeout', t.timeout],
      ['retry', t.retry],
      ['circuitBreaker', t.circuitBreaker],
    ];
    for (const [key, ref] of refs) {
      if (ref === undefined) continue;
      if (typeof ref !== 'string' && ref.owner !== this) {
        reportProblem(this, `${field}.${key}`, ref.name, `a policy of ${this.node.path}`, `it belongs to ${ref.owner.node.path}; declare it on this ResiliencyPolicy.`);
        continue;
      }
      const name = typeof ref === 'string' ? ref : ref.name;
      if (!this.rejected.has(`${key}:${name}`)) out[key] = name;
    }
    if (refs.every(([, ref]) => ref === undefined)) {
      reportProblem(this, field, t, 'at least one of timeout, retry, circuitBreaker', 'name the policies the target uses.');
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private cacheSize(field: string, size: number | undefined): { [key: string]: Json } {
    if (size === undefined) return {};
    if (!Number.isInteger(size) || size < 1) {
      reportProblem(this, `${field}.circuitBreakerCacheSize`, size, 'a whole number of at least 1', 'leave it unset for Dapr\'s default.');
      return {};
    }
    return { circuitBreakerCacheSize: size };
  }

  private renderSpec(): Json {
    const record = <T>(m: Map<string, T>, f: (v: T) => Json): { [key: string]: Json } =>
      Object.fromEntries([...m.keys()].sort(compare).map((k) => [k, f(m.get(k)!)]));
    const policies: { [key: string]: Json } = {};
    if (this.timeouts.size) policies.timeouts = record(this.timeouts, goDuration);
    if (this.retries.size) policies.retries = record(this.retries, (r) => ({ ...r.spec, ...(r.spec.matching ? { matching: { ...r.spec.matching } } : {}) }));
    if (this.circuitBreakers.size) {
      policies.circuitBreakers = record(this.circuitBreakers, (cb) => ({
        trip: cb.trip.expression,
        ...(cb.maxRequests !== undefined ? { maxRequests: cb.maxRequests } : {}),
        ...(cb.interval ? { interval: goDuration(cb.interval) } : {}),
        ...(cb.timeout ? { timeout: goDuration(cb.timeout) } : {}),
      }));
    }
    const targets: { [key: string]: Json } = {};
    if (this.apps.size) targets.apps = record(this.apps, (t) => t);
    if (this.actors.size) targets.actors = record(this.actors, (t) => t);
    if (this.components.size) targets.components = record(this.components, (t) => t);
    return { policies, targets };
  }
}
