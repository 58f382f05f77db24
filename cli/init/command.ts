/**
 * The `daprkit init` command's flags, registered at start; the templates and the writer load only
 * when it runs (a linter started on every save should not pay for them).
 */
import { Command, Option } from 'commander';
import type { EngineName } from './template-project';
import type { TemplateName } from './template-systems';

export function registerInit(program: Command, write: (text: string) => void): void {
  program
    .command('init')
    .description('Start a project: a Dapr system in TypeScript with tests, cdk8s synth (or Pulumi) and a CI workflow; then npm install.')
    .argument('[dir]', 'the project folder (created when missing; must be empty unless --force)', '.')
    .addOption(new Option('--template <name>', 'the system to start from').choices(['minimal', 'todo']).default('minimal'))
    .addOption(new Option('--engine <engine>', 'cdk8s only, or cdk8s and Pulumi').choices(['cdk8s', 'pulumi']).default('cdk8s'))
    .option('--daprkit <spec>', 'the daprkit dependency: an exact version, a tarball, a built daprkit folder or a git URL (default: this daprkit)')
    .option('--force', 'add the files to a non-empty folder; existing files are kept, never overwritten', false)
    .option('--no-install', 'write the files only; do not run npm install')
    .action((dir: string, opts: { template: TemplateName; engine: EngineName; daprkit?: string; force: boolean; install: boolean }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { formatInitResult, formatNextSteps, initProject, npmInstall } = require('./index') as typeof import('./index');
      const result = initProject({ dir, template: opts.template, engine: opts.engine, daprkit: opts.daprkit, force: opts.force });
      write(formatInitResult(result));
      // Only into a project whose package.json init wrote: never install a kept one behind the user's back.
      const install = opts.install && result.written.includes('package.json');
      if (install) npmInstall(result.dir);
      else if (opts.install) write('note: package.json was kept, so npm install was not run.\n');
      write(formatNextSteps(result, install));
    });
}
