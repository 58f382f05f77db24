/**
 * Reading Dapr's control plane out of a manifest set: a Flux HelmRelease or an Argo CD Application
 * of the `dapr` chart (with its values, unset ones falling back to the chart's defaults), and the
 * `daprsystem` Configuration, which is where the injector and sentry actually read mTLS from.
 */
import { DAPR_CHART, DAPR_CHART_VALUES, DAPR_SYSTEM_CONFIGURATION } from '../dapr/control-plane';
import { asArray, asRecord, dig, emptyRecord, ownValue, resourceId, setOwn } from './manifest';
import { readYamlValue } from './read-manifests';
import { Manifest } from './types';

/** One installation of the `dapr` chart found in the manifests. */
export interface ControlPlaneView {
  readonly manifest: Manifest;
  readonly resource: string;
  /** Field path of the values object: `spec.values` (Flux) or `spec.source.helm.valuesObject` (Argo CD). */
  readonly valuesPath: string;
  /** The values as written (empty when none). */
  readonly values: Record<string, unknown>;
  /** The chart version (Flux `version`, Argo CD `targetRevision`), when it names one. */
  readonly version?: string;
}

/** A control-plane setting and where it was read (for the finding's resource and field). */
export interface ControlPlaneSetting<T> {
  readonly value: T;
  readonly resource: string;
  readonly field: string;
  /** False when the manifests leave it unset and the chart's default applies. */
  readonly explicit: boolean;
}

/**
 * Argo CD `helm.parameters` (`global.mtls.enabled=false`) folded into a values object. The paths are
 * input: the objects have no prototype and are read by own keys, so `__proto__.polluted` is a value
 * named `__proto__`, as Helm reads it, never a write into every object's prototype.
 */
function parametersAsValues(parameters: unknown): Record<string, unknown> {
  const out = emptyRecord();
  for (const p of asArray(parameters)) {
    const name = dig(p, 'name');
    const raw = dig(p, 'value');
    if (typeof name !== 'string' || raw === undefined) continue;
    const keys = name.split('.');
    let cur = out;
    for (const key of keys.slice(0, -1)) {
      let next = asRecord(ownValue(cur, key));
      if (!next) setOwn(cur, key, (next = emptyRecord()));
      cur = next;
    }
    setOwn(cur, keys[keys.length - 1], raw === 'true' ? true : raw === 'false' ? false : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw);
  }
  return out;
}

/** Helm's merge of values sources: objects key by key, anything else replaced (into a new object without prototype). */
function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = emptyRecord();
  for (const [k, v] of Object.entries(base)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(over)) {
    const [a, b] = [asRecord(ownValue(out, k)), asRecord(v)];
    setOwn(out, k, a && b ? mergeValues(a, b) : v);
  }
  return out;
}

/** Argo CD's values, lowest precedence first: `values` text, `valuesObject`, `parameters`. */
function argoValues(helm: unknown): Record<string, unknown> {
  const fromObject = asRecord(dig(helm, 'valuesObject'));
  let fromText: Record<string, unknown> | undefined;
  const text = dig(helm, 'values');
  // The values text is input too: read with the manifests' bounded reader (linear, no alias bombs).
  if (typeof text === 'string') fromText = asRecord(readYamlValue(text, 'helm.values').value);
  return [fromObject ?? {}, parametersAsValues(dig(helm, 'parameters'))].reduce(mergeValues, fromText ?? {});
}

/** Every HelmRelease / Application of the `dapr` chart. */
export function controlPlanesOf(manifests: readonly Manifest[]): ControlPlaneView[] {
  const views: ControlPlaneView[] = [];
  for (const m of manifests) {
    if (m.kind === 'HelmRelease' && m.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && dig(m, 'spec', 'chart', 'spec', 'chart') === DAPR_CHART) {
      const version = dig(m, 'spec', 'chart', 'spec', 'version');
      views.push({ manifest: m, resource: resourceId(m), valuesPath: 'spec.values', values: asRecord(dig(m, 'spec', 'values')) ?? {}, version: typeof version === 'string' ? version : undefined });
    } else if (m.kind === 'Application' && m.apiVersion.startsWith('argoproj.io/')) {
      const sources = [dig(m, 'spec', 'source'), ...asArray(dig(m, 'spec', 'sources'))];
      const index = sources.findIndex((s) => dig(s, 'chart') === DAPR_CHART);
      if (index < 0) continue;
      const base = index === 0 ? 'spec.source' : `spec.sources[${index - 1}]`;
      const version = dig(sources[index], 'targetRevision');
      views.push({ manifest: m, resource: resourceId(m), valuesPath: `${base}.helm.valuesObject`, values: argoValues(dig(sources[index], 'helm')), version: typeof version === 'string' ? version : undefined });
    }
  }
  return views;
}

/** A chart value of a control plane: as written, else the chart's default. */
export function chartValue(view: ControlPlaneView, ...path: string[]): ControlPlaneSetting<unknown> {
  const written = dig(view.values, ...path);
  return {
    value: written !== undefined ? written : dig(DAPR_CHART_VALUES, ...path),
    resource: view.resource,
    field: `${view.valuesPath}.${path.join('.')}`,
    explicit: written !== undefined,
  };
}

/** Is this the control plane's own Configuration? */
export function isSystemConfiguration(m: Manifest): boolean {
  return m.kind === 'Configuration' && m.apiVersion.startsWith('dapr.io/') && m.metadata?.name === DAPR_SYSTEM_CONFIGURATION;
}

/**
 * Whether the cluster runs mTLS: a `daprsystem` Configuration's `spec.mtls.enabled` when the
 * manifests hold one, else the control plane's `global.mtls.enabled` (the chart writes daprsystem
 * from it). Undefined when no control plane is in sight: unknown, not off.
 */
export function clusterMtls(manifests: readonly Manifest[]): ControlPlaneSetting<boolean> | undefined {
  const system = manifests.find(isSystemConfiguration);
  const written = dig(system, 'spec', 'mtls', 'enabled');
  if (system && typeof written === 'boolean') return { value: written, resource: resourceId(system), field: 'spec.mtls.enabled', explicit: true };
  const plane = controlPlanesOf(manifests)[0];
  if (!plane) return undefined;
  const setting = chartValue(plane, 'global', 'mtls', 'enabled');
  return { ...setting, value: setting.value !== false && setting.value !== 'false' };
}
