/**
 * Where the command line's manifests come from: files, folders (recursively), `-` for stdin, and
 * `git:<ref>:<path>` (read through `git show`/`git ls-tree`, no checkout). Every text goes through
 * the bounded reader, so unreadable or hostile input becomes a finding, never a crash.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_READ_LIMITS, LocatedManifest, ReadNotice, readManifests, YAML_SYNTAX_CHECK } from '../checks/read-manifests';
import { Finding } from '../checks/types';

/** Manifests read from one or more inputs, with the reader's findings and notices. */
export interface Inputs {
  readonly manifests: LocatedManifest[];
  readonly findings: Finding[];
  readonly notices: ReadNotice[];
}

import { UsageError } from './usage-error';

export { UsageError };

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

function listFolder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFolder(full));
    else if (entry.isFile() && MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
  }
  return files;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    throw new UsageError(`git ${args.join(' ')} failed: ${stderr.trim() || (e as Error).message}`);
  }
}

/** The texts behind one input, as `[source name, text]` pairs (a byte count instead of a text for a file too large to read). */
export function textsOf(input: string, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): [string, string | number][] {
  if (input === '-') return [['-', readStdin()]];
  const gitRef = /^git:([^:]+):(.*)$/.exec(input);
  if (gitRef) {
    const [, ref, rawPath] = gitRef;
    const target = rawPath.replace(/\/+$/, '');
    const type = git(['cat-file', '-t', `${ref}:${target}`]).trim();
    const paths = type === 'tree' ? git(['ls-tree', '-r', '--name-only', ref, '--', `${target}/`]).split('\n').filter((p) => MANIFEST_EXTENSIONS.test(p)).sort() : [target];
    return paths.map((p) => [`git:${ref}:${p}`, git(['show', `${ref}:${p}`])]);
  }
  if (!fs.existsSync(input)) throw new UsageError(`${input}: no such file or folder.`);
  const files = fs.statSync(input).isDirectory() ? listFolder(input) : [input];
  return files.map((f) => [f, readFile(f)]);
}

/** A file's text; a file far over the reader's bound is not read into memory at all (its size is returned). */
function readFile(file: string): string | number {
  try {
    const size = fs.statSync(file).size;
    // The reader bounds characters; a UTF-8 file of more bytes than 4 × the bound cannot fit it.
    if (size > DEFAULT_READ_LIMITS.maxBytes * 4) return size;
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}

/** Reads every input into manifests. */
export function readInputs(inputs: readonly string[], readStdin?: () => string): Inputs {
  const result: Inputs = { manifests: [], findings: [], notices: [] };
  for (const input of inputs) {
    for (const [source, text] of textsOf(input, readStdin)) {
      if (typeof text === 'number') {
        result.findings.push({ check: YAML_SYNTAX_CHECK, severity: 'error', resource: source, field: 'line 1, column 1', message: `the file is ${text} bytes long, far over the reader's limit of ${DEFAULT_READ_LIMITS.maxBytes} characters.`, hint: 'Split the file.' });
        continue;
      }
      const read = readManifests(text, source);
      result.manifests.push(...read.manifests);
      result.findings.push(...read.findings);
      result.notices.push(...read.notices);
    }
  }
  return result;
}
