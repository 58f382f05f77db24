/** Test helpers: synthesize a chart through the checked path, and look objects up. */
import { Chart, ChartProps } from 'cdk8s';
import { DaprkitApp } from '../../constructs/app';
import { Finding, Manifest } from '../../checks/types';
import { validateBuiltinKinds } from './validate';

export interface SynthResult {
  readonly manifests: Manifest[];
  readonly warnings: readonly Finding[];
}

/**
 * Builds a chart in a fresh DaprkitApp, synthesizes it with every check, and validates every
 * built-in object against kubernetes-models, so a schema-invalid object fails the calling test.
 */
export function synthChecked(build: (chart: Chart) => void, props: ChartProps = {}): SynthResult {
  let warnings: readonly Finding[] = [];
  const app = new DaprkitApp({ onWarnings: (_report, findings) => (warnings = findings) });
  build(new Chart(app, 'test', props));
  const manifests = app.synthManifests();
  validateBuiltinKinds(manifests);
  return { manifests, warnings };
}

/** Shortcut when only the manifests matter. */
export function synth(build: (chart: Chart) => void, props: ChartProps = {}): Manifest[] {
  return synthChecked(build, props).manifests;
}

/** The one object of that kind and name; throws (failing the test) when it is missing. */
export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest & Record<string, any> {
  const found = manifests.filter((m) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0] as Manifest & Record<string, any>;
}

/** Pod-template annotations of a workload. */
export function podAnnotations(workload: Manifest): Record<string, string> {
  return (workload as any).spec.template.metadata.annotations ?? {};
}

/**
 * The report of a checked synthesis that is expected to fail (construct problems and findings);
 * throws, failing the calling test, when synthesis succeeds.
 */
export function synthReport(build: (chart: Chart) => void, props: ChartProps = {}): string {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  build(new Chart(app, 'test', props));
  try {
    app.synthManifests();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}
