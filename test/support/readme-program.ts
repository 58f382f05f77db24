/**
 * Keeps a README program and the test that synthesizes it the same: the README's ```ts block that
 * contains `marker`, without its import line, must appear verbatim (up to indentation) between the
 * test file's "--- the README's program, verbatim ---" markers.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

const lines = (text: string) =>
  text
    .split('\n')
    // Comments are prose: whole-line ones and trailing ones (a space, `//`, a space; URLs have none).
    .map((l) => l.replace(/\s+\/\/\s.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('import ') && !l.startsWith('//'));

/** The README block containing `marker`, and the program between the markers of `testFile`, as trimmed lines. */
export function readmeProgram(marker: string, testFile: string): { readme: string[]; test: string[] } {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]!).find((b) => b.includes(marker));
  if (!block) throw new Error(`no README ts block contains ${JSON.stringify(marker)}`);
  const source = fs.readFileSync(testFile, 'utf8');
  const program = /--- the README's program, verbatim ---\n([\s\S]*?)\n\s*\/\/ --- end of the README's program ---/.exec(source)?.[1];
  if (program === undefined) throw new Error(`${testFile} has no README program markers`);
  return { readme: lines(block), test: lines(program) };
}
