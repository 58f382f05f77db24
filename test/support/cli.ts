/** Runs the real `daprkit` entry point in a child process (transpiled once per source state, so no build is needed). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { Manifest } from '../../checks/types';
import { compiledCliEntry } from './cli-build';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [compiledCliEntry(), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder; removed by the returned cleanup. */
export function tempDir(prefix = 'daprkit-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes manifests as one multi-document YAML file. */
export function writeManifests(file: string, manifests: readonly Manifest[]): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
  return file;
}
