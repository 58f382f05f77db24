/**
 * The README's "Bring your own YAML" section stays true: its report, program and diff are what
 * `daprkit import` gives for the hello-kubernetes tutorial (a folder of the import corpus) and what
 * `daprkit diff` says after the first tightening step.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffManifests, formatDiffText } from '../cli/diff';
import { formatImportText, importSystem } from '../cli/import';
import { readInputs } from '../cli/inputs';
import { REPO_ROOT, runProgram, writeProgram } from './support/import-harness';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Bring your own YAML'), readme.indexOf('\n## ', readme.indexOf('## Bring your own YAML') + 5));

/** The fenced block that follows `marker` in the section. */
function blockAfter(marker: string): string {
  const at = section.indexOf(marker);
  if (at < 0) throw new Error(`README: no "${marker}" in the Bring your own YAML section`);
  const open = section.indexOf('```', at);
  const start = section.indexOf('\n', open) + 1;
  return section.slice(start, section.indexOf('\n```', start) + 1);
}

/** The tutorial as the README imports it: a `deploy/` folder, read from the current directory. */
function importTutorial(): ReturnType<typeof importSystem> {
  const cwd = process.cwd();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-readme-import-'));
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'import-corpus', 'quickstarts-hello-kubernetes'), path.join(work, 'deploy'), { recursive: true });
  process.chdir(work);
  try {
    return importSystem(readInputs(['deploy']), { systemName: 'deploy' });
  } finally {
    process.chdir(cwd);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const result = importTutorial();
const TIGHTENED_FROM = "    statestore.apiObject.metadata.addAnnotation('daprkit.io/ignore', 'component-unscoped');\n";

describe('README: Bring your own YAML', () => {
  test('shows the report of the real import', () => {
    expect(blockAfter('<!-- import-report -->')).toBe(formatImportText(result.report, [{ file: 'hello/main.ts', what: 'wrote' }, { file: 'hello/deploy.ts', what: 'wrote' }], 'hello'));
  });

  test('shows the program it writes', () => {
    expect(blockAfter('<!-- import-program -->')).toBe(result.files.get('deploy.ts'));
    expect(blockAfter('<!-- import-main -->')).toBe(result.files.get('main.ts'));
  });

  test('the first tightening step is the diff it says', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'daprkit-readme-tighten-'));
    try {
      const chart = result.files.get('deploy.ts')!;
      // The step as the README describes it: nodeapp uses the store, and the suppression goes.
      const comment = chart.slice(chart.lastIndexOf('\n\n', chart.indexOf(TIGHTENED_FROM)) + 2, chart.indexOf(TIGHTENED_FROM));
      const tightened = chart.replace(comment + TIGHTENED_FROM, '').replace("    nodeapp.deployment.metadata.addAnnotation(", '    nodeapp.uses(statestore);\n\n    nodeapp.deployment.metadata.addAnnotation(');
      expect(blockAfter('<!-- import-step -->')).toBe(`${comment}${TIGHTENED_FROM}`.replace(/^/gm, '-').replace(/-$/, '') + '+    nodeapp.uses(statestore);\n');
      writeProgram(path.join(work, 'before'), result.files);
      writeProgram(path.join(work, 'after'), new Map([...result.files, ['deploy.ts', tightened]]));
      const before = runProgram(path.join(work, 'before'), path.join(work, 'before', 'dist'));
      const after = runProgram(path.join(work, 'after'), path.join(work, 'after', 'dist'));
      expect(blockAfter('<!-- import-diff -->')).toBe(formatDiffText(diffManifests(before, after)));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
