/**
 * The architecture's arrows point down only: dapr/ ← checks/ ← constructs/ ← cli/, pulumi/ ← stacks/,
 * examples/; import/ (manifests → TypeScript source) stands on checks/ and dapr/ only: it writes code
 * that uses the constructs, and never loads them.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

function sourcesUnder(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourcesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The repository folders (first path segment) a file imports from, resolved against its location. */
function importedFolders(file: string, text: string = fs.readFileSync(path.join(root, file), 'utf8')): string[] {
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.[^'"]*)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.relative(root, path.resolve(root, path.dirname(file), s)).split(path.sep)[0]!);
}

const allowed: Record<string, readonly string[]> = {
  dapr: ['dapr'],
  checks: ['checks', 'dapr'],
  constructs: ['constructs', 'checks', 'dapr'],
  import: ['import', 'checks', 'dapr'],
  pulumi: ['pulumi', 'constructs', 'checks', 'dapr', 'index'],
  cli: ['cli', 'import', 'constructs', 'checks', 'dapr', 'index', 'package.json'],
};

describe('layers', () => {
  for (const [layer, may] of Object.entries(allowed)) {
    test(`${layer}/ imports only from ${may.join(', ')}`, () => {
      const offending = sourcesUnder(layer).flatMap((f) => importedFolders(f).filter((d) => !may.includes(d)).map((d) => `${f} → ${d}/`));
      expect(offending).toEqual([]);
    });
  }

  test('the package entry point never loads the Pulumi engine, the CLI, stacks or examples', () => {
    expect(importedFolders('index.ts').filter((d) => ['pulumi', 'cli', 'stacks', 'examples'].includes(d))).toEqual([]);
  });

  test('the library and the checks never load the importer, nor the importer the constructs', () => {
    for (const layer of ['dapr', 'checks', 'constructs']) expect(allowed[layer]).not.toContain('import');
    expect(sourcesUnder('import').length).toBeGreaterThan(5);
    expect(importedFolders('import/example.ts', "import { DaprApp } from '../constructs/dapr-app';\n").filter((d) => !allowed.import!.includes(d))).toEqual(['constructs']);
  });

  test('the import scan sees a violation when there is one', () => {
    expect(importedFolders('checks/index.ts')).toContain('checks');
    expect(importedFolders('constructs/dapr-resource.ts')).toContain('dapr');
    // An upward import in checks/, in each syntax the scan reads, resolves to the folder it reaches into.
    const upward = "import { DaprApp } from '../constructs/dapr-app';\nconst cli = require('../cli/main');\nconst p = import('../pulumi');\n";
    expect(importedFolders('checks/example.ts', upward).filter((d) => !allowed.checks!.includes(d))).toEqual(['constructs', 'cli', 'pulumi']);
  });
});
