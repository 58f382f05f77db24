/**
 * The behaviour behind `ComponentType`. The class itself, with one constant per catalogued type,
 * is generated (`generated/component-types.ts`); the logic lives here so it is written by hand.
 */

/** `<building block>.<name>`: lower-case letters, digits, '.', '-' and '_' after the block. */
const SPEC_TYPE = /^[a-z]+\.[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^v\d+(alpha\d+|beta\d+)?$/;

export abstract class ComponentTypeBase {
  protected constructor(
    /** The Component's `spec.type`, e.g. `state.redis`. */
    public readonly specType: string,
    /** The `spec.version` a Component of this type gets when it names none. */
    public readonly defaultVersion: string,
    /** True for types made with `ComponentType.custom`, which the catalog checks skip. */
    public readonly isCustom: boolean,
  ) {}

  /** The building block: the part of `spec.type` before the first dot (`state`, `pubsub`, …). */
  public get buildingBlock(): string {
    return this.specType.slice(0, this.specType.indexOf('.'));
  }

  public toString(): string {
    return this.specType;
  }
}

/** Validates the arguments of `ComponentType.custom`; throws with the fix. */
export function checkCustomType(specType: string, defaultVersion: string, catalogued: boolean): void {
  if (catalogued) {
    const constant = specType.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    throw new Error(
      `ComponentType.custom: "${specType}" is in the catalog; a custom type would skip its checks. Fix: use ComponentType.${constant}.`,
    );
  }
  if (!SPEC_TYPE.test(specType)) {
    throw new Error(
      `ComponentType.custom: received ${JSON.stringify(specType)}, expected "<building block>.<name>" such as "state.mystore". ` +
        'Fix: prefix the name with its building block (state, pubsub, bindings, secretstores, …).',
    );
  }
  if (!VERSION.test(defaultVersion)) {
    throw new Error(
      `ComponentType.custom: version ${JSON.stringify(defaultVersion)} is not a component version. Fix: use a version such as "v1".`,
    );
  }
}
