/**
 * Runs the compiled `daprkit` entry point with what the hostile-input tests need beyond `runCli`:
 * standard input from a file descriptor (a FIFO, /dev/zero), a short timeout (a hang is a failure,
 * not a two-minute wait), and preloaded modules (to make the file system fail the way a folder
 * without read permission does, which root, running CI containers, cannot otherwise see).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compiledCliEntry } from './cli-build';
import { CliRun, REPO_ROOT } from './cli';

export interface SpawnOptions {
  readonly cwd?: string;
  /** Standard input: text, an open file descriptor, or nothing. */
  readonly stdin?: string | number;
  /** Milliseconds before the process is killed (then `code` is null). @default 60_000 */
  readonly timeoutMs?: number;
  /** Modules to load before the CLI (`node -r`). */
  readonly preload?: readonly string[];
}

export function spawnCli(args: readonly string[], options: SpawnOptions = {}): CliRun & { signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, [...(options.preload ?? []).flatMap((p) => ['-r', p]), compiledCliEntry(), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: typeof options.stdin === 'string' ? options.stdin : undefined,
    stdio: [typeof options.stdin === 'number' ? options.stdin : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * A preload module that makes `fs` fail with `code` (EACCES) for one path, in every function that
 * opens, lists or reads it: what a folder or file without read permission does for a user who is
 * not root.
 */
export function failingFsPreload(dir: string, target: string, code = 'EACCES'): string {
  const file = path.join(dir, `fail-${code}.js`);
  fs.writeFileSync(
    file,
    `const fs = require('fs');
const path = require('path');
const target = ${JSON.stringify(path.resolve(target))};
for (const name of ['readdirSync', 'openSync', 'readFileSync', 'opendirSync']) {
  const original = fs[name];
  fs[name] = function (p, ...rest) {
    if (typeof p === 'string' && path.resolve(p) === target) {
      const e = new Error('${code}: permission denied, ' + name + " '" + p + "'");
      e.code = '${code}';
      throw e;
    }
    return original.call(this, p, ...rest);
  };
}
`,
  );
  return file;
}
