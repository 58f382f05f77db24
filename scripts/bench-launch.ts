/**
 * `npm run bench`: runs scripts/bench.ts as plain JavaScript (transpiled once into
 * node_modules/.cache), so the TypeScript compiler that ts-node keeps in memory does not sit in the
 * measured heap; a compiled app a user synthesizes does not carry it either. Arguments pass through.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { transpiledRepository } from './transpile-cache';

const out = transpiledRepository(['dapr', 'checks', 'constructs', 'import', 'cli', 'scripts']);
// The cli section starts the command line as users run it: compiled, without inline source maps.
const cli = transpiledRepository(['dapr', 'checks', 'constructs', 'import', 'cli'], { sourceMaps: false });
const result = spawnSync(process.execPath, [path.join(out, 'scripts', 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, DAPRKIT_BENCH_CLI: path.join(cli, 'cli', 'main.js') } });
process.exitCode = result.status ?? 1;
