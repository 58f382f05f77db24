/** The CRD schemas shipped as generated facts, and the lint schema checks built on them. */
import * as fs from 'fs';
import * as path from 'path';
import { crdSchema } from '../checks/crd-schema';
import { kubernetesSchema } from '../checks/kubernetes-schema';
import { Manifest } from '../checks/types';
import { CRD_SCHEMAS } from '../dapr/generated/crd-schemas';
import { referenceDir } from '../scripts/catalog/reference';
import { CRD_SCHEMAS_FILE, generateCrdSchemas } from '../scripts/generate-crd-schemas';
import { CRD_VALIDATORS_DIR, generateCrdValidators } from '../scripts/generate-crd-validators';
import { compileCrdValidators } from '../checks/crd-schema-compile';
import { crdSchemaErrors } from '../checks/crd-schema';

const repoRoot = path.resolve(__dirname, '..');
const withReference = fs.existsSync(path.join(referenceDir(), 'crds')) ? test : test.skip;

describe('generated CRD schemas', () => {
  withReference('regenerating gives no diff (run `npm run generate:crds` after changing the generator)', () => {
    expect(fs.readFileSync(path.join(repoRoot, CRD_SCHEMAS_FILE), 'utf8')).toBe(generateCrdSchemas());
  });

  test('the shipped validators are the compiled schemas (run `npm run generate:crds` after changing either)', () => {
    const generated = generateCrdValidators();
    expect(fs.readdirSync(path.join(repoRoot, CRD_VALIDATORS_DIR)).sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(fs.readFileSync(path.join(repoRoot, CRD_VALIDATORS_DIR, name), 'utf8')).toBe(text);
  });

  test('shipped validators judge as validators compiled at run time from the same schemas', () => {
    const compiled = compileCrdValidators(CRD_SCHEMAS);
    const samples: Manifest[] = [
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'c' }, spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'h:6379' }] } },
      { apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'c' }, spec: { type: 1, metadata: [{ value: 'x', extra: true }] } },
      { apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription', metadata: { name: 's' }, spec: { pubsubname: 'p', topic: 't', routes: { default: 5 }, bulkSubscribe: { enabled: true, maxMessagesCount: 2 ** 40 } } },
      { apiVersion: 'dapr.io/v1alpha1', kind: 'WorkflowAccessPolicy', metadata: { name: 'w' }, spec: { rules: [{ callers: [], workflows: [{ name: '', operations: ['launch'] }] }] } },
    ];
    for (const m of samples) expect(crdSchemaErrors(m)).toEqual(crdSchemaErrors(m, compiled));
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
    expect(kubernetesSchema([svc('eighty')]).map((f) => [f.field, f.message])).toEqual([['spec.ports[0].port', 'expected integer, got string (Kubernetes v1 Service schema).']]);
    expect(kubernetesSchema([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: 1 }])).toEqual([]);
    expect(kubernetesSchema([{ apiVersion: '../../etc/v1', kind: 'passwd' }])).toEqual([]);
  });

  test('findings name the value received and what is allowed', () => {
    const policy: Manifest = { apiVersion: 'dapr.io/v1alpha1', kind: 'WorkflowAccessPolicy', metadata: { name: 'w' }, spec: { rules: [{ callers: [{ appID: 'a' }], workflows: [{ name: 'order', operations: ['launch'] }] }] } };
    expect(crdSchema([policy]).map((f) => [f.field, f.message])).toEqual([
      ['spec.rules[0].workflows[0].operations[0]', `"launch" is not one of schedule, terminate, raise, pause, resume, purge, get, rerun (Dapr's WorkflowAccessPolicy CRD).`],
    ]);
    const tooMany: Manifest = { ...policy, spec: { rules: [{ callers: [], workflows: [{ name: 'order', operations: ['get'] }] }] } };
    expect(crdSchema([tooMany]).map((f) => f.message)).toEqual([`has 0 items; the fewest allowed is 1 (Dapr's WorkflowAccessPolicy CRD).`]);
    const subscription: Manifest = { apiVersion: 'dapr.io/v2alpha1', kind: 'Subscription', metadata: { name: 's' }, spec: { pubsubname: 'p', topic: 't', routes: { default: true } } };
    expect(crdSchema([subscription]).map((f) => [f.field, f.message])).toEqual([['spec.routes.default', `expected string, got boolean (Dapr's Subscription CRD).`]]);
  });

  test('an int-or-string value of neither type is one finding naming both types', () => {
    const deployment: Manifest = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, strategy: { rollingUpdate: { maxSurge: true } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    expect(kubernetesSchema([deployment]).map((f) => [f.field, f.message])).toEqual([['spec.strategy.rollingUpdate.maxSurge', 'expected integer or string, got boolean (Kubernetes apps/v1 Deployment schema).']]);
  });

  test('field types that have a model file are not kinds', () => {
    expect(kubernetesSchema([{ apiVersion: 'v1', kind: 'Affinity', metadata: { name: 'a' }, spec: 1 }])).toEqual([]);
  });
});
