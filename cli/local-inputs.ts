/**
 * Files, folders and standard input, read within the byte bound:
 * - a file over the bound is not read at all (its size is enough to refuse it); a file that grows
 *   while read (or lies about its size, like /proc files) is read up to the bound and refused;
 * - only regular files are read: a FIFO or a device named directly is refused before it is opened
 *   for reading (a FIFO would block, /dev/zero never ends); in a folder it is a notice;
 * - standard input is read in chunks and reading stops at the bound;
 * - folders are walked without recursion, in code-point order; symbolic links are followed when
 *   they lead inside the folder or the working directory (anything else is a notice: a pull request
 *   must not make daprkit read ~/.kube/config), each folder and file once (a link back up is a
 *   loop, a second link to a file a duplicate: both notices);
 * - unreadable files and folders are usage errors naming the path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readFinding } from '../checks/read-manifests';
import { byCodePoint, InputPart, MANIFEST_EXTENSIONS, skipped } from './input-parts';
import { UsageError } from './usage-error';

const CHUNK = 64 * 1024;

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** An error the operating system reported (ENOENT, EACCES, EIO, …), as opposed to a bug. */
const isSystemError = (e: unknown): e is NodeJS.ErrnoException => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';

/** The bytes of an open descriptor, or undefined once more than `maxBytes` came. */
function readAtMost(fd: number, maxBytes: number, onRetry: () => void = () => undefined): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, CHUNK, null);
    } catch (e) {
      if (codeOf(e) === 'EAGAIN') {
        onRetry();
        continue;
      }
      if (codeOf(e) === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return undefined;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/** A short sleep for a non-blocking standard input that has nothing yet. */
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);

/** Standard input, read in chunks up to the bound. */
export function stdinParts(maxBytes: number, readStdin?: () => string | Uint8Array): InputPart[] {
  let data: string | Uint8Array | undefined;
  try {
    data = readStdin ? readStdin() : readAtMost(0, maxBytes, pause);
  } catch (e) {
    if (!isSystemError(e)) throw e;
    throw new UsageError(`standard input cannot be read (${codeOf(e)}).`);
  }
  const over = data === undefined || (typeof data === 'string' ? data.length : data.byteLength) > maxBytes;
  if (over) return [{ kind: 'finding', finding: readFinding('-', 1, 1, `standard input is longer than the reader's limit of ${maxBytes} bytes; reading stopped there.`, 'Split the input, or give the files themselves.') }];
  return typeof data === 'string' ? [{ kind: 'text', source: '-', text: data }] : [{ kind: 'bytes', source: '-', bytes: data! }];
}

/** What the folder walk has seen, so each folder and file is read once. */
interface Seen {
  readonly folders: Set<string>;
  readonly files: Map<string, string>;
  /** Real paths symbolic links may lead into. */
  readonly roots: readonly string[];
}

const identity = (stat: fs.Stats) => `${stat.dev}:${stat.ino}`;

function isInside(target: string, roots: readonly string[]): boolean {
  return roots.some((root) => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** A regular file's bytes (a finding when it is over the bound; a notice when it is not a regular file or was read already). */
function fileParts(file: string, maxBytes: number, seen?: Seen): InputPart[] {
  let fd: number;
  try {
    // Non-blocking, so that a FIFO put in a file's place after the check cannot hang the open.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${codeOf(e)}).`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      if (!seen) throw new UsageError(notRegular(file));
      return [skipped(file, 'not a regular file (a FIFO, socket or device); not read.')];
    }
    if (seen) {
      const first = seen.files.get(identity(stat));
      if (first !== undefined) return [skipped(file, `the same file as ${first} (a link); read once.`)];
      seen.files.set(identity(stat), file);
    }
    if (stat.size > maxBytes) return [tooLarge(file, `is ${stat.size} bytes long`, maxBytes)];
    const bytes = readAtMost(fd, maxBytes);
    return bytes === undefined ? [tooLarge(file, 'grew while it was read', maxBytes)] : [{ kind: 'bytes', source: file, bytes }];
  } catch (e) {
    if (!isSystemError(e)) throw e;
    throw new UsageError(`${file}: cannot be read (${codeOf(e)}).`);
  } finally {
    fs.closeSync(fd);
  }
}

const tooLarge = (file: string, what: string, maxBytes: number): InputPart => ({
  kind: 'finding',
  finding: readFinding(file, 1, 1, `the file ${what}, over the reader's limit of ${maxBytes} bytes; it was not read.`, 'Split the file.'),
});

const notRegular = (input: string) => `${input}: not a regular file or folder (a FIFO, socket or device); to read a stream, give it on standard input: daprkit lint - < ${input}`;

/** Walks a folder without recursion; entries in code-point order, folders expanded where they sort. One file in memory at a time. */
function* folderParts(root: string, maxBytes: number): Generator<InputPart> {
  const realRoots = [...new Set([realpathOrSelf(root), realpathOrSelf(process.cwd())])];
  const seen: Seen = { folders: new Set(), files: new Map(), roots: realRoots };
  // Files and folders still to read, and notices, in the order they are reported (a stack, so reversed).
  type Item = { readonly path: string; readonly folder: boolean } | { readonly notice: InputPart };
  const pending: Item[] = [{ path: root, folder: true }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if ('notice' in item) {
      yield item.notice;
      continue;
    }
    if (!item.folder) {
      yield* fileParts(item.path, maxBytes, seen);
      continue;
    }
    let stat: fs.Stats;
    let entries: fs.Dirent[];
    try {
      stat = fs.statSync(item.path);
      entries = fs.readdirSync(item.path, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`${item.path}: cannot read the folder (${codeOf(e)}).`);
    }
    if (seen.folders.has(identity(stat))) {
      yield skipped(item.path, 'a link to a folder already read (a loop, or the same folder twice); read once.');
      continue;
    }
    seen.folders.add(identity(stat));
    const next: Item[] = [];
    for (const entry of entries.sort((a, b) => byCodePoint(a.name, b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(item.path, entry.name);
      const manifestName = MANIFEST_EXTENSIONS.test(entry.name);
      if (entry.isDirectory()) next.push({ path: full, folder: true });
      else if (entry.isFile()) {
        if (manifestName) next.push({ path: full, folder: false });
      } else if (entry.isSymbolicLink()) {
        const link = followLink(full, seen);
        if (typeof link === 'string') {
          if (manifestName) next.push({ notice: skipped(full, link) });
        } else if (link.folder) next.push({ path: full, folder: true });
        else if (manifestName) next.push({ path: full, folder: false });
      } else if (manifestName) {
        next.push({ notice: skipped(full, 'not a regular file (a FIFO, socket or device); not read.') });
      }
    }
    pending.push(...next.reverse());
  }
}

/** Whether `file` (followed through any symbolic links) lies inside `folder`. */
export function isInsideFolder(file: string, folder: string): boolean {
  return isInside(realpathOrSelf(file), [realpathOrSelf(folder)]);
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Where a symbolic link leads: a folder or file to read, or why it is not followed. */
function followLink(link: string, seen: Seen): { folder: boolean } | string {
  let target: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(link);
    stat = fs.statSync(target);
  } catch (e) {
    return codeOf(e) === 'ELOOP' ? 'a symbolic link in a loop; not followed.' : `a symbolic link that leads nowhere (${codeOf(e)}); not followed.`;
  }
  if (!isInside(target, seen.roots)) return 'a symbolic link out of the folder and the working directory; not followed.';
  if (stat.isDirectory()) return { folder: true };
  if (stat.isFile()) return { folder: false };
  return 'a symbolic link to something that is not a regular file (a FIFO, socket or device); not read.';
}

/**
 * The parts of a file or folder named on the command line (a folder's are read one file at a time,
 * as they are taken). With `fileOnly`, a folder is a usage error.
 */
export function pathParts(input: string, maxBytes: number, fileOnly = false): Iterable<InputPart> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch (e) {
    const code = codeOf(e);
    throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${input}: no such file or folder.` : `${input}: cannot be read (${code}).`);
  }
  if (stat.isDirectory()) {
    if (fileOnly) throw new UsageError(`${input}: a folder; a file is needed here.`);
    return folderParts(input, maxBytes);
  }
  if (!stat.isFile()) throw new UsageError(notRegular(input));
  return fileParts(input, maxBytes);
}
