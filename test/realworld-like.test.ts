/**
 * The realistic corpus (test/fixtures/realworld-like): valid Dapr YAML of every class that once
 * drew false alarms lints without errors and without catalog warnings; the invalid file's real
 * mistakes are still found.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { runChecks } from '../checks';
import { CheckOptions, Finding, Manifest } from '../checks/types';
import { validateBuiltinKinds } from './support/validate';

const dir = path.join(__dirname, 'fixtures', 'realworld-like');

function load(file: string): Manifest[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** Checks whose warnings come from the catalog's knowledge (the ones that cried wolf). */
const CATALOG_CHECKS = /^(component-(type|spec|version|required-field|field-combination|unknown-field|ignored-field|field-value|sensitive-plaintext|deprecated-field)|subscription-routes)$/;

/** Options a lint run gets for a file (what `--custom-type` passes). */
const OPTIONS: Record<string, CheckOptions> = {
  'pluggable-by-option.valid.yaml': { customTypes: ['bindings.kafka-pluggable'] },
};

const brief = (f: Finding) => `${f.severity} ${f.check} ${f.resource} ${f.field}: ${f.message}`;

describe('realistic valid YAML', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.valid.yaml')).sort();

  test('the corpus covers each class of false alarm', () => {
    expect(files).toEqual([
      'addresses.valid.yaml',
      'agents.valid.yaml',
      'aliases.valid.yaml',
      'bindings-and-middleware.valid.yaml',
      'code-requirements.valid.yaml',
      'legacy.valid.yaml',
      'pluggable-by-option.valid.yaml',
      'pluggable.valid.yaml',
      'routes.valid.yaml',
      'tutorials.valid.yaml',
      'workflows.valid.yaml',
      'workloads.valid.yaml',
    ]);
  });

  test.each(files)('%s lints without errors and without catalog warnings', (file) => {
    const manifests = load(file);
    expect(manifests.length).toBeGreaterThan(1);
    expect(validateBuiltinKinds(manifests)).toBeGreaterThan(0); // the Deployments are valid Kubernetes
    const findings = runChecks(manifests, OPTIONS[file] ?? {});
    expect(findings.filter((f) => f.severity === 'error' || CATALOG_CHECKS.test(f.check)).map(brief)).toEqual([]);
  });

  test.each(['agents.valid.yaml', 'workflows.valid.yaml'])('%s (actors, workflows, MCP) draws no warning but the pod-security one', (file) => {
    const findings = runChecks(load(file)).filter((f) => f.check !== 'pod-security-restricted');
    expect(findings.map(brief)).toEqual([]);
  });

  test('fails on the undeclared pluggable type when the run is not told about it', () => {
    const errors = runChecks(load('pluggable-by-option.valid.yaml')).filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.check, f.resource, f.field])).toEqual([['component-type', 'Component/default/audit-log', 'spec.type']]);
  });
});

describe('realistic invalid YAML', () => {
  test('fails on each real mistake, naming resource and field', () => {
    const errors = runChecks(load('mistakes.invalid.yaml')).filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.check, f.resource, f.field])).toEqual([
      ['component-sensitive-plaintext', 'Component/default/cache', 'spec.metadata[name=redisPasword]'],
      ['component-required-field', 'Component/default/kafka', 'spec.metadata[name=saslPassword]'],
      ['component-type', 'Component/default/ledger', 'spec.type'],
      ['component-field-combination', 'Component/default/newsletter', 'spec.metadata[name=password]'],
      ['component-required-field', 'Component/default/newsletter', 'spec.metadata[name=port]'],
      ['component-sensitive-plaintext', 'Component/default/rabbit', 'spec.metadata[name=connectionString]'],
    ]);
    expect(errors.map((f) => f.message).join('\n')).not.toContain('changeme');
  });
});
