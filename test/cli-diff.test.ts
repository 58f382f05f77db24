/** `daprkit diff` through its real entry point, on two synth outputs of the todo example. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { stringify } from 'yaml';
import { Manifest } from '../checks/types';
import { diffManifests, REDACTED } from '../cli/diff';
import { DaprkitApp } from '../constructs/app';
import { TodoSystem } from '../stacks/todo';
import { runCli, tempDir, writeManifests } from './support/cli';

/** The todo system; `changePort` moves todo-api's Service port 80 → 8080 through an escape hatch. */
function synthTodo(changePort: boolean): Manifest[] {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  const system = new TodoSystem(app, 'todo');
  if (changePort) ApiObject.of(system.todoApi.service!).addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 8080));
  return app.synthManifests();
}

let work: string;
beforeAll(() => {
  work = tempDir();
  writeManifests(path.join(work, 'before', 'todo.k8s.yaml'), synthTodo(false));
  writeManifests(path.join(work, 'after', 'todo.k8s.yaml'), synthTodo(true));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('daprkit diff', () => {
  test('one changed port → exactly that field, in JSON', () => {
    const run = runCli(['diff', 'before', 'after', '--format', 'json'], { cwd: work });
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout);
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 12 });
    expect(d.changes).toEqual([
      { key: 'v1 Service default/todo-api', kind: 'Service', name: 'todo-api', namespace: 'default', change: 'changed', fields: [{ path: 'spec.ports[name=http].port', before: 80, after: 8080 }], notes: [] },
    ]);
  });

  test('--format markdown gives a PR comment: counts, a table and collapsible details', () => {
    const run = runCli(['diff', 'before', 'after', '--format', 'markdown', '--exit-code'], { cwd: work });
    expect(run.code).toBe(1); // --exit-code: something changed
    expect(run.stdout).toContain('**0** added · **0** removed · **1** changed · 12 unchanged');
    expect(run.stdout).toContain('| changed | Service | default | todo-api | 1 |  |');
    expect(run.stdout).toContain('<details><summary>Service default/todo-api: 1 field</summary>');
    expect(run.stdout).toContain('| `spec.ports[name=http].port` | 80 | 8080 |');
    expect(run.stdout).toMatchSnapshot();
  });

  test('no change: exit 0 even with --exit-code; formatting and key order are not changes', () => {
    const reordered = fs
      .readFileSync(path.join(work, 'before', 'todo.k8s.yaml'), 'utf8')
      .split('---\n')
      .reverse()
      .map((doc) => stringify(JSON.parse(JSON.stringify(require('yaml').parse(doc))), { sortMapEntries: true, indent: 4 }))
      .join('---\n');
    fs.writeFileSync(path.join(work, 'reordered.yaml'), reordered);
    const run = runCli(['diff', 'before', 'reordered.yaml', '--exit-code'], { cwd: work });
    expect(run.stdout).toBe('0 added, 0 removed, 0 changed, 13 unchanged.\n');
    expect(run.code).toBe(0);
  });

  test('reads a side through git (git:<ref>:<path>) without a checkout', () => {
    const repo = path.join(work, 'repo');
    fs.mkdirSync(path.join(repo, 'dist'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    fs.copyFileSync(path.join(work, 'before', 'todo.k8s.yaml'), path.join(repo, 'dist', 'todo.k8s.yaml'));
    git('add', '.');
    git('commit', '-qm', 'base');
    fs.copyFileSync(path.join(work, 'after', 'todo.k8s.yaml'), path.join(repo, 'dist', 'todo.k8s.yaml'));
    const run = runCli(['diff', 'git:HEAD:dist', 'dist', '--format', 'json'], { cwd: repo });
    expect(JSON.parse(run.stdout).changes.map((c: { key: string }) => c.key)).toEqual(['v1 Service default/todo-api']);
    const bad = runCli(['diff', 'git:no-such-ref:dist', 'dist'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/git cat-file -t no-such-ref:dist failed/);
  });
});

describe('diffManifests', () => {
  const base = synthTodo(false);
  const edit = (mutate: (ms: any[]) => void) => {
    const copy = JSON.parse(JSON.stringify(base));
    mutate(copy);
    return diffManifests(base, copy);
  };

  test('matches containers, env and Component metadata by name, not by index', () => {
    const d = edit((ms) => {
      const component = ms.find((m) => m.kind === 'Component' && m.metadata.name === 'statestore');
      component.spec.metadata.reverse();
      component.spec.metadata.find((i: any) => i.name === 'redisHost').value = 'redis:6380';
    });
    expect(d.changes.map((c) => c.fields)).toEqual([[{ path: 'spec.metadata[name=redisHost].value', before: 'redis-master.redis.svc.cluster.local:6379', after: 'redis:6380' }]]);
    expect(d.changes[0].notes).toEqual([expect.stringMatching(/takes effect only after the apps that load it restart/)]);
  });

  test('a changed dapr.io annotation notes that the pods roll', () => {
    const d = edit((ms) => {
      ms.find((m) => m.kind === 'Deployment' && m.metadata.name === 'todo-api').spec.template.metadata.annotations['dapr.io/log-level'] = 'debug';
    });
    expect(d.changes[0].fields).toEqual([{ path: 'spec.template.metadata.annotations["dapr.io/log-level"]', after: 'debug' }]);
    expect(d.changes[0].notes).toEqual([expect.stringMatching(/the pods roll/)]);
  });

  test('secret data and sensitive plaintext values are always redacted', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'redis' }, stringData: { 'redis-password': 'old-secret' } };
    const d = diffManifests([secret], [{ ...secret, stringData: { 'redis-password': 'new-secret' } }]);
    expect(d.changes[0].fields).toEqual([{ path: 'stringData.redis-password', before: REDACTED, after: REDACTED }]);
    const component = (value: string) => ({ apiVersion: 'dapr.io/v1alpha1', kind: 'Component', metadata: { name: 'c' }, spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisPassword', value }] } });
    const text = JSON.stringify(diffManifests([component('hunter2')], [component('hunter3')]));
    expect(text).not.toMatch(/hunter/);
    expect(text).toContain(REDACTED);
    // References to secrets and ordinary settings stay visible.
    const ref = (name: string) => ({ ...component('x'), spec: { type: 'state.redis', version: 'v1', metadata: [{ name: 'redisPassword', secretKeyRef: { name, key: 'k' } }, { name: 'authType', value: name }] } });
    expect(diffManifests([ref('a')], [ref('b')]).changes[0].fields).toEqual([
      { path: 'spec.metadata[name=authType].value', before: 'a', after: 'b' },
      { path: 'spec.metadata[name=redisPassword].secretKeyRef.name', before: 'a', after: 'b' },
    ]);
  });

  test('a changed control-plane image is reported as an upgrade', () => {
    const operator = (tag: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dapr-operator', namespace: 'dapr-system' }, spec: { template: { spec: { containers: [{ name: 'dapr-operator', image: `ghcr.io/dapr/operator:${tag}` }] } } } });
    const d = diffManifests([operator('1.17.0')], [operator('1.18.0')]);
    expect(d.changes[0].notes).toEqual([expect.stringMatching(/control-plane version changes: this is an upgrade/)]);
    const release = (version: string) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'dapr', namespace: 'flux-system' }, spec: { chart: { spec: { chart: 'dapr', version } } } });
    const upgrade = diffManifests([release('1.17.5')], [release('1.18.0')]);
    expect(upgrade.changes[0].fields).toEqual([{ path: 'spec.chart.spec.version', before: '1.17.5', after: '1.18.0' }]);
    expect(upgrade.changes[0].notes).toEqual([expect.stringMatching(/this is an upgrade/)]);
    // An app's own image is not a control-plane upgrade.
    const app = (tag: string) => ({ ...operator(tag), metadata: { name: 'todo-api', namespace: 'default' } });
    expect(diffManifests([app('1')], [app('2')]).changes[0].notes).toEqual([]);
  });

  test('added and removed objects are listed', () => {
    const d = edit((ms) => {
      ms.splice(ms.findIndex((m) => m.kind === 'HTTPEndpoint'), 1);
    });
    expect(d.changes.map((c) => [c.change, c.kind, c.name])).toEqual([['removed', 'HTTPEndpoint', 'email-api']]);
    expect(diffManifests([], base).counts.added).toBe(base.length);
  });
});
