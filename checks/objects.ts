/**
 * Generic object checks that the kubernetes-models schemas do not make: object names that the
 * API server would reject, and port numbers out of range.
 */
import { dnsLabelProblem, isDnsSubdomain, isPort } from './formats';
import { asArray, dig, joinPath, podsOf, resourceId } from './manifest';
import { Check, Finding } from './types';

/** Kinds whose names must be DNS labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Service', 'Namespace']);

export const objectNames: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const m of manifests) {
    const name = m.metadata?.name;
    const field = 'metadata.name';
    if (typeof name !== 'string' || name === '') {
      findings.push({ check: 'object-name', severity: 'error', resource: resourceId(m), field, message: `${m.kind} has no name.`, hint: 'Set metadata.name.' });
      continue;
    }
    const asLabel = LABEL_NAMED_KINDS.has(m.kind);
    const problem = asLabel ? dnsLabelProblem(name) : isDnsSubdomain(name) ? undefined : 'it is not a DNS subdomain';
    if (problem) {
      findings.push({
        check: 'object-name',
        severity: 'error',
        resource: resourceId(m),
        field,
        message: `name "${name}" is invalid for a ${m.kind}: ${problem}.`,
        hint: asLabel ? 'Use lower-case letters, digits and "-", at most 63 characters.' : 'Use lower-case letters, digits, "-" and ".", at most 253 characters.',
      });
    }
    const namespace = m.metadata?.namespace;
    if (namespace !== undefined && dnsLabelProblem(namespace)) {
      findings.push({
        check: 'object-name',
        severity: 'error',
        resource: resourceId(m),
        field: 'metadata.namespace',
        message: `namespace "${namespace}" is not a valid DNS label: ${dnsLabelProblem(namespace)}.`,
        hint: 'Use lower-case letters, digits and "-", at most 63 characters.',
      });
    }
  }
  return findings;
};

function portFinding(resource: string, field: string, value: unknown): Finding {
  return {
    check: 'port-range',
    severity: 'error',
    resource,
    field,
    message: `port ${JSON.stringify(value)} is not a valid port number.`,
    hint: 'Use a whole number from 1 to 65535.',
  };
}

export const portRanges: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    for (const list of ['containers', 'initContainers']) {
      asArray(pod.podSpec[list]).forEach((container, ci) => {
        asArray(dig(container, 'ports')).forEach((port, pi) => {
          const value = dig(port, 'containerPort');
          if (typeof value !== 'number' || !isPort(value)) {
            findings.push(portFinding(resourceId(pod.manifest), joinPath(pod.podPath, `spec.${list}[${ci}].ports[${pi}].containerPort`), value));
          }
        });
      });
    }
  }
  for (const m of manifests.filter((x) => x.kind === 'Service')) {
    asArray(dig(m, 'spec', 'ports')).forEach((port, i) => {
      const value = dig(port, 'port');
      if (typeof value !== 'number' || !isPort(value)) findings.push(portFinding(resourceId(m), `spec.ports[${i}].port`, value));
      const target = dig(port, 'targetPort');
      if (typeof target === 'number' && !isPort(target)) findings.push(portFinding(resourceId(m), `spec.ports[${i}].targetPort`, target));
    });
  }
  return findings;
};

export const objectChecks: readonly Check[] = [objectNames, portRanges];
