/** Dapr's distributed-calculator tutorial written with daprkit (examples/calculator, stacks/calculator.ts). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runChecks } from '../checks';
import { DaprkitApp } from '../index';
import { CalculatorSystem } from '../stacks/calculator';
import { find, podAnnotations } from './support/synth';
import { validateBuiltinKinds } from './support/validate';

function synthCalculator() {
  const warnings: string[] = [];
  const app = new DaprkitApp({ onWarnings: (report) => warnings.push(report) });
  new CalculatorSystem(app, 'calculator');
  return { manifests: app.synthManifests(), warnings };
}

const OPERATORS = [
  ['addapp', '/add', 6000],
  ['subtractapp', '/subtract', 80],
  ['multiplyapp', '/multiply', 5001],
  ['divideapp', '/divide', 4000],
] as const;

describe('calculator example system', () => {
  const { manifests, warnings } = synthCalculator();

  test('synthesizes with zero findings, warnings included, and valid built-in objects', () => {
    expect(warnings).toEqual([]);
    expect(runChecks(manifests)).toEqual([]);
    expect(validateBuiltinKinds(manifests)).toBe(16);
    expect(manifests).toMatchSnapshot();
  });

  test('the namespace comes first, as its own object', () => {
    expect(manifests[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'calc', labels: { 'kubernetes.io/metadata.name': 'calc' } } });
    expect(manifests.slice(1).every((m) => m.metadata?.namespace === 'calc')).toBe(true);
  });

  test.each(OPERATORS)('%s admits exactly the front end, for %s, on port %i', (appId, operation, port) => {
    const config = find(manifests, 'Configuration', `${appId}-config`);
    expect(config.spec.accessControl.defaultAction).toBe('deny');
    expect(config.spec.accessControl.policies).toEqual([
      expect.objectContaining({ appId: 'calculator-front-end', namespace: 'calc', defaultAction: 'deny', operations: [{ name: operation, httpVerb: ['POST'], action: 'allow' }] }),
    ]);
    const deployment = find(manifests, 'Deployment', appId);
    expect(podAnnotations(deployment)).toMatchObject({ 'dapr.io/app-port': String(port), 'dapr.io/config': `${appId}-config` });
    expect(config.spec.tracing).toMatchObject({ samplingRate: '1' });
  });

  test('the tutorial images run as root, by an explicit opt-out that the pod-security check accepts', () => {
    const front = find(manifests, 'Deployment', 'calculator-front-end');
    expect(front.spec.template.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(podAnnotations(front)['daprkit.io/pod-security-exempt']).toMatch(/runAsRoot/);
  });

  test('the state store is scoped to the front end, with its password from a Secret', () => {
    const store = find(manifests, 'Component', 'statestore');
    expect(store.scopes).toEqual(['calculator-front-end']);
    expect(store.spec.metadata).toContainEqual({ name: 'redisPassword', secretKeyRef: { name: 'redis', key: 'redis-password' } });
  });

  test('npm run synth:calculator writes the example through cdk8s synth', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.scripts['synth:calculator']).toContain('examples/calculator/main.ts');
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-calc-')), 'dist');
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/calculator/main.ts'], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, CDK8S_OUTDIR: outdir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual(['0000-daprkit-namespaces.k8s.yaml', '0001-calculator.k8s.yaml']);
  });
});
