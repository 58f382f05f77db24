/**
 * Properties of random valid systems (see system-arbitrary.ts): every object validates against
 * kubernetes-models (Dapr kinds: the conformance suite checks them against Dapr's CRDs), the
 * checks report no error, and a second synth is byte-identical. `FC_NUM_RUNS` sets the number of
 * runs (50 by default; CI runs 1000). A failure prints the shrunk system.
 */
import fc from 'fast-check';
import { DaprkitApp } from '../../constructs/app';
import { validateBuiltinKinds } from '../support/validate';
import { buildSystem, NUM_RUNS, SystemSpec, systemArb } from './system-arbitrary';

function synthYaml(spec: SystemSpec): { yaml: string; validated: number } {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  buildSystem(spec, app);
  const manifests = app.synthManifests(); // throws DaprkitValidationError on any error finding
  return { yaml: app.synthYaml(), validated: validateBuiltinKinds(manifests) };
}

describe('random valid systems', () => {
  test('synthesize without an error finding, validate against kubernetes-models, and synthesize byte-identically twice', () => {
    fc.assert(
      fc.property(systemArb, (spec) => {
        const first = synthYaml(spec);
        expect(first.validated).toBeGreaterThan(0);
        expect(synthYaml(spec).yaml).toBe(first.yaml);
      }),
      { numRuns: NUM_RUNS, verbose: fc.VerbosityLevel.None },
    );
  });
});
