import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { DaprApp, DaprkitApp, DaprkitValidationError } from '../index';
import { TodoSystem } from '../stacks/todo';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-'));
}

/** Synthesizes the todo example into a fresh folder and returns the files written. */
function synthTodo(outdir: string): Record<string, string> {
  const app = new DaprkitApp({ outdir, onWarnings: () => undefined });
  new TodoSystem(app, 'todo');
  app.synth();
  return Object.fromEntries(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
}

/** A typo'd annotation key in the example, as a user would make it through the escape hatch. */
function brokenTodo(outdir: string): DaprkitApp {
  const app = new DaprkitApp({ outdir, onWarnings: () => undefined, onError: 'throw' });
  const system = new TodoSystem(app, 'todo');
  system.todoApi.deployment.podMetadata.addAnnotation('dapr.io/app-protocl', 'http');
  system.notificationService.deployment.podMetadata.addAnnotation('dapr.io/sidecar-memory-limit', 'lots');
  return app;
}

describe('DaprkitApp', () => {
  test('writes one file per chart, as cdk8s does', () => {
    const files = synthTodo(path.join(tempDir(), 'dist'));
    expect(Object.keys(files)).toEqual(['todo.k8s.yaml']);
    expect(files['todo.k8s.yaml']).toContain('dapr.io/app-id: todo-api');
  });

  test('output is byte-identical across runs', () => {
    const first = synthTodo(path.join(tempDir(), 'a'));
    const second = synthTodo(path.join(tempDir(), 'b'));
    expect(second).toEqual(first);
  });

  test('matches what cdk8s itself writes for the same tree', () => {
    const ours = synthTodo(path.join(tempDir(), 'ours'));
    const outdir = path.join(tempDir(), 'cdk8s');
    const app = new App({ outdir });
    new TodoSystem(app, 'todo');
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'todo.k8s.yaml'), 'utf8')).toBe(ours['todo.k8s.yaml']);
  });

  test('fails on a typo in the example with every error at once, and writes nothing', () => {
    const outdir = path.join(tempDir(), 'dist');
    const app = brokenTodo(outdir);
    let error: DaprkitValidationError | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as DaprkitValidationError;
    }
    expect(error).toBeInstanceOf(DaprkitValidationError);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(error!.findings.filter((f) => f.severity === 'error')).toHaveLength(2);
    // The message names the app, the construct, the key and the suggestion.
    expect(error!.message).toContain('synthesis failed with 2 errors; nothing was written');
    expect(error!.message).toContain('Deployment/default/todo-api (construct todo/todo-api/Deployment');
    expect(error!.message).toContain('spec.template.metadata.annotations["dapr.io/app-protocl"]');
    expect(error!.message).toContain('Did you mean "dapr.io/app-protocol"?');
    expect(error!.message).toContain('Deployment/default/notification-service');
    expect(error!.message).toContain('"lots" is not a Kubernetes quantity');
  });

  test('fails in synthYaml and synthManifests too', () => {
    expect(() => brokenTodo(tempDir()).synthYaml()).toThrow(DaprkitValidationError);
    expect(() => brokenTodo(tempDir()).synthManifests()).toThrow(/app-protocl/);
  });

  test('reports warnings without failing, and fails on them when strict', () => {
    const reports: string[] = [];
    const build = (app: DaprkitApp) => {
      new DaprApp(new Chart(app, 'c'), 'legacy', { appId: 'legacy', image: 'legacy:1', sidecar: { appSsl: true } });
      return app;
    };
    build(new DaprkitApp({ onWarnings: (report) => reports.push(report) })).synthManifests();
    expect(reports.join()).toContain('WARNING Deployment/default/legacy');
    expect(reports.join()).toContain('dapr.io/app-ssl');
    expect(() => build(new DaprkitApp({ strict: true, onWarnings: () => undefined })).synthManifests()).toThrow(/dapr.io\/app-ssl/);
  });

  test('collects construct validations with the checks', () => {
    const app = new DaprkitApp({ onWarnings: () => undefined });
    const chart = new Chart(app, 'c');
    chart.node.addValidation({ validate: () => ['something is off'] });
    expect(() => app.synthManifests()).toThrow(/\[c\] something is off/);
  });

  test('orders dependent charts like cdk8s and prefixes their files', () => {
    const outdir = path.join(tempDir(), 'dist');
    const app = new DaprkitApp({ outdir, onWarnings: () => undefined });
    const backend = new Chart(app, 'backend');
    const frontend = new Chart(app, 'frontend');
    new DaprApp(backend, 'api', { appId: 'api', image: 'api:1' });
    new DaprApp(frontend, 'web', { appId: 'web', image: 'web:1' });
    frontend.addDependency(backend);
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['0000-backend.k8s.yaml', '0001-frontend.k8s.yaml']);
  });

  test('writes a single file with FILE_PER_APP', () => {
    const outdir = path.join(tempDir(), 'dist');
    const app = new DaprkitApp({ outdir, yamlOutputType: YamlOutputType.FILE_PER_APP, onWarnings: () => undefined });
    new TodoSystem(app, 'todo');
    app.synth();
    expect(fs.readdirSync(outdir)).toEqual(['app.k8s.yaml']);
  });
});

describe('plain cdk8s App', () => {
  test('synthesizes daprkit constructs (without the app-wide checks, which need DaprkitApp)', () => {
    const chart = Testing.chart();
    new DaprApp(chart, 'orders', { appId: 'orders', image: 'orders:1', appPort: 80 });
    expect(Testing.synth(chart).map((m) => m.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service']);
  });
});
