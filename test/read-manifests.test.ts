/** The bounded manifest reader: locations, bounds (size, aliases, documents, nesting) and fuzzing. */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { readManifests, readYamlValue } from '../checks/read-manifests';
import { runChecks } from '../checks/index';
import { LINT_CHECKS } from '../cli/lint';

const FUZZ_RUNS = Number(process.env.DAPRKIT_FUZZ_RUNS ?? 200);

/** A "billion laughs" document: each level multiplies the one below by ten. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return [...lines, 'apiVersion: v1', 'kind: ConfigMap'].join('\n');
}

describe('readManifests', () => {
  test('reads every object of a multi-document text with the line it starts on; empty documents and Lists handled', () => {
    const text = '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n';
    const { manifests, findings, notices } = readManifests(text, 'x.yaml');
    expect(findings).toEqual([]);
    expect(notices).toEqual([]);
    expect(manifests.map((m) => [m.manifest.kind, m.manifest.metadata?.name, m.line, m.source])).toEqual([
      ['ConfigMap', 'a', 3, 'x.yaml'],
      ['Secret', 's', 8, 'x.yaml'],
    ]);
  });

  test('reads JSON', () => {
    const { manifests } = readManifests('{"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"}}', 'svc.json');
    expect(manifests.map((m) => m.manifest.kind)).toEqual(['Service']);
  });

  test('fails with a yaml-syntax finding at the parser line and column for invalid YAML', () => {
    const { findings, manifests } = readManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n', 'bad.yaml');
    expect(manifests).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ check: 'yaml-syntax', severity: 'error', resource: 'bad.yaml', field: 'line 4, column 9' });
    expect(findings[0].message).toBe('invalid YAML: Nested mappings are not allowed in compact mappings');
  });

  test('fails with duplicate keys (Kubernetes would keep only one of them), naming the key and both lines', () => {
    const { findings } = readManifests('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', 'dup.yaml');
    expect(findings.map((f) => [f.field, f.message])).toEqual([['line 3, column 1', 'invalid YAML: the key "kind" appears twice in one map (first on line 2).']]);
    // Keys that differ as YAML but are the same JSON key are duplicates too.
    expect(readManifests('apiVersion: v1\nkind: ConfigMap\ndata:\n  1: a\n  "1": b\n', 'dup.yaml').findings[0].message).toMatch(/the key "1" appears twice/);
  });

  test('fails on an alias bomb within the alias bound, with a finding naming the limit', () => {
    const start = Date.now();
    const { findings, manifests } = readManifests(aliasBomb(9), 'bomb.yaml');
    expect(Date.now() - start).toBeLessThan(5_000); // bounded, not 10^9 nodes
    expect(manifests).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe("aliases expand the document by more than 10000 nodes, the reader's limit (an alias bomb?).");
    expect(findings[0].hint).toMatch(/at most 10000 nodes/);
  });

  test('the alias bound is a real limit: a few aliases pass, raising maxAliasNodes admits a larger bomb', () => {
    expect(readManifests(aliasBomb(1), 'one.yaml').findings).toEqual([]);
    expect(readManifests(aliasBomb(2), 'two.yaml').findings).toEqual([]);
    expect(readManifests(aliasBomb(3), 'three.yaml').findings).toHaveLength(1);
    expect(readManifests(aliasBomb(2), 'two.yaml', { maxAliasNodes: 100 }).findings).toHaveLength(1);
    expect(readManifests(aliasBomb(3), 'three.yaml', { maxAliasNodes: 100_000 }).findings).toEqual([]);
  });

  test('aliases repeat a value: the same data wherever they are used', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: &l {app: x}}\ndata: {copy: *l}\n';
    const [m] = readManifests(text, 'alias.yaml').manifests;
    expect(m.manifest.data).toEqual({ copy: { app: 'x' } });
    expect(m.manifest.metadata?.labels).toEqual({ app: 'x' });
  });

  test('merge keys merge (YAML\'s merge-key type, which Kubernetes\' reader implements): keys written in the map win, then earlier sources', () => {
    const text = 'base: &base {a: "1", b: "1"}\nmore: &more {b: "2", c: "2"}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata:\n  <<: [*base, *more]\n  c: "3"\n';
    const [m] = readManifests(text, 'merge.yaml').manifests;
    expect(m.manifest.data).toEqual({ c: '3', a: '1', b: '1' });
    expect(readManifests('apiVersion: v1\nkind: ConfigMap\ndata: {<<: 0}\n', 'merge.yaml').findings.map((f) => f.message)).toEqual(['a merge key (<<) must merge a map or a list of maps.']);
    // Quoted, it is an ordinary key.
    expect(readManifests('apiVersion: v1\nkind: ConfigMap\ndata: {"<<": x}\n', 'merge.yaml').manifests[0].manifest.data).toEqual({ '<<': 'x' });
  });

  test('fails on a text over the size bound before parsing it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n' + '#'.repeat(2_000);
    expect(readManifests(text, 'big.yaml', { maxBytes: 1_000 }).findings[0].message).toBe(`the file is ${text.length} characters long, over the reader's limit of 1000.`);
    expect(readManifests(text, 'big.yaml', { maxBytes: 10_000 }).findings).toEqual([]);
  });

  test('fails on more documents than the document bound', () => {
    const text = Array.from({ length: 5 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}`).join('\n---\n');
    expect(readManifests(text, 'many.yaml', { maxDocuments: 4 }).findings[0].message).toBe("the file holds more than 4 documents, over the reader's limit; nothing of it was read.");
    expect(readManifests(text, 'many.yaml', { maxDocuments: 4 }).manifests).toEqual([]);
    expect(readManifests(text, 'many.yaml', { maxDocuments: 5 }).manifests).toHaveLength(5);
  });

  test('fails cleanly on nesting too deep for the parser (flow and block)', () => {
    for (const text of ['['.repeat(50_000) + ']'.repeat(50_000), Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')]) {
      const { findings } = readManifests(text, 'deep.yaml');
      expect(findings).toHaveLength(1);
      expect(findings[0].check).toBe('yaml-syntax');
    }
  });

  test('skips Helm templates and non-objects with a notice', () => {
    expect(readManifests('metadata:\n  name: {{ .Values.name }}\n', 't.yaml').notices[0].message).toMatch(/^skipped: a template/);
    expect(readManifests('resources:\n- a.yaml\n', 'kustomization.yaml').notices[0].message).toMatch(/not a Kubernetes object/);
    const kustomization = readManifests('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n', 'kustomization.yaml');
    expect(kustomization.manifests).toEqual([]);
    expect(kustomization.notices[0].message).toBe('skipped: a Kustomization, not a manifest; run kustomize build first.');
  });
});

describe('readManifests and the checks on hostile input (fuzz)', () => {
  const wellFormed = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    metadata:\n      annotations:\n        dapr.io/enabled: "true"\n        dapr.io/app-port: "80"\n    spec:\n      containers:\n      - name: a\n        ports: [{containerPort: 80}]\n',
    'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: s\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - name: redisHost\n    value: r:6379\nscopes: [a]\n',
    'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: c\nspec:\n  accessControl:\n    policies:\n    - appId: a\n      operations: [{name: /x, httpVerb: [GET], action: allow}]\n',
  ].join('---\n');

  /** Reading and then checking never throws, whatever the text. */
  function survives(text: string): void {
    const { manifests } = readManifests(text, 'fuzz.yaml', { maxBytes: 200_000 });
    runChecks(
      manifests.map((m) => m.manifest),
      LINT_CHECKS,
    );
  }

  test('random strings and random bytes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => survives(s)), { numRuns: FUZZ_RUNS });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => survives(Buffer.from(bytes).toString('latin1'))), { numRuns: FUZZ_RUNS });
  });

  test('every truncation of a realistic file', () => {
    fc.assert(fc.property(fc.nat({ max: wellFormed.length }), (n) => survives(wellFormed.slice(0, n))), { numRuns: FUZZ_RUNS });
  });

  test('wrong types in every field position of real objects', () => {
    const base = readManifests(wellFormed, 'base.yaml').manifests.map((m) => m.manifest);
    const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.constant([[1, [2]]]), fc.constant({}), fc.boolean(), fc.array(fc.constant(null)));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), junk, (which, depth, value) => {
        const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>[];
        // Walk to a random node and overwrite it.
        let node: unknown = copy[which % copy.length];
        for (let i = 0; i < (depth % 6) && node !== null && typeof node === 'object'; i++) {
          const keys = Object.keys(node as object);
          if (keys.length === 0) break;
          const key = keys[(which + i) % keys.length];
          const child = (node as Record<string, unknown>)[key];
          if (i === (depth % 6) - 1 || child === null || typeof child !== 'object') {
            (node as Record<string, unknown>)[key] = value;
            break;
          }
          node = child;
        }
        runChecks(copy as never, LINT_CHECKS);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  test('every field position, exhaustively: a number where a map is expected, null, arrays of arrays, …', () => {
    const base = readManifests(wellFormed, 'base.yaml').manifests.map((m) => m.manifest);
    const junk: unknown[] = [null, 42, 'text', [[1, [2]]], {}, true, [null]];
    const paths: (string | number)[][] = [];
    // The reader only hands over objects with string apiVersion and kind; everything below them is fair game.
    const walk = (node: unknown, at: (string | number)[]) => {
      if (at.length > 1 && !(at.length === 2 && (at[1] === 'apiVersion' || at[1] === 'kind'))) paths.push(at);
      if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...at, Array.isArray(node) ? Number(k) : k]);
    };
    base.forEach((m, i) => walk(m, [i]));
    expect(paths.length).toBeGreaterThan(35);
    for (const at of paths) {
      for (const value of junk) {
        const copy = JSON.parse(JSON.stringify(base));
        let node = copy;
        for (const step of at.slice(0, -1)) node = node[step];
        node[at[at.length - 1]] = value;
        expect(() => runChecks(copy, LINT_CHECKS)).not.toThrow();
      }
    }
  });

  test('the reader reads any JSON value, written as YAML in any style, as the yaml package does', () => {
    // Keys include what every object answers to: they must come back as plain data. (A `<<` key
    // merges, as in Kubernetes' reader: test/untrusted-messages.test.ts and the merge test below.)
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', '1', 'true', ''));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.uniqueArray(fc.tuple(key, tie('node')), { maxLength: 4, selector: ([k]) => k }).map((entries) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        return out;
      }),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom('block', 'flow', 'json'), (v, style) => {
        const text = style === 'json' ? JSON.stringify(v) : stringify(v, { collectionStyle: style as 'block' | 'flow', aliasDuplicateObjects: false });
        const read = readYamlValue(text, 'fuzz.yaml');
        expect(read.findings).toEqual([]);
        expect(read.value).toEqual(parse(text));
        expect(Object.getPrototypeOf({})).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  test('deeply nested and huge documents', () => {
    survives(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'{a: '.repeat(500)}1${'}'.repeat(500)}\n`);
    const huge = Array.from({ length: 2_000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {k: "${'v'.repeat(50)}"}`).join('\n---\n');
    const { manifests } = readManifests(huge, 'huge.yaml');
    expect(manifests).toHaveLength(2_000);
    survives(huge);
  });
});
