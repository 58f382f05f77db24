/**
 * Where `daprkit import` writes: the one function that puts the program's files in `--out`.
 * Everything is checked before anything is written: the folder is a folder (created when missing)
 * and writable, every file name is a plain name of daprkit's own making, its resolved path lies
 * inside the folder, and no file is there yet — an existing file (or a link of that name) is never
 * replaced; the command refuses and writes nothing.
 *
 * The shared writer of the untrusted-input work (`cli/safe-write.ts`, which records what daprkit
 * wrote and so may replace its own unedited files) takes this function's place when it lands; the
 * rules it keeps are the ones here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './inputs';

const FILE_NAME = /^[a-z0-9][a-z0-9._-]*\.ts$/;

function describe(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Writes `files` (name → content) into `out`; returns the paths written. Throws a UsageError (exit 2) naming the problem, having written nothing. */
export function writeImportedProgram(out: string, files: ReadonlyMap<string, string>): string[] {
  const resolved = path.resolve(out);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`--out ${out}: cannot be used (${describe(e)}).`);
  }
  if (stat && !stat.isDirectory()) throw new UsageError(`--out ${out}: is a file, not a folder.`);
  for (const name of files.keys()) {
    if (!FILE_NAME.test(name)) throw new Error(`importer bug: file name ${JSON.stringify(name)} is not one daprkit makes`);
  }
  if (stat) {
    const root = fs.realpathSync(resolved);
    const existing = [...files.keys()].filter((name) => {
      try {
        fs.lstatSync(path.join(root, name));
        return true;
      } catch {
        return false;
      }
    });
    if (existing.length > 0) {
      throw new UsageError(`--out ${out}: ${existing.map((f) => path.join(out, f)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; daprkit import never replaces a file. Choose an empty folder, or move them away.`);
    }
  }
  try {
    fs.mkdirSync(resolved, { recursive: true });
  } catch (e) {
    throw new UsageError(`--out ${out}: the folder cannot be created (${describe(e)}).`);
  }
  const root = fs.realpathSync(resolved);
  const written: string[] = [];
  for (const [name, content] of files) {
    const target = path.join(root, name);
    if (path.dirname(target) !== root) throw new Error(`importer bug: ${name} resolves outside the output folder`);
    try {
      // `wx`: fail rather than replace, even if a file appeared since the check (or is a link).
      fs.writeFileSync(target, content, { flag: 'wx', mode: 0o644 });
    } catch (e) {
      throw new UsageError(`${path.join(out, name)}: cannot be written (${describe(e)}).${written.length > 0 ? ` Written before the failure: ${written.join(', ')}.` : ''}`);
    }
    written.push(path.join(out, name));
  }
  return written;
}
