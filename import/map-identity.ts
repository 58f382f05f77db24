/**
 * daprkit's own identity objects, read back: the ServiceAccount a workload gets by default (named
 * after the app-id), and the Role and RoleBinding `readsSecrets` makes for a Kubernetes secret
 * store. Where the input holds exactly what daprkit would write, they fold back into the workload
 * (no `serviceAccount` prop; an `app.readsSecrets(...)` call) instead of staying raw objects.
 */
import { Manifest } from '../checks/types';
import { DeclaredComponent, MapContext } from './context';
import { call, cdk8s, Expr, json, member, nonNull, object, entry, ref, Statement } from './ir';
import { asRecord, dig, otherKeys, stringMap } from './metadata';
import { InputObject, PatchTarget } from './model';
import { sameMap } from './map-pod';
import { objectsNamed } from './object-index';
import { sameJson } from './map-containers';

const RBAC = 'rbac.authorization.k8s.io/v1';

/** Only daprkit's own annotations (which may differ) and no others. */
function noForeignAnnotations(metadata: Record<string, unknown>): boolean {
  const annotations = metadata.annotations === undefined ? {} : stringMap(metadata.annotations);
  return annotations !== undefined && Object.keys(annotations).every((k) => k.startsWith('daprkit.io/'));
}

/** The chart's objects of a kind and name, not forced raw and not taken by another unit. */
function find(ctx: MapContext, apiVersion: string, kind: string, name: string): InputObject | undefined {
  return objectsNamed(ctx.neighbours, apiVersion, kind, name).find((o) => !ctx.raw.has(o.index) && !ctx.claimed.has(o.index));
}

/**
 * The app's own ServiceAccount, when the pod runs under it and it is exactly the one the workload
 * writes: `automountServiceAccountToken: false`, labelled with the app's `labels` and `app: <appId>`.
 */
export function ownServiceAccount(appId: string, pod: Record<string, unknown>, labels: Readonly<Record<string, string>>, ctx: MapContext): InputObject | undefined {
  if (pod.serviceAccountName !== appId || (pod.serviceAccount !== undefined && pod.serviceAccount !== appId)) return undefined;
  const found = find(ctx, 'v1', 'ServiceAccount', appId);
  if (!found || ctx.hasFindings(found)) return undefined;
  const m = found.manifest as Record<string, unknown>;
  const md = asRecord(m.metadata) ?? {};
  if (otherKeys(m, ['apiVersion', 'kind', 'metadata', 'automountServiceAccountToken']).length > 0 || m.automountServiceAccountToken !== false) return undefined;
  if (otherKeys(md, ['name', 'namespace', 'labels', 'annotations']).length > 0 || !noForeignAnnotations(md)) return undefined;
  const saLabels = stringMap(md.labels);
  return saLabels && sameMap(saLabels, { ...labels, app: appId }) ? found : undefined;
}

/** Where the escape hatch and suppressions of a folded ServiceAccount go: `ApiObject.of(app.serviceAccount!)`. */
export function serviceAccountTarget(variable: string): PatchTarget {
  return { object: call(member(cdk8s('ApiObject'), 'of'), nonNull(member(ref(variable), 'serviceAccount'))), method: 'addJsonPatch' };
}

/** A Kubernetes store the app reads, with the keys its Configuration's secret scope lets it read (undefined: every key). */
interface KubernetesRead {
  readonly store: 'kubernetes' | DeclaredComponent;
  readonly keys?: readonly string[];
}

/** The app's reads of Kubernetes secret stores, from its Configuration's secret scopes (as `readsSecrets` writes them). */
function kubernetesReads(config: Manifest, appId: string, ctx: MapContext): KubernetesRead[] | undefined {
  const scopes = dig(config, 'spec', 'secrets', 'scopes');
  if (!Array.isArray(scopes)) return undefined;
  const reads: KubernetesRead[] = [];
  for (const raw of scopes) {
    const s = asRecord(raw);
    if (!s || typeof s.storeName !== 'string') return undefined;
    const component = ctx.chart.components.get(s.storeName);
    const store = s.storeName === 'kubernetes' ? 'kubernetes' : component?.specType === 'secretstores.kubernetes' && component.scopes.includes(appId) ? component : undefined;
    if (!store) continue;
    const allowed = s.allowedSecrets;
    if (s.defaultAccess === 'allow' && otherKeys(s, ['storeName', 'defaultAccess']).length === 0) reads.push({ store });
    else if (s.defaultAccess === 'deny' && otherKeys(s, ['storeName', 'defaultAccess', 'allowedSecrets']).length === 0 && Array.isArray(allowed) && allowed.length > 0 && allowed.every((k) => typeof k === 'string')) {
      reads.push({ store, keys: allowed as string[] });
    } else return undefined;
  }
  return reads;
}

