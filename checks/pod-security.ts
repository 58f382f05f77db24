/**
 * Pod Security Standards "restricted" on pods that carry a Dapr sidecar (Dapr's production
 * checklist), and an app port the app may not be able to bind as a non-root user.
 *
 * The sidecar is injected at admission, so it is judged by what decides its settings: the pod-level
 * security context and `dapr.io/sidecar-seccomp-profile-type` (the injector itself makes daprd
 * non-root, without privilege escalation and with every capability dropped).
 */
import { POD_SECURITY_EXEMPT_ANNOTATION } from './daprkit-annotations';
import { asArray, asRecord, dig, joinPath, PodView, podsOf, resourceId, shown } from './manifest';
import { Check, Finding } from './types';

const isDaprPod = (pod: PodView) => (pod.annotations['dapr.io/enabled'] ?? '').toLowerCase() === 'true';
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

interface ContainerView {
  readonly name: string;
  readonly securityContext: Record<string, unknown>;
}

function containersOf(pod: PodView): ContainerView[] {
  return ['initContainers', 'containers'].flatMap((list) =>
    asArray(pod.podSpec[list]).map((c) => ({ name: shown(dig(c, 'name') ?? '?'), securityContext: asRecord(dig(c, 'securityContext')) ?? {} })),
  );
}

/** What keeps a pod from the "restricted" standard, one phrase per problem. */
export function restrictedProblems(pod: PodView): string[] {
  const podContext = asRecord(pod.podSpec.securityContext) ?? {};
  const problems: string[] = [];
  const containers = containersOf(pod);
  for (const c of containers) {
    const sc = c.securityContext;
    const nonRoot = sc.runAsNonRoot ?? podContext.runAsNonRoot;
    const user = sc.runAsUser ?? podContext.runAsUser;
    if (nonRoot !== true || user === 0) problems.push(`container "${c.name}" may run as root (set runAsNonRoot: true, not runAsUser: 0)`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`container "${c.name}" allows privilege escalation (set allowPrivilegeEscalation: false)`);
    if (sc.privileged === true) problems.push(`container "${c.name}" is privileged`);
    const drop = asArray(dig(sc, 'capabilities', 'drop'));
    const add = asArray(dig(sc, 'capabilities', 'add')).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (!drop.includes('ALL')) problems.push(`container "${c.name}" does not drop every capability (capabilities.drop: [ALL])`);
    if (add.length) problems.push(`container "${c.name}" adds capabilities ${add.map(shown).join(', ')}`);
    const seccomp = dig(sc, 'seccompProfile', 'type') ?? dig(podContext, 'seccompProfile', 'type');
    if (!SECCOMP_OK.has(shown(seccomp))) problems.push(`container "${c.name}" has no RuntimeDefault seccomp profile`);
  }
  const sidecarSeccomp = dig(podContext, 'seccompProfile', 'type') ?? pod.annotations['dapr.io/sidecar-seccomp-profile-type'];
  if (!SECCOMP_OK.has(shown(sidecarSeccomp))) problems.push('the daprd sidecar has no RuntimeDefault seccomp profile (dapr.io/sidecar-seccomp-profile-type)');
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod.podSpec[host] === true) problems.push(`the pod sets ${host}`);
  return problems;
}

export const podSecurityRestricted: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    if (!isDaprPod(pod) || (pod.annotations[POD_SECURITY_EXEMPT_ANNOTATION] ?? '').trim() !== '') continue;
    const problems = restrictedProblems(pod);
    if (problems.length === 0) continue;
    findings.push({
      check: 'pod-security-restricted',
      severity: 'warning',
      resource: resourceId(pod.manifest),
      field: joinPath(pod.podPath, 'spec'),
      message: `the pod does not meet the "restricted" Pod Security Standard: ${problems.join('; ')}.`,
      hint: `Fix the security contexts (DaprApp does by default), or opt out explicitly with the ${POD_SECURITY_EXEMPT_ANNOTATION} annotation saying why (DaprApp podSecurityExemption or runAsRoot).`,
    });
  }
  return findings;
};

/** An app port below 1024 that a non-root container without NET_BIND_SERVICE may fail to bind. */
export const privilegedAppPort: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const pod of podsOf(manifests)) {
    if (!isDaprPod(pod)) continue;
    const port = Number(pod.annotations['dapr.io/app-port']);
    if (!Number.isInteger(port) || port < 1 || port >= 1024) continue;
    const podContext = asRecord(pod.podSpec.securityContext) ?? {};
    asArray(pod.podSpec.containers).forEach((raw, i) => {
      const sc = asRecord(dig(raw, 'securityContext')) ?? {};
      const ports = asArray(dig(raw, 'ports')).map((p) => dig(p, 'containerPort'));
      if (!ports.includes(port)) return;
      const nonRoot = (sc.runAsNonRoot ?? podContext.runAsNonRoot) === true;
      const dropsAll = asArray(dig(sc, 'capabilities', 'drop')).includes('ALL');
      const canBind = asArray(dig(sc, 'capabilities', 'add')).includes('NET_BIND_SERVICE');
      if (!nonRoot || !dropsAll || canBind) return;
      findings.push({
        check: 'privileged-app-port',
        severity: 'warning',
        resource: resourceId(pod.manifest),
        field: joinPath(pod.podPath, `spec.containers[${i}].ports`),
        message: `the app listens on port ${port} (below 1024) as a non-root user with every capability dropped; unless the container runtime allows unprivileged ports, it cannot bind it.`,
        hint: 'Make the app listen on a port of 1024 or more (e.g. 8080), or add the NET_BIND_SERVICE capability (DaprApp securityContext: { capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] } }).',
      });
    });
  }
  return findings;
};

export const podSecurityChecks: readonly Check[] = [podSecurityRestricted, privilegedAppPort];
