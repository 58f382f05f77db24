/**
 * Autoscalers: a HorizontalPodAutoscaler, or a KEDA ScaledObject (which makes one), owns the
 * replica count of its target. A workload that also sets `spec.replicas` gets it reset on every
 * apply (kubectl, Flux, Argo CD), and the autoscaler scales it back: they fight. Two autoscalers on
 * one workload fight each other.
 */
import { asRecord, dig, nameOf, namespaceOf, pushTo, resourceId } from './manifest';
import { Check, Finding, Manifest } from './types';

/** Autoscalers and the workload each one targets (`Kind/namespace/name`). */
function autoscalers(manifests: readonly Manifest[]): { autoscaler: Manifest; target: string }[] {
  const out: { autoscaler: Manifest; target: string }[] = [];
  for (const m of manifests) {
    const hpa = m.kind === 'HorizontalPodAutoscaler' && m.apiVersion.startsWith('autoscaling/');
    const keda = m.kind === 'ScaledObject' && m.apiVersion.startsWith('keda.sh/');
    if (!hpa && !keda) continue;
    const ref = asRecord(dig(m, 'spec', 'scaleTargetRef'));
    const name = ref?.name;
    if (typeof name !== 'string') continue;
    // KEDA's scaleTargetRef.kind defaults to Deployment.
    const kind = typeof ref?.kind === 'string' ? ref.kind : keda ? 'Deployment' : undefined;
    if (kind) out.push({ autoscaler: m, target: `${kind}/${namespaceOf(m)}/${name}` });
  }
  return out;
}

export const autoscalerReplicas: Check = (manifests) => {
  const scaled = autoscalers(manifests);
  if (scaled.length === 0) return [];
  const byTarget = new Map<string, Manifest[]>();
  for (const { autoscaler, target } of scaled) pushTo(byTarget, target, autoscaler);
  const findings: Finding[] = [];
  for (const m of manifests) {
    const owners = byTarget.get(resourceId(m));
    if (!owners || !['Deployment', 'StatefulSet', 'ReplicaSet'].includes(m.kind)) continue;
    const names = owners.map((o) => `${o.kind} "${nameOf(o)}"`).join(' and ');
    if (dig(m, 'spec', 'replicas') !== undefined) {
      findings.push({
        check: 'autoscaler-replicas',
        severity: 'warning',
        resource: resourceId(m),
        field: 'spec.replicas',
        message: `spec.replicas is ${JSON.stringify(dig(m, 'spec', 'replicas'))} while ${names} scales this ${m.kind}: every apply resets the replica count and the autoscaler scales it back (they fight).`,
        hint: 'Leave spec.replicas out of a workload an autoscaler owns (daprkit drops it when you call autoscale or autoscaleOn); set the floor with the autoscaler\'s minimum instead.',
      });
    }
    if (owners.length > 1) {
      findings.push({
        check: 'autoscaler-replicas',
        severity: 'warning',
        resource: resourceId(m),
        field: 'metadata.name',
        message: `${names} all scale this ${m.kind}: each sets the replica count its own way (they fight).`,
        hint: 'Keep one autoscaler per workload (a KEDA ScaledObject can hold CPU and memory triggers too).',
      });
    }
  }
  return findings;
};
