/**
 * `cdk8s synth` runs the app as a child process (`node -r ts-node/register/transpile-only …`); a
 * failed synthesis must print one report alone, exit 1 and write nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function run(program: string): { status: number | null; stdout: string; stderr: string; outdir: string } {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-report-')), 'dist');
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', program], {
    cwd: ROOT,
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outdir };
}

describe('a program with every mistake of §2', () => {
  const result = run('test/fixtures/every-mistake.ts');

  test('fails with exit code 1, writing nothing', () => {
    expect(result.status).toBe(1);
    expect(fs.existsSync(result.outdir)).toBe(false);
  });

  test('prints one report alone: no stack trace, nothing before it', () => {
    expect(result.stderr.startsWith('daprkit: synthesis failed with ')).toBe(true);
    expect(result.stderr.match(/synthesis failed/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('Error:');
    expect(result.stdout).toBe('');
  });

  test('lists every construct problem, check error and the warnings that explain them', () => {
    const report = result.stderr;
    for (const expected of [
      '[calc/Front] appId: received "Front_End", expected a DNS label',
      '[calc/Front] appPort: received 8080, expected one of the containers\' ports (3000)',
      '[calc/add] extraAnnotations["dapr.io/log-levl"]: received "debug", expected a dapr.io/* annotation Dapr reads on pods. Fix: remove it, or fix the key. Did you mean "dapr.io/log-level"?',
      '[calc/add] sidecar: dapr.io/metrics-port: "0" is not a port number',
      '[calc/appconfig] tracing.samplingRate: received 2, expected a number from 0 to 1',
      'ERROR Deployment/calc/addapp (constructs calc/add/Deployment/Resource, calc/add-copy/Deployment/Resource)',
      'two or more apps/v1 Deployment objects are named "addapp" in namespace "calc"',
      'redisHost',
      'WARNING Component/calc/statestore',
      'redisHots',
    ]) {
      expect(report).toContain(expected);
    }
    // Two copies of one Deployment are one duplicate-object error, not also "addapp, addapp".
    expect(report).not.toContain('Deployment/calc/addapp, Deployment/calc/addapp');
    // Errors come before warnings.
    expect(report.indexOf('ERROR')).toBeLessThan(report.indexOf('WARNING'));
  });
});
