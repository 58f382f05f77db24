#!/usr/bin/env node
/**
 * The `daprkit` command line: lint, diff, dev, graph and import over Kubernetes manifests, and init
 * to start a project.
 * Exit codes: 0 success; 1 findings (lint: an error, or a warning with --strict) or, with
 * --exit-code, a difference (diff); 2 a usage problem (bad flag, missing or unreadable file or
 * folder, a FIFO or device given as a file, a failing git read); 3 a bug. A closed output pipe
 * (`daprkit lint . | head -1`) ends the run quietly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config';
import { registerInit } from './init/command';
import { UsageError } from './usage-error';

// Each command loads its modules when it runs, not at start: a linter is called on every save, and
// `diff` or `--help` should not pay for the checks, the schemas or the SVG renderer.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  catalog: () => require('../checks/catalog-of-checks') as typeof import('../checks/catalog-of-checks'),
  config: () => require('./config') as typeof import('./config'),
  dev: () => require('./dev') as typeof import('./dev'),
  diff: () => require('./diff') as typeof import('./diff'),
  escape: () => require('./escape') as typeof import('./escape'),
  graph: () => require('./graph') as typeof import('./graph'),
  inputs: () => require('./inputs') as typeof import('./inputs'),
  lint: () => require('./lint') as typeof import('./lint'),
  style: () => require('./style') as typeof import('./style'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function packageVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'daprkit' && pkg.version) return pkg.version;
    } catch {
      // try the next location: ts sources sit one level higher than the compiled lib/cli
    }
  }
  return '0.0.0';
}

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

function write(text: string): void {
  process.stdout.write(text);
}

export function buildProgram(): Command {
  const version = packageVersion();
  const program = new Command('daprkit')
    .description('Lint, diff, run locally and draw Dapr systems on Kubernetes from their manifests.')
    .version(version)
    .exitOverride()
    .showHelpAfterError();

  program
    .command('lint')
    .description('Check Dapr and Kubernetes manifests (YAML or JSON files, folders, - for stdin, git:<ref>:<path>) with the checks synth runs plus schema validation.')
    .argument('[inputs...]', 'files, folders (read recursively), - for stdin, or git:<ref>:<path> (path from the repository root, or ./ from here)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--strict', 'exit 1 on warnings too, and when anything was skipped', false)
    .option('--ignore <check-ids>', 'leave out these checks (comma-separated, repeatable)', collect, [] as string[])
    .option('--custom-type <types>', 'accept these component types, e.g. pluggable ones (comma-separated, repeatable)', collect, [] as string[])
    .addOption(new Option('--target <target>', 'where daprd reads the resources: kubernetes (the API server) or self-hosted (a resources folder, dapr run)').choices(['kubernetes', 'self-hosted']))
    .option('--config <file>', `a YAML or JSON file with customTypes and ignore lists (default: ${DEFAULT_CONFIG_FILE} when it exists)`)
    .option('--list-checks', 'print every check id with its severity and what it catches, then exit')
    .action((inputs: string[], opts: { format: string; strict: boolean; ignore: string[]; customType: string[]; config?: string; listChecks?: boolean; target?: 'kubernetes' | 'self-hosted' }) => {
      const { CHECK_CATALOG, checkIds } = load.catalog();
      if (opts.listChecks) {
        const rows = checkIds().map((id) => ({ id, ...CHECK_CATALOG[id] }));
        write(opts.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : rows.map((r) => `${r.id.padEnd(30)} ${r.severity.padEnd(17)} ${(r.only ?? 'both').padEnd(12)} ${r.catches}`).join('\n') + '\n');
        return;
      }
      if (inputs.length === 0) throw new UsageError('lint needs at least one file, folder or - (stdin).');
      const { formatJson, formatSarif, formatText, lint, validateIgnore } = load.lint();
      const config = load.config().readLintConfig(opts.config);
      const ignore = [...config.ignore, ...opts.ignore];
      validateIgnore(ignore);
      const result = lint(load.inputs().readInputs(inputs), { ignore, strict: opts.strict, customTypes: [...config.customTypes, ...opts.customType], target: opts.target ?? config.target });
      write(opts.format === 'json' ? formatJson(result) : opts.format === 'sarif' ? formatSarif(result, version) : formatText(result, load.style().styleFor(process.stdout)));
      process.exitCode = result.exitCode;
    });

  program
    .command('diff')
    .description('Show what changes between two sets of manifests, object by object and field by field.')
    .argument('<before>', 'a file, a folder, or git:<ref>:<path> (path from the repository root, or ./ from here)')
    .argument('<after>', 'a file, a folder, or git:<ref>:<path> (path from the repository root, or ./ from here)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--exit-code', 'exit 1 when anything changed', false)
    .option('--exact', 'compare as written: lists item by item in order, 25 and "25" different (default: Dapr objects as daprd reads them)', false)
    .action((before: string, after: string, opts: { format: string; exitCode: boolean; exact: boolean }) => {
      const { readInputs } = load.inputs();
      const { diffManifests, formatDiffJson, formatDiffMarkdown, formatDiffText } = load.diff();
      const { printable } = load.escape();
      const sides = [readInputs([before]), readInputs([after])];
      const problems = sides.flatMap((s) => s.findings);
      if (problems.length > 0) throw new UsageError(problems.map((f) => printable(`${f.resource}: ${f.field}: ${f.message}`)).join('\n'));
      const d = diffManifests(sides[0].manifests.map((m) => m.manifest), sides[1].manifests.map((m) => m.manifest), { exact: opts.exact });
      const notices = sides.flatMap((s) => s.notices);
      write(opts.format === 'json' ? formatDiffJson(d, notices) : opts.format === 'markdown' ? formatDiffMarkdown(d, notices) : formatDiffText(d, notices));
      if (opts.exitCode && d.changes.length > 0) process.exitCode = 1;
    });

  program
    .command('dev')
    .description('Write a dapr.yaml multi-app run file and a local resources folder for `dapr run -f`.')
    .argument('<inputs...>', 'files or folders of manifests')
    .requiredOption('--out <dir>', 'output folder (created when missing)')
    .option('--command <app=command>', 'the command that starts an app (repeatable), e.g. --command todo-api="npm start"', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--force', 'overwrite files in the output folder that daprkit did not write or that were edited since (secrets.json is always kept)', false)
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'))
    .action((inputs: string[], opts: { out: string; command: string[]; force: boolean; format: 'text' | 'json' }) => {
      const read = load.inputs().readInputs(inputs);
      const { printable } = load.escape();
      if (read.findings.length > 0) throw new UsageError(read.findings.map((f) => printable(`${f.resource}: ${f.field}: ${f.message}`)).join('\n'));
      const { parseCommands, runDev } = load.dev();
      write(runDev(read.manifests.map((m) => m.manifest), { out: opts.out, force: opts.force, format: opts.format, commands: parseCommands(opts.command), notices: read.notices }));
    });

  program
    .command('graph')
    .description('Draw the system: apps, invocations, topics, components and the control plane.')
    .argument('<inputs...>', 'files or folders of manifests')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot', 'svg', 'json']).default('mermaid'))
    .action(async (inputs: string[], opts: { format: 'mermaid' | 'dot' | 'svg' | 'json' }) => {
      const result = await load.graph().runGraph(load.inputs().readInputs(inputs), opts.format);
      write(result.stdout);
      if (result.stderr) process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });

  registerInit(program, write);
  program
    .command('import')
    .description('Turn existing manifests into a typed daprkit program that synthesizes them unchanged (findings carried as explicit suppressions).')
    .argument('<inputs...>', 'files, folders (read recursively), - for stdin, or git:<ref>:<path>')
    .requiredOption('--out <dir>', 'folder for the program: main.ts and a file per chart (a file is replaced only when daprkit wrote it and it is unedited)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--custom-type <types>', 'accept these component types, e.g. pluggable ones (comma-separated, repeatable)', collect, [] as string[])
    .option('--force', 'replace program files in --out that were edited since daprkit wrote them, or that daprkit did not write', false)
    .action(async (inputs: string[], opts: { out: string; format: 'text' | 'json'; customType: string[]; force: boolean }) => {
      // Loaded on use: the importer evaluates programs against the constructs, which lint, diff and graph never need.
      const { importCommand } = await import('./import');
      const result = importCommand(inputs, { out: opts.out, format: opts.format, customTypes: opts.customType, force: opts.force });
      write(result.output);
      process.exitCode = result.exitCode;
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`daprkit: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * Ends the process quietly when the reader of its output goes away (`daprkit lint . | head -1`):
 * a closed pipe is not an error of daprkit's. Any other failure to write (a full disk) is exit 2.
 */
export function stopOnClosedOutput(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    if (stream !== process.stderr) process.stderr.write(`daprkit: cannot write the output (${e.code ?? e.message}).\n`);
    exit(2);
  });
}

if (require.main === module) {
  stopOnClosedOutput(process.stdout);
  stopOnClosedOutput(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`daprkit: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
