/** `daprkit lint` accepts pluggable component types by flag and by configuration file. */
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir } from './support/cli';

const pluggable = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: cache
spec:
  type: state.redis-pluggable
  version: v1
  metadata:
  - name: socketFolder
    value: /var/run/dapr-components-sockets
`;

let work: string;
beforeAll(() => {
  work = tempDir();
  fs.writeFileSync(path.join(work, 'cache.yaml'), pluggable);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const typeErrors = (stdout: string) =>
  (JSON.parse(stdout).findings as { check: string; severity: string; message: string }[]).filter((f) => f.check === 'component-type' && f.severity === 'error');

describe('daprkit lint custom types', () => {
  test('fails on an undeclared pluggable type, and the message says how to declare it', () => {
    const run = runCli(['lint', 'cache.yaml', '--format', 'json'], { cwd: work });
    expect(run.code).toBe(1);
    expect(typeErrors(run.stdout)[0]?.message).toContain('state.redis-pluggable');
    expect(JSON.stringify(JSON.parse(run.stdout).findings)).toContain('--custom-type');
  });

  test('--custom-type declares it', () => {
    const run = runCli(['lint', 'cache.yaml', '--format', 'json', '--custom-type', 'state.redis-pluggable'], { cwd: work });
    expect(typeErrors(run.stdout)).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('a .daprkit.yaml in the working directory declares it; --config names another file', () => {
    const dir = path.join(work, 'with-config');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cache.yaml'), pluggable);
    fs.writeFileSync(path.join(dir, '.daprkit.yaml'), 'customTypes: [state.redis-pluggable]\nignore: [component-unscoped]\n');
    const byDefault = runCli(['lint', 'cache.yaml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(byDefault.stdout).findings).toEqual([]);
    expect(byDefault.code).toBe(0);
    fs.writeFileSync(path.join(work, 'lint.json'), JSON.stringify({ customTypes: ['state.redis-pluggable'] }));
    const named = runCli(['lint', 'cache.yaml', '--format', 'json', '--config', 'lint.json'], { cwd: work });
    expect(typeErrors(named.stdout)).toEqual([]);
  });

  test('fails with exit 2 on a configuration file with an unknown setting', () => {
    fs.writeFileSync(path.join(work, 'bad.yaml'), 'customType: [state.redis-pluggable]\n');
    const run = runCli(['lint', 'cache.yaml', '--config', 'bad.yaml'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown setting "customType"');
  });
});
