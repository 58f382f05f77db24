/**
 * The README's set-up commands say what init and the package really use. `npm run smoke` runs the
 * blocks marked `<!-- smoke: NAME -->` from the packed tarball (test/consumer/run.sh); this test,
 * without a network, holds them to each other and to package.json: the registry command is the
 * tarball command with the registry name substituted, the versions are the ones daprkit is built
 * with, and the files are the ones init writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { projectFiles } from '../cli/init';
import { CDK8S_YAML } from '../cli/init/template-project';
import { projectVersions, TSX_VERSION } from '../cli/init/versions';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const tarball = `./daprkit-${pkg.version}.tgz`;

/** The code block after `<!-- smoke: NAME -->` (the same rule as test/consumer/tools/readme-block.cjs). */
function smokeBlock(name: string): string {
  const lines = readme.split('\n');
  const marker = lines.indexOf(`<!-- smoke: ${name} -->`);
  const open = lines.findIndex((l, i) => i > marker && l.startsWith('```'));
  const close = lines.findIndex((l, i) => i > open && l === '```');
  if (marker < 0 || open < 0 || close < 0) throw new Error(`README has no block marked smoke: ${name}`);
  return lines.slice(open + 1, close).join('\n') + '\n';
}

/** Commands without their comments, `a && b` split into two. */
const commands = (block: string) =>
  block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .flatMap((l) => l.split(/\s*&&\s*/))
    .filter(Boolean);

describe('README: Get started', () => {
  test('is near the top, with this repository\'s own set-up commands right after it', () => {
    const headings = readme.split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe('## Get started');
    const repoSetUp = readme.indexOf('npm ci && npm run synth');
    expect(repoSetUp).toBeGreaterThan(readme.indexOf('## Get started'));
    expect(repoSetUp).toBeLessThan(readme.indexOf('## A 60-second tour'));
    expect(readme.slice(repoSetUp - 200, repoSetUp + 150)).toContain('npm test');
  });

  test('the newcomer types init, then npm test and cdk8s synth in the project', () => {
    expect(commands(smokeBlock('get-started'))).toEqual(['npx daprkit@latest init my-system', 'cd my-system', 'npm test', 'npx cdk8s synth']);
  });

  test('the tarball commands are the registry commands with the tarball in place of the registry name', () => {
    const substituted = commands(smokeBlock('get-started')).map((c) => c.replace('npx daprkit@latest init my-system', `npx ${tarball} init my-system --daprkit ${tarball}`));
    expect(commands(smokeBlock('get-started-tarball'))).toEqual(substituted);
    expect(readme).toContain(`\`daprkit-${pkg.version}.tgz\``);
  });
});

describe('README: the manual path', () => {
  test('installs exactly the versions daprkit is built with, and the runner init chooses', () => {
    const [deps, devDeps] = commands(smokeBlock('manual-install'));
    const dev = pkg.devDependencies;
    expect(deps).toBe(`npm install daprkit@${pkg.version} cdk8s@${dev.cdk8s} cdk8s-plus-28@${dev['cdk8s-plus-28']} constructs@${dev.constructs}`);
    expect(devDeps).toBe(`npm install --save-dev typescript@${dev.typescript} tsx@${TSX_VERSION} @types/node@${dev['@types/node']} cdk8s-cli@${dev['cdk8s-cli']}`);
  });

  test('its tsconfig resolves modules as the one init writes, and its cdk8s.yaml is init\'s', () => {
    const manual = JSON.parse(smokeBlock('manual-tsconfig')).compilerOptions;
    const generated = JSON.parse(projectFiles({ name: 'x', template: 'minimal', engine: 'cdk8s', versions: projectVersions(pkg.version) }).get('tsconfig.json')!).compilerOptions;
    for (const key of ['module', 'moduleResolution', 'moduleDetection', 'target', 'strict', 'noEmit', 'types']) expect([key, manual[key]]).toEqual([key, generated[key]]);
    expect(smokeBlock('manual-cdk8s-yaml')).toBe(CDK8S_YAML);
    expect(commands(smokeBlock('manual-run'))).toEqual(['npx cdk8s synth', 'npx tsc --noEmit']);
  });

  test('the Pulumi install pins the Pulumi packages daprkit is tested with, and TypeScript below 7', () => {
    const dev = pkg.devDependencies;
    expect(readme).toContain(`npm install @pulumi/pulumi@${dev['@pulumi/pulumi']} @pulumi/kubernetes@${dev['@pulumi/kubernetes']}`);
    expect(dev.typescript).toMatch(/^5\./);
  });
});

describe('README: daprkit init', () => {
  test('its table names every file init writes', () => {
    const section = readme.slice(readme.indexOf('### `daprkit init [dir]`'), readme.indexOf('### Every check'));
    const files = projectFiles({ name: 'x', template: 'todo', engine: 'pulumi', versions: projectVersions(pkg.version) });
    for (const file of files.keys()) expect([file, section.includes(`\`${file}\``)]).toEqual([file, true]);
  });
});
