/**
 * Typed values for text found in manifests, only where the typed value renders back to exactly
 * that text: `5s` becomes `Duration.seconds(5)` because daprkit writes it as `5s`; `1m0s` stays a
 * string, because daprkit would write `1m`. The rendering rules mirror `constructs/duration.ts`
 * and `constructs/quantity.ts` (the importer never loads constructs); a test keeps them equal.
 */
import { call, daprkit, Expr, json, member } from './ir';

const NS = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 } as const;

/** Nanoseconds of a Go duration (`1h30m`, `1.5s`, `500ms`), or undefined when it is not one (or negative). */
export function goDurationNanos(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    total += Number(match[1]) * NS[match[2] as keyof typeof NS];
    at = re.lastIndex;
  }
  return at === text.length && at > 0 && Number.isFinite(total) ? Math.round(total) : undefined;
}

/** How daprkit writes a duration of `ns` nanoseconds (as `formatNanos` in constructs/duration.ts). */
export function renderNanos(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1e9) {
    if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
    if (ns % 1e3 === 0) return `${ns / 1e3}us`;
    return `${ns}ns`;
  }
  const hours = Math.floor(ns / 3600e9);
  let rest = ns - hours * 3600e9;
  const minutes = Math.floor(rest / 60e9);
  rest -= minutes * 60e9;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0) out += `${minutes}m`;
  if (rest > 0) {
    const whole = Math.floor(rest / 1e9);
    const frac = rest - whole * 1e9;
    out += frac === 0 ? `${whole}s` : `${whole}.${String(frac).padStart(9, '0').replace(/0+$/, '')}s`;
  }
  return out;
}

/** `Duration.<unit>(n)` for a whole number of ms, s, min or h. */
function durationOfNanos(ns: number): Expr | undefined {
  const units: [number, string][] = [
    [3600e9, 'hours'],
    [60e9, 'minutes'],
    [1e9, 'seconds'],
    [1e6, 'millis'],
  ];
  for (const [factor, method] of units) {
    if (ns % factor === 0 && ns / factor >= 1) return call(member(daprkit('Duration'), method), json(ns / factor));
  }
  return ns === 0 ? call(member(daprkit('Duration'), 'seconds'), json(0)) : undefined;
}

/** A `Duration` expression that daprkit renders as exactly `text`, or undefined. */
export function durationExpr(text: string): Expr | undefined {
  const ns = goDurationNanos(text);
  if (ns === undefined || renderNanos(ns) !== text) return undefined;
  return durationOfNanos(ns);
}

/** A `Duration` that daprkit renders as whole seconds `n` (sidecar options that take seconds). */
export function secondsExpr(seconds: number): Expr {
  return durationOfNanos(seconds * 1e9) ?? call(member(daprkit('Duration'), 'seconds'), json(seconds));
}

const SIZE_UNITS: readonly [string, number, string][] = [
  ['Ti', 1024 ** 4, 'tebibytes'],
  ['Gi', 1024 ** 3, 'gibibytes'],
  ['Mi', 1024 ** 2, 'mebibytes'],
  ['Ki', 1024, 'kibibytes'],
];

/** A `Size` expression that daprkit renders (as `sizeQuantity`) as exactly `text`, or undefined. */
export function sizeExpr(text: string): Expr | undefined {
  const match = /^([1-9]\d*)(Ki|Mi|Gi|Ti)$/.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * SIZE_UNITS.find((u) => u[0] === match[2])![1];
  // daprkit picks the largest unit that keeps the value whole: `1024Mi` would come out as `1Gi`.
  const [, factor, method] = SIZE_UNITS.find(([, f]) => bytes % f === 0)!;
  if (`${bytes / factor}${SIZE_UNITS.find((u) => u[2] === method)![0]}` !== text) return undefined;
  return call(member(daprkit('Size'), method), json(bytes / factor));
}

/** A number literal when `text` is exactly how daprkit writes that number in metadata (decimal, no exponent). */
export function numberFromText(text: string): number | undefined {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  const rendered = Number.isInteger(n) ? BigInt(n).toString() : String(n);
  return rendered === text ? n : undefined;
}
