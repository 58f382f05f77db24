/** daprkit's annotation table against Dapr's own list: same keys, same types, same closed sets, same deprecations. */
import { ANNOTATION_SPECS, AnnotationFormat } from '../../dapr/annotations';
import { readReferenceJson } from './reference';

interface ReferenceAnnotation {
  key: string;
  type: 'string' | 'bool' | 'int';
  allowedValues?: string[];
  deprecated?: boolean;
  appliesTo: 'Pod' | 'Component';
}

const reference = readReferenceJson<{ annotations: ReferenceAnnotation[] }>('annotations.json').annotations;
const ours = new Map(ANNOTATION_SPECS.map((s) => [s.key, s]));

/** Which of our formats are read by the injector as which of its types. */
const FORMAT_TYPE: Record<AnnotationFormat, ReferenceAnnotation['type']> = {
  enabled: 'bool',
  bool: 'bool',
  int: 'int',
  port: 'int',
  string: 'string',
  path: 'string',
  quantity: 'string',
  duration: 'string',
  enum: 'string',
  list: 'string',
  'host-list': 'string',
  'key-value-list': 'string',
  'env-from-secret': 'string',
  'volume-mounts': 'string',
  json: 'string',
};

describe('annotation table conforms to Dapr reference data', () => {
  test('has exactly the keys Dapr reads', () => {
    expect([...ours.keys()].sort()).toEqual(reference.map((a) => a.key).sort());
    expect(ours.size).toBe(64);
  });

  test.each(reference.map((a) => [a.key, a] as const))('%s has the right type, place, values and deprecation', (key, ref) => {
    const spec = ours.get(key)!;
    expect(FORMAT_TYPE[spec.format]).toBe(ref.type);
    expect(spec.appliesTo).toBe(ref.appliesTo);
    expect(spec.replacedBy !== undefined).toBe(ref.deprecated === true);
    if (ref.allowedValues) expect([...(spec.allowedValues ?? [])].sort()).toEqual([...ref.allowedValues].sort());
  });
});
