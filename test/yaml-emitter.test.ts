/**
 * The fast emitter must write exactly the bytes cdk8s writes (`Yaml.stringify`), so that switching
 * to it changes no file in dist/. Compared over random manifests and over everything the
 * constructs and the example synthesize.
 */
import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import { fastDocument, stringifyDocument, stringifyYaml } from '../constructs/yaml-emitter';
import { conformanceCorpus } from './support/corpus';

// Strings chosen to hit each rule of the `yaml` package: YAML 1.1 booleans/nulls/numbers/dates,
// indicator characters, ': ' and ' #', document markers, unicode, whitespace at the ends, quotes.
const TRICKY = [
  '', ' ', 'y', 'Y', 'n', 'N', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'Null', '~', '-', '?', ':', '#',
  '8080', '0', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '0775', '0b101', '1_000', '1:20', '190:20:30', '.inf', '-.Inf', '.NaN',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '=', '<<',
  'a: b', 'a #b', 'a#b', 'trailing ', ' leading', 'ends:', 'http://x:80/y', 'app-1:1', '- item', '-x', '? k', '?x',
  '---', '--- x', '...', '%YAML', '@at', '`tick', '!tag', '&anchor', '*alias', '|', '>', '{}', '[]', '[a, b]', '{a: 1}', 'a,b',
  "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'tab\there', 'line\nbreak', 'two\n\nbreaks\n', 'trailing\n', '\u0007bell',
  'héllo', 'ünïcödé: ok', '日本語', 'emoji 🎉', '\uD800', 'dapr.io/app-id', 'x'.repeat(120), 'word '.repeat(40).trim(), 'k'.repeat(1100),
];

const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[a-z0-9.:/ -]{0,12}$/));
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9.\/-]{0,15}$/), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, -0, Number.MAX_SAFE_INTEGER + 2) },
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const wild = fc.dictionary(key, value, { maxKeys: 6 });
// Most wild documents hold something the fast path leaves to the `yaml` package; these are shaped
// like Kubernetes objects (printable strings, integers, booleans) so the fast path writes them.
const printable = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[ -~]{0,14}$/), fc.stringMatching(/^[a-z0-9\u00e9\u65e5\u{1F389} :#'"-]{1,10}$/u));
const { kubeValue } = fc.letrec<{ kubeValue: unknown }>((tie) => ({
  kubeValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof({ weight: 5, arbitrary: printable }, fc.integer(), fc.boolean()),
    fc.array(fc.oneof(printable, fc.dictionary(key, tie('kubeValue'), { maxKeys: 4 })), { maxLength: 4 }),
    fc.dictionary(key, tie('kubeValue'), { maxKeys: 5 }),
  ),
}));
const kubeLike = fc.dictionary(fc.oneof(printable, key), kubeValue, { maxKeys: 6 });
const manifest = fc.oneof(wild, kubeLike);

describe('yaml emitter', () => {
  test('writes the bytes cdk8s writes for random manifests', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 9, arbitrary: manifest }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxLength: 3 }), (docs) => {
        expect(stringifyYaml(docs)).toBe(Yaml.stringify(...docs));
      }),
      { numRuns: 1500 },
    );
    const sample = fc.sample(kubeLike, { numRuns: 300, seed: 1 });
    expect(sample.filter((m) => fastDocument(m) !== undefined).length).toBeGreaterThan(20);
  });

  test('writes the bytes cdk8s writes for every tricky string as key, value and list item', () => {
    for (const s of TRICKY) {
      for (const doc of [{ [s]: 'v' }, { k: s }, { k: [s, { [s]: s }] }, { a: { b: s } }]) {
        expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
      }
    }
  });

  test('writes the bytes cdk8s writes for everything the constructs and the example synthesize', () => {
    const corpus = conformanceCorpus();
    expect(corpus.length).toBeGreaterThan(20);
    expect(stringifyYaml(corpus)).toBe(Yaml.stringify(...corpus));
    // The comparison proves something only if the fast path wrote them (not the fallback).
    const fast = corpus.filter((m) => fastDocument(m) !== undefined).length;
    expect(fast / corpus.length).toBeGreaterThan(0.9);
  });

  test('writes nested maps, lists and quoted numbers the way kubectl manifests look', () => {
    const doc = { metadata: { annotations: { 'dapr.io/app-port': '8080', 'dapr.io/enabled': 'true' } }, spec: { ports: [{ port: 80 }], empty: {}, none: [] } };
    expect(stringifyDocument(doc)).toBe(
      'metadata:\n  annotations:\n    dapr.io/app-port: "8080"\n    dapr.io/enabled: "true"\nspec:\n  ports:\n    - port: 80\n  empty: {}\n  none: []\n',
    );
  });
});
