/**
 * Single mutations of a random valid system: a dropped required field, a renamed reference, a
 * changed port, a corrupted value. The checks answer with a finding naming the resource and the
 * field (or, for a harmless corruption, nothing) and never throw; a daprkit program with such a
 * mistake fails synthesis with a report naming both, and writes nothing to its output folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { runChecks } from '../../checks';
import { fieldIndex, componentTypeFacts } from '../../checks/component-catalog';
import { Finding, Manifest } from '../../checks/types';
import { DaprkitApp, DaprkitValidationError } from '../../constructs/app';
import { valuePaths } from '../fuzz/hostile-manifests';
import { buildSystem, ComponentSpec, NUM_RUNS, SystemSpec, systemArb } from './system-arbitrary';

function manifestsOf(spec: SystemSpec): Manifest[] {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  buildSystem(spec, app);
  return app.synthManifests();
}

const clone = (manifests: readonly Manifest[]): Record<string, any>[] => JSON.parse(JSON.stringify(manifests));
const resourceOf = (m: Record<string, any>) => `${m.kind}/${m.metadata?.namespace ?? 'default'}/${m.metadata?.name}`;

/** The checks never throw: a TypeError here is the bug the property looks for. */
function checksOf(manifests: readonly Record<string, any>[]): Finding[] {
  return runChecks(manifests as Manifest[]);
}

/** The version-level required field a metadata item provides (its own, an alias's or a legacy key's), if any. */
function requiredFieldOf(c: ComponentSpec, itemName: string): string | undefined {
  const version = componentTypeFacts(c.specType)!.versions.find((v) => v.version === c.version)!;
  const provided = fieldIndex(version).provides(itemName);
  return version.fields.find((f) => f.required && provided.includes(f.name))?.name;
}

/** A component of the system with a metadata item that alone provides a field every profile needs. */
function droppable(spec: SystemSpec): Array<{ ns: number; c: number; item: number; field: string }> {
  return spec.namespaces.flatMap((ns, n) =>
    ns.components.flatMap((c, ci) =>
      c.metadata.flatMap(([name], item) => {
        const field = requiredFieldOf(c, name);
        return field ? [{ ns: n, c: ci, item, field }] : [];
      }),
    ),
  );
}

const config = { numRuns: NUM_RUNS, verbose: fc.VerbosityLevel.None };

