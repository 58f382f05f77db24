/** `daprkit dev` and `daprkit graph` through the real entry point, on the todo example's synth output. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { DaprkitApp } from '../constructs/app';
import { todoDeployment, TodoSystem } from '../stacks/todo';
import { crdSchema } from '../checks/crd-schema';
import { buildGraph, toDot, toMermaid } from '../cli/graph';
import { REPO_ROOT, runCli, tempDir, writeManifests } from './support/cli';

let work: string;
beforeAll(() => {
  work = tempDir();
  const app = new DaprkitApp({ onWarnings: () => undefined });
  new TodoSystem(app, 'todo');
  writeManifests(path.join(work, 'dist', 'todo.k8s.yaml'), app.synthManifests());
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('daprkit dev', () => {
  let run: ReturnType<typeof runCli>;
  const out = () => path.join(work, 'local');
  const read = (rel: string) => fs.readFileSync(path.join(out(), rel), 'utf8');
  beforeAll(() => {
    run = runCli(['dev', 'dist', '--out', 'local', '--command', 'todo-api=npm run start:api', '--format', 'json'], { cwd: work });
  });

  test('writes the run file, resources, configurations and a git-ignored placeholder secrets file', () => {
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).files).toEqual([
      '.daprkit.yaml',
      '.gitignore',
      'config/notification-service-config.yaml',
      'config/todo-api-config.yaml',
      'dapr.yaml',
      'resources/component-local-secret-store.yaml',
      'resources/component-pubsub.yaml',
      'resources/component-statestore.yaml',
      'resources/httpendpoint-email-api.yaml',
      'resources/resiliency-todo-resiliency.yaml',
      'resources/subscription-notification-service-task-events.yaml',
      'secrets.json',
    ]);
  });

  test('dapr.yaml is a version 1 multi-app run file with each app read from its annotations', () => {
    const runFile = parse(read('dapr.yaml'));
    expect(runFile.version).toBe(1);
    expect(runFile.common).toEqual({ resourcesPath: './resources' });
    expect(runFile.apps.map((a: { appID: string }) => a.appID)).toEqual(['notification-service', 'todo-api']);
    const [notifications, todoApi] = runFile.apps;
    expect(todoApi).toMatchObject({ appID: 'todo-api', appPort: 8000, configFilePath: './config/todo-api-config.yaml', command: ['npm', 'run', 'start:api'] });
    expect(notifications).toMatchObject({ appID: 'notification-service', appPort: 8001, configFilePath: './config/notification-service-config.yaml' });
    // No command given: a placeholder that fails and says what to do.
    const [program, ...args] = notifications.command as string[];
    const placeholder = spawnSync(program, args, { encoding: 'utf8' });
    expect(placeholder.status).toBe(1);
    expect(placeholder.stderr).toMatch(/set the command that starts notification-service in dapr\.yaml/);
    for (const app of runFile.apps) expect(fs.existsSync(path.join(out(), app.configFilePath))).toBe(true);
  });

  test('resources lose Kubernetes-only fields and read secrets from the local file store', () => {
    const statestore = parse(read('resources/component-statestore.yaml'));
    expect(statestore.metadata).toEqual({ name: 'statestore' });
    expect(statestore.auth).toEqual({ secretStore: 'local-secret-store' });
    expect(statestore.scopes).toEqual(['todo-api']);
    const store = parse(read('resources/component-local-secret-store.yaml'));
    expect(store.spec).toEqual({ type: 'secretstores.local.file', version: 'v1', metadata: [{ name: 'secretsFile', value: 'secrets.json' }, { name: 'multiValued', value: 'true' }] });
    for (const file of [...fs.readdirSync(path.join(out(), 'resources')).map((f) => path.join('resources', f)), ...fs.readdirSync(path.join(out(), 'config')).map((f) => path.join('config', f))]) {
      const doc = parse(read(file));
      expect(Object.keys(doc.metadata)).toEqual(['name']);
      // Still valid against Dapr's own CRD schema.
      expect({ file, findings: crdSchema([doc]) }).toEqual({ file, findings: [] });
    }
  });

  test('the secrets file holds placeholders only and is git-ignored; a second run keeps values the user filled in', () => {
    const secrets = JSON.parse(read('secrets.json'));
    expect(Object.keys(secrets).sort()).toEqual(['email-api', 'redis']);
    expect(secrets.redis['redis-password']).toMatch(/^<placeholder: /);
    expect(read('.gitignore').split('\n')).toContain('secrets.json');
    // The user's values stay; only the secrets the file lacks get placeholders.
    fs.writeFileSync(path.join(out(), 'secrets.json'), '{"redis":{"redis-password":"mine"}}');
    const again = runCli(['dev', 'dist', '--out', 'local'], { cwd: work });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`merged ${path.join('local', 'secrets.json')}`);
    const merged = JSON.parse(read('secrets.json'));
    expect(merged.redis).toEqual({ 'redis-password': 'mine' });
    expect(Object.keys(merged).sort()).toEqual(['email-api', 'redis']);
    fs.writeFileSync(path.join(out(), 'secrets.json'), read('secrets.json'));
    expect(runCli(['dev', 'dist', '--out', 'local'], { cwd: work }).stdout).toContain(`kept ${path.join('local', 'secrets.json')}`);
    expect(JSON.parse(read('secrets.json')).redis).toEqual({ 'redis-password': 'mine' });
  });
});

describe('daprkit graph', () => {
  test("the README shows the todo system's current picture (behind its control plane, as examples/todo synthesizes it)", () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    todoDeployment(app);
    const mermaid = toMermaid(buildGraph(app.synthManifests()));
    expect(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).toContain('```mermaid\n' + mermaid + '```');
  });

  test('Mermaid for the todo system, edge by edge', () => {
    const run = runCli(['graph', 'dist'], { cwd: work });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const edges = lines.filter((l) => l.includes('-->') || l.includes('-.->')).map((l) => l.trim());
    expect(edges).toEqual([
      'app_default_notification_service -.->|"loads"| component_default_pubsub',
      'app_default_todo_api -->|"invokes POST /notify"| app_default_notification_service',
      'app_default_todo_api -.->|"loads"| component_default_pubsub',
      'app_default_todo_api -.->|"loads"| component_default_statestore',
      'component_default_pubsub -->|"carries"| topic_default_pubsub_task_events',
      'topic_default_pubsub_task_events -->|"delivers to /events"| app_default_notification_service',
    ]);
    expect(lines).toContain('  component_default_statestore[("statestore (state.redis)")]');
    expect(lines).toContain('  topic_default_pubsub_task_events{{"task-events"}}');
    // The todo system alone installs no control plane: none is drawn.
    expect(run.stdout).not.toContain('control_plane');
  });

  test('DOT carries the same nodes and edges, with shapes per kind', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    new TodoSystem(app, 'todo');
    const graph = buildGraph(app.synthManifests());
    const dot = toDot(graph);
    expect(dot.startsWith('digraph daprkit {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(graph.edges.length);
    expect(dot).toContain('app_default_todo_api -> app_default_notification_service [label="invokes POST /notify"];');
    expect(dot).toContain('component_default_statestore [label="statestore (state.redis)", shape=cylinder];');
  });

  test('hand-written YAML without daprkit annotations: invocations come from access-control policies', () => {
    const text = fs.readFileSync(path.join(work, 'dist', 'todo.k8s.yaml'), 'utf8').replace(/\s+daprkit\.io\/invokes: .*\n/, '\n');
    fs.writeFileSync(path.join(work, 'handwritten.yaml'), text);
    const run = runCli(['graph', 'handwritten.yaml'], { cwd: work });
    expect(run.stdout).not.toContain('invokes POST');
    expect(run.stdout).toContain('app_default_todo_api -->|"may invoke POST /notify"| app_default_notification_service');
  });

  test('SVG rendered offline parses as XML with a node per app, component and topic', () => {
    const run = runCli(['graph', 'dist', '--format', 'svg'], { cwd: work });
    expect(run.code).toBe(0);
    // A strict XML parser (@xmldom/xmldom, present through cdk8s-cli) that throws on any error.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: new (o?: unknown) => { parseFromString(s: string, t: string): any } };
    const doc = new DOMParser({ onError: (level: string, message: string) => { throw new Error(`${level}: ${message}`); } }).parseFromString(run.stdout, 'image/svg+xml');
    expect(doc.documentElement.nodeName).toBe('svg');
    const texts = Array.from(doc.getElementsByTagName('text') as ArrayLike<{ textContent: string }>).map((t) => t.textContent);
    for (const label of ['todo-api', 'notification-service', 'task-events', 'statestore (state.redis)', 'pubsub (pubsub.redis)', 'invokes POST /notify']) {
      expect(texts).toContain(label);
    }
    expect(isWellFormedXml(run.stdout)).toBe(true);
  });
});

/** Minimal XML well-formedness check: tags balance and nest, attributes are quoted. */
function isWellFormedXml(xml: string): boolean {
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[\s\S]*?>/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|>/g)) {
    if (m[2] === undefined) return false; // a stray < or > outside a well-formed tag
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]);
  }
  return stack.length === 0;
}
