/**
 * The README's TypeScript blocks compile: every ```ts block (a fragment is marked ```ts fragment)
 * is type-checked as its own module against daprkit's sources, with `daprkit` and `daprkit/pulumi`
 * resolved to this repository, under the strict flags a consumer may use.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

interface Block {
  readonly line: number;
  readonly info: string;
  readonly code: string;
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)?$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, info: (open[1] ?? '').trim(), code: body.join('\n') + '\n' });
  }
  return blocks;
}

const tsBlocks = codeBlocks(readme).filter((b) => b.info === 'ts' || b.info === 'typescript');

/** Type-checks the blocks as virtual files inside the repository (so node_modules resolve). */
function diagnosticsOf(blocks: readonly Block[]): string[] {
  const dir = path.join(root, 'test', '__readme__');
  const files = new Map(blocks.map((b) => [path.join(dir, `readme-line-${b.line}.ts`), b.code]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: root,
    paths: { daprkit: ['index.ts'], 'daprkit/pulumi': ['pulumi/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = files.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.has(d.file.fileName))
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('README', () => {
  test('has TypeScript blocks that claim to compile, among them the first stack', () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(2);
    // The "Use it in your project" stack is the very program the consumer smoke test compiles from the tarball.
    const firstStack = fs.readFileSync(path.join(root, 'test', 'consumer', 'ts-app', 'main.ts'), 'utf8');
    expect(tsBlocks.map((b) => b.code)).toContain(firstStack);
  });

  // One program for every block plus a deliberately broken one (a program costs seconds): the
  // broken block proves the check catches a type error, the others must have none.
  const broken: Block = { line: 0, info: 'ts', code: "import { DaprApp } from 'daprkit';\nconst n: number = DaprApp;\nexport { n };\n" };
  let diagnostics: string[] | undefined;
  const allDiagnostics = () => (diagnostics ??= diagnosticsOf([...tsBlocks, broken]));

  test('every ```ts block compiles against daprkit (fragments are marked ```ts fragment)', () => {
    expect(allDiagnostics().filter((d) => !d.startsWith('readme-line-0.ts:'))).toEqual([]);
  });

  test('the compile check fails on a block with a type error', () => {
    expect(allDiagnostics().join('\n')).toMatch(/readme-line-0\.ts: Type 'typeof DaprApp' is not assignable to type 'number'/);
  });

  test('the two set-up commands near the top stay true to package.json', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
    // After "Get started" (a newcomer's commands), among the first blocks.
    const setup = codeBlocks(readme).slice(0, 3).find((b) => b.code.includes('npm ci && npm run synth'))!;
    expect(setup.info).toBe('sh');
    expect(setup.code).toMatch(/^npm ci && npm run synth\b/m);
    expect(setup.code).toMatch(/^npm test\b/m);
    expect(scripts.synth).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});
