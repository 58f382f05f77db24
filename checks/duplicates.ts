/**
 * Two objects with the same apiVersion, kind, namespace and name: at apply time the second
 * silently replaces the first, so one of them never runs.
 */
import { namespaceOf, nameOf, resourceId } from './manifest';
import { Check, Finding } from './types';

export const duplicateObjects: Check = (manifests) => {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  for (const m of manifests) {
    const key = `${m.apiVersion}|${m.kind}|${namespaceOf(m)}|${nameOf(m)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count !== 2) continue;
    findings.push({
      check: 'duplicate-object',
      severity: 'error',
      resource: resourceId(m),
      field: 'metadata.name',
      message: `two or more ${m.apiVersion} ${m.kind} objects are named "${nameOf(m)}" in namespace "${namespaceOf(m)}"; applying them keeps only the last.`,
      hint:
        m.kind === 'Namespace'
          ? 'Define the Namespace once: when you define it yourself, tell daprkit (DaprkitApp namespacesManagedElsewhere, or DaprNamespaces.manageElsewhere).'
          : 'Give each object its own name (or namespace), or define it once and share it.',
    });
  }
  return findings;
};
