/**
 * Value types for the policies of a Dapr Resiliency: retries, circuit-breaker trip conditions and
 * status-code matching. They validate at once, where the mistake is made, and render the exact
 * strings Dapr parses.
 */
import { Duration } from 'cdk8s';
import { parseTripExpression } from '../checks/trip-expression';
import { goDuration } from './duration';

/** An error from a value factory (there is no construct yet to name, so the factory is named). */
function valueError(where: string, received: unknown, expected: string, fix: string): Error {
  const shown = typeof received === 'symbol' ? received.toString() : JSON.stringify(received);
  return new Error(`${where}: received ${shown}, expected ${expected}. Fix: ${fix}`);
}

/** gRPC status codes (closed set, as numbered by gRPC). */
export enum GrpcStatus {
  OK = 0,
  CANCELLED = 1,
  UNKNOWN = 2,
  INVALID_ARGUMENT = 3,
  DEADLINE_EXCEEDED = 4,
  NOT_FOUND = 5,
  ALREADY_EXISTS = 6,
  PERMISSION_DENIED = 7,
  RESOURCE_EXHAUSTED = 8,
  FAILED_PRECONDITION = 9,
  ABORTED = 10,
  OUT_OF_RANGE = 11,
  UNIMPLEMENTED = 12,
  INTERNAL = 13,
  UNAVAILABLE = 14,
  DATA_LOSS = 15,
  UNAUTHENTICATED = 16,
}

/** An inclusive range of status codes, e.g. `{ from: 500, to: 599 }`. */
export interface StatusCodeRange {
  readonly from: number;
  readonly to: number;
}

/** Which failed calls are retried; a call whose status is not listed fails at once. */
export interface RetryMatching {
  /**
   * HTTP statuses (100–599) to retry.
   * @default - Dapr's default: every failure is retried
   */
  readonly httpStatusCodes?: readonly (number | StatusCodeRange)[];
  /**
   * gRPC statuses to retry.
   * @default - Dapr's default: every failure is retried
   */
  readonly grpcStatusCodes?: readonly (GrpcStatus | StatusCodeRange)[];
}

