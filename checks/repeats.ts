/**
 * One problem, one finding. Two kinds of repeats are left out of a run's findings:
 * - the same finding twice (the same check, resource, field and message): two identical objects,
 *   or one object read twice, say each thing once;
 * - a schema finding (`crd-schema`, `kubernetes-schema`) on a field that a Dapr-specific check
 *   already reports as an error: the specific check says what is wrong and how to fix it in Dapr's
 *   terms ("the component has no spec.metadata list"), the schema only that something is
 *   ("missing required field").
 */
import { Finding } from './types';

const SCHEMA_CHECKS = new Set(['crd-schema', 'kubernetes-schema']);

const at = (f: Finding) => `${f.resource}\u0000${f.field}`;

export function withoutRepeats<F extends Finding>(findings: readonly F[]): F[] {
  const explained = new Set(findings.filter((f) => f.severity === 'error' && !SCHEMA_CHECKS.has(f.check)).map(at));
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (SCHEMA_CHECKS.has(f.check) && explained.has(at(f))) return false;
    const key = `${f.check}\u0000${at(f)}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
