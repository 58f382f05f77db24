/**
 * Runs programs written by `daprkit import` the way a user would: type-checked under `strict`
 * (all programs in one TypeScript program, since a program costs seconds), then transpiled and run
 * with `daprkit` resolved to this repository, synthesizing into a folder given by `CDK8S_OUTDIR`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Manifest } from '../../checks/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Writes a program's files into `dir`. */
export function writeProgram(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
}

/** Type errors of every `.ts` file under the given folders, as `file: message`, with `daprkit` resolved to the repository. */
export function typeErrors(dirs: readonly string[]): string[] {
  const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f)));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    baseUrl: REPO_ROOT,
    // The programs live outside the repository: their two imports are resolved to it.
    paths: { daprkit: ['index.ts'], cdk8s: ['node_modules/cdk8s'] },
  };
  const program = ts.createProgram(files, options);
  // Only the programs' own files are checked: checking all of daprkit's sources again would cost
  // most of the time (npm test type-checks them once already).
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...files.flatMap((f) => {
      const source = program.getSourceFile(f);
      return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
    }),
  ];
  return diagnostics.map((d) => `${d.file ? path.relative(REPO_ROOT, d.file.fileName) : '(program)'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/**
 * Runs `<dir>/main.ts` (transpiled, modules resolved by hand: `daprkit` and `cdk8s` from the
 * repository, `./x` from `dir`) with `CDK8S_OUTDIR=outdir`; returns what it wrote. Throws when the
 * program sets a failing exit code (DaprkitApp does that when synthesis fails).
 */
export function runProgram(dir: string, outdir: string): Manifest[] {
  const cache = new Map<string, unknown>();
  const load = (file: string): unknown => {
    if (cache.has(file)) return cache.get(file);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module.exports);
    const source = fs.readFileSync(file, 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const localRequire = (spec: string): unknown => {
      if (spec === 'daprkit') return require(path.join(REPO_ROOT, 'index'));
      if (spec.startsWith('./')) return load(path.join(dir, `${spec.slice(2)}.ts`));
      return require(spec);
    };
    new Function('require', 'module', 'exports', js)(localRequire, module, module.exports);
    cache.set(file, module.exports);
    return module.exports;
  };
  const previous = { outdir: process.env.CDK8S_OUTDIR, exitCode: process.exitCode };
  process.env.CDK8S_OUTDIR = outdir;
  process.exitCode = undefined;
  try {
    load(path.join(dir, 'main.ts'));
    if (process.exitCode !== undefined && process.exitCode !== 0) throw new Error(`${dir}/main.ts: synthesis failed (exit code ${process.exitCode})`);
  } finally {
    if (previous.outdir === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous.outdir;
    process.exitCode = previous.exitCode;
  }
  return readManifestsIn(outdir);
}

/** Every object of every YAML file in `dir`, files in name order. */
export function readManifestsIn(dir: string): Manifest[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest))
    .filter((m) => m !== null && typeof m === 'object');
}
