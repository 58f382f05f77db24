/**
 * `daprkit init`: the files of each template and engine, their versions and settings, that the
 * generated programs type-check and synthesize clean against this daprkit, and the writing rules
 * (a non-empty folder is refused, no file is ever replaced, symlinks are not followed, hostile
 * folder names stay inside and print escaped). Installing a generated project from the npm
 * registry and running its own tests is the smoke test's job (test/consumer/run.sh).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { daprkitSpec, printable, projectFiles, projectNameOf } from '../cli/init';
import { EngineName } from '../cli/init/template-project';
import { SYSTEM_TEMPLATES, TemplateName } from '../cli/init/template-systems';
import { projectVersions, readOwnPackage } from '../cli/init/versions';
import { writeNewFiles } from '../cli/init/write-files';
import { DaprkitApp } from '../constructs/app';
import { REPO_ROOT, runCli, tempDir } from './support/cli';

const own = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const combos: [TemplateName, EngineName][] = [['minimal', 'cdk8s'], ['todo', 'cdk8s'], ['minimal', 'pulumi'], ['todo', 'pulumi']];
const filesOf = (template: TemplateName, engine: EngineName, daprkit = own.version) => projectFiles({ name: 'my-system', template, engine, versions: projectVersions(daprkit) });
const json = (files: Map<string, string>, file: string) => JSON.parse(files.get(file)!) as Record<string, any>;

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('daprkit init: the files', () => {
  test('a cdk8s project has the program, its test, the configs and the CI workflow', () => {
    expect([...filesOf('minimal', 'cdk8s').keys()].sort()).toEqual(
      ['.github/workflows/daprkit.yml', '.gitignore', 'README.md', 'cdk8s.yaml', 'main.ts', 'package.json', 'system.test.ts', 'system.ts', 'tsconfig.json'],
    );
  });

  test('--engine pulumi adds the Pulumi program, its project file and its mocked test', () => {
    const files = filesOf('minimal', 'pulumi');
    expect([...files.keys()].filter((f) => !filesOf('minimal', 'cdk8s').has(f)).sort()).toEqual(['Pulumi.yaml', 'index.test.ts', 'index.ts']);
    expect(files.get('index.ts')).toContain("import { DaprSystem } from 'daprkit/pulumi';");
    expect(files.get('index.test.ts')).toContain('pulumi.runtime.setMocks(');
    const pulumiYaml = parse(files.get('Pulumi.yaml')!);
    expect(pulumiYaml).toMatchObject({ name: 'my-system', runtime: { name: 'nodejs', options: { typescript: true } }, config: { redisPassword: { secret: true } } });
    expect(json(files, 'package.json').main).toBe('index.ts');
  });

  test.each(combos)('package.json (%s, %s) pins exact versions: daprkit, and the peers and TypeScript this repository is built with', (template, engine) => {
    const pkg = json(filesOf(template, engine), 'package.json');
    const all: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const [name, version] of Object.entries(all)) expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    expect(all.daprkit).toBe(own.version);
    for (const peer of ['cdk8s', 'cdk8s-plus-28', 'constructs', 'cdk8s-cli', 'typescript', '@types/node']) expect(all[peer]).toBe(own.devDependencies[peer]);
    expect(all.typescript).toMatch(/^5\.9\./);
    expect(all).toHaveProperty('tsx');
    expect(all).toHaveProperty('vitest');
    expect(Object.keys(all)).not.toEqual(expect.arrayContaining(['ts-node']));
    expect(Object.keys(all)).not.toEqual(expect.arrayContaining(['ts-jest']));
    if (engine === 'pulumi') {
      expect(pkg.dependencies['@pulumi/pulumi']).toBe(own.devDependencies['@pulumi/pulumi']);
      expect(pkg.dependencies['@pulumi/kubernetes']).toBe(own.devDependencies['@pulumi/kubernetes']);
    } else {
      expect(Object.keys(all).filter((n) => n.startsWith('@pulumi/'))).toEqual([]);
    }
    expect(pkg.private).toBe(true);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['synth', 'test', 'lint', 'diff']));
    expect(pkg.scripts.synth).toBe('cdk8s synth --no-check-upgrade');
    expect(pkg.scripts.test).toBe('tsc --noEmit && vitest run');
    expect(pkg.scripts.lint).toBe('daprkit lint dist');
  });

  test('tsconfig is strict: bundler resolution for cdk8s (TypeScript 5.9 and 7), CommonJS for Pulumi (its ts-node, TypeScript < 7)', () => {
    const cdk8s = json(filesOf('minimal', 'cdk8s'), 'tsconfig.json').compilerOptions;
    expect(cdk8s).toMatchObject({ strict: true, noUncheckedIndexedAccess: true, module: 'preserve', moduleResolution: 'bundler', noEmit: true });
    const pulumi = json(filesOf('minimal', 'pulumi'), 'tsconfig.json').compilerOptions;
    expect(pulumi).toMatchObject({ strict: true, module: 'commonjs', moduleResolution: 'node' });
  });

  test('cdk8s runs main.ts through tsx, which needs no TypeScript compiler API', () => {
    expect(parse(filesOf('minimal', 'cdk8s').get('cdk8s.yaml')!)).toEqual({ language: 'typescript', app: 'npx tsx main.ts' });
  });

  test('the CI workflow installs, tests, synthesizes, uploads a SARIF lint and puts the base-to-PR diff in the job summary', () => {
    const text = filesOf('minimal', 'cdk8s').get('.github/workflows/daprkit.yml')!;
    const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string> }[] }> };
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(text).not.toContain('pull_request_target'); // a stranger's pull request never gets secrets or a write token
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test');
    expect(runs).toContain('npm run synth');
    expect(runs).toContain('npx daprkit lint dist --format sarif > daprkit.sarif');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toMatchObject({ sarif_file: 'daprkit.sarif' });
    const diff = steps.find((s) => s.run?.includes('daprkit diff'));
    expect(diff?.if).toBe("github.event_name == 'pull_request'");
    expect(diff?.run).toContain('--format markdown >> "$GITHUB_STEP_SUMMARY"');
    const base = steps.find((s) => s.run?.includes('git worktree add'));
    expect(base).toMatchObject({ if: "github.event_name == 'pull_request'", env: { BASE_SHA: '${{ github.event.pull_request.base.sha }}' } });
    expect(base?.run).toContain('npx cdk8s synth --no-check-upgrade --output "$RUNNER_TEMP/base-dist"');
    expect(diff?.run).toContain('npx daprkit diff "$RUNNER_TEMP/base-dist" dist');
  });

  test('.gitignore keeps node_modules and env files out, and dist/ in', () => {
    const lines = filesOf('minimal', 'cdk8s').get('.gitignore')!.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['node_modules/', '.env']));
    expect(lines).not.toContain('dist/');
  });

  test('the versions come from daprkit\'s own package.json, which must pin them exactly', () => {
    expect(readOwnPackage().version).toBe(own.version);
    expect(() => projectVersions('1.0.0', { name: 'daprkit', version: '1.0.0', devDependencies: { ...own.devDependencies, cdk8s: '^2.70.0' } })).toThrow(/exact cdk8s/);
  });
});

/**
 * Type-checks the generated programs (not the vitest files) of several projects of one engine in
 * one compiler run, against this repository's sources; errors are prefixed with their project.
 */
