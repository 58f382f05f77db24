/**
 * Writes the catalog's facts (`component-catalog-data.json` and its typed loader `component-catalog.ts`)
 * and the `ComponentType` constants (`component-types.ts`).
 */
import type { ComponentTypeFacts } from '../../dapr/component-facts';
import { constantCase, str } from './ts-source';

// The facts are JSON, not a TypeScript object literal: every `daprkit lint` start (and every
// synth) loads the whole catalog, and Node parses 250 KB of JSON in about a third of the time it
// takes to compile and run the same object literal (7 ms against 22 ms here). One component type
// per line keeps the diff of a regeneration readable: a changed type is a changed line. The data
// file must not be named like the module (component-catalog.json): an extensionless require of the
// module under ts-node would find the JSON before the .ts.

/** The data file: the generator's note first (JSON has no comments), then one type per line. */
export function emitCatalogJson(header: string, catalog: readonly ComponentTypeFacts[]): string {
  const lines = header.trimEnd().split('\n').map((l) => l.replace(/^\/\/ ?/, ''));
  const [generated, ...input] = lines;
  return (
    `{"//": ${JSON.stringify(generated)},\n` +
    input.map((l) => ` "//${l.split(':')[0].replace(/\s+/g, '-').toLowerCase()}": ${JSON.stringify(l)},\n`).join('') +
    ' "catalog": [\n' +
    catalog.map((t) => `  ${JSON.stringify(t)}`).join(',\n') +
    '\n ]\n}\n'
  );
}

/** The typed module the checks import: it reads component-catalog-data.json beside it. */
export function emitCatalog(header: string): string {
  return `${header}
import type { ComponentTypeFacts } from '../component-facts';

/**
 * Every component type of components-contrib and daprd, sorted by \`spec.type\`: facts only, no
 * descriptions. The facts themselves are in component-catalog-data.json beside this file (written by the
 * same generator), since Node parses JSON faster than it compiles the same object literal.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const COMPONENT_CATALOG: readonly ComponentTypeFacts[] = (require('./component-catalog-data.json') as { catalog: ComponentTypeFacts[] }).catalog;
`;
}

/** The constant name of a spec type: `state.redis` → `STATE_REDIS`. */
export function typeConstant(specType: string): string {
  return constantCase(specType);
}

export function emitComponentTypes(header: string, catalog: readonly ComponentTypeFacts[]): string {
  const seen = new Set<string>();
  const constants = catalog.map((t) => {
    const name = typeConstant(t.specType);
    if (seen.has(name)) throw new Error(`two spec types map to the constant ${name}`);
    seen.add(name);
    return (
      `  /** \`${t.specType}\` (default version ${t.defaultVersion}). */\n` +
      `  public static readonly ${name} = new ComponentType(${str(t.specType)}, ${str(t.defaultVersion)});\n`
    );
  });
  return `${header}
import { checkCustomType, ComponentTypeBase } from '../component-type';

/**
 * The type of a Dapr Component (\`spec.type\`): one constant per type in the catalog, or
 * \`ComponentType.custom(...)\` for a pluggable or in-house component.
 */
export class ComponentType extends ComponentTypeBase {
${constants.join('')}
  /**
   * A type outside the catalog (a pluggable or in-house component). The catalog checks skip
   * Components of such a type, since they know nothing about its metadata.
   * @param specType \`<building block>.<name>\`, e.g. \`state.mystore\`
   * @param defaultVersion the version Components get when they name none
   */
  public static custom(specType: string, defaultVersion: string = 'v1'): ComponentType {
    const known = Object.values(ComponentType).some((t) => t instanceof ComponentType && t.specType === specType);
    checkCustomType(specType, defaultVersion, known);
    return new ComponentType(specType, defaultVersion, true);
  }

  private constructor(specType: string, defaultVersion: string, isCustom: boolean = false) {
    super(specType, defaultVersion, isCustom);
  }
}
`;
}
