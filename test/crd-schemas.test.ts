/** The CRD schemas shipped as generated facts, and the lint schema checks built on them. */
import * as fs from 'fs';
import * as path from 'path';
import { crdSchema } from '../checks/crd-schema';
import { kubernetesSchema } from '../checks/kubernetes-schema';
import { Manifest } from '../checks/types';
import { CRD_SCHEMAS } from '../dapr/generated/crd-schemas';
import { referenceDir } from '../scripts/catalog/reference';
import { CRD_SCHEMAS_FILE, generateCrdSchemas } from '../scripts/generate-crd-schemas';

const repoRoot = path.resolve(__dirname, '..');
const withReference = fs.existsSync(path.join(referenceDir(), 'crds')) ? test : test.skip;

describe('generated CRD schemas', () => {
  withReference('regenerating gives no diff (run `npm run generate:crds` after changing the generator)', () => {
    expect(fs.readFileSync(path.join(repoRoot, CRD_SCHEMAS_FILE), 'utf8')).toBe(generateCrdSchemas());
  });

  test('cover every Dapr kind of 1.18, without prose', () => {
    expect(Object.keys(CRD_SCHEMAS)).toEqual(expect.arrayContaining(['dapr.io/v1alpha1 Component', 'dapr.io/v1alpha1 Configuration', 'dapr.io/v1alpha1 Resiliency', 'dapr.io/v2alpha1 Subscription', 'dapr.io/v1alpha1 HTTPEndpoint']));
    expect(JSON.stringify(CRD_SCHEMAS)).not.toMatch(/"description":"/);
  });
});

describe('schema checks', () => {
  const component = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'c' }, spec });

  test('a valid Component passes; a misspelt field fails naming the field', () => {
    expect(crdSchema([component({ type: 'state.in-memory', version: 'v1', metadata: [] })])).toEqual([]);
    const findings = crdSchema([component({ type: 'state.in-memory', version: 'v1', metadata: [], ignoreErorrs: true })]);
    expect(findings.map((f) => [f.check, f.field, f.message])).toEqual([['crd-schema', 'spec.ignoreErorrs', `unknown field "ignoreErorrs" (Dapr's Component CRD).`]]);
  });

  test('fails on a Dapr apiVersion no CRD serves', () => {
    expect(crdSchema([{ apiVersion: 'dapr.io/v1', kind: 'Component', metadata: { name: 'c' } }])[0].message).toBe('no Dapr 1.18 CRD serves dapr.io/v1 Component.');
  });

  test('built-in kinds go through kubernetes-models; unknown kinds are ignored', () => {
    const svc = (port: unknown): Manifest => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port }] } });
    expect(kubernetesSchema([svc(80)])).toEqual([]);
    expect(kubernetesSchema([svc('eighty')]).map((f) => [f.field, f.message])).toEqual([['spec.ports[0].port', 'must be integer (Kubernetes v1 Service schema).']]);
    expect(kubernetesSchema([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: 1 }])).toEqual([]);
    expect(kubernetesSchema([{ apiVersion: '../../etc/v1', kind: 'passwd' }])).toEqual([]);
  });
});
