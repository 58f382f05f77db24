/** The facts of Dapr 1.18 daprkit stands on: the annotation table, the component catalog, defaults. */
export * from './annotations';
export * from './component-facts';
export * from './defaults';
export { COMPONENT_CATALOG } from './generated/component-catalog';
export * from './control-plane';
