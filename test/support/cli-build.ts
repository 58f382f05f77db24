/**
 * The CLI transpiled once to plain JavaScript for the tests that spawn it: starting the entry point
 * through ts-node costs about 2 s per process, which made the CLI suites most of `npm test`.
 */
import * as path from 'path';
import { transpiledRepository } from '../../scripts/transpile-cache';

let entry: string | undefined;

/** Path of the transpiled `cli/main.js` (what the CLI imports: its folder and the layers below it). */
export function compiledCliEntry(): string {
  entry ??= path.join(transpiledRepository(['cli', 'import', 'checks', 'dapr', 'constructs']), 'cli', 'main.js');
  return entry;
}
