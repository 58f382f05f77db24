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
  /** Set by the generator's sensitivity corrections, never upstream. */
  readonly secretIfCredentials?: boolean;
  /** Set by the generator's sensitivity corrections, never upstream. */
  readonly mayBeSecret?: boolean;
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

/**
 * The runtime's side of the facts (`components-runtime.json`): what the component code of one type
 * and version decodes or reads from its metadata, extracted from components-contrib and daprd.
 */
export interface RawRuntimeComponent {
  readonly type: string;
  readonly version: string;
  readonly componentSpecType: string;
  readonly inComponentsMetadata: boolean;
  readonly decodedFields?: readonly string[];
  readonly readKeys?: readonly string[];
  /** Keys the code reads only with exact-case lookups. */
  readonly caseSensitiveKeys?: readonly string[];
  /** alias → canonical key. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Declared aliases the decoder does not apply (no effect). */
  readonly aliasesNotHonored?: Readonly<Record<string, string>>;
  /** Older keys the code reads to derive or rename others: key → what it does (prose, not copied). */
  readonly legacy?: Readonly<Record<string, string>>;
  readonly dynamicKeys?: ReadonlyArray<{ readonly pattern: string }>;
  /** Set when the component takes keys of any name (prose). */
  readonly acceptsArbitraryKeys?: string;
  /** Fields of a shared struct used only by other building blocks (decoded, without effect here). */
  readonly mdonlyOtherTypes?: Readonly<Record<string, string>>;
  /** metadata.yaml fields the code never reads as component metadata. */
  readonly metadataYamlNotRead?: readonly string[];
}

export interface RawRegisteredType {
  readonly componentSpecType: string;
  readonly version: string;
  readonly inComponentsMetadata: boolean;
  readonly nameAliasOf?: string;
}

export interface RawRuntimeReference {
  readonly components: readonly RawRuntimeComponent[];
  readonly registeredTypes: readonly RawRegisteredType[];
}

export const RUNTIME_FILE = 'components-runtime.json';

export function readRuntimeReference(dir: string): { runtime: RawRuntimeReference; text: string } {
  const file = path.join(dir, RUNTIME_FILE);
  const text = fs.readFileSync(file, 'utf8');
  const parsed = JSON.parse(text) as Partial<RawRuntimeReference> | null;
  if (!parsed || !Array.isArray(parsed.components) || !Array.isArray(parsed.registeredTypes)) {
    throw new Error(`${file}: expected an object with components and registeredTypes arrays.`);
  }
  return { runtime: { components: parsed.components, registeredTypes: parsed.registeredTypes }, text };
}
