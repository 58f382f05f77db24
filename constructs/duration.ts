/**
 * Rendering cdk8s `Duration` values the way Dapr reads them: Go's `time.ParseDuration` syntax.
 * Dapr fields such as `workloadCertTTL`, resiliency timeouts and retry intervals are Go durations,
 * not ISO 8601, so `Duration.toIsoString()` would be rejected by the sidecar.
 */
import { Duration } from 'cdk8s';

const NS_PER_US = 1_000;
const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;
const NS_PER_M = 60 * NS_PER_S;
const NS_PER_H = 60 * NS_PER_M;

/**
 * Formats a duration as a compact Go duration string: `5s`, `1m30s`, `1h`, `1.5s`, `500ms`, `250us`.
 *
 * Zero components are dropped (`1h` rather than Go's own `1h0m0s`); both forms parse identically.
 * Precision is kept down to the nanosecond (cdk8s durations are stored in milliseconds, so
 * fractional milliseconds such as `Duration.millis(0.5)` render as `500us`).
 *
 * @throws when the duration is negative or not finite
 */
export function goDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`Expected a finite, non-negative duration, got ${ms}ms.`);
  }
  return formatNanos(Math.round(ms * NS_PER_MS));
}

/** Formats a whole number of nanoseconds. Exported for tests and for code that already holds nanoseconds. */
export function formatNanos(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < NS_PER_S) {
    // Below a second Go itself switches unit; pick the largest unit that keeps the value whole.
    if (ns % NS_PER_MS === 0) return `${ns / NS_PER_MS}ms`;
    if (ns % NS_PER_US === 0) return `${ns / NS_PER_US}us`;
    return `${ns}ns`;
  }
  const hours = Math.floor(ns / NS_PER_H);
  let rest = ns - hours * NS_PER_H;
  const minutes = Math.floor(rest / NS_PER_M);
  rest -= minutes * NS_PER_M;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0) out += `${minutes}m`;
  if (rest > 0) out += `${formatSeconds(rest)}s`;
  return out;
}

/** Seconds with up to nine decimals and no trailing zeros (`1.5`, `30`). */
function formatSeconds(ns: number): string {
  const whole = Math.floor(ns / NS_PER_S);
  const frac = ns - whole * NS_PER_S;
  if (frac === 0) return `${whole}`;
  return `${whole}.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
}

/** True for a finite duration longer than zero (cdk8s accepts NaN and Infinity). */
export function isPositiveDuration(d: Duration): boolean {
  const ms = d.toMilliseconds({ integral: false });
  return Number.isFinite(ms) && ms > 0;
}

/** A duration for an error message: the Go form where there is one, else the milliseconds (`Infinityms`). */
export function durationText(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return Number.isFinite(ms) && ms >= 0 ? goDuration(d) : `${ms}ms`;
}
