/**
 * The control plane's release — an Argo CD Application or a Flux HelmRelease (with its
 * HelmRepository) of the `dapr` chart — as `ControlPlane`, with the version, namespaces, release
 * name and values as written. ControlPlane brings Dapr's production settings (sync options, retries,
 * remediation); where the input differs the escape hatch keeps it, and past a few differences the
 * release stays a raw object (the report says how many).
 */
import { dnsLabelProblem } from '../checks/formats';
import { MapContext } from './context';
import { construct, daprkit, element, Entry, entry, enumMember, json, Json, member, props, ref, scope, Statement } from './ir';
import { asRecord, dig, metadataStatements } from './metadata';
import { InputObject, PatchTarget, Phase, Unit } from './model';

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const isString = (v: unknown): v is string => typeof v === 'string';

export function mapControlPlane(object_: InputObject, ctx: MapContext): Unit | string {
  const m = object_.manifest;
  const md = asRecord(m.metadata) ?? {};
  const argo = m.kind === 'Application';
  const version = argo ? dig(m, 'spec', 'source', 'targetRevision') : dig(m, 'spec', 'chart', 'spec', 'version');
  if (!isString(version) || !SEMVER.test(version)) return 'its chart version is not an exact release (ControlPlane pins one)';
  const namespace = argo ? dig(m, 'spec', 'destination', 'namespace') : md.namespace;
  const releaseName = argo ? dig(m, 'spec', 'source', 'helm', 'releaseName') ?? md.name : dig(m, 'spec', 'releaseName') ?? md.name;
  if (!isString(namespace) || dnsLabelProblem(namespace) || !isString(releaseName) || md.name !== releaseName) return 'its release name or namespace is not one ControlPlane writes';
  const values = argo ? dig(m, 'spec', 'source', 'helm', 'valuesObject') : dig(m, 'spec', 'values');
  const unit = object_.index;
  const objects = [object_];
  const patchTargets = new Map<number, PatchTarget>();
  const variable = ctx.chart.variables.take(releaseName, 'controlPlane');
  const options: (Entry | undefined)[] = [
    argo ? entry('flavour', enumMember('ControlPlaneFlavour', 'ARGO_CD')) : undefined,
    entry('version', json(version)),
    namespace !== 'dapr-system' ? entry('namespace', json(namespace)) : undefined,
    releaseName !== 'dapr' ? entry('releaseName', json(releaseName)) : undefined,
    asRecord(values) && Object.keys(asRecord(values)!).length > 0 ? entry('values', json(values as Json)) : undefined,
  ];
  if (argo) {
    const server = dig(m, 'spec', 'destination', 'server');
    const project = dig(m, 'spec', 'project');
    const argoCd = props([
      isString(md.namespace) && md.namespace !== 'argocd' ? entry('namespace', json(md.namespace)) : undefined,
      isString(project) && project !== 'default' ? entry('project', json(project)) : undefined,
      isString(server) && server !== 'https://kubernetes.default.svc' ? entry('server', json(server)) : undefined,
    ]);
    if (argoCd.kind === 'object' && argoCd.entries.length > 0) options.push(entry('argoCd', argoCd));
    patchTargets.set(unit, { object: element(member(ref(variable), 'apiObjects'), 0), method: 'addJsonPatch' });
  } else {
    // Flux: the release comes with the HelmRepository it installs from (and a Namespace, which may be added).
    const repository = ctx.neighbours.find((o) => o.manifest.kind === 'HelmRepository' && dig(o.manifest, 'metadata', 'name') === 'dapr' && !ctx.claimed.has(o.index) && !ctx.raw.has(o.index));
    if (!repository) return 'its HelmRepository is not among the imported objects (ControlPlane writes one)';
    ctx.claimed.add(repository.index);
    objects.unshift(repository);
    patchTargets.set(repository.index, { object: element(member(ref(variable), 'apiObjects'), 1), method: 'addJsonPatch' });
    patchTargets.set(unit, { object: element(member(ref(variable), 'apiObjects'), 2), method: 'addJsonPatch' });
  }
  const id = ctx.chart.ids.take(releaseName, 'ControlPlane');
  const statements: Statement[] = [{ declares: variable, expr: construct(daprkit('ControlPlane'), scope, json(id), props(options)), unit }];
  const metadataOf = new Map(objects.map((o) => [o.index, member(patchTargets.get(o.index)!.object, 'metadata')]));
  for (const o of objects) {
    const labels = metadataStatements(o, metadataOf.get(o.index)!, unit);
    if (!labels) return 'its labels or annotations are not text';
    statements.push(...labels);
  }
  return { objects, as: 'ControlPlane', variable, statements, patchTargets, metadataOf, phase: Phase.CONTROL_PLANE };
}
