/**
 * Issue 16 §8: exit codes and streams as documented. Exit 3 is for bugs only: an unreadable
 * folder or file, a link loop, a configuration file that is a FIFO are exit 2 naming the path; a
 * reader that closes the output pipe (`daprkit lint . | head -1`) ends the run quietly.
 * Unreadable paths are made with a preloaded module that fails `fs` with EACCES for one path: CI
 * containers run as root, for whom no permission bit makes a folder unreadable.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compiledCliEntry } from './support/cli-build';
import { tempDir } from './support/cli';
import { failingFsPreload, spawnCli } from './support/cli-spawn';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n';

let dir: string;
beforeAll(() => {
  dir = tempDir('daprkit-exit-');
  fs.mkdirSync(path.join(dir, 'manifests', 'locked'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifests', 'a.yaml'), CONFIGMAP);
  fs.writeFileSync(path.join(dir, 'manifests', 'locked', 'b.yaml'), CONFIGMAP.replace('settings', 'b'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('unreadable input is exit 2 naming the path', () => {
  test('a folder that cannot be listed, named directly or met inside another (it was exit 3)', () => {
    const locked = path.join(dir, 'manifests', 'locked');
    const preload = failingFsPreload(dir, locked);
    for (const input of [locked, path.join(dir, 'manifests')]) {
      const run = spawnCli(['lint', input], { preload: [preload] });
      expect(run.stderr).toBe(`daprkit: ${locked}: cannot read the folder (EACCES).\n`);
      expect(run.code).toBe(2);
    }
  });

  test('a file that cannot be opened, named directly or met in a folder', () => {
    const file = path.join(dir, 'manifests', 'a.yaml');
    const preload = failingFsPreload(dir, file);
    for (const input of [file, path.join(dir, 'manifests')]) {
      const run = spawnCli(['lint', input], { preload: [preload] });
      expect(run.stderr).toBe(`daprkit: ${file}: cannot be read (EACCES).\n`);
      expect(run.code).toBe(2);
    }
  });

  test('a symbolic link in a loop named directly is exit 2 saying so, not "no such file"', () => {
    const loop = path.join(dir, 'loop.yaml');
    fs.symlinkSync('loop.yaml', loop);
    const run = spawnCli(['lint', loop]);
    expect(run.stderr).toBe(`daprkit: ${loop}: cannot be read (ELOOP).\n`);
    expect(run.code).toBe(2);
  });

  test('a configuration file (.daprkit.yaml, from the pull request) that is a FIFO is exit 2, not a hang', () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'a.yaml'), CONFIGMAP);
    execFileSync('mkfifo', [path.join(project, '.daprkit.yaml')]);
    const run = spawnCli(['lint', 'a.yaml'], { cwd: project, timeoutMs: 30_000 });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^daprkit: .*\.daprkit\.yaml: not a regular file or folder/);
  }, 40_000);

  test('a .daprkit.yaml that links out of the working directory is not read (its keys would print as unknown settings)', () => {
    const project = path.join(dir, 'linked-config');
    const outside = tempDir('daprkit-secret-');
    try {
      fs.mkdirSync(project);
      fs.writeFileSync(path.join(project, 'a.yaml'), CONFIGMAP);
      fs.writeFileSync(path.join(outside, 'config.json'), '{"auths": {"registry.internal.example": {"auth": "c2VjcmV0"}}}');
      fs.symlinkSync(path.join(outside, 'config.json'), path.join(project, '.daprkit.yaml'));
      const run = spawnCli(['lint', 'a.yaml'], { cwd: project });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('daprkit: .daprkit.yaml: a symbolic link out of the working directory; not read (name it with --config to use it).\n');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a bug is still exit 3, with "internal error"', () => {
    const preload = path.join(dir, 'bug.js');
    fs.writeFileSync(preload, "const s = JSON.stringify; JSON.stringify = function (v, ...r) { if (v && typeof v === 'object' && 'findings' in v) throw new TypeError('simulated bug'); return s.call(this, v, ...r); };\n");
    const run = spawnCli(['lint', path.join(dir, 'manifests', 'a.yaml'), '--format', 'json'], { preload: [preload] });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^daprkit: internal error: TypeError: simulated bug/);
  });
});

describe('a closed output pipe ends the run quietly', () => {
  test('lint writing to a reader that went away (| head -1) exits with its own code, no EPIPE stack', async () => {
    const many = path.join(dir, 'many.yaml');
    fs.writeFileSync(many, Array.from({ length: 2_000 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec:\n  ports: [{port: 99999}]\n`).join('---\n'));
    const child = spawn(process.execPath, [compiledCliEntry(), 'lint', many], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy(); // the reader is gone before the first byte is written
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1); // the findings' exit code, as if the output had been read
  });
});
