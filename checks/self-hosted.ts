/**
 * Rules of self-hosted mode (`dapr run`, `daprkit lint --target self-hosted`), where daprd reads
 * Dapr resources from a folder with its disk loader (daprd 1.18.3, pkg/internal/loader/disk)
 * instead of from the API server. They run only for that target; the Kubernetes-only rules (DNS
 * names, CRD-required fields, one object per namespace and name) are left out of it.
 */
import { KUBERNETES_SECRET_STORE } from '../dapr/defaults';
import { secretRefPaths } from './components';
import { componentsOf, metadataItems } from './dapr-resources';
import { dig, isDaprKind, nameOf, resourceId } from './manifest';
import { Check, CheckOptions, Finding } from './types';

const selfHosted = (options?: CheckOptions) => options?.target === 'self-hosted';

/** The loader refuses names Kubernetes' path-segment rule refuses: ".", "..", or any "/" or "%" (manifest.go). */
export const selfHostedNames: Check = (manifests, options) => {
  if (!selfHosted(options)) return [];
  return manifests
    .filter((m) => isDaprKind(m) && typeof m.metadata?.name === 'string')
    .filter((m) => ['.', '..'].includes(nameOf(m)) || /[/%]/.test(nameOf(m)))
    .map((m) => ({
      check: 'self-hosted-name',
      severity: 'error',
      resource: resourceId(m),
      field: 'metadata.name',
      message: `daprd's disk loader refuses the name ${JSON.stringify(nameOf(m))} (".", ".." and names with "/" or "%" are not allowed) and skips the ${m.kind}.`,
      hint: 'Rename it, e.g. with letters, digits, "-" and ".".',
    }));
};

/**
 * Components and HTTPEndpoints of one name: the loader keeps names per kind whatever their scopes
 * (and, unless daprd's NAMESPACE is set, whatever their namespace), and fails on a second one —
 * then daprd does not start ("failed to load components").
 */
export const selfHostedDuplicates: Check = (manifests, options) => {
  if (!selfHosted(options)) return [];
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (!isDaprKind(m, 'Component') && !isDaprKind(m, 'HTTPEndpoint')) continue;
    const key = `${m.kind}\u0000${nameOf(m)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count !== 2) continue;
    findings.push({
      check: 'self-hosted-duplicate',
      severity: 'error',
      resource: resourceId(m),
      field: 'metadata.name',
      message: `two or more ${m.kind}s are named "${nameOf(m)}" in the resources read; daprd reports a duplicate definition and does not start (scopes and namespaces do not keep them apart on disk).`,
      hint: `Give each ${m.kind} its own name, or keep one per resources folder.`,
    });
  }
  return findings;
};

/**
 * Off Kubernetes there is no built-in `kubernetes` secret store (runtime.go, appendBuiltinSecretStore),
 * and a resource without `auth.secretStore` names none: its secretKeyRefs are never resolved and
 * the component waits for a store that never loads.
 */
export const selfHostedSecretStores: Check = (manifests, options) => {
  if (!selfHosted(options)) return [];
  const storeNames = new Set(componentsOf(manifests).filter((c) => c.type?.startsWith('secretstores.')).map((c) => c.name));
  const findings: Finding[] = [];
  for (const m of manifests) {
    if (!(isDaprKind(m, 'Component') || isDaprKind(m, 'HTTPEndpoint')) || secretRefPaths(m).length === 0) continue;
    const store = dig(m, 'auth', 'secretStore');
    if (typeof store === 'string' && store !== KUBERNETES_SECRET_STORE) continue; // a named store: component-secret-store checks it
    if (store === KUBERNETES_SECRET_STORE && storeNames.has(KUBERNETES_SECRET_STORE)) continue;
    findings.push({
      check: 'self-hosted-secret-store',
      severity: 'error',
      resource: resourceId(m),
      field: 'auth.secretStore',
      message:
        store === undefined
          ? 'secretKeyRef values need a secret store, and self-hosted daprd has no default one: without auth.secretStore they are never resolved.'
          : 'auth.secretStore is "kubernetes", which self-hosted daprd does not provide (it is built in on Kubernetes only), and no Component of that name is defined.',
      hint: 'Define a secret store Component (e.g. secretstores.local.file) and name it in auth.secretStore (daprkit dev writes one).',
    });
  }
  return findings;
};

/** `{podName}` is filled in from POD_NAME, which the injector sets on Kubernetes; self-hosted, the component fails to initialize (pkg/runtime/meta). */
export const selfHostedTemplates: Check = (manifests, options) => {
  if (!selfHosted(options)) return [];
  return componentsOf(manifests).flatMap((c) =>
    metadataItems(dig(c.manifest, 'spec', 'metadata'), 'spec.metadata')
      .filter((i) => typeof i.value === 'string' && i.value.includes('{podName}'))
      .map(
        (i): Finding => ({
          check: 'self-hosted-template',
          severity: 'error',
          resource: c.resource,
          field: i.path,
          message: `${i.name ?? 'the value'} uses {podName}, which self-hosted daprd cannot fill in (there is no pod, and POD_NAME is not set): the component fails to initialize.`,
          hint: 'Use {uuid} or {appID} for a per-instance value, or set POD_NAME in daprd\'s environment.',
        }),
      ),
  );
};

export const selfHostedChecks: Check[] = [selfHostedNames, selfHostedDuplicates, selfHostedSecretStores, selfHostedTemplates];

