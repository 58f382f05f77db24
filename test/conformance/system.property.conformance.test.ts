/**
 * Random valid systems (test/property/system-arbitrary.ts): every Dapr object they synthesize
 * validates against Dapr's own CRD schemas. Built-in kinds are validated against kubernetes-models
 * in the unit suite (test/property). `FC_NUM_RUNS` sets the number of runs.
 */
import fc from 'fast-check';
import { isDaprKind, resourceId } from '../../checks/manifest';
import { DaprkitApp } from '../../constructs/app';
import { buildSystem, NUM_RUNS, systemArb } from '../property/system-arbitrary';
import { validateDaprObject } from './crd-schema';

describe('random valid systems conform to the Dapr CRDs', () => {
  test('every synthesized Dapr object validates', () => {
    fc.assert(
      fc.property(systemArb, (spec) => {
        const app = new DaprkitApp({ onWarnings: () => undefined });
        buildSystem(spec, app);
        const dapr = app.synthManifests().filter((m) => isDaprKind(m));
        expect(dapr.length).toBeGreaterThan(0);
        const errors = dapr.flatMap((m) => validateDaprObject(m).map((e) => `${resourceId(m)} ${e}`));
        expect(errors).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
