/** Test helpers: synthesize a chart through the checked path, and look objects up. */
import { Chart, ChartProps } from 'cdk8s';
import { DaprkitApp, DaprkitValidationError } from '../../constructs/app';
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

/**
 * For `expect(failsAtSynth(build)).toThrow(text)`: builds a chart in a
 * `DaprkitApp({ onError: 'throw' })` and synthesizes it. Only a `DaprkitValidationError` from the
 * synthesis gets through with its message; a throw at construction, or any other error, is
 * replaced by one that names what went wrong instead, so a text assertion cannot pass by accident.
 */
export function failsAtSynth(build: (chart: Chart) => void, props: ChartProps = {}): () => void {
  return () => {
    const app = new DaprkitApp({ onError: 'throw', onWarnings: () => undefined });
    try {
      build(new Chart(app, 'test', props));
    } catch (e) {
      throw new Error(`construction threw ${(e as Error).name}; expected the problem to be recorded for synth`);
    }
    try {
      app.synthManifests();
    } catch (e) {
      if (e instanceof DaprkitValidationError) throw e;
      throw new Error(`synthesis threw ${(e as Error).name}, not a DaprkitValidationError`);
    }
  };
}

/** The `DaprkitValidationError` of a synthesis expected to fail; throws (failing the test) otherwise. */
export function synthError(app: DaprkitApp): DaprkitValidationError {
  try {
    app.synthManifests();
  } catch (e) {
    if (e instanceof DaprkitValidationError) return e;
    throw e;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}
