/**
 * Issue 16 §4 (commands): `__proto__`, `constructor`, `prototype`, `toString`, `hasOwnProperty` and
 * other Object.prototype names in every name and key position of every command — lint, diff, dev,
 * graph — give the correct output (the name shows where it belongs, and nowhere else), never a
 * crash, and never touch Object.prototype. Manifests go through the real reader (JSON text), the
 * commands through their functions in-process (so pollution would be seen), and once each through
 * the spawned CLI. `FC_NUM_RUNS` sets the number of runs.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { readManifests } from '../checks/read-manifests';
import { Manifest } from '../checks/types';
import { devFiles, runDev } from '../cli/dev';
import { diffManifests, formatDiffText } from '../cli/diff';
import { buildGraph, toMermaid } from '../cli/graph';
import { UsageError } from '../cli/inputs';
import { formatJson, lint } from '../cli/lint';
import { NUM_RUNS } from './property/system-arbitrary';
import { runCli, tempDir } from './support/cli';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const hostileName = fc.constantFrom(...PROTOTYPE_NAMES);

interface Names {
  readonly appId: string;
  readonly component: string;
  readonly secretName: string;
  readonly secretKey: string;
  readonly itemName: string;
  readonly annotationKey: string;
  readonly envName: string;
  readonly dataKey: string;
  readonly topic: string;
  readonly helmParameter: string;
}

const names: fc.Arbitrary<Names> = fc.record({
  appId: hostileName,
  component: hostileName,
  secretName: hostileName,
  secretKey: hostileName,
  itemName: hostileName,
  annotationKey: hostileName,
  envName: hostileName,
  dataKey: hostileName,
  topic: hostileName,
  // One segment, or a dotted path through it (`__proto__.polluted`), which the checks' control-plane
  // reader folds into chart values.
  helmParameter: fc.oneof(hostileName, hostileName.map((n) => `${n}.polluted`), hostileName.map((n) => `global.${n}.x`)),
});

const j = JSON.stringify;

/**
 * The system as JSON text (so keys such as `__proto__` are ordinary keys, as a YAML file holds
 * them): an app, a second app, a pub/sub Component with a plaintext password and a secret reference,
 * a Subscription, a ConfigMap, an Argo CD Application with a Helm parameter.
 */
function systemText(n: Names, dataValue: string): string {
  const pod = (appId: string, extraAnnotations: string, env: string) =>
    `{"metadata": {"labels": {"app": "x"}, "annotations": {"dapr.io/enabled": "true", "dapr.io/app-id": ${j(appId)}, "dapr.io/app-port": "8080"${extraAnnotations}}}, "spec": {"containers": [{"name": "app", "image": "app:1", "ports": [{"containerPort": 8080}]${env}}]}}`;
  return [
    `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "orders", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": ${pod(n.appId, `, ${j(n.annotationKey)}: "x"`, `, "env": [{"name": ${j(n.envName)}, "value": "plain"}]`)}}}`,
    `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "other", "namespace": "shop"}, "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": ${pod('other', ', "dapr.io/config": "reader"', '')}}}`,
    // The other app reads one secret (named like the secret key) from the built-in Kubernetes store.
    `{"apiVersion": "dapr.io/v1alpha1", "kind": "Configuration", "metadata": {"name": "reader", "namespace": "shop"}, "spec": {"secrets": {"scopes": [{"storeName": "kubernetes", "defaultAccess": "deny", "allowedSecrets": [${j(n.secretKey)}]}]}}}`,
    `{"apiVersion": "dapr.io/v1alpha1", "kind": "Component", "metadata": {"name": ${j(n.component)}, "namespace": "shop"}, "spec": {"type": "pubsub.redis", "version": "v1", "metadata": [{"name": "redisHost", "value": "redis:6379"}, {"name": "redisPassword", "value": "hunter2-plaintext"}, {"name": ${j(n.itemName)}, "secretKeyRef": {"name": ${j(n.secretName)}, "key": ${j(n.secretKey)}}}]}}`,
    `{"apiVersion": "dapr.io/v2alpha1", "kind": "Subscription", "metadata": {"name": "sub", "namespace": "shop"}, "spec": {"pubsubname": ${j(n.component)}, "topic": ${j(n.topic)}, "routes": {"default": "/events"}}}`,
    `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"}, "data": {${j(n.dataKey)}: ${j(dataValue)}}}`,
    `{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "dapr", "namespace": "argocd"}, "spec": {"destination": {"namespace": "dapr-system"}, "source": {"repoURL": "https://dapr.github.io/helm-charts", "chart": "dapr", "targetRevision": "1.18.3", "helm": {"parameters": [{"name": ${j(n.helmParameter)}, "value": "yes"}, {"name": "global.mtls.enabled", "value": "true"}]}}}}`,
  ].join('\n---\n');
}