function typeErrors(projects: ReadonlyMap<string, Map<string, string>>, engine: EngineName): string[] {
  const root = path.join(REPO_ROOT, 'test', '__init__', engine);
  const programFiles = new Map<string, string>();
  for (const [project, files] of projects) {
    for (const [f, text] of files) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) programFiles.set(path.join(root, project, f), text);
  }
  const generated = JSON.parse([...projects.values()][0]!.get('tsconfig.json')!).compilerOptions;
  const options: ts.CompilerOptions = {
    ...ts.convertCompilerOptionsFromJson(generated, root).options,
    // This repository's TypeScript resolves 'daprkit' to its sources instead of node_modules.
    baseUrl: REPO_ROOT,
    paths: { daprkit: ['index.ts'], 'daprkit/pulumi': ['pulumi/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (f) => programFiles.has(f) || fileExists.call(host, f);
  host.directoryExists = (d) => d.startsWith(root) || (directoryExists?.call(host, d) ?? false);
  host.readFile = (f) => programFiles.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = programFiles.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...programFiles.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && programFiles.has(d.file.fileName))
    .map((d) => `${path.relative(root, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs the generated system.ts (transpiled) with 'daprkit' bound to this repository's sources. */
function runGeneratedSystem(files: Map<string, string>): DaprkitApp {
  const { outputText } = ts.transpileModule(files.get('system.ts')!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const mod = { exports: {} as { buildSystem?: (scope: unknown) => void } };
  const requireFor = (id: string) => (id === 'daprkit' ? require('../index') : require(id));
  new Function('require', 'module', 'exports', outputText)(requireFor, mod, mod.exports);
  const app = new DaprkitApp({ outdir: tempDir('daprkit-init-synth-') });
  mod.exports.buildSystem!(app);
  return app;
}

describe('daprkit init: the generated programs', () => {
  // One compiler run per engine: both templates, and for cdk8s a broken copy proving the check can fail.
  test('the cdk8s programs type-check under their strict tsconfig (and a type error is caught)', () => {
    const broken = filesOf('minimal', 'cdk8s');
    broken.set('system.ts', broken.get('system.ts')!.replace('appPort: 8080,\n      sidecar', "appPort: '8080',\n      sidecar"));
    const errors = typeErrors(new Map([['minimal', filesOf('minimal', 'cdk8s')], ['todo', filesOf('todo', 'cdk8s')], ['broken', broken]]), 'cdk8s');
    expect(errors.filter((e) => !e.startsWith('broken'))).toEqual([]);
    expect(errors.join('\n')).toMatch(/^broken\/system\.ts: Type 'string' is not assignable to type 'number'/m);
  });

  test('the Pulumi programs type-check under their tsconfig, daprkit/pulumi included', () => {
    expect(typeErrors(new Map([['minimal', filesOf('minimal', 'pulumi')], ['todo', filesOf('todo', 'pulumi')]]), 'pulumi')).toEqual([]);
  });

  test.each(['minimal', 'todo'] as const)('the %s system synthesizes with no finding, into the files its README names', (template) => {
    const app = runGeneratedSystem(filesOf(template, 'cdk8s'));
    const { objects, findings } = app.synthesizeChecked();
    expect(findings).toEqual([]);
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual([...SYSTEM_TEMPLATES[template].distFiles]);
    const appIds = objects.map((o) => o.manifest).filter((m) => m.kind === 'Deployment').map((m) => (m.spec as any).template.metadata.annotations['dapr.io/app-id']);
    expect(appIds.sort()).toEqual([...SYSTEM_TEMPLATES[template].appIds]);
  });

  test('the generated tests assert app-ids, scopes and access control, and keep a snapshot', () => {
    for (const template of ['minimal', 'todo'] as const) {
      const test = filesOf(template, 'cdk8s').get('system.test.ts')!;
      expect(test).toContain("['dapr.io/app-id']");
      expect(test).toContain("'scopes'");
      expect(test).toContain("'accessControl'");
      expect(test).toContain("toMatchFileSnapshot('__snapshots__/system.k8s.yaml')");
      expect(test).toContain("from 'vitest'");
    }
  });
});

describe('daprkit init: the --daprkit dependency', () => {
  const cwd = tempDir('daprkit-init-spec-');
  const project = path.join(cwd, 'my-system');

  test('defaults to the running version; an exact version or a git URL is written as given', () => {
    expect(daprkitSpec(undefined, '0.1.0', project, cwd)).toBe('0.1.0');
    expect(daprkitSpec('1.2.3-rc.1', '0.1.0', project, cwd)).toBe('1.2.3-rc.1');
    expect(daprkitSpec('github:acme/daprkit#v0.1.0', '0.1.0', project, cwd)).toBe('github:acme/daprkit#v0.1.0');
  });

  test('a tarball becomes a file: spec relative to the project', () => {
    fs.writeFileSync(path.join(cwd, 'daprkit-0.1.0.tgz'), '');
    expect(daprkitSpec('./daprkit-0.1.0.tgz', '0.1.0', project, cwd)).toBe('file:../daprkit-0.1.0.tgz');
    expect(daprkitSpec(path.join(cwd, 'daprkit-0.1.0.tgz'), '0.1.0', path.join(cwd, 'a', 'b'), cwd)).toBe('file:../../daprkit-0.1.0.tgz');
  });

  test('ranges, missing paths, other files and unbuilt folders are refused', () => {
    for (const range of ['^0.1.0', '~0.1.0', 'latest', '0.x', '1']) expect(() => daprkitSpec(range, '0.1.0', project, cwd)).toThrow(/exact version/);
    expect(() => daprkitSpec('./nope.tgz', '0.1.0', project, cwd)).toThrow(/does not exist/);
    fs.writeFileSync(path.join(cwd, 'notes.txt'), '');
    expect(() => daprkitSpec('notes.txt', '0.1.0', project, cwd)).toThrow(/not a \.tgz/);
    fs.mkdirSync(path.join(cwd, 'checkout'));
    fs.writeFileSync(path.join(cwd, 'checkout', 'package.json'), '{"name":"daprkit"}');
    expect(() => daprkitSpec('checkout', '0.1.0', project, cwd)).toThrow(/not built/);
    fs.mkdirSync(path.join(cwd, 'checkout', 'lib'));
    fs.writeFileSync(path.join(cwd, 'checkout', 'lib', 'index.js'), '');
    expect(daprkitSpec('checkout', '0.1.0', project, cwd)).toBe('file:../checkout');
    fs.mkdirSync(path.join(cwd, 'other'));
    expect(() => daprkitSpec('other', '0.1.0', project, cwd)).toThrow(/no daprkit package\.json/);
  });
});

describe('daprkit init: writing', () => {
  test('creates the folder and every file, and says so', () => {
    const cwd = tempDir('daprkit-init-');
    const run = runCli(['init', 'my-system', '--no-install'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = path.join(cwd, 'my-system');
    expect(tree(dir)).toEqual([...filesOf('minimal', 'cdk8s').keys()].sort());
    for (const file of tree(dir)) expect(run.stdout).toContain(`created ${path.join('my-system', file)}`);
    expect(run.stdout).toContain('npm install');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name).toBe('my-system');
  });

  test('--engine and --template choose the files; a bad choice is a usage error', () => {
    const cwd = tempDir('daprkit-init-');
    expect(runCli(['init', 'p', '--no-install', '--engine', 'pulumi', '--template', 'todo'], { cwd }).code).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'p', 'system.ts'), 'utf8')).toContain('new ControlPlane(');
    expect(fs.existsSync(path.join(cwd, 'p', 'Pulumi.yaml'))).toBe(true);
    const bad = runCli(['init', 'q', '--no-install', '--engine', 'terraform'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/terraform/);
    expect(fs.existsSync(path.join(cwd, 'q'))).toBe(false);
  });

  /** A stand-in for npm (init runs the npm in npm_execpath): records its arguments, exits with `code`. */
  function fakeNpm(code: number): string {
    const file = path.join(tempDir('daprkit-init-npm-'), 'npm-cli.js');
    fs.writeFileSync(file, `require('fs').writeFileSync('npm-was-here', JSON.stringify(process.argv.slice(2))); process.exit(${code});\n`);
    return file;
  }

  test('then runs npm install in the project, its output on stderr, and says what is left to type', () => {
    const cwd = tempDir('daprkit-init-');
    const run = runCli(['init', 'my-system'], { cwd, env: { npm_execpath: fakeNpm(0) } });
    expect(run.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'my-system', 'npm-was-here'), 'utf8'))).toEqual(['install', '--no-audit', '--no-fund']);
    expect(run.stderr).toContain('installing the dependencies');
    expect(run.stdout).toMatch(/next:\n  cd my-system\n  npm test\n  npm run synth\n$/);
  });

  test('a failing npm install is exit 2 with what to do; a kept package.json is never installed', () => {
    const cwd = tempDir('daprkit-init-');
    const failed = runCli(['init', 'my-system'], { cwd, env: { npm_execpath: fakeNpm(1) } });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/npm install failed in .*my-system \(exit 1\); the project's files are written/);
    const dir = tempDir('daprkit-init-kept-');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
    const kept = runCli(['init', dir, '--force'], { env: { npm_execpath: fakeNpm(0) } });
    expect(kept.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'npm-was-here'))).toBe(false);
    expect(kept.stdout).toContain('npm install was not run');
  });

  test('a non-empty folder is refused with exit 2 and left untouched', () => {
    const dir = tempDir('daprkit-init-full-');
    fs.writeFileSync(path.join(dir, 'notes.md'), 'mine');
    const run = runCli(['init', dir, '--no-install']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not empty');
    expect(run.stderr).toContain('--force');
    expect(tree(dir)).toEqual(['notes.md']);
  });

  test('a folder holding only .git counts as empty', () => {
    const dir = tempDir('daprkit-init-git-');
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(runCli(['init', dir, '--no-install']).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'system.ts'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  test('--force adds the missing files and never overwrites one, reporting each kept file', () => {
    const dir = tempDir('daprkit-init-force-');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'secrets/\n');
    const run = runCli(['init', dir, '--force', '--no-install']);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('secrets/\n');
    expect(run.stdout).toMatch(/kept +.*package\.json \(exists\)/);
    expect(run.stdout).toMatch(/kept +.*\.gitignore \(exists\)/);
    expect(run.stdout).not.toMatch(/created .*package\.json/);
    expect(fs.existsSync(path.join(dir, 'system.ts'))).toBe(true);
    // Run again: everything exists now, nothing is written.
    const again = runCli(['init', dir, '--force', '--no-install']);
    expect(again.stdout).not.toContain('created');
  });

  test('symlinks are never followed out of the project: a linked file or folder is kept, its target untouched', () => {
    const outside = tempDir('daprkit-init-outside-');
    fs.writeFileSync(path.join(outside, 'victim.json'), 'untouched');
    const dir = tempDir('daprkit-init-links-');
    fs.symlinkSync(path.join(outside, 'victim.json'), path.join(dir, 'package.json'));
    fs.symlinkSync(path.join(outside, 'missing.ts'), path.join(dir, 'main.ts')); // dangling: must not be created
    fs.symlinkSync(outside, path.join(dir, '.github'));
    const report = writeNewFiles(dir, filesOf('minimal', 'cdk8s'));
    expect(fs.readFileSync(path.join(outside, 'victim.json'), 'utf8')).toBe('untouched');
    expect(fs.readdirSync(outside).sort()).toEqual(['victim.json']);
    expect(report.kept).toEqual(
      expect.arrayContaining([
        { file: 'package.json', reason: 'exists' },
        { file: 'main.ts', reason: 'exists' },
        { file: '.github/workflows/daprkit.yml', reason: '.github is a symlink (not followed)' },
      ]),
    );
    expect(report.written).toContain('system.ts');
  });

  test('the writer refuses paths that are not plain relative paths', () => {
    const dir = tempDir('daprkit-init-paths-');
    for (const bad of ['../x', '/etc/x', 'a/../../x', 'a//b', './x']) expect(() => writeNewFiles(dir, new Map([[bad, '']]))).toThrow(/not a plain relative path/);
    expect(tree(dir)).toEqual([]);
  });

  test('a path that is a file, or cannot be created, is a usage error naming it', () => {
    const cwd = tempDir('daprkit-init-');
    fs.writeFileSync(path.join(cwd, 'taken'), '');
    const run = runCli(['init', 'taken', '--no-install'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('taken exists and is not a folder');
    const nested = runCli(['init', 'taken/inside', '--no-install'], { cwd });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/cannot create .*taken\/inside/);
  });

  test.each([
    ['a name with a newline and escape sequences', 'evil\n\u001b]0;pwned\u0007\u001b[2J'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['spaces and capitals', 'My Dapr System'],
    ['quotes and a YAML indicator', `it's "x": [y]`],
    ['non-ASCII', 'système-ünïcode-漢字'],
  ])('a hostile folder name (%s) stays inside, gets a valid package name and prints escaped', (_label, name) => {
    const cwd = tempDir('daprkit-init-hostile-');
    const run = runCli(['init', '--no-install', '--', name], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fs.readdirSync(cwd)).toEqual([name]);
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, name, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/); // no control character but newlines
    expect(run.stdout.split('\n').filter((l) => l.startsWith('created')).length).toBe(filesOf('minimal', 'cdk8s').size);
  });

  test('project names are slugs, with a fallback', () => {
    expect(projectNameOf('My Dapr System')).toBe('my-dapr-system');
    expect(projectNameOf('système')).toBe('systeme');
    expect(projectNameOf('__proto__')).toBe('proto');
    expect(projectNameOf('漢字')).toBe('dapr-system');
    expect(projectNameOf('node_modules')).toBe('dapr-system');
    expect(projectNameOf('x'.repeat(80))).toHaveLength(50);
    expect(printable('a\u001b[2Jb\nc')).toBe('a\\u001b[2Jb\\u000ac');
  });
});
