/**
 * The project-level files of a new project: package.json with exact versions, tsconfig.json,
 * cdk8s.yaml, .gitignore and a README. Everything derived from user input is either the project
 * name (a slug of [a-z0-9-]) or the daprkit dependency spec, which only ever goes through
 * JSON.stringify.
 */
import { NODE_ENGINES, ProjectVersions } from './versions';
import { SystemTemplate, TemplateName } from './template-systems';

export type EngineName = 'cdk8s' | 'pulumi';

export interface ProjectSettings {
  readonly name: string;
  readonly template: TemplateName;
  readonly engine: EngineName;
  readonly versions: ProjectVersions;
}

export function packageJson(s: ProjectSettings): string {
  const v = s.versions;
  const pulumi = s.engine === 'pulumi';
  const pkg = {
    name: s.name,
    version: '0.1.0',
    private: true,
    description: pulumi ? 'A Dapr system on Kubernetes, described with daprkit and deployed with Pulumi' : 'A Dapr system on Kubernetes, described with daprkit and synthesized with cdk8s',
    ...(pulumi ? { main: 'index.ts' } : {}),
    engines: { node: NODE_ENGINES },
    scripts: {
      synth: 'cdk8s synth --no-check-upgrade',
      test: 'tsc --noEmit && vitest run',
      'test:update': 'vitest run --update',
      typecheck: 'tsc --noEmit',
      lint: 'daprkit lint dist',
      diff: 'daprkit diff git:HEAD:dist dist',
      ...(pulumi ? { preview: 'pulumi preview', up: 'pulumi up' } : {}),
    },
    dependencies: {
      ...(pulumi ? { '@pulumi/kubernetes': v.pulumiKubernetes, '@pulumi/pulumi': v.pulumi } : {}),
      cdk8s: v.cdk8s,
      'cdk8s-plus-28': v.cdk8sPlus28,
      constructs: v.constructs,
      daprkit: v.daprkit,
    },
    devDependencies: {
      '@types/node': v.typesNode,
      'cdk8s-cli': v.cdk8sCli,
      tsx: v.tsx,
      typescript: v.typescript,
      vitest: v.vitest,
    },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

/**
 * cdk8s engine: `module: preserve` (bundler resolution), the setting for code that a runner (tsx,
 * vitest) loads rather than tsc emits; TypeScript 5.9 and 7 both accept it, and it resolves
 * `daprkit` through its `exports`. Pulumi engine: Pulumi runs index.ts through ts-node with the
 * project's TypeScript (below 7) and CommonJS, the setting of Pulumi's own templates.
 */
export function tsconfigJson(s: ProjectSettings): string {
  const module = s.engine === 'pulumi' ? { module: 'commonjs', moduleResolution: 'node' } : { module: 'preserve', moduleResolution: 'bundler', moduleDetection: 'force' };
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      ...module,
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      isolatedModules: true,
      forceConsistentCasingInFileNames: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['**/*.ts'],
    exclude: ['node_modules', 'dist'],
  };
  return JSON.stringify(config, null, 2) + '\n';
}

export const CDK8S_YAML = `language: typescript
app: npx tsx main.ts
`;

export const GITIGNORE = `node_modules/
*.tsbuildinfo
coverage/
.env
.env.*
daprkit.sarif
# dist/ is committed on purpose: GitOps tools apply it, reviewers see what a change does to the
# manifests, and CI checks that it is what the program writes.
`;

export function readme(s: ProjectSettings, template: SystemTemplate): string {
  const pulumi = s.engine === 'pulumi';
  const dist = template.distFiles.map((f) => `\`dist/${f}\``).join(' and ');
  const lines = [
    `# ${s.name}`,
    '',
    `A Dapr system on Kubernetes described with [daprkit](https://www.npmjs.com/package/daprkit): ${template.summary}.`,
    '',
    '```sh',
    'npm install',
    'npm test            # type-check, then the tests (the first run writes __snapshots__/: commit it)',
    `npm run synth       # writes ${template.distFiles.map((f) => `dist/${f}`).join(', ')}`,
    'npm run lint        # daprkit lint dist: the checks synth runs, plus schema validation',
    'npm run diff        # what the working tree changes in dist/ since the last commit',
    ...(pulumi ? [...template.secrets.map((x) => `pulumi config set --secret ${x.configKey} <value>`), 'npm run up          # pulumi up: deploys the same system with Pulumi'] : []),
    '```',
    '',
    '| file | what |',
    '|---|---|',
    '| `system.ts` | the system: apps, components, who may call whom |',
    `| \`main.ts\` | what \`cdk8s synth\` runs (\`cdk8s.yaml\`): writes ${dist}, or prints one report of every mistake and writes nothing |`,
    ...(pulumi ? ['| `index.ts`, `Pulumi.yaml` | the Pulumi program: the same system through `DaprSystem` from `daprkit/pulumi` |', '| `index.test.ts` | the Pulumi program under `pulumi.runtime.setMocks` |'] : []),
    '| `system.test.ts` | the system synthesized in memory: app-ids, scopes, access control, and a snapshot (`__snapshots__/system.k8s.yaml`) |',
    '| `dist/` | the manifests, committed (GitOps applies them; CI checks they are up to date) |',
    '| `.github/workflows/daprkit.yml` | CI: test, synth, lint to code scanning, and on pull requests the manifest diff in the job summary |',
    '',
    'After changing the system on purpose, `npm run test:update` rewrites the snapshot; review and commit it',
    'with `dist/`. Under `CI=true` missing snapshots fail instead of being written.',
    '',
    "npm 11 may report esbuild's install script as not covered by `allowScripts`: `tsx` and `vitest` run",
    'without it (esbuild comes as a prebuilt package for your platform).',
    '',
    'TypeScript runs through `tsx` and the tests through `vitest`; neither needs the TypeScript compiler',
    "API, so `typescript` can move to a newer major (the type-check is `tsc --noEmit`)."
      + (pulumi ? ' Except here: `@pulumi/pulumi` runs `index.ts` with the TypeScript it finds and accepts only TypeScript below 7, so keep `typescript` at 5.x in this project.' : ''),
    '',
  ];
  return lines.join('\n');
}
