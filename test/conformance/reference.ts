/**
 * Where Dapr's reference data lives: `../shared/reference/dapr` beside the checkout (CI has it
 * there), or DAPR_REFERENCE_DIR. Only the conformance suite reads it; `npm test` never does.
 */
import * as fs from 'fs';
import * as path from 'path';

export function referenceDir(): string {
  const dir = process.env.DAPR_REFERENCE_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'dapr');
  if (!fs.existsSync(dir)) {
    throw new Error(`Dapr reference data not found at ${dir}: the conformance suite needs ../shared beside the checkout (or set DAPR_REFERENCE_DIR).`);
  }
  return dir;
}

export function readReferenceJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(referenceDir(), file), 'utf8')) as T;
}
