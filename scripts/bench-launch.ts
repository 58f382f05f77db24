/**
 * `npm run bench`: runs scripts/bench.ts as plain JavaScript (transpiled once into
 * node_modules/.cache), so the TypeScript compiler that ts-node keeps in memory does not sit in the
 * measured heap; a compiled app a user synthesizes does not carry it either. Arguments pass through.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { transpiledRepository } from './transpile-cache';

const out = transpiledRepository(['dapr', 'checks', 'constructs', 'import', 'cli', 'scripts']);
const result = spawnSync(process.execPath, [path.join(out, 'scripts', 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
