/**
 * Issue 16 §7: `git:<ref>:<path>` means what git means. From the repository root unless the path
 * starts with `./` or `../` (then from the working directory); `git:<ref>:` and `git:<ref>:.` are
 * the root; a path naming nothing is exit 2, never a clean empty run; refs that read as options are
 * refused before git runs; any file name is read (non-ASCII, newlines: `-z`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir } from './support/cli';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {mode: fast}\n`;
const badService = (name: string, port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  ports: [{port: ${port}}]\n`;

const NEWLINE_NAME = 'line\nbreak.yaml';

let repo: string;
let sub: string;

beforeAll(() => {
  repo = tempDir('daprkit-git-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q');
  sub = path.join(repo, 'k8s');
  fs.mkdirSync(path.join(sub, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(sub, 'a.yaml'), configMap('a'));
  fs.writeFileSync(path.join(sub, 'sub', 'b.yaml'), badService('b', 80));
  fs.writeFileSync(path.join(sub, 'ü-grüße.yaml'), configMap('umlaut'));
  fs.writeFileSync(path.join(sub, NEWLINE_NAME), configMap('newline'));
  fs.symlinkSync('a.yaml', path.join(sub, 'link.yaml'));
  fs.writeFileSync(path.join(repo, 'README.md'), 'This repository holds manifests.\n');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  fs.writeFileSync(path.join(sub, 'sub', 'b.yaml'), badService('b', 99999));
  git('commit', '-q', '-am', 'two');
});

afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

interface LintJson {
  objects: number;
  findings: { file: string; message: string }[];
  notices: { source: string; message: string }[];
}

function lint(input: string, cwd: string): LintJson & { code: number | null; stderr: string } {
  const run = runCli(['lint', input, '--format', 'json'], { cwd });
  return { ...(run.stdout ? (JSON.parse(run.stdout) as LintJson) : { objects: -1, findings: [], notices: [] }), code: run.code, stderr: run.stderr };
}

describe('paths mean what they mean to git', () => {
  test('git:<ref>:<path> is from the repository root, from a subdirectory too (it read nothing there)', () => {
    const run = lint('git:HEAD:k8s', sub);
    expect(run.stderr).toBe('');
    expect(run.objects).toBe(4);
    expect(run.findings.map((f) => f.file)).toEqual(['git:HEAD:k8s/sub/b.yaml']);
    expect(run.notices).toEqual([{ source: 'git:HEAD:k8s/link.yaml', line: 1, message: 'skipped: a symbolic link in git; not followed.' }]);
    expect(run.code).toBe(1);
  });

  test('git:<ref>:./<path> is from the working directory; ../ goes up, but not out of the repository', () => {
    expect(lint('git:HEAD:./sub', sub)).toMatchObject({ objects: 1, code: 1, findings: [{ file: 'git:HEAD:k8s/sub/b.yaml' }] });
    expect(lint('git:HEAD:../sub', path.join(sub, 'sub'))).toMatchObject({ objects: 1, code: 1 });
    const out = lint('git:HEAD:../..', sub);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('daprkit: git:HEAD:../..: the path leads out of the repository.\n');
  });

  test('git:HEAD: and git:HEAD:. are the root, wherever they run', () => {
    expect(lint('git:HEAD:', sub)).toMatchObject({ objects: 4, code: 1 });
    expect(lint('git:HEAD:.', sub)).toMatchObject({ objects: 4, code: 1 });
    expect(lint('git:HEAD:.', repo)).toMatchObject({ objects: 4, code: 1 });
  });

  test('a path that names nothing in the ref is exit 2 with "no such path", and a hint from a subdirectory', () => {
    const fromSub = lint('git:HEAD:sub', sub);
    expect(fromSub.code).toBe(2);
    expect(fromSub.stderr).toBe('daprkit: git:HEAD:sub: no such path in HEAD (paths are from the repository root; from the current folder, write git:HEAD:./sub).\n');
    const fromRoot = lint('git:HEAD~1:k8s/nothing', repo);
    expect(fromRoot.code).toBe(2);
    expect(fromRoot.stderr).toBe('daprkit: git:HEAD~1:k8s/nothing: no such path in HEAD~1.\n');
  });

  test('file names with non-ASCII characters and newlines are read, in a folder and named on their own', () => {
    expect(lint('git:HEAD:k8s/ü-grüße.yaml', repo)).toMatchObject({ objects: 1, code: 0 });
    expect(lint(`git:HEAD:k8s/${NEWLINE_NAME}`, repo)).toMatchObject({ objects: 1, code: 0 });
    expect(lint('git:HEAD:README.md', repo)).toMatchObject({ objects: 0, code: 0, notices: [{ source: 'git:HEAD:README.md' }] });
  });

  test('diff between two revisions from a subdirectory sees the change (it said "0 changed")', () => {
    for (const [before, after] of [
      ['git:HEAD~1:k8s', 'git:HEAD:k8s'],
      ['git:HEAD~1:./sub', 'git:HEAD:./sub'],
    ]) {
      const run = runCli(['diff', before, after, '--exit-code', '--format', 'json'], { cwd: sub });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(JSON.stringify(JSON.parse(run.stdout))).toContain('99999');
    }
  });
});

describe('refs and repositories', () => {
  test('a ref that starts with "-" is refused before git runs (it would read as an option)', () => {
    const marker = path.join(repo, 'written-by-git');
    for (const ref of [`--output=${marker}`, '-h']) {
      const run = lint(`git:${ref}:k8s`, repo);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`daprkit: git:${ref}:k8s: a ref may not start with "-" (git would read it as an option).\n`);
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('an unknown ref, a missing path part and a folder outside any repository are exit 2, each said plainly', () => {
    expect(lint('git:no-such-branch:k8s', repo)).toMatchObject({ code: 2, stderr: 'daprkit: git:no-such-branch:k8s: no revision no-such-branch in this repository.\n' });
    expect(lint('git:HEAD', repo)).toMatchObject({ code: 2, stderr: 'daprkit: git:HEAD: write git:<ref>:<path>, e.g. git:main:dist (from the repository root) or git:HEAD~1:./k8s (from here).\n' });
    const outside = tempDir('daprkit-no-repo-');
    try {
      const run = lint('git:HEAD:k8s', outside);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^daprkit: git:HEAD:k8s: /);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