/** What `readsSecrets` folds back: the call(s) and the Role and RoleBinding they write. */
export interface SecretReadFold {
  readonly objects: InputObject[];
  /** The app reads the built-in `kubernetes` store (which `readsSecrets` then keeps on). */
  readonly builtin: boolean;
  readonly statements: (app: Expr, unit: number) => Statement[];
}

/**
 * The `readsSecrets` calls that write exactly the app's Role and RoleBinding `<appId>-secret-reader`
 * (and nothing the input lacks): the app loads a Configuration of the chart, alone, whose secret
 * scopes name the Kubernetes store(s) it reads; the token is mounted; the built-in store, when read,
 * is on. Undefined when the input says anything else (the objects then stay raw).
 */
export function secretReadFold(appId: string, pod: Record<string, unknown>, annotations: Readonly<Record<string, string>>, ctx: MapContext): SecretReadFold | undefined {
  const serviceAccountName = typeof pod.serviceAccountName === 'string' && pod.serviceAccountName !== '' ? pod.serviceAccountName : 'default';
  const configName = annotations['dapr.io/config'];
  const name = `${appId}-secret-reader`;
  const role = find(ctx, RBAC, 'Role', name);
  const binding = find(ctx, RBAC, 'RoleBinding', name);
  if (!role || !binding || ctx.hasFindings(role) || ctx.hasFindings(binding) || pod.automountServiceAccountToken !== true || configName === undefined) return undefined;
  if ((ctx.chart.configurationUsers.get(configName) ?? []).length !== 1 || !ctx.chart.configurations.has(configName)) return undefined;
  const config = ctx.chart.configurations.get(configName)!.object.manifest;
  const reads = kubernetesReads(config, appId, ctx);
  if (!reads || reads.length === 0) return undefined;
  if (reads.some((r) => r.store === 'kubernetes') && annotations['dapr.io/disable-builtin-k8s-secret-store'] !== 'false') return undefined;

  const labels = { app: appId };
  const metadataFits = (o: InputObject) => {
    const md = asRecord(o.manifest.metadata) ?? {};
    return otherKeys(md, ['name', 'namespace', 'labels', 'annotations']).length === 0 && sameJson(md.labels, labels) && noForeignAnnotations(md);
  };
  const all = reads.some((r) => !r.keys);
  const keys = [...new Set(reads.flatMap((r) => r.keys ?? []))].sort();
  const rules = all ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] : [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: keys }];
  const r = role.manifest as Record<string, unknown>;
  if (!metadataFits(role) || otherKeys(r, ['apiVersion', 'kind', 'metadata', 'rules']).length > 0 || !sameJson(r.rules, rules)) return undefined;
  const b = binding.manifest as Record<string, unknown>;
  const subjects = [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: ctx.chart.daprNamespace }];
  if (!metadataFits(binding) || otherKeys(b, ['apiVersion', 'kind', 'metadata', 'roleRef', 'subjects']).length > 0) return undefined;
  if (!sameJson(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }) || !sameJson(b.subjects, subjects)) return undefined;
  return {
    objects: [role, binding],
    builtin: reads.some((r) => r.store === 'kubernetes'),
    statements: (app, unit) =>
      reads.map((read) => ({
        expr: call(member(app, 'readsSecrets'), read.store === 'kubernetes' ? json('kubernetes') : ref(read.store.variable), object([read.keys ? entry('keys', json([...read.keys])) : entry('allKeys', json(true))])),
        unit,
      })),
  };
}
