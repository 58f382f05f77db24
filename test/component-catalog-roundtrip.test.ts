/**
 * The catalog and the checks agree: for every component type and documented version, a Component
 * that sets exactly the required fields (and one complete auth profile, and what the catalog's
 * rules ask for) passes every check, and the same Component missing one required field fails
 * naming that field.
 */
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { COMPONENT_CATALOG } from '../dapr/generated/component-catalog';
import { ComponentTypeFacts, ComponentVersionFacts, FieldCondition, FieldFacts } from '../dapr/component-facts';
import { daprDeployment } from './support/manifests';

/** A plausible value of a field's type, honouring allowed values; sensitive fields go through a secret. */
function item(field: FieldFacts): Record<string, unknown> {
  if (field.sensitive) return { name: field.name, secretKeyRef: { name: 'creds', key: field.name.toLowerCase() } };
  const value = field.allowedValues?.[0] ?? { number: '1', bool: 'true', duration: '5s', bytesize: '4Mi', string: 'x' }[field.type];
  return { name: field.name, value };
}

/** Whether a rule's condition holds for the fields set so far, with the values `item` gives them. */
function holds(condition: FieldCondition, set: ReadonlyMap<string, FieldFacts>): boolean {
  const field = set.get(condition.field);
  if (condition.is === 'set' || condition.is === 'unset') return (field !== undefined) === (condition.is === 'set');
  const rendered = field === undefined ? undefined : (item(field).value as string | undefined);
  if (rendered === undefined) return condition.is === 'not-true';
  switch (condition.is) {
    case 'true':
      return rendered === 'true';
    case 'not-true':
      return rendered !== 'true';
    case 'one-of':
    case 'listing':
      return condition.values.includes(rendered);
    case 'starts-with':
      return condition.values.some((v) => rendered.startsWith(v));
  }
}

/**
 * The fields a minimal valid Component of this version sets: required ones plus the first
 * profile's, completed for the catalog's rules (a condition they meet, a pair, one of several).
 */
function minimalFields(version: ComponentVersionFacts): FieldFacts[] {
  const byName = new Map(version.fields.map((f) => [f.name, f]));
  const set = new Map<string, FieldFacts>();
  const add = (name: string) => set.set(name, byName.get(name) ?? { name, type: 'string' });
  for (const f of version.fields.filter((f) => f.required && !f.name.includes('<'))) add(f.name);
  for (const name of version.authProfiles?.[0]?.required ?? []) add(name);
  for (const rule of version.rules ?? []) {
    if (!(rule.when ?? []).every((c) => holds(c, set))) continue;
    const missing = rule.fields.filter((n) => !set.has(n));
    if (rule.kind === 'required') missing.forEach(add);
    if ((rule.kind === 'at-least-one' || rule.kind === 'exactly-one') && missing.length === rule.fields.length) add(rule.fields[0]);
    if (rule.kind === 'all-or-none' && (rule.triggers ?? rule.fields).some((n) => set.has(n))) missing.forEach(add);
  }
  return [...set.keys()].sort().map((n) => set.get(n)!);
}

function component(type: ComponentTypeFacts, version: ComponentVersionFacts, fields: FieldFacts[]): Manifest {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'sample' },
    scopes: ['app'],
    spec: { type: type.specType, version: version.version, metadata: fields.map(item) },
  };
}

const app = daprDeployment('app');

const cases = COMPONENT_CATALOG.filter((t) => !t.disabled).flatMap((type) =>
  type.versions.map((version) => [`${type.specType}/${version.version}`, type, version] as const),
);

describe('catalog round trip through the checks', () => {
  test('covers every component type', () => {
    expect(new Set(cases.map(([, t]) => t.specType)).size).toBeGreaterThanOrEqual(130);
  });

  test.each(cases)('%s with its required fields passes', (_label, type, version) => {
    const errors = runChecks([app, component(type, version, minimalFields(version))]).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  test.each(cases.filter(([, , v]) => v.fields.some((f) => f.required && !f.name.includes('<'))))('fails: %s without a required field names it', (_label, type, version) => {
    const fields = minimalFields(version);
    const dropped = fields.find((f) => version.fields.find((v) => v.name === f.name)?.required)!;
    const errors = runChecks([app, component(type, version, fields.filter((f) => f !== dropped))]).filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].resource).toBe('Component/default/sample');
    expect(errors.map((e) => `${e.field} ${e.message}`).join('\n')).toContain(dropped.name);
  });
});
