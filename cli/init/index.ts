/**
 * `daprkit init [dir]`: a new project that installs from the npm registry alone — a Dapr system in
 * TypeScript (`--template minimal|todo`), synthesized with cdk8s or also deployed with Pulumi
 * (`--engine`), with tests, a strict tsconfig and a CI workflow. It refuses a non-empty folder
 * unless `--force`, and even then never replaces a file: it reports what it wrote and kept.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../usage-error';
import { pulumiIndex, pulumiTest, pulumiYaml } from './template-pulumi';
import { CDK8S_YAML, EngineName, GITIGNORE, packageJson, ProjectSettings, readme, tsconfigJson } from './template-project';
import { MAIN_TS, SYSTEM_TEMPLATES, TemplateName } from './template-systems';
import { WORKFLOW } from './template-workflow';
import { projectVersions, readOwnPackage } from './versions';
import { WriteReport, writeNewFiles } from './write-files';

export interface InitOptions {
  /** The project folder, as given (relative to `cwd`). */
  readonly dir: string;
  readonly template: TemplateName;
  readonly engine: EngineName;
  /** An exact version, a tarball, a daprkit folder or a git URL. @default the running version */
  readonly daprkit?: string;
  readonly force: boolean;
  /** @default process.cwd() */
  readonly cwd?: string;
}

export interface InitResult extends WriteReport {
  /** The project folder, absolute. */
  readonly dir: string;
  readonly name: string;
  /** The daprkit dependency written into package.json. */
  readonly daprkit: string;
}

/** Control characters shown as escapes, so a hostile folder name cannot drive the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A package name from a folder name: lower case letters, digits and single dashes (a valid npm
 * name, Pulumi project name and YAML scalar alike), at most 50 characters.
 */
