#!/usr/bin/env node
/**
 * The `daprkit` command line: lint, diff, dev, graph and import over Kubernetes manifests.
 * Exit codes: 0 success; 1 findings (lint: an error, or a warning with --strict) or, with
 * --exit-code, a difference (diff); 2 a usage problem (bad flag, missing file, git failure).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config';
import { UsageError } from './usage-error';

// Each command loads its modules when it runs, not at start: a linter is called on every save, and
// `diff` or `--help` should not pay for the checks, the schemas or the SVG renderer.
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  catalog: () => require('../checks/catalog-of-checks') as typeof import('../checks/catalog-of-checks'),
  config: () => require('./config') as typeof import('./config'),
  dev: () => require('./dev') as typeof import('./dev'),
  diff: () => require('./diff') as typeof import('./diff'),
  graph: () => require('./graph') as typeof import('./graph'),
  inputs: () => require('./inputs') as typeof import('./inputs'),
  lint: () => require('./lint') as typeof import('./lint'),
  style: () => require('./style') as typeof import('./style'),
  yaml: () => require('yaml') as typeof import('yaml'),
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
    .description('Check Dapr and Kubernetes manifests (YAML or JSON files, folders, - for stdin) with the checks synth runs plus schema validation.')
    .argument('[inputs...]', 'files, folders (read recursively) or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--strict', 'exit 1 on warnings too', false)
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
    .argument('<before>', 'a file, a folder, or git:<ref>:<path>')
    .argument('<after>', 'a file, a folder, or git:<ref>:<path>')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--exit-code', 'exit 1 when anything changed', false)
    .action((before: string, after: string, opts: { format: string; exitCode: boolean }) => {
      const { readInputs } = load.inputs();
      const { diffManifests, formatDiffMarkdown, formatDiffText } = load.diff();
      const sides = [readInputs([before]), readInputs([after])];
      const problems = sides.flatMap((s) => s.findings);
      if (problems.length > 0) throw new UsageError(problems.map((f) => `${f.resource}: ${f.field}: ${f.message}`).join('\n'));
      const d = diffManifests(sides[0].manifests.map((m) => m.manifest), sides[1].manifests.map((m) => m.manifest));
      write(opts.format === 'json' ? JSON.stringify(d, null, 2) + '\n' : opts.format === 'markdown' ? formatDiffMarkdown(d) : formatDiffText(d));
      if (opts.exitCode && d.changes.length > 0) process.exitCode = 1;
    });

  program
    .command('dev')
    .description('Write a dapr.yaml multi-app run file and a local resources folder for `dapr run -f`.')
    .argument('<inputs...>', 'files or folders of manifests')
    .requiredOption('--out <dir>', 'output folder')
    .option('--command <app=command>', 'the command that starts an app (repeatable), e.g. --command todo-api="npm start"', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'))
    .action((inputs: string[], opts: { out: string; command: string[]; format: string }) => {
      const read = load.inputs().readInputs(inputs);
      if (read.findings.length > 0) throw new UsageError(read.findings.map((f) => `${f.resource}: ${f.field}: ${f.message}`).join('\n'));
      const { devFiles } = load.dev();
      const { stringify } = load.yaml();
      const commands: Record<string, string> = {};
      for (const c of opts.command) {
        const at = c.indexOf('=');
        if (at <= 0) throw new UsageError(`--command ${c}: write it as <app-id>=<command>.`);
        commands[c.slice(0, at)] = c.slice(at + 1);
      }
      const { files, notes } = devFiles(read.manifests.map((m) => m.manifest), { commands });
      for (const [rel, content] of files) {
        const target = path.join(opts.out, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // Never overwrite a secrets file: it may hold the real values the user put there.
        if (rel === 'secrets.json' && fs.existsSync(target)) continue;
        fs.writeFileSync(target, typeof content === 'string' ? content : stringify(content));
      }
      const written = [...files.keys()].sort();
      write(opts.format === 'json' ? JSON.stringify({ out: opts.out, files: written, notes }, null, 2) + '\n' : [...written.map((f) => `wrote ${path.join(opts.out, f)}`), ...notes.map((n) => `note: ${n}`), `run: cd ${opts.out} && dapr run -f dapr.yaml`].join('\n') + '\n');
    });

  program
    .command('graph')
    .description('Draw the system: apps, invocations, topics, components and the control plane.')
    .argument('<inputs...>', 'files or folders of manifests')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot', 'svg', 'json']).default('mermaid'))
    .action(async (inputs: string[], opts: { format: string }) => {
      const read = load.inputs().readInputs(inputs);
      const { buildGraph, toDot, toMermaid, toSvg } = load.graph();
      const graph = buildGraph(read.manifests.map((m) => m.manifest));
      if (opts.format === 'svg') write(await toSvg(graph));
      else write(opts.format === 'dot' ? toDot(graph) : opts.format === 'json' ? JSON.stringify(graph, null, 2) + '\n' : toMermaid(graph));
    });

  program
    .command('import')
    .description('Turn existing manifests into a typed daprkit program that synthesizes them unchanged (findings carried as explicit suppressions).')
    .argument('<inputs...>', 'files, folders (read recursively), - for stdin, or git:<ref>:<path>')
    .requiredOption('--out <dir>', 'folder for the program: main.ts and a file per chart (existing files are never replaced)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--custom-type <types>', 'accept these component types, e.g. pluggable ones (comma-separated, repeatable)', collect, [] as string[])
    .action(async (inputs: string[], opts: { out: string; format: 'text' | 'json'; customType: string[] }) => {
      // Loaded on use: the importer evaluates programs against the constructs, which lint, diff and graph never need.
      const { importCommand } = await import('./import');
      const result = importCommand(inputs, { out: opts.out, format: opts.format, customTypes: opts.customType });
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

if (require.main === module) {
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
