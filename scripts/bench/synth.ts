/**
 * Section "synth" (variants measured interleaved, see `interleavedMedians`): daprkit's checked
 * synth to YAML of N apps against the same-process baselines:
 * the cdk8s-plus-only system (what users write without daprkit), the same objects as raw
 * ApiObjects (cdk8s's own resolve + YAML), and the floor (serialising the identical plain objects).
 */
import { ApiObject } from 'cdk8s';
import { BenchOptions, BenchRow, BenchSection, interleavedMedians, peakRssMb } from './harness';
import { cdk8sPlusApp, daprkitApp, floorCdk8sYaml, floorFastYaml, rawApiObjectsApp, synthCdk8s } from './workload';

/** What each child process of the memory measurement runs once. */
export const MEMORY_VARIANTS: Record<string, (n: number) => unknown> = {
  daprkit: (n) => daprkitApp(n).synthYaml(),
  'cdk8s-plus': (n) => synthCdk8s(cdk8sPlusApp(n)),
};

function run(options: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of options.ns) {
    const manifests = daprkitApp(n).synthManifests();
    const [daprkit, plus, raw, floor, fastFloor] = interleavedMedians(options.runs, [
      () => daprkitApp(n).synthYaml(),
      () => synthCdk8s(cdk8sPlusApp(n)),
      () => synthCdk8s(rawApiObjectsApp(manifests)),
      () => floorCdk8sYaml(manifests),
      () => floorFastYaml(manifests),
    ]);
    const mem = options.memory ? { daprkit: peakRssMb('daprkit', n), plus: peakRssMb('cdk8s-plus', n) } : undefined;
    const row = (label: string, ms: number, extra: Record<string, number> = {}, peakRssMb?: number, objects?: number): BenchRow => ({
      section: 'synth', n, label, medianMs: ms, perAppMs: ms / n, ratios: { 'daprkit/this': daprkit / ms, ...extra }, ...(peakRssMb !== undefined ? { peakRssMb } : {}), ...(objects ? { objects } : {}),
    });
    rows.push(
      row(`daprkit synthYaml (${manifests.length} objects)`, daprkit, {}, mem?.daprkit, manifests.length),
      row('cdk8s-plus only (Deployment + Service)', plus, {}, mem?.plus, cdk8sPlusApp(n).node.findAll().filter((c) => c instanceof ApiObject).length),
      row('same objects as raw ApiObjects', raw),
      row('floor: cdk8s Yaml.stringify of the plain objects', floor),
      row('floor: daprkit emitter of the plain objects', fastFloor),
    );
  }
  return rows;
}

export const synthSection: BenchSection = { name: 'synth', run };
