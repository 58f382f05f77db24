/**
 * The one place `daprkit init` writes files. Every path is relative to the project folder,
 * resolved and verified to lie inside it; no symlink is followed (a symlinked folder or file on the
 * way is left alone); a file is created only when nothing exists at its path (O_EXCL), so a
 * user's file is never replaced. The caller gets an exact report of what was written and kept.
 *
 * Why not cli/safe-write.ts (`writeOutputFolder`, which `dev` and `import` use): that writer keeps a
 * record so it can *replace* what daprkit wrote earlier, and refuses the whole run at the first
 * symlink. init only ever creates: a file or link already at a path, or a symlinked folder on the
 * way, is reported as kept and the rest of the project is still written, so `init --force` can add
 * a project to a folder that holds a few files of the user's, and it leaves no record behind.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface KeptFile {
  /** The path relative to the project folder, with `/` separators. */
  readonly file: string;
  /** Why it was not written. */
  readonly reason: string;
}

export interface WriteReport {
  /** Files created, relative to the project folder, in the order written. */
  readonly written: readonly string[];
  /** Files left as they were. */
  readonly kept: readonly KeptFile[];
}

/** A relative path of plain segments: no absolute path, no `..`, no empty or `.` segment. */
function segmentsOf(rel: string): string[] {
  const segments = rel.split('/');
  if (path.isAbsolute(rel) || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new Error(`init: refusing to write ${JSON.stringify(rel)}: not a plain relative path`);
  }
  return segments;
}

/** Writes `files` (relative path -> text) into the existing folder `root`; never replaces anything. */
export function writeNewFiles(root: string, files: ReadonlyMap<string, string>): WriteReport {
  const realRoot = fs.realpathSync(root);
  const written: string[] = [];
  const kept: KeptFile[] = [];
  for (const [rel, text] of files) {
    const segments = segmentsOf(rel);
    const target = path.resolve(realRoot, ...segments);
    const inside = path.relative(realRoot, target);
    if (inside.startsWith('..') || path.isAbsolute(inside)) throw new Error(`init: ${rel} resolves outside ${realRoot}`);
    // Walk the folders one by one: create what is missing, refuse anything that is not a real folder.
    let dir = realRoot;
    let blocked: string | undefined;
    for (const segment of segments.slice(0, -1)) {
      dir = path.join(dir, segment);
      const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
      if (stat === undefined) fs.mkdirSync(dir);
      else if (stat.isSymbolicLink()) blocked = `${path.relative(realRoot, dir)} is a symlink (not followed)`;
      else if (!stat.isDirectory()) blocked = `${path.relative(realRoot, dir)} exists and is not a folder`;
      if (blocked) break;
    }
    if (blocked) {
      kept.push({ file: rel, reason: blocked });
      continue;
    }
    let fd: number;
    try {
      // 'wx': create exclusively; fails on any existing entry, a dangling symlink included.
      fd = fs.openSync(target, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        kept.push({ file: rel, reason: 'exists' });
        continue;
      }
      throw e;
    }
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    written.push(rel);
  }
  return { written, kept };
}
