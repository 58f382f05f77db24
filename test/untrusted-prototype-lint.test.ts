/**
 * Issue 16 §4, the lint path: keys and names from the input never reach an object's prototype.
 * A realistic system (test/support/hostile-keys.ts) has a placeholder in every key and name
 * position; filled with `__proto__`, `constructor`, `toString`, … it must lint exactly as with a
 * name of the same shape that no object answers to, and leave Object.prototype as it was.
 * (dev, diff and graph have their own property test.)
 */
import fc from 'fast-check';
import { runChecks } from '../checks';
import { controlPlanesOf, clusterMtls, chartValue } from '../checks/control-plane-reader';
import { readManifests } from '../checks/read-manifests';
import { Finding, Manifest } from '../checks/types';
import { LINT_CHECKS } from '../cli/lint';
import { replaced, TEMPLATES, valuePaths } from './fuzz/hostile-manifests';
import { runCli, tempDir } from './support/cli';
import { hostileKeysSystem, PLACEHOLDER_DEFAULTS, PROTOTYPE_NAMES, sameShapeName } from './support/hostile-keys';
import * as fs from 'fs';
import * as path from 'path';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 40);

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype] as const;
const snapshot = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join(','));
const pristine = snapshot();

/** Fails (and repairs the damage, so later tests run clean) when a prototype gained a property. */
function expectNoPollution(): void {
  const now = snapshot();
  PROTOTYPES.forEach((p, i) => {
    for (const name of Object.getOwnPropertyNames(p)) if (!pristine[i].split(',').includes(name)) delete (p as unknown as Record<string, unknown>)[name];
  });
  expect(now).toEqual(pristine);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

function lintText(text: string): Finding[] {
  const read = readManifests(text, 'system.yaml');
  return [...read.findings, ...runChecks(read.manifests.map((m) => m.manifest), LINT_CHECKS)];
}

/** Findings with the name written as <N>, suggestions left out (their distance to other names differs), in a stable order. */
function normalized(findings: readonly Finding[], name: string): string[] {
  return findings.map((f) => [f.check, f.severity, f.resource, f.field, f.message, f.hint].join(' | ').split(name).join('<N>').replace(/ Did you mean "[^"]*"\?/g, '')).sort();
}

/** Lint with `name` in the chosen positions equals lint with its same-shape twin there; nothing is polluted. */
function lintsLikeAnyName(name: string, chosen: ReadonlySet<string> | 'all'): void {
  const hostile = normalized(lintText(hostileKeysSystem(name, chosen)), name);
  expectNoPollution();
  const twin = sameShapeName(name);
  expect(hostile).toEqual(normalized(lintText(hostileKeysSystem(twin, chosen)), twin));
}

describe('prototype names in every key and name position lint like any other name', () => {
  test('the system lints clean but for a few known findings with its realistic names', () => {
    const findings = lintText(hostileKeysSystem('', new Set()));
    expect(findings.map((f) => f.check).sort()).toEqual(['access-control-policy', 'network-policy-egress', 'pod-security-restricted', 'pod-security-restricted']);
  });

  test.each(PROTOTYPE_NAMES)('%s in every position at once', (name) => {
    lintsLikeAnyName(name, 'all');
  });

  test('a prototype name in any few positions (property)', () => {
    const placeholders = Object.keys(PLACEHOLDER_DEFAULTS);
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), fc.subarray(placeholders, { minLength: 1, maxLength: 4 }), (name, chosen) => lintsLikeAnyName(name, new Set(chosen))),
      { numRuns: RUNS },
    );
  });

  test('values that are maps with keys named toString, valueOf, __proto__ or constructor, in every field position, never make a check throw', () => {
    const values: unknown[] = [JSON.parse('{"toString": "x", "valueOf": "y", "constructor": 1, "__proto__": {"polluted": 1}}'), [{ toString: 1 }]];
    const system = readManifests(hostileKeysSystem('', new Set()), 'system.yaml').manifests.map((m) => m.manifest) as unknown as Record<string, unknown>[];
    const all = [...TEMPLATES, ...system];
    for (const template of all) {
      for (const at of valuePaths(template)) {
        for (const value of values) {
          const objects = all.map((t) => (t === template ? replaced(t, at, value) : t));
          // The synth checks (the schema validators see these keys in the property tests above).
          expect(() => runChecks(objects as unknown as Manifest[])).not.toThrow();
        }
      }
    }
    expectNoPollution();
  });
});

describe('the Argo CD Application of the issue', () => {
  const application = (parameters: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: dapr, namespace: argocd}
spec:
  project: default
  destination: {server: "https://kubernetes.default.svc", namespace: dapr-system}
  source:
    repoURL: "https://dapr.github.io/helm-charts/"
    chart: dapr
    targetRevision: 1.18.3
    helm:
      parameters:
${parameters}
`;

  test('helm.parameters named __proto__.* are values named __proto__, as Helm reads them; nothing is polluted', () => {
    const text = application('      - {name: __proto__.polluted, value: "yes"}\n      - {name: global.__proto__.enabled, value: "true"}\n      - {name: global.mtls.enabled, value: "false"}');
    const manifests = readManifests(text, 'app.yaml').manifests.map((m) => m.manifest);
    const [plane] = controlPlanesOf(manifests);
    expectNoPollution();
    expect(Object.keys(plane.values)).toEqual(['__proto__', 'global']);
    expect(Object.getOwnPropertyDescriptor(plane.values, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(chartValue(plane, 'global', 'mtls', 'enabled')).toMatchObject({ value: false, explicit: true });
    expect(clusterMtls(manifests)?.value).toBe(false);
    // The unknown top-level value is reported like any other.
    expect(runChecks(manifests, LINT_CHECKS).filter((f) => f.check === 'control-plane-values').map((f) => f.field)).toEqual(['spec.source.helm.valuesObject.__proto__']);
    expectNoPollution();
  });

  test('with a Component in the same run, lint checks both and exits 1 or 0, never 3 (it crashed in ajv)', () => {
    const dir = tempDir('daprkit-proto-');
    try {
      const component = 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: statestore}\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - {name: redisHost, value: "redis:6379"}\n  - {name: redisPassword, value: hunter2}\n';
      fs.writeFileSync(path.join(dir, 'all.yaml'), `${application('      - {name: __proto__.polluted, value: "yes"}')}---\n${component}`);
      const run = runCli(['lint', dir, '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const out = JSON.parse(run.stdout) as { objects: number; findings: { check: string; resource: string }[] };
      expect(out.objects).toBe(2);
      expect(out.findings.map((f) => f.check)).toEqual(expect.arrayContaining(['component-sensitive-plaintext', 'control-plane-values']));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
