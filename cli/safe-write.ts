/**
 * The one way daprkit commands write files (`dev` now; `init` and `import` use the same rules):
 *
 * - Every path is relative to the output folder and made of safe segments (`safeSegment` turns
 *   a name from the input into one: no `/`, no `..`, no control characters); it is resolved and
 *   verified to lie inside the folder, and no symbolic link inside the folder is followed.
 * - A file is replaced only when daprkit wrote it and nobody edited it since. What daprkit wrote is
 *   recorded in the output folder, in `.daprkit-files.json` (path → SHA-256 of the content and the
 *   command that wrote it). An existing file that is not recorded, or whose content no longer has
 *   the recorded hash, belongs to the user: it is refused (nothing is written, exit 2) unless
 *   `force` is set — or kept, for files the user is meant to fill in (`keep`), or merged into, for
 *   `.gitignore` (`gitignore`: missing lines are appended, nothing removed) and other merges.
 * - Everything is checked before anything is written, so a refusal leaves the folder untouched.
 *   Files are written to a temporary name and renamed into place, with the mode asked for
 *   (`0o600` for secrets) whatever the umask.
 * - Files the same command wrote earlier and no longer produces are removed when unedited
 *   (`removeStale`), and kept when edited.
 * - The report says exactly what happened to each file: written, unchanged, merged, kept, removed.
 * - An output folder that is a file, cannot be created or cannot be written is a usage error
 *   (exit 2) naming it; so is any file system error while writing.
 */
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './usage-error';

/** The record of what daprkit wrote, in the output folder. */
export const WRITTEN_RECORD = '.daprkit-files.json';

/** How an existing file at a planned path is treated. */
export type FilePolicy =
  /** daprkit's own file: replaced when unedited since daprkit wrote it; otherwise refused unless forced. */
  | 'replace'
  /** Created once, never replaced (even with force): a file the user fills in, such as `secrets.json`. */
  | 'keep'
  /** Lines merged into an existing file: the planned lines missing from it are appended. */
  | 'gitignore'
  /** A merge of the planned content into the existing text: the merged text, or undefined to keep the file as it is. */
  | { readonly merge: (existing: string) => string | undefined };

export interface PlannedFile {
  /** Path inside the output folder, `/`-separated; every segment a fixed name or from `safeSegment`. */
  readonly path: string;
  readonly content: string;
  /** @default 'replace' */
  readonly policy?: FilePolicy;
  /** Mode of the file daprkit writes (`0o600` for secrets). @default 0o644 */
  readonly mode?: number;
}

export interface WriteOptions {
  /** The command writing, recorded with each file (e.g. `dev`); stale-file removal only touches its own files. */
  readonly tool: string;
  /** Overwrite edited files and files daprkit did not write (`--force`); `keep` files are kept all the same. */
  readonly force?: boolean;
  /** Remove files this command wrote before, unedited, that it no longer produces. @default false */
  readonly removeStale?: boolean;
}

/** What happened to each file, by path inside the output folder, sorted. */
export interface WriteReport {
  /** The output folder as given. */
  readonly out: string;
  /** Created, or replaced (daprkit's unedited file, or an edited one with force). */
  readonly written: string[];
  /** Already held exactly the planned content. */
  readonly unchanged: string[];
  /** Existing files the planned content was merged into. */
  readonly merged: string[];
  /** Existing files left as they are. */
  readonly kept: string[];
  /** Files this command wrote before and no longer produces, removed (they were unedited). */
  readonly removed: string[];
}

/** A problem with the output folder or a file in it: exit code 2, naming the path. */
export class OutputError extends UsageError {}

/** A path segment: letters, digits, `.`, `_`, `-`; fixed names may start with a dot (`.gitignore`), `.` and `..` never pass. */
const SAFE_SEGMENT = /^(?!\.\.?$)[A-Za-z0-9_.][A-Za-z0-9._-]*$/;
const MAX_SEGMENT = 200;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A file-name segment for a name taken from input: letters, digits, `.`, `_` and `-` only, not
 * starting with a dot or `-`, at most 129 characters. A name that had to change gets a short hash of
 * the original appended, so two different names never share a file (`a/b` and `a_b`).
 */
export function safeSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]/, '_').slice(0, 120);
  if (cleaned === name && cleaned !== '') return name;
  return `${cleaned === '' ? '_' : cleaned}-${sha256(name).slice(0, 8)}`;
}

