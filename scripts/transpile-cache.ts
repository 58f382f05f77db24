/**
 * Transpiles the repository's TypeScript to plain JavaScript under node_modules/.cache, in a folder
 * named by a hash of the sources (so it is never stale), for processes that should not carry the
 * TypeScript compiler: ts-node adds it to every process's heap and ~2 s to every start. Used by
 * the tests that spawn the CLI and by `npm run bench`. Packages resolve from the repository's
 * node_modules, as they do for the sources.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const REPO_ROOT = path.resolve(__dirname, '..');

function sourcesOf(dirs: readonly string[]): string[] {
  const files = ['index.ts'];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.json')) files.push(rel);
    }
  };
  dirs.forEach(walk);
  return files.sort();
}

/**
 * Transpiles `index.ts` and the given folders (their JSON data copied beside); returns the output folder (its layout mirrors the
 * repository's). Source maps are inline unless `sourceMaps: false` (a leaner build for measuring a
 * cold start as users see it: the published build keeps its maps in separate files).
 */
export function transpiledRepository(dirs: readonly string[], options: { sourceMaps?: boolean } = {}): string {
  const sourceMaps = options.sourceMaps ?? true;
  const files = sourcesOf(dirs);
  const texts = files.map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8'));
  const hash = createHash('sha256');
  files.forEach((f, i) => hash.update(f).update('\0').update(texts[i]).update('\0'));
  hash.update(ts.version).update(sourceMaps ? 'maps' : 'no-maps');
  const outDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'daprkit-js', hash.digest('hex').slice(0, 16));
  if (fs.existsSync(path.join(outDir, 'package.json'))) return outDir;
  // Build beside the final folder and rename, so parallel processes never see half a build.
  const staging = `${outDir}.${process.pid}.tmp`;
  files.forEach((f, i) => {
    if (f.endsWith('.json')) {
      // Data the modules require (the component catalog): copied as it is.
      fs.mkdirSync(path.dirname(path.join(staging, f)), { recursive: true });
      fs.writeFileSync(path.join(staging, f), texts[i]);
      return;
    }
    const { outputText } = ts.transpileModule(texts[i], {
      fileName: f,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: sourceMaps },
    });
    const out = path.join(staging, f.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  });
  // Written last: its presence marks a complete build (the CLI also reads its version from it).
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(staging, 'package.json'));
  try {
    fs.renameSync(staging, outDir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another process finished first
  }
  pruneOldBuilds(path.dirname(outDir), outDir);
  return outDir;
}

/** Builds of earlier source states an hour old or more are removed, so the cache does not grow with every edit. */
function pruneOldBuilds(cacheDir: string, current: string): void {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (dir === current) continue;
    try {
      if (fs.statSync(dir).mtimeMs < hourAgo) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}