/** Renders `[429, {from: 500, to: 504}]` as `429,500-504`, after checking bounds. */
function renderCodes(where: string, codes: readonly (number | StatusCodeRange)[], min: number, max: number): string {
  if (codes.length === 0) throw valueError(where, [], 'at least one status code', 'leave the field out to retry every failure.');
  const ranges = codes.map((c) => (typeof c === 'number' ? { from: c, to: c } : c));
  for (const r of ranges) {
    const ok = [r.from, r.to].every((v) => Number.isInteger(v) && v >= min && v <= max) && r.from <= r.to;
    if (!ok) throw valueError(where, r.from === r.to ? r.from : r, `codes from ${min} to ${max}, ranges with from <= to`, 'fix the code or range.');
  }
  return [...ranges]
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`))
    .join(',');
}

export enum RetryPolicyKind {
  CONSTANT = 'constant',
  EXPONENTIAL = 'exponential',
}

export interface ExponentialRetryOptions {
  /**
   * Longest wait between two attempts (the back-off grows up to it). The first wait is Dapr's
   * fixed 500ms: the Resiliency CRD has no field for it, so the API server would prune one.
   * @default - Dapr's default (60s)
   */
  readonly maxInterval?: Duration;
  /** Retries after the first attempt; `Retry.FOREVER` retries without end. */
  readonly maxRetries: number | typeof Retry.FOREVER;
  /**
   * Status codes that are retried.
   * @default - every failure is retried
   */
  readonly matching?: RetryMatching;
}

/** The JSON of one retry policy. */
export interface RetrySpec {
  readonly policy: RetryPolicyKind;
  /**
   * Wait between attempts (constant retries only).
   * @default - absent for exponential retries
   */
  readonly duration?: string;
  /**
   * Longest wait (exponential retries only).
   * @default - absent: Dapr's 60s
   */
  readonly maxInterval?: string;
  readonly maxRetries: number;
  /**
   * Status codes retried, as Dapr's comma-separated lists.
   * @default - absent: every failure is retried
   */
  readonly matching?: { readonly httpStatusCodes?: string; readonly gRPCStatusCodes?: string };
}

/** How a failed call is retried. */
export class Retry {
  /**
   * Retry without end (`maxRetries: -1`). Dapr's own default when `maxRetries` is omitted, so
   * daprkit always writes the number, and never -1 unless asked for by this name.
   */
  public static readonly FOREVER: unique symbol = Symbol('Retry.FOREVER');

  /** The same wait between every attempt. */
  public static constant(interval: Duration, maxRetries: number | typeof Retry.FOREVER, matching?: RetryMatching): Retry {
    return new Retry({
      policy: RetryPolicyKind.CONSTANT,
      duration: goDuration(interval),
      maxRetries: Retry.maxRetries('Retry.constant maxRetries', maxRetries),
      ...Retry.matching('Retry.constant', matching),
    });
  }

  /** Waits that grow after each failed attempt, up to `maxInterval`. */
  public static exponential(options: ExponentialRetryOptions): Retry {
    if (options.maxInterval && options.maxInterval.toMilliseconds({ integral: false }) <= 0) {
      throw valueError('Retry.exponential maxInterval', goDuration(options.maxInterval), 'a positive duration', 'pass the longest wait, e.g. Duration.seconds(15).');
    }
    return new Retry({
      policy: RetryPolicyKind.EXPONENTIAL,
      ...(options.maxInterval ? { maxInterval: goDuration(options.maxInterval) } : {}),
      maxRetries: Retry.maxRetries('Retry.exponential maxRetries', options.maxRetries),
      ...Retry.matching('Retry.exponential', options.matching),
    });
  }

  private static maxRetries(where: string, value: number | typeof Retry.FOREVER): number {
    if (value === Retry.FOREVER) return -1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw valueError(where, value, 'a whole number of 0 or more, or Retry.FOREVER', 'set how many times to retry (use Retry.FOREVER, not -1, to retry without end).');
    }
    return value;
  }

  private static matching(where: string, m: RetryMatching | undefined): Pick<RetrySpec, 'matching'> {
    if (!m || (m.httpStatusCodes === undefined && m.grpcStatusCodes === undefined)) return {};
    return {
      matching: {
        ...(m.httpStatusCodes ? { httpStatusCodes: renderCodes(`${where} matching.httpStatusCodes`, m.httpStatusCodes, 100, 599) } : {}),
        ...(m.grpcStatusCodes ? { gRPCStatusCodes: renderCodes(`${where} matching.grpcStatusCodes`, m.grpcStatusCodes, 0, 16) } : {}),
      },
    };
  }

  private constructor(public readonly spec: RetrySpec) {}
}

/** When a circuit breaker opens: a condition over the breaker's counters. */
export class Trip {
  /** Opens after `count` failures in a row (`consecutiveFailures >= count`). */
  public static consecutiveFailures(count: number): Trip {
    if (!Number.isInteger(count) || count < 1) throw valueError('Trip.consecutiveFailures', count, 'a whole number of at least 1', 'e.g. Trip.consecutiveFailures(5).');
    return new Trip(`consecutiveFailures >= ${count}`);
  }

  /**
   * A CEL condition over `consecutiveFailures`, `consecutiveSuccesses`, `requests`,
   * `totalFailures` and `totalSuccesses` (all integers), checked here because Dapr would accept a
   * broken one and then never trip.
   */
  public static expression(expression: string): Trip {
    const result = parseTripExpression(expression);
    if (!result.ok) {
      throw valueError('Trip.expression', expression, 'a boolean CEL expression over the breaker counters', `${result.error} (at column ${result.column + 1}).`);
    }
    return new Trip(expression.trim());
  }

  private constructor(public readonly expression: string) {}
}

export interface CircuitBreakerOptions {
  /** When the breaker opens. */
  readonly trip: Trip;
  /**
   * Calls let through while half-open.
   * @default - Dapr's default (1)
   */
  readonly maxRequests?: number;
  /**
   * Period after which a closed breaker clears its counters; zero never clears them.
   * @default - Dapr's default (0s)
   */
  readonly interval?: Duration;
  /**
   * How long the breaker stays open before it lets a trial call through.
   * @default - Dapr's default (60s)
   */
  readonly timeout?: Duration;
}