/** True when the path is made of safe segments only. */
function isSafeRelativePath(rel: string): boolean {
  return rel.split('/').every((s) => s.length > 0 && s.length <= MAX_SEGMENT && SAFE_SEGMENT.test(s));
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${code}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}` : (e as Error).message;
}

/** The output folder, created when missing, checked to be a writable folder; its real path. */
function outputRoot(out: string): string {
  const resolved = path.resolve(out);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(`--out ${out}: cannot be used (${describe(e)}).`);
  }
  if (stat && !stat.isDirectory()) throw new OutputError(`--out ${out}: is a file, not a folder.`);
  if (!stat) {
    try {
      fs.mkdirSync(resolved, { recursive: true });
    } catch (e) {
      throw new OutputError(`--out ${out}: the folder cannot be created (${describe(e)}).`);
    }
  }
  try {
    fs.accessSync(resolved, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw new OutputError(`--out ${out}: the folder is not writable (${describe(e)}).`);
  }
  return fs.realpathSync(resolved);
}

interface RecordEntry {
  readonly sha256: string;
  readonly tool: string;
}

/** The record of what daprkit wrote (empty when missing or unreadable: then nothing counts as daprkit's). */
function readRecord(root: string, out: string): Map<string, RecordEntry> {
  const file = path.join(root, WRITTEN_RECORD);
  const record = new Map<string, RecordEntry>();
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return record;
  }
  if (!stat.isFile()) throw new OutputError(`${path.join(out, WRITTEN_RECORD)}: is not a regular file; remove it.`);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return record;
  }
  const files = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).files : undefined;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) return record;
  for (const [rel, entry] of Object.entries(files as Record<string, unknown>)) {
    if (!isSafeRelativePath(rel) || entry === null || typeof entry !== 'object') continue;
    const { sha256: hash, tool } = entry as Record<string, unknown>;
    if (typeof hash === 'string' && typeof tool === 'string') record.set(rel, { sha256: hash, tool });
  }
  return record;
}

/** An existing entry at a path inside the folder: never a symbolic link; undefined when absent. */
function existing(root: string, rel: string, out: string): fs.Stats | undefined {
  try {
    const stat = fs.lstatSync(path.join(root, ...rel.split('/')));
    if (stat.isSymbolicLink()) throw new OutputError(`${path.join(out, rel)}: is a symbolic link; daprkit does not write through links in the output folder. Remove it.`);
    return stat;
  } catch (e) {
    if (e instanceof OutputError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OutputError(`${path.join(out, rel)}: cannot be read (${describe(e)}).`);
  }
}

/** Verifies the folders on the way to `rel` are folders (not links, not files) inside the root. */
function checkParents(root: string, rel: string, out: string): void {
  const segments = rel.split('/');
  for (let i = 1; i < segments.length; i++) {
    const dir = segments.slice(0, i).join('/');
    const stat = existing(root, dir, out);
    if (stat && !stat.isDirectory()) throw new OutputError(`${path.join(out, dir)}: is a file where daprkit writes a folder.`);
  }
  const target = path.resolve(root, ...segments);
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`daprkit: ${rel} resolves outside the output folder`);
}

function readText(root: string, rel: string, out: string): string {
  try {
    return fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8');
  } catch (e) {
    throw new OutputError(`${path.join(out, rel)}: cannot be read (${describe(e)}).`);
  }
}

/** `.gitignore` lines: the planned ones missing from the existing text appended (with a newline before them). */
export function mergeLines(existingText: string, planned: string): string | undefined {
  const have = new Set(existingText.split(/\r?\n/).map((l) => l.trim()));
  const missing = planned.split('\n').filter((l) => l.trim() !== '' && !have.has(l.trim()));
  if (missing.filter((l) => !l.startsWith('#')).length === 0) return undefined;
  return `${existingText}${existingText === '' || existingText.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`;
}

type Action = { kind: 'write'; rel: string; content: string; mode: number } | { kind: 'remove'; rel: string };

/** Writes a temporary file beside the target and renames it into place (no link at the target is followed). */
function writeAtomically(root: string, rel: string, content: string, mode: number, out: string): void {
  const target = path.join(root, ...rel.split('/'));
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.daprkit-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, content, { flag: 'wx', mode });
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw new OutputError(`${path.join(out, rel)}: cannot be written (${describe(e)}).`);
  }
}

function makeFolders(root: string, rel: string, out: string): void {
  const segments = rel.split('/');
  for (let i = 1; i < segments.length; i++) {
    const dir = segments.slice(0, i).join('/');
    if (existing(root, dir, out)) continue;
    try {
      fs.mkdirSync(path.join(root, ...segments.slice(0, i)));
    } catch (e) {
      throw new OutputError(`${path.join(out, dir)}: the folder cannot be created (${describe(e)}).`);
    }
  }
}

/**
 * Writes the files into the output folder under the rules above. Throws OutputError (exit 2) when
 * the folder cannot be used, a path is a link, or files would be replaced that daprkit did not
 * write or that were edited (without force): then nothing is written.
 */
export function writeOutputFolder(out: string, files: readonly PlannedFile[], options: WriteOptions): WriteReport {
  const seen = new Set<string>();
  for (const f of files) {
    // Paths come from fixed names and safeSegment: anything else is a bug in the caller, not bad input.
    if (!isSafeRelativePath(f.path) || f.path === WRITTEN_RECORD) throw new Error(`daprkit: unsafe output path ${JSON.stringify(f.path)}`);
    // Case-insensitive file systems would make two of them one file.
    if (seen.has(f.path.toLowerCase())) throw new Error(`daprkit: two outputs share the path ${JSON.stringify(f.path)}`);
    seen.add(f.path.toLowerCase());
  }
  const root = outputRoot(out);
  const record = readRecord(root, out);
  const report = { out, written: [] as string[], unchanged: [] as string[], merged: [] as string[], kept: [] as string[], removed: [] as string[] };
  const actions: Action[] = [];
  const refused: string[] = [];
  const nextRecord = new Map(record);

  for (const f of files) {
    checkParents(root, f.path, out);
    const stat = existing(root, f.path, out);
    const policy = f.policy ?? 'replace';
    const mode = f.mode ?? 0o644;
    if (!stat) {
      actions.push({ kind: 'write', rel: f.path, content: f.content, mode });
      report.written.push(f.path);
      if (policy === 'replace') nextRecord.set(f.path, { sha256: sha256(f.content), tool: options.tool });
      continue;
    }
    if (!stat.isFile()) throw new OutputError(`${path.join(out, f.path)}: is not a regular file; daprkit writes a file there. Remove it.`);
    const text = readText(root, f.path, out);
    if (policy === 'keep') {
      report.kept.push(f.path);
      continue;
    }
    if (policy === 'gitignore' || typeof policy === 'object') {
      const merged = policy === 'gitignore' ? mergeLines(text, f.content) : policy.merge(text);
      if (merged === undefined || merged === text) report.kept.push(f.path);
      else {
        actions.push({ kind: 'write', rel: f.path, content: merged, mode: stat.mode & 0o777 & (f.mode ?? 0o777) });
        report.merged.push(f.path);
      }
      continue;
    }
    const hash = sha256(text);
    const ours = record.get(f.path)?.sha256 === hash;
    if (text === f.content) {
      report.unchanged.push(f.path);
      if (ours || options.force) nextRecord.set(f.path, { sha256: hash, tool: options.tool });
      continue;
    }
    if (!ours && !options.force) {
      refused.push(f.path);
      continue;
    }
    actions.push({ kind: 'write', rel: f.path, content: f.content, mode });
    report.written.push(f.path);
    nextRecord.set(f.path, { sha256: sha256(f.content), tool: options.tool });
  }

  if (refused.length > 0) {
    const list = refused.sort().map((r) => path.join(out, r));
    throw new OutputError(
      `refusing to replace what daprkit did not write, or what changed since it wrote it: ${list.join(', ')}. ` +
        'Nothing was written. Move your changes elsewhere, or run again with --force to overwrite them.',
    );
  }

  if (options.removeStale) {
    const planned = new Set(files.map((f) => f.path));
    for (const [rel, entry] of record) {
      if (planned.has(rel) || entry.tool !== options.tool) continue;
      const stat = existing(root, rel, out);
      if (!stat) {
        nextRecord.delete(rel);
        continue;
      }
      if (!stat.isFile()) continue;
      if (sha256(readText(root, rel, out)) === entry.sha256) {
        actions.push({ kind: 'remove', rel });
        report.removed.push(rel);
        nextRecord.delete(rel);
      } else report.kept.push(rel);
    }
  }

  for (const action of actions) {
    if (action.kind === 'remove') {
      try {
        fs.unlinkSync(path.join(root, ...action.rel.split('/')));
      } catch (e) {
        throw new OutputError(`${path.join(out, action.rel)}: cannot be removed (${describe(e)}).`);
      }
      continue;
    }
    makeFolders(root, action.rel, out);
    // Checked again right before writing: nothing may have turned into a link since.
    checkParents(root, action.rel, out);
    existing(root, action.rel, out);
    writeAtomically(root, action.rel, action.content, action.mode, out);
  }
  const entries = [...nextRecord].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const files_ = Object.create(null) as Record<string, RecordEntry>;
  for (const [rel, entry] of entries) files_[rel] = entry;
  const recordText = JSON.stringify({ about: 'Files daprkit wrote here, with the SHA-256 of what it wrote: it replaces only these, and only while unedited.', files: files_ }, null, 2) + '\n';
  const recordStat = existing(root, WRITTEN_RECORD, out);
  if (actions.length > 0 || !recordStat || readText(root, WRITTEN_RECORD, out) !== recordText) writeAtomically(root, WRITTEN_RECORD, recordText, 0o644, out);
  for (const list of Object.values(report)) if (Array.isArray(list)) list.sort();
  return report;
}
