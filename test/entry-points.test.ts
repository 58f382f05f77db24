import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

/** Every repository source file reachable from `entry` through relative imports, and the packages they import. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|require\()\s*'([^']+)'/g)) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (target) visit(target);
    }
  };
  visit(path.join(root, entry));
  return { files, packages };
}

describe('entry points', () => {
  test('the root entry never reaches the Pulumi engine or @pulumi/*, so cdk8s users need no Pulumi', () => {
    const { files, packages } = importGraph('index.ts');
    expect([...files].filter((f) => f.includes(`${path.sep}pulumi${path.sep}`))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@pulumi/'))).toEqual([]);
  });

  test('daprkit/pulumi does reach @pulumi/* (the check above can fail)', () => {
    expect([...importGraph('pulumi/index.ts').packages].filter((p) => p.startsWith('@pulumi/')).sort()).toEqual(['@pulumi/kubernetes', '@pulumi/pulumi']);
  });
});
