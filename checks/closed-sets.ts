/**
 * Values Dapr (or Kubernetes) accepts only from a closed set, checked wherever they appear in
 * hand-written YAML — not only where a construct writes them: HTTP verbs of access-control
 * operations, API-allowlist and OpenTelemetry protocols, and port protocols. (Annotation enums,
 * allow/deny actions and retry policies are checked by annotations.ts, access-control.ts and
 * resiliency.ts.)
 */
import { ALL_HTTP_VERBS } from './acl-eval';
import { asArray, dig, isDaprKind, joinPath, podsOf, resourceId } from './manifest';
import { Check, Finding, Manifest } from './types';

const CHECK = 'closed-set-value';

function outside(m: Manifest, field: string, value: unknown, allowed: readonly string[], effect: string): Finding {
  return {
    check: CHECK,
    severity: 'error',
    resource: resourceId(m),
    field,
    message: `${JSON.stringify(value)} is not one of ${allowed.map((a) => `"${a}"`).join(', ')}; ${effect}.`,
    hint: `Use one of ${allowed.join(', ')}.`,
  };
}

/**
 * Reports a value outside `allowed`. Dapr's own sets are compared ignoring case (not every reader in
 * daprd normalises case, but a wrong case is not worth an alarm that may be false); Kubernetes enums
 * are case-sensitive (`caseSensitive`), as the API server is.
 */
function checkValue(findings: Finding[], m: Manifest, field: string, value: unknown, allowed: readonly string[], effect: string, caseSensitive = false): void {
  if (value === undefined || value === null) return;
  const known = typeof value === 'string' && (caseSensitive ? allowed.includes(value) : allowed.some((a) => a.toLowerCase() === value.toLowerCase()));
  if (!known) findings.push(outside(m, field, value, allowed, effect));
}

const VERBS = [...ALL_HTTP_VERBS, '*'];
const API_PROTOCOLS = ['http', 'grpc'];
const OTEL_PROTOCOLS = ['http', 'grpc'];
const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function configurationValues(m: Manifest, findings: Finding[]): void {
  asArray(dig(m, 'spec', 'accessControl', 'policies')).forEach((policy, p) => {
    asArray(dig(policy, 'operations')).forEach((op, o) => {
      asArray(dig(op, 'httpVerb')).forEach((verb, v) =>
        checkValue(findings, m, `spec.accessControl.policies[${p}].operations[${o}].httpVerb[${v}]`, verb, VERBS, 'the operation never matches that verb'),
      );
    });
  });
  for (const list of ['allowed', 'denied']) {
    asArray(dig(m, 'spec', 'api', list)).forEach((rule, i) =>
      checkValue(findings, m, `spec.api.${list}[${i}].protocol`, dig(rule, 'protocol'), API_PROTOCOLS, 'the rule never matches an API call'),
    );
  }
  checkValue(findings, m, 'spec.tracing.otel.protocol', dig(m, 'spec', 'tracing', 'otel', 'protocol'), OTEL_PROTOCOLS, 'the sidecar cannot export traces');
}

function portProtocols(m: Manifest, base: string, ports: unknown, findings: Finding[]): void {
  asArray(ports).forEach((port, i) => checkValue(findings, m, `${base}[${i}].protocol`, dig(port, 'protocol'), PORT_PROTOCOLS, 'the API server rejects the object', true));
}

export const closedSetValues: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (isDaprKind(m, 'Configuration')) configurationValues(m, findings);
    if (m.kind === 'Service' && m.apiVersion === 'v1') portProtocols(m, 'spec.ports', dig(m, 'spec', 'ports'), findings);
  }
  for (const pod of podsOf(manifests)) {
    asArray(pod.podSpec.containers).forEach((c, i) => portProtocols(pod.manifest, joinPath(pod.podPath, `spec.containers[${i}].ports`), dig(c, 'ports'), findings));
  }
  return findings;
};

export const closedSetChecks: readonly Check[] = [closedSetValues];
