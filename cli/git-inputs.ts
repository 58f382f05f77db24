/**
 * `git:<ref>:<path>` inputs, read from the repository of the working directory without a checkout.
 * The path means what it means to git (`git show <ref>:<path>`): from the repository's root, or,
 * when it starts with `./` or `../`, from the working directory; `git:<ref>:` and `git:<ref>:.` are
 * the root. A path that names nothing in `<ref>` is a usage error, never an empty run.
 *
 * Bounded and literal: the ref is refused before git runs when it could read as an option (`-…`);
 * file names come NUL-separated (`-z`, so any name works) and are matched literally; blobs over the
 * byte bound are refused from their size without being read; the rest come through
 * `git cat-file --batch` in batches whose output size is known in advance.
 */
import * as path from 'path';
import { readFinding } from '../checks/read-manifests';
import { InputPart, MANIFEST_EXTENSIONS, skipped } from './input-parts';
import { UsageError } from './usage-error';

/** Output bound of a listing (`ls-tree`): 64 MB of names is far past any real repository folder. */
const LISTING_BYTES = 64 * 1024 * 1024;
/** Content read per `cat-file --batch` call. */
const BATCH_BYTES = 32 * 1024 * 1024;

export const isGitInput = (input: string): boolean => input.startsWith('git:');

interface GitEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  readonly size: number;
  /** Path from the repository root. */
  readonly name: string;
}

// child_process loads only when a git: input is read: lint of local files should not pay for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = () => require('child_process') as typeof import('child_process');

function git(args: readonly string[], what: string, options: { input?: string; maxBuffer?: number } = {}): Buffer {
  try {
    return childProcess().execFileSync('git', ['--literal-pathspecs', ...args], { input: options.input, maxBuffer: options.maxBuffer ?? LISTING_BYTES, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new UsageError(`${what}: git is not installed (git: inputs read through it).`);
    if (err.code === 'ENOBUFS') throw new UsageError(`${what}: git's answer is over ${LISTING_BYTES} bytes, the limit for one read; name a smaller folder.`);
    const stderr = err.stderr?.toString('utf8').trim();
    throw new UsageError(`${what}: git ${args[0]} failed: ${stderr || err.message}`);
  }
}

/** `git:<ref>:<path>` split; the ref is checked before any git command sees it. */
function parseGitInput(input: string): { ref: string; rawPath: string } {
  const rest = input.slice('git:'.length);
  const colon = rest.indexOf(':');
  if (colon < 0) throw new UsageError(`${input}: write git:<ref>:<path>, e.g. git:main:dist (from the repository root) or git:HEAD~1:./k8s (from here).`);
  const ref = rest.slice(0, colon);
  if (ref === '') throw new UsageError(`${input}: the ref is empty; write git:<ref>:<path>, e.g. git:main:dist.`);
  if (ref.startsWith('-')) throw new UsageError(`${input}: a ref may not start with "-" (git would read it as an option).`);
  return { ref, rawPath: rest.slice(colon + 1) };
}

/** The path from the repository root: git's meaning, `./` and `../` from the working directory. */
function repositoryPath(input: string, rawPath: string, prefix: () => string): string {
  const relative = rawPath === '..' || rawPath.startsWith('./') || rawPath.startsWith('../');
  const joined = relative ? path.posix.join(prefix(), rawPath) : rawPath.replace(/^\/+/, '');
  const normal = joined === '' ? '.' : path.posix.normalize(joined).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) throw new UsageError(`${input}: the path leads out of the repository.`);
  return normal === '.' || normal === '' ? '' : normal;
}

/** Parses `ls-tree -r -z -l` output. */
function parseListing(out: Buffer): GitEntry[] {
  const entries: GitEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    entries.push({ mode, type, oid, size: size === '-' ? 0 : Number(size), name: record.slice(tab + 1) });
  }
  return entries;
}

/** Reads blobs with `git cat-file --batch`, in batches of known output size. */
function readBlobs(entries: readonly GitEntry[], what: string): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let batch: GitEntry[] = [];
  let bytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const out = git(['cat-file', '--batch'], what, { input: batch.map((e) => e.oid).join('\n') + '\n', maxBuffer: bytes + batch.length * 128 + 1024 });
    let at = 0;
    for (const entry of batch) {
      const headerEnd = out.indexOf(10, at);
      const header = headerEnd < 0 ? [] : out.subarray(at, headerEnd).toString('utf8').split(' ');
      if (header[1] !== 'blob') throw new UsageError(`${what}: git has no blob ${entry.oid} for ${entry.name}.`);
      const size = Number(header[2]);
      contents.set(entry.oid, out.subarray(headerEnd + 1, headerEnd + 1 + size));
      at = headerEnd + 1 + size + 1;
    }
    batch = [];
    bytes = 0;
  };
  for (const entry of entries) {
    if (bytes + entry.size > BATCH_BYTES) flush();
    batch.push(entry);
    bytes += entry.size;
  }
  flush();
  return contents;
}

/** The parts of one `git:<ref>:<path>` input. */
export function gitParts(input: string, maxBytes: number): InputPart[] {
  const { ref, rawPath } = parseGitInput(input);
  let cachedPrefix: string | undefined;
  const prefix = () => (cachedPrefix ??= git(['rev-parse', '--show-prefix'], input).toString('utf8').replace(/\n$/, ''));
  const target = repositoryPath(input, rawPath, prefix);
  let tree: string;
  try {
    tree = git(['rev-parse', '--verify', '--quiet', `${ref}^{tree}`], input).toString('utf8').trim();
  } catch (e) {
    if (/not a git repository/i.test((e as Error).message)) throw new UsageError(`${input}: the working directory is not in a git repository (git: inputs read the repository of the working directory).`);
    throw new UsageError(`${input}: no revision ${ref} in this repository.`);
  }
  const listing = parseListing(git(['ls-tree', '-r', '-z', '-l', '--full-tree', tree, ...(target ? ['--', target] : [])], input));
  if (listing.length === 0 && target) {
    const here = !rawPath.startsWith('.') && prefix() !== '' ? ` (paths are from the repository root; from the current folder, write git:${ref}:./${rawPath})` : '';
    throw new UsageError(`${input}: no such path in ${ref}${here}.`);
  }
  const single = listing.length === 1 && listing[0].name === target;
  const wanted = listing.filter((entry) => single || MANIFEST_EXTENSIONS.test(entry.name));
  const readable = (entry: GitEntry) => entry.type === 'blob' && entry.mode !== '120000' && entry.size <= maxBytes;
  const blobs = readBlobs(wanted.filter(readable), input);
  return wanted.map((entry): InputPart => {
    const source = `git:${ref}:${entry.name}`;
    if (readable(entry)) return { kind: 'bytes', source, bytes: blobs.get(entry.oid)! };
    if (entry.type === 'commit') return skipped(source, 'a submodule; its files are not read.');
    if (entry.mode === '120000') return skipped(source, 'a symbolic link in git; not followed.');
    if (entry.type !== 'blob') return skipped(source, `a git ${entry.type}, not a file.`);
    return { kind: 'finding', finding: readFinding(source, 1, 1, `the file is ${entry.size} bytes long, over the reader's limit of ${maxBytes} bytes; it was not read.`, 'Split the file.') };
  });
}
