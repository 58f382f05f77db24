/**
 * The input of the catalog generator: `components-metadata.json` from the shared Dapr reference
 * data, typed as far as the generator reads it (descriptions and examples are ignored on purpose).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface RawField {
  readonly name: string;
  readonly required?: boolean;
  readonly sensitive?: boolean;
  readonly type?: string;
  readonly default?: string;
  readonly allowedValues?: readonly string[];
  readonly deprecated?: boolean;
}

export interface RawAuthProfile {
  readonly title: string;
  readonly source: string;
  readonly metadata: readonly RawField[];
}

export interface RawRuntimeVersions {
  readonly preferred?: string;
  readonly others?: readonly string[];
  readonly deprecated?: readonly string[];
  readonly default?: string;
}

export interface RawComponent {
  readonly type: string;
  readonly componentSpecType: string;
  readonly buildingBlock: string;
  readonly name: string;
  readonly version: string;
  readonly status: string;
  readonly capabilities?: readonly string[];
  readonly binding?: { readonly input?: boolean; readonly output?: boolean };
  readonly authenticationProfiles?: readonly RawAuthProfile[];
  readonly metadata?: readonly RawField[];
  readonly builtinMetadata?: readonly RawField[];
  readonly runtime?: {
    readonly names?: readonly string[];
    readonly disabled?: boolean;
    readonly versions?: RawRuntimeVersions;
  };
}

export const REFERENCE_FILE = 'components-metadata.json';

/** `$DAPR_REFERENCE_DIR`, else `shared/reference/dapr` next to the repository (`<repo>/../shared/...`). */
export function referenceDir(): string {
  return process.env.DAPR_REFERENCE_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'dapr');
}

export function readReference(dir: string): { components: RawComponent[]; text: string } {
  const file = path.join(dir, REFERENCE_FILE);
  const text = fs.readFileSync(file, 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected an array of component definitions.`);
  return { components: parsed as RawComponent[], text };
}
