/** Writes the facts module (`component-catalog.ts`) and the `ComponentType` constants (`component-types.ts`). */
import type { ComponentTypeFacts } from '../../constructs/component-facts';
import { constantCase, literal, str } from './ts-source';

export function emitCatalog(header: string, catalog: readonly ComponentTypeFacts[]): string {
  const types = catalog.map((t) => `  ${literal(t, 2)},\n`).join('');
  return (
    `${header}\n` +
    "import type { ComponentTypeFacts } from '../component-facts';\n\n" +
    '/** Every component type of components-contrib, sorted by `spec.type`: facts only, no descriptions. */\n' +
    `export const COMPONENT_CATALOG: readonly ComponentTypeFacts[] = [\n${types}];\n`
  );
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
