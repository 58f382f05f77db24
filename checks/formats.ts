/** Value formats shared by the checks: DNS names, ports, Go durations, Kubernetes quantities. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric, at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters (most object names). */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every(isDnsLabel);
}

/** Why a value is not a DNS label, for error messages; undefined when it is one. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > 63) return `it is ${value.length} characters long (at most 63)`;
  if (/[A-Z]/.test(value)) return 'it contains upper-case letters';
  if (!DNS_LABEL.test(value)) return "it may contain only a-z, 0-9 and '-', and must start and end with a letter or digit";
  return undefined;
}

export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** An integer as Go's strconv.Atoi reads it (optional sign, decimal digits). */
export function isIntString(value: string): boolean {
  return /^[+-]?\d+$/.test(value.trim());
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;

/** A duration Go's time.ParseDuration accepts, e.g. `5s`, `1m30s`, `500ms` (a bare `0` too). */
export function isGoDuration(value: string): boolean {
  return value === '0' || GO_DURATION.test(value);
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;

/** A Kubernetes resource quantity, e.g. `100m`, `0.5`, `256Mi`, `1G`, `1e3`. */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Strings Go's strconv.ParseBool accepts, the way the injector reads boolean annotations. */
const BOOL_SPELLINGS = new Set(['1', 't', 'true', 'y', 'yes', 'on', '0', 'f', 'false', 'n', 'no', 'off']);

export function isBoolString(value: string): boolean {
  return BOOL_SPELLINGS.has(value.trim().toLowerCase());
}

/** What Dapr's `IsTruthy` reads as true (`true`, `1`, `yes`, `on`, …, any case): the way components read boolean switches. */
export function isTruthy(value: string): boolean {
  return ['1', 't', 'true', 'y', 'yes', 'on'].includes(value.trim().toLowerCase());
}
