/**
 * The CLI's sources transpiled once to plain JavaScript for the tests that spawn it: starting the
 * entry point through ts-node costs about 2 s per process (TypeScript itself loads and every
 * module is transpiled again), which made the CLI suites most of `npm test`. The output sits
 * under node_modules/.cache, named by a hash of the sources, so it is never stale and packages
 * resolve from the repository's node_modules as they do for the sources.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** What the CLI imports: its folder and the library layers below it. */
const SOURCE_DIRS = ['cli', 'checks', 'dapr', 'constructs'];

function sources(): string[] {
  const files = ['index.ts'];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(rel);
    }
  };
  SOURCE_DIRS.forEach(walk);
  return files.sort();
}

let entry: string | undefined;

/** Path of the transpiled `cli/main.js`, building it when the sources changed. */
export function compiledCliEntry(): string {
  if (entry) return entry;
  const files = sources();
  const texts = files.map((f) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8'));
  const hash = createHash('sha256');
  files.forEach((f, i) => hash.update(f).update('\0').update(texts[i]).update('\0'));
  hash.update(ts.version);
  const outDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'daprkit-cli', hash.digest('hex').slice(0, 16));
  entry = path.join(outDir, 'cli', 'main.js');
  if (fs.existsSync(entry)) return entry;
  // Build beside the final folder and rename, so parallel test workers never see half a build.
  const staging = `${outDir}.${process.pid}.tmp`;
  files.forEach((f, i) => {
    const { outputText } = ts.transpileModule(texts[i], {
      fileName: f,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    });
    const out = path.join(staging, f.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  });
  // The CLI reads its version from the package.json above its folder.
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(staging, 'package.json'));
  try {
    fs.renameSync(staging, outDir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another worker finished first
  }
  return entry;
}
