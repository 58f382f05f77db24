/**
 * The parts of `daprkit graph` for bindings and the control plane.
 *
 * Bindings are drawn as daprd 1.18.3 starts them (pkg/runtime/processor/binding/binding.go): a
 * Component of a binding type is an input binding when the type can be one and its `direction`
 * metadata (the name in any case; the value a comma-separated list, read trimmed and in any case)
 * lists `input` — or there is no `direction` item at all; likewise for output. An input binding
 * triggers the app: daprd posts each event to `POST /<route>` (the `route` metadata item, else the
 * Component's name; send.go), or calls `OnBindingEvent` on a gRPC app. An output binding is called
 * by the app. What a type can be comes from the component catalog, which agrees with the types daprd
 * registers; a binding of an unknown type, or one whose direction the type cannot take, is drawn
 * as loaded only.
 *
 * The control plane is drawn when the manifests install one: a Flux HelmRelease or an Argo CD
 * Application of the `dapr` chart, or the chart rendered (`helm template`: the `dapr-sidecar-injector`
 * Deployment).
 */
import { componentTypeFacts, documentedVersion } from '../checks/component-catalog';
import { controlPlanesOf } from '../checks/control-plane-reader';
import { asArray, asRecord, dig, nameOf } from '../checks/manifest';
import { Manifest } from '../checks/types';

const own = (value: unknown, key: string): unknown => {
  const record = asRecord(value);
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
};

/** A metadata value as daprd reads it (`Value.String()`), when written inline. */
function inlineText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return undefined;
}

export interface BindingDirections {
  readonly input: boolean;
  readonly output: boolean;
  /** The path daprd posts input events to (`/route`). */
  readonly route: string;
}

/** The directions daprd starts a binding Component in; undefined when it is no binding, or they cannot be known. */
export function bindingDirections(component: Manifest): BindingDirections | undefined {
  const type = dig(component, 'spec', 'type');
  if (typeof type !== 'string' || !type.startsWith('bindings.')) return undefined;
  const facts = componentTypeFacts(type);
  if (!facts) return undefined;
  const version = dig(component, 'spec', 'version');
  const capable = ((typeof version === 'string' ? documentedVersion(facts, version) : undefined) ?? facts.versions[0])?.binding;
  if (!capable) return undefined;
  const items = asArray(dig(component, 'spec', 'metadata'));
  let directed = false;
  const listed = new Set<string>();
  for (const item of items) {
    const name = own(item, 'name');
    if (typeof name !== 'string' || name.toLowerCase() !== 'direction') continue;
    directed = true;
    const text = inlineText(own(item, 'value'));
    // From a secret or an environment variable: what it lists is not known here.
    if (text === undefined && (own(item, 'secretKeyRef') !== undefined || own(item, 'envRef') !== undefined)) return undefined;
    for (const part of (text ?? '').split(',')) listed.add(part.trim().toLowerCase());
  }
  const routeItem = items.find((item) => own(item, 'name') === 'route');
  const route = inlineText(own(routeItem, 'value')) ?? nameOf(component);
  return {
    input: capable.input && (!directed || listed.has('input')),
    output: capable.output && (!directed || listed.has('output')),
    route: `/${route.replace(/^\/+/, '')}`,
  };
}

/** The label of an input binding's edge to an app of this protocol (`dapr.io/app-protocol`). */
export function triggerLabel(route: string, appProtocol: string | undefined): string {
  return appProtocol === 'grpc' || appProtocol === 'grpcs' ? 'triggers OnBindingEvent' : `triggers POST ${route}`;
}

/** A release version from an image reference (`ghcr.io/dapr/injector:1.18.3` → `1.18.3`). */
function imageVersion(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const tag = /:([^:/@]+)(?:@.*)?$/.exec(image)?.[1];
  return tag !== undefined && /^v?\d+\.\d+\.\d+/.test(tag) ? tag : undefined;
}

/** The control plane the manifests install, as the graph labels it; undefined when they install none. */
export function controlPlaneLabel(manifests: readonly Manifest[]): string | undefined {
  const versions = new Set<string>();
  let found = false;
  for (const plane of controlPlanesOf(manifests)) {
    found = true;
    if (plane.version !== undefined) versions.add(plane.version);
  }
  for (const m of manifests) {
    if (m.kind !== 'Deployment' || typeof m.apiVersion !== 'string' || !m.apiVersion.startsWith('apps/') || nameOf(m) !== 'dapr-sidecar-injector') continue;
    found = true;
    const version = imageVersion(own(asArray(dig(m, 'spec', 'template', 'spec', 'containers'))[0], 'image'));
    if (version !== undefined) versions.add(version);
  }
  if (!found) return undefined;
  return versions.size === 0 ? 'Dapr control plane' : `Dapr control plane ${[...versions].sort().join(', ')}`;
}
