/** The registry of check ids: complete, used by the README table, and honoured by suppressions. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { CHECK_CATALOG, checkIds, isCheckId } from '../checks/catalog-of-checks';
import { IGNORE_ANNOTATION } from '../checks/daprkit-annotations';
import { runChecks } from '../checks/index';
import { withoutSuppressed } from '../checks/suppressions';
import { Manifest } from '../checks/types';
import { DaprkitApp } from '../constructs/app';
import { DaprApp } from '../constructs/dapr-app';
import { README, withCheckTable } from '../scripts/generate-check-table';

const CHECKS_DIR = path.resolve(__dirname, '..', 'checks');

/** Check ids written in the sources: `check: 'x'`, and the first argument of the finding helpers. */
function idsInSources(): Set<string> {
  const ids = new Set<string>();
  for (const file of fs.readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(CHECKS_DIR, file), 'utf8');
    for (const m of text.matchAll(/check:\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
    for (const m of text.matchAll(/\b(?:finding|error|warn|warning|bad)\(\s*'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) ids.add(m[1]);
    // ... and their last argument, where helpers take the id last (`bad(field, message, hint, 'id')`).
    for (const m of text.matchAll(/,\s*'([a-z0-9]+(?:-[a-z0-9]+)+)',?\s*\)/g)) ids.add(m[1]);
    for (const m of text.matchAll(/\b(?:check|CHECK)\s*=\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
  }
  return ids;
}

describe('catalog of checks', () => {
  test('every check id written in checks/ is registered (register new ids in checks/catalog-of-checks.ts)', () => {
    const missing = [...idsInSources()].filter((id) => !isCheckId(id)).sort();
    expect(missing).toEqual([]);
  });

  test('every entry has a severity and a sentence', () => {
    for (const id of checkIds()) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'error or warning']).toContain(CHECK_CATALOG[id].severity);
      expect(CHECK_CATALOG[id].catches).toMatch(/^[A-Z`].*\.$/);
    }
  });

  test('the README check table is up to date (run `npm run generate:check-table`)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(withCheckTable(readme)).toBe(readme);
    for (const id of checkIds()) expect(readme).toContain(`| \`${id}\` |`);
  });
});

describe('suppressions', () => {
  const deployment = (annotations: Record<string, string>, own: Record<string, string> = {}): Manifest => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: own },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'web', 'dapr.io/app-port': '9999', ...annotations } },
        spec: {
          // A pod meeting Pod Security "restricted", so only the app-port mistake is reported.
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        },
      },
    },
  });

  test('fails without a suppression: the wrong app-port is reported', () => {
    expect(runChecks([deployment({})]).map((f) => f.check)).toEqual(['app-port-not-declared']);
  });

  test('daprkit.io/ignore on the pod template or on the object itself suppresses only the listed checks', () => {
    expect(runChecks([deployment({ [IGNORE_ANNOTATION]: 'app-port-not-declared' })])).toEqual([]);
    expect(runChecks([deployment({}, { [IGNORE_ANNOTATION]: 'unknown-annotation, app-port-not-declared' })])).toEqual([]);
    expect(runChecks([deployment({ [IGNORE_ANNOTATION]: 'unknown-annotation' })]).map((f) => f.check)).toEqual(['app-port-not-declared']);
  });

  test('an ignore list drops a check everywhere', () => {
    const findings = runChecks([deployment({})]);
    expect(withoutSuppressed(findings, [deployment({})], ['app-port-not-declared'])).toEqual([]);
    expect(withoutSuppressed(findings, [deployment({})], ['component-unscoped'])).toHaveLength(1);
  });

  test('synth honours the annotation too: a deliberate exception set through an escape hatch synthesizes', () => {
    const build = (ignore: boolean) => {
      const app = new DaprkitApp({ onWarnings: () => undefined });
      const web = new DaprApp(new Chart(app, 'c'), 'web', { appId: 'web', image: 'web:1', appPort: 8080 });
      // An escape hatch points the sidecar at a port no container declares (say, a port a proxy opens).
      web.deployment.podMetadata.addAnnotation('dapr.io/app-port', '9999');
      if (ignore) web.deployment.podMetadata.addAnnotation(IGNORE_ANNOTATION, 'app-port-not-declared');
      return () => app.synthManifests();
    };
    expect(build(false)).toThrow(/app-port 9999 is not declared/);
    expect(build(true)().length).toBeGreaterThan(0);
  });
});