describe('single mutations of a valid system (lint view)', () => {
  test('a dropped required field is an error naming the component and the field', () => {
    fc.assert(
      fc.property(systemArb, fc.nat(), (spec, pick) => {
        const candidates = droppable(spec);
        fc.pre(candidates.length > 0);
        const { ns, c, item, field } = candidates[pick % candidates.length];
        const component = spec.namespaces[ns].components[c];
        const manifests = clone(manifestsOf(spec));
        const target = manifests.find((m) => m.kind === 'Component' && m.metadata.name === component.name && m.metadata.namespace === spec.namespaces[ns].name)!;
        const itemName = component.metadata[item][0];
        target.spec.metadata = target.spec.metadata.filter((i: { name: string }) => i.name !== itemName);
        const errors = checksOf(manifests).filter((f) => f.severity === 'error' && f.resource === resourceOf(target));
        expect(errors.map((f) => f.field)).toContain(`spec.metadata[name=${field}]`);
      }),
      config,
    );
  });

  test('a renamed reference (subscription pub/sub, component scope) is a finding on that field', () => {
    fc.assert(
      fc.property(systemArb, fc.nat(), fc.boolean(), (spec, pick, subscription) => {
        const manifests = clone(manifestsOf(spec));
        const kind = subscription ? 'Subscription' : 'Component';
        const targets = manifests.filter((m) => m.kind === kind && (subscription || (m.scopes ?? []).length > 0));
        fc.pre(targets.length > 0);
        const target = targets[pick % targets.length];
        let field: string;
        if (subscription) {
          target.spec.pubsubname = `${target.spec.pubsubname}-renamed`;
          field = 'spec.pubsubname';
        } else {
          target.scopes[0] = `${target.scopes[0]}-renamed`;
          field = 'scopes[0]';
        }
        const found = checksOf(manifests).filter((f) => f.resource === resourceOf(target) && f.field === field);
        expect(found.length).toBeGreaterThan(0);
      }),
      config,
    );
  });

  test('a changed app port is a finding on the dapr.io/app-port annotation', () => {
    fc.assert(
      fc.property(systemArb, fc.nat(), fc.constantFrom('0', '70000', 'http', '8o80', '-1'), (spec, pick, port) => {
        const manifests = clone(manifestsOf(spec));
        const deployments = manifests.filter((m) => m.kind === 'Deployment');
        const target = deployments[pick % deployments.length];
        target.spec.template.metadata.annotations['dapr.io/app-port'] = port;
        const found = checksOf(manifests).filter((f) => f.resource === resourceOf(target) && f.field.includes('dapr.io/app-port'));
        expect(found.length).toBeGreaterThan(0);
      }),
      config,
    );
  });

  test('a value of the wrong type where the checks look is a finding naming resource and field', () => {
    /** [kind, path to corrupt, hostile value, the field the finding must name]. */
    const corruptions: ReadonlyArray<readonly [string, readonly (string | number)[], unknown, string]> = [
      ['Component', ['spec', 'type'], 42, 'spec.type'],
      ['Component', ['spec', 'metadata'], null, 'spec.metadata'],
      ['Subscription', ['spec', 'topic'], [], 'spec.topic'],
      ['Subscription', ['spec', 'pubsubname'], { name: 'pubsub' }, 'spec.pubsubname'],
      ['Deployment', ['spec', 'template', 'metadata', 'annotations', 'dapr.io/app-port'], 8080, 'spec.template.metadata.annotations["dapr.io/app-port"]'],
      ['Deployment', ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], 'http', 'spec.template.spec.containers[0].ports[0].containerPort'],
    ];
    fc.assert(
      fc.property(systemArb, fc.nat(), fc.constantFrom(...corruptions), (spec, pick, [kind, at, value, field]) => {
        const manifests = clone(manifestsOf(spec));
        const targets = manifests.filter((m) => m.kind === kind);
        fc.pre(targets.length > 0);
        const target = targets[pick % targets.length];
        setAt(target, at, value);
        const found = checksOf(manifests).filter((f) => f.resource === resourceOf(target) && f.field === field);
        expect(found.length).toBeGreaterThan(0);
      }),
      config,
    );
  });

  test('a corrupted value anywhere (wrong type, null, nested arrays) never makes the checks throw', () => {
    const hostile = fc.constantFrom<unknown>(null, 0, -1, 1e308, true, '', 'x'.repeat(10_000), [], [[]], [[1, [null]]], {}, { a: { b: [] } });
    fc.assert(
      fc.property(systemArb, fc.nat(), fc.nat(), hostile, (spec, pickObject, pickPath, value) => {
        const manifests = clone(manifestsOf(spec));
        const target = manifests[pickObject % manifests.length];
        const paths = valuePaths(target);
        const at = paths[pickPath % paths.length];
        setAt(target, at, value);
        const findings = checksOf(manifests);
        for (const f of findings) {
          expect(typeof f.resource).toBe('string');
          expect(typeof f.field).toBe('string');
          expect(typeof f.message).toBe('string');
        }
      }),
      config,
    );
  });
});

describe('single mutations of a valid system (daprkit program)', () => {
  test('fails on a dropped required field with a report naming resource and field, and writes no file', () => {
    fc.assert(
      fc.property(systemArb, fc.nat(), (spec, pick) => {
        const candidates = droppable(spec);
        fc.pre(candidates.length > 0);
        const { ns, c, item, field } = candidates[pick % candidates.length];
        const mutated: SystemSpec = {
          namespaces: spec.namespaces.map((n, ni) =>
            ni !== ns ? n : { ...n, components: n.components.map((comp, ci) => (ci !== c ? comp : { ...comp, metadata: comp.metadata.filter((_, i) => i !== item) })) },
          ),
        };
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-mutation-'));
        try {
          const app = new DaprkitApp({ outdir, onError: 'throw', onWarnings: () => undefined });
          buildSystem(mutated, app);
          let error: unknown;
          try {
            app.synth();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DaprkitValidationError);
          const component = spec.namespaces[ns].components[c];
          expect((error as Error).message).toContain(`Component/${spec.namespaces[ns].name}/${component.name}`);
          expect((error as Error).message).toContain(`field: spec.metadata[name=${field}]`);
          expect(fs.readdirSync(outdir)).toEqual([]);
        } finally {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      }),
      { ...config, numRuns: Math.max(10, Math.floor(NUM_RUNS / 5)) },
    );
  });
});

function setAt(root: Record<string, any>, at: ReadonlyArray<string | number>, value: unknown): void {
  let node: any = root;
  for (const step of at.slice(0, -1)) node = node[step];
  node[at[at.length - 1]] = value;
}
