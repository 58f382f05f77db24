/** `--target self-hosted`: the rules of daprd's disk loader instead of the API server's. */
import * as fs from 'fs';
import * as path from 'path';
import { runChecks } from '../checks';
import { Finding, Manifest } from '../checks/types';
import { readInputs } from '../cli/inputs';
import { lint, LINT_CHECKS } from '../cli/lint';
import { REPO_ROOT, runCli, tempDir } from './support/cli';

const FOLDER = path.join(REPO_ROOT, 'test', 'fixtures', 'self-hosted', 'resources');
const component = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Manifest => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name }, spec, ...extra });
const redis = (name: string, extra: Record<string, unknown> = {}, items: unknown[] = []) =>
  component(name, { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisHost', value: 'localhost:6379' }, ...items] }, extra);
const selfHosted = (manifests: Manifest[]) => runChecks(manifests, LINT_CHECKS, { target: 'self-hosted' });
const kubernetes = (manifests: Manifest[]) => runChecks(manifests, LINT_CHECKS, { target: 'kubernetes' });
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error').map((f) => [f.check, f.field]);

describe('a realistic self-hosted resources folder', () => {
  const read = () => readInputs([FOLDER]);

  test('lints without error for the self-hosted target', () => {
    const result = lint(read(), { target: 'self-hosted' });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.advice).toEqual([]);
  });

  test('by Kubernetes rules (the default) it has errors, and the advice names them and the switch', () => {
    const result = lint(read(), {});
    expect(errors(result.findings)).toEqual(
      expect.arrayContaining([
        ['object-name', 'metadata.name'],
        ['component-spec', 'spec.metadata'],
        ['crd-schema', 'spec.nameResolution.version'],
      ]),
    );
    expect(result.advice).toEqual([expect.stringMatching(/^These files hold Dapr resources and no workloads.*5 errors \(component-spec, crd-schema, object-name\).*--target self-hosted/)]);
  });

  test('no advice when the target was chosen, or when workloads sit beside the resources', () => {
    expect(lint(read(), { target: 'kubernetes' }).advice).toEqual([]);
    const withWorkload = read();
    withWorkload.manifests.push({ manifest: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: {} }, source: 'x.yaml', line: 1 });
    expect(lint(withWorkload, {}).advice).toEqual([]);
  });
});

describe('rules that hold only self-hosted', () => {
  test('fails on a secretKeyRef with no secret store daprd can use off Kubernetes', () => {
    const ref = [{ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'password' } }];
    expect(errors(selfHosted([redis('a', {}, ref)]))).toEqual([['self-hosted-secret-store', 'auth.secretStore']]);
    expect(errors(selfHosted([redis('a', { auth: { secretStore: 'kubernetes' } }, ref)]))).toEqual([['self-hosted-secret-store', 'auth.secretStore']]);
    const store = component('local', { type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: 'secrets.json' }] });
    expect(errors(selfHosted([redis('a', { auth: { secretStore: 'local' } }, ref), store]))).toEqual([]);
    // On Kubernetes the built-in store serves it.
    expect(errors(kubernetes([redis('a', {}, ref)]))).toEqual([]);
  });

  test('a field with a local fallback (redisHost: localhost:6379) is required on Kubernetes only', () => {
    const noHost = component('cache', { type: 'state.redis', version: 'v1', metadata: [] });
    expect(errors(kubernetes([noHost]))).toEqual([['component-required-field', 'spec.metadata[name=redisHost]']]);
    expect(errors(selfHosted([noHost]))).toEqual([]);
  });

  test('fails on {podName}, which only the injector fills in', () => {
    const item = [{ name: 'keyPrefix', value: 'pre-{podName}' }];
    expect(errors(selfHosted([redis('a', {}, item)]))).toEqual([['self-hosted-template', 'spec.metadata[name=keyPrefix]']]);
    expect(errors(kubernetes([redis('a', {}, item)]))).toEqual([]);
    expect(errors(selfHosted([redis('a', {}, [{ name: 'keyPrefix', value: '{appID}-{uuid}' }])]))).toEqual([]);
  });

  test('fails on two Components of one name, even in different namespaces or scopes', () => {
    const a = redis('store', { scopes: ['a'] });
    const b = { ...redis('store', { scopes: ['b'] }), metadata: { name: 'store', namespace: 'other' } };
    expect(errors(selfHosted([a, b]))).toEqual([['self-hosted-duplicate', 'metadata.name']]);
    expect(errors(kubernetes([a, b]))).toEqual([]);
  });

  test('names: camelCase is fine on disk, "/" and "%" and ".." are not', () => {
    expect(errors(selfHosted([redis('orderStore')]))).toEqual([]);
    expect(errors(kubernetes([redis('orderStore')]))).toEqual([['object-name', 'metadata.name']]);
    expect(errors(selfHosted([redis('a/b'), redis('..'), redis('50%')]))).toEqual([
      ['self-hosted-name', 'metadata.name'],
      ['self-hosted-name', 'metadata.name'],
      ['self-hosted-name', 'metadata.name'],
    ]);
  });

  test('CRD-required fields are not required on disk; an unknown field is a warning, a wrong type still an error', () => {
    const bare = component('inventory', { type: 'state.in-memory', version: 'v1' });
    expect(errors(selfHosted([bare]))).toEqual([]);
    const typo = component('c', { type: 'state.in-memory', version: 'v1', metadata: [], ignoreErorrs: true });
    expect(selfHosted([typo]).filter((f) => f.check === 'crd-schema').map((f) => [f.severity, f.message])).toEqual([
      ['warning', `unknown field "ignoreErorrs" (Dapr's Component CRD); daprd's disk loader drops it silently.`],
    ]);
    const wrongType = component('c', { type: 'state.in-memory', version: 'v1', metadata: [], ignoreErrors: 'yes' });
    expect(errors(selfHosted([wrongType]))).toEqual([['crd-schema', 'spec.ignoreErrors']]);
  });
});

describe('daprkit lint --target', () => {
  test('the flag and the config file choose the target; a bad value is a usage error', () => {
    const work = tempDir();
    try {
      fs.cpSync(FOLDER, path.join(work, 'resources'), { recursive: true });
      expect(runCli(['lint', 'resources'], { cwd: work }).code).toBe(1);
      expect(runCli(['lint', '--target', 'self-hosted', 'resources'], { cwd: work }).code).toBe(0);
      expect(runCli(['lint', '--target', 'moon', 'resources'], { cwd: work }).code).toBe(2);
      fs.writeFileSync(path.join(work, '.daprkit.yaml'), 'target: self-hosted\n');
      expect(runCli(['lint', 'resources'], { cwd: work }).code).toBe(0);
      fs.writeFileSync(path.join(work, '.daprkit.yaml'), 'target: moon\n');
      const bad = runCli(['lint', 'resources'], { cwd: work });
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('target must be one of kubernetes, self-hosted')]);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('--list-checks says which target each rule holds for', () => {
    const rows = JSON.parse(runCli(['lint', '--list-checks', '--format', 'json']).stdout) as { id: string; only?: string }[];
    expect(rows.find((r) => r.id === 'object-name')?.only).toBe('kubernetes');
    expect(rows.find((r) => r.id === 'self-hosted-duplicate')?.only).toBe('self-hosted');
    expect(rows.find((r) => r.id === 'component-required-field')?.only).toBeUndefined();
  });
});