export function projectNameOf(folderName: string): string {
  const slug = folderName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // the accents NFKD split off: é -> e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug === '' || slug === 'node-modules' || slug === 'favicon-ico' ? 'dapr-system' : slug;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const REMOTE_SPEC = /^(?:git\+(?:https|ssh|file):\/\/|git:\/\/|github:|https:\/\/)[^\s\u0000-\u001f\u007f]+$/;

/**
 * The `daprkit` dependency for package.json. A tarball or folder becomes a `file:` spec relative
 * to the project (npm resolves it from there); a folder must hold a built daprkit (lib/).
 */
export function daprkitSpec(given: string | undefined, running: string, projectDir: string, cwd: string): string {
  if (given === undefined) return running;
  if (EXACT_VERSION.test(given) || REMOTE_SPEC.test(given)) return given;
  const raw = given.startsWith('file:') ? given.slice('file:'.length) : given;
  if (/^[~^<>=*]|^latest$|^x\b|\.x$/.test(raw) || /^\d+(\.\d+)?$/.test(raw)) {
    throw new UsageError(`--daprkit ${printable(given)}: give an exact version (such as ${running}), so the project installs the same daprkit every time.`);
  }
  const target = path.resolve(cwd, raw);
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  const usage = `--daprkit ${printable(given)}: not an exact version, a tarball (.tgz), a daprkit folder or a git URL`;
  if (stat === undefined) throw new UsageError(`${usage} (${printable(target)} does not exist).`);
  if (stat.isFile()) {
    if (!/\.(tgz|tar\.gz)$/.test(target)) throw new UsageError(`${usage} (a file that is not a .tgz).`);
  } else if (stat.isDirectory()) {
    let name: unknown;
    try {
      name = (JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as { name?: unknown }).name;
    } catch {
      name = undefined;
    }
    if (name !== 'daprkit') throw new UsageError(`${usage} (${printable(target)} holds no daprkit package.json).`);
    if (!fs.existsSync(path.join(target, 'lib', 'index.js'))) throw new UsageError(`--daprkit ${printable(given)}: the folder is not built; run \`npm run build\` there first (or give the tarball of \`npm pack\`).`);
  } else {
    throw new UsageError(`${usage}.`);
  }
  const relative = path.relative(projectDir, target).split(path.sep).join('/');
  return `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
}

/** Every file of the new project, relative path -> text, in the order they are written. */
export function projectFiles(settings: ProjectSettings): Map<string, string> {
  const template = SYSTEM_TEMPLATES[settings.template];
  const files = new Map<string, string>([
    ['package.json', packageJson(settings)],
    ['tsconfig.json', tsconfigJson(settings)],
    ['cdk8s.yaml', CDK8S_YAML],
    ['.gitignore', GITIGNORE],
    ['README.md', readme(settings, template)],
    ['system.ts', template.system],
    ['main.ts', MAIN_TS],
    ['system.test.ts', template.test],
  ]);
  if (settings.engine === 'pulumi') {
    files.set('index.ts', pulumiIndex(template));
    files.set('Pulumi.yaml', pulumiYaml(settings.name, template));
    files.set('index.test.ts', pulumiTest(settings.name, template));
  }
  files.set('.github/workflows/daprkit.yml', WORKFLOW);
  return files;
}

/** Entries that do not make a folder "non-empty": a fresh `git init` or clone of an empty repository. */
const IGNORED_ENTRIES = new Set(['.git']);

function prepareFolder(dir: string, force: boolean): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw new UsageError(`cannot create ${printable(dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (stat === undefined) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`cannot create ${printable(dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return;
  }
  if (!stat.isDirectory()) throw new UsageError(`${printable(dir)} exists and is not a folder.`);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).filter((e) => !IGNORED_ENTRIES.has(e));
  } catch (e) {
    throw new UsageError(`cannot read ${printable(dir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (entries.length > 0 && !force) {
    throw new UsageError(`${printable(dir)} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}); choose an empty or new folder, or add --force to add the project's files beside them (no existing file is overwritten).`);
  }
}

export function initProject(options: InitOptions): InitResult {
  const cwd = options.cwd ?? process.cwd();
  if (options.dir.trim() === '') throw new UsageError('init: the folder name is empty.');
  const dir = path.resolve(cwd, options.dir);
  const own = readOwnPackage();
  const daprkit = daprkitSpec(options.daprkit, own.version, dir, cwd);
  const name = projectNameOf(path.basename(dir));
  const files = projectFiles({ name, template: options.template, engine: options.engine, versions: projectVersions(daprkit, own) });
  prepareFolder(dir, options.force);
  let report: WriteReport;
  try {
    report = writeNewFiles(dir, files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UsageError(`cannot write into ${printable(dir)}: ${code} (${printable((e as Error).message)})`);
  }
  return { ...report, dir, name, daprkit };
}

/** What init wrote and kept, one line per file. */
export function formatInitResult(result: InitResult, cwd: string = process.cwd()): string {
  const shown = shownDir(result.dir, cwd);
  const lines = [
    ...result.written.map((f) => `created ${printable(path.join(shown, f))}`),
    ...result.kept.map((k) => `kept    ${printable(path.join(shown, k.file))} (${printable(k.reason)})`),
  ];
  if (result.kept.length > 0) lines.push(`note: ${result.kept.length} ${result.kept.length === 1 ? 'file was' : 'files were'} kept as they were; compare them with what init writes (daprkit init in an empty folder) and merge by hand.`);
  return lines.join('\n') + '\n';
}

function shownDir(dir: string, cwd: string): string {
  const relative = path.relative(cwd, dir);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

/** The commands to type next. */
export function formatNextSteps(result: InitResult, installed: boolean, cwd: string = process.cwd()): string {
  const shown = shownDir(result.dir, cwd);
  const cd = shown === '.' ? [] : [`  cd ${printable(shown)}`];
  return ['', 'next:', ...cd, ...(installed ? [] : ['  npm install']), '  npm test', '  npm run synth', ''].join('\n');
}

const INSTALL_TIMEOUT_MS = 15 * 60_000;

/**
 * `npm install` in the new project, the npm that runs us first (npx sets npm_execpath). Its output
 * goes to stderr, so stdout stays init's report. Bounded in time; a failure is reported with the
 * command to run again, not as a bug.
 */
export function npmInstall(dir: string): void {
  const execpath = process.env.npm_execpath;
  const viaNode = execpath !== undefined && /npm-cli\.c?js$/.test(execpath);
  const windows = process.platform === 'win32';
  const command = viaNode ? process.execPath : windows ? 'npm.cmd' : 'npm';
  const args = [...(viaNode ? [execpath] : []), 'install', '--no-audit', '--no-fund'];
  process.stderr.write(`daprkit: installing the dependencies (npm install in ${printable(dir)})\n`);
  const run = spawnSync(command, args, { cwd: dir, stdio: ['ignore', 2, 2], timeout: INSTALL_TIMEOUT_MS, shell: windows && !viaNode });
  if (run.error !== undefined || run.status !== 0) {
    const why = run.error !== undefined ? (run.error as NodeJS.ErrnoException).code ?? run.error.message : `exit ${run.status ?? run.signal}`;
    throw new UsageError(`npm install failed in ${printable(dir)} (${printable(String(why))}); the project's files are written: run npm install there again.`);
  }
}

/** Adds `init` to the command line. */