function read(text: string): Manifest[] {
  const result = readManifests(text, 'system.json');
  expect(result.findings).toEqual([]);
  return result.manifests.map((m) => m.manifest);
}

/** Object.prototype as it was before: every own property and its value. */
const PRISTINE = new Map(Reflect.ownKeys(Object.prototype).map((k) => [k, Object.getOwnPropertyDescriptor(Object.prototype, k)?.value]));
function expectPrototypeUntouched(): void {
  expect(Reflect.ownKeys(Object.prototype).filter((k) => !PRISTINE.has(k) || Object.getOwnPropertyDescriptor(Object.prototype, k)?.value !== PRISTINE.get(k))).toEqual([]);
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'appProtocol', 'yes', 'x', 'plain']) expect(probe[key]).toBeUndefined();
}

const isDnsLabel = (s: string) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s);
const own = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);

let work: string;
beforeAll(() => {
  work = tempDir('daprkit-prototype-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('Object.prototype names in every name and key position', () => {
  test('lint: the findings name the hostile objects; nothing crashes or pollutes', () => {
    fc.assert(
      fc.property(names, (n) => {
        const manifests = read(systemText(n, 'v'));
        const result = lint({ manifests: readManifests(systemText(n, 'v'), 'system.json').manifests, findings: [], notices: [] });
        expectPrototypeUntouched();
        const plaintext = result.findings.filter((f) => f.check === 'component-sensitive-plaintext');
        expect(plaintext.map((f) => [f.resource, f.field, f.file])).toEqual([[`Component/shop/${n.component}`, 'spec.metadata[name=redisPassword]', 'system.json']]);
        expect(JSON.parse(formatJson(result)).objects).toBe(manifests.length);
        expect(formatJson(result)).not.toContain('hunter2');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('diff: an added or changed hostile key is reported at its path with its value', () => {
    fc.assert(
      fc.property(names, (n) => {
        const d = diffManifests(read(systemText(n, 'before')), read(systemText(n, 'after')));
        expectPrototypeUntouched();
        expect(d.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 6 });
        const [change] = d.changes;
        expect(change.key).toBe('v1 ConfigMap shop/settings');
        const path = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(n.dataKey) ? `data.${n.dataKey}` : `data[${j(n.dataKey)}]`;
        expect(change.fields).toEqual([{ path, before: 'before', after: 'after' }]);
        expect(formatDiffText(d)).toContain(`${path}: "before" → "after"`);
        // A key only one side has: `constructor` absent before is absent, not Object's constructor.
        const added = diffManifests(read(systemText(n, 'v')).map((m) => (m.kind === 'ConfigMap' ? { ...m, data: {} } : m)), read(systemText(n, 'v')));
        expect(added.changes[0].fields).toEqual([{ path, after: 'v' }]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('dev: apps, commands and secrets keyed by hostile names land where they belong, and only there', () => {
    fc.assert(
      fc.property(names, (n) => {
        const manifests = read(systemText(n, 'v'));
        const { files } = devFiles(manifests, { commands: new Map([[n.appId, 'node server.js']]) });
        expectPrototypeUntouched();
        const byPath = new Map(files.map((f) => [f.path, f.content]));
        const runFile = parse(byPath.get('dapr.yaml')!);
        expect(runFile.apps.map((a: { appID: string }) => a.appID).sort()).toEqual([n.appId, 'other'].sort());
        for (const app of runFile.apps) {
          expect(Object.keys(app).sort()).toEqual(['appDirPath', 'appID', 'appPort', 'command', ...(app.appID === n.appId ? ['env'] : ['configFilePath'])].sort());
          expect(app.command).toEqual(app.appID === n.appId ? ['node', 'server.js'] : expect.arrayContaining([expect.stringMatching(/set the command that starts other/)]));
        }
        const mine = runFile.apps.find((a: { appID: string }) => a.appID === n.appId);
        expect(Object.keys(mine.env)).toEqual([n.envName]);
        expect(own(mine.env, n.envName)).toBe('plain');
        const secrets = JSON.parse(byPath.get('secrets.json')!);
        // The secret reference's name, the plaintext password moved out, and the secret the other app reads.
        expect(Object.keys(secrets).sort()).toEqual([...new Set(['daprkit-plaintext-' + n.component, n.secretName, n.secretKey])].sort());
        expect(Object.keys(own(secrets, n.secretName) as object)).toEqual([n.secretKey]);
        expect(own(own(secrets, n.secretName), n.secretKey)).toMatch(/^<placeholder: the value of secret /);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('dev through the writer: valid app-ids (constructor, prototype) are written; names Kubernetes refuses are exit 2', () => {
    fc.assert(
      fc.property(names, fc.nat(), (n, seed) => {
        const manifests = read(systemText(n, 'v'));
        const out = path.join(work, `dev-${seed}-${Math.random().toString(36).slice(2)}`);
        const valid = isDnsLabel(n.appId) && isDnsLabel(n.component);
        try {
          runDev(manifests, { out, format: 'json', commands: new Map() });
          expect(valid).toBe(true);
          const runFile = parse(fs.readFileSync(path.join(out, 'dapr.yaml'), 'utf8'));
          expect(runFile.apps.map((a: { appID: string }) => a.appID).sort()).toEqual([n.appId, 'other'].sort());
          expect(fs.existsSync(path.join(out, 'resources', `component-${n.component}.yaml`))).toBe(true);
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          expect(valid).toBe(false);
          expect(fs.existsSync(out)).toBe(false);
        }
        expectPrototypeUntouched();
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('graph: nodes and edges carry the hostile names as labels', () => {
    fc.assert(
      fc.property(names, (n) => {
        const graph = buildGraph(read(systemText(n, 'v')));
        expectPrototypeUntouched();
        const labels = graph.nodes.map((node) => `${node.kind}:${node.label}`).sort();
        expect(labels).toEqual([`app:${n.appId}`, 'app:other', `component:${n.component} (pubsub.redis)`, 'component:kubernetes (built-in secret store)', 'control-plane:Dapr control plane 1.18.3', `topic:${n.topic}`].sort());
        const label = (id: string) => graph.nodes.find((node) => node.id === id)?.label;
        const edges = graph.edges.map((e) => `${label(e.from)} ${e.label} ${label(e.to)}`).sort();
        expect(edges).toEqual(
          [
            `${n.appId} loads ${n.component} (pubsub.redis)`,
            `other loads ${n.component} (pubsub.redis)`,
            `${n.component} (pubsub.redis) carries ${n.topic}`,
            `${n.topic} delivers to /events ${n.appId}`,
            `${n.topic} delivers to /events other`,
            `Dapr control plane 1.18.3 injects sidecar ${n.appId}`,
            'Dapr control plane 1.18.3 injects sidecar other',
            `other reads secrets ${n.secretKey} kubernetes (built-in secret store)`,
          ].sort(),
        );
        expect(toMermaid(graph)).toContain(`("${n.appId}")`);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('the same through the spawned CLI', () => {
  const n: Names = { appId: 'constructor', component: 'prototype', secretName: '__proto__', secretKey: 'appProtocol', itemName: 'toString', annotationKey: '__proto__', envName: 'hasOwnProperty', dataKey: '__proto__', topic: 'constructor', helmParameter: '__proto__' };
  beforeAll(() => {
    fs.writeFileSync(path.join(work, 'before.json'), systemText(n, 'before'));
    fs.writeFileSync(path.join(work, 'after.json'), systemText(n, 'after'));
  });

  test('lint exits 1 on the plaintext password alone, naming Component/shop/prototype', () => {
    const run = runCli(['lint', 'after.json', '--format', 'json'], { cwd: work });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const findings = JSON.parse(run.stdout).findings as { check: string; resource: string }[];
    expect(findings.filter((f) => f.check === 'component-sensitive-plaintext').map((f) => f.resource)).toEqual(['Component/shop/prototype']);
  });

  test('diff reports data.__proto__', () => {
    const run = runCli(['diff', 'before.json', 'after.json'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('data.__proto__: "before" → "after"');
  });

  test('dev: the app constructor gets its command; the __proto__ secret is a key of secrets.json; no other app gets an appProtocol', () => {
    const run = runCli(['dev', 'after.json', '--out', 'local', '--command', 'constructor=node server.js', '--command', '__proto__=evil'], { cwd: work });
    expect(run.code).toBe(0);
    const runFile = parse(fs.readFileSync(path.join(work, 'local', 'dapr.yaml'), 'utf8'));
    expect(runFile.apps.map((a: Record<string, unknown>) => [a.appID, a.command, a.appProtocol])).toEqual([
      ['constructor', ['node', 'server.js'], undefined],
      ['other', expect.any(Array), undefined],
    ]);
    const secrets = JSON.parse(fs.readFileSync(path.join(work, 'local', 'secrets.json'), 'utf8'));
    expect(Object.keys(own(secrets, '__proto__') as object)).toEqual(['appProtocol']);
  });

  test('graph draws the app constructor and the topic constructor', () => {
    const run = runCli(['graph', 'after.json'], { cwd: work });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('app_shop_constructor("constructor")');
    expect(run.stdout).toContain('topic_shop_prototype_constructor{{"constructor"}}');
  });
});
