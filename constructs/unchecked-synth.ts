/**
 * Makes an unchecked synthesis impossible to miss: daprkit constructs under a plain cdk8s `App`
 * (what `cdk8s init` generates) would otherwise synthesize without any of daprkit's checks.
 *
 * Each DaprApp adds a cdk8s validation that looks for the mark `DaprkitApp` puts on its root; when it
 * is missing, one process warning says so. The hook is O(1) (a property lookup), so although cdk8s
 * re-runs every validation once per chart, it adds no quadratic work of its own.
 */
import { IConstruct } from 'constructs';

const CHECKED = Symbol.for('daprkit.CheckedApp');
let warned = false;

/** Marks `root` as an app that runs daprkit's checks when it synthesizes. */
export function markChecked(root: IConstruct): void {
  Object.defineProperty(root, CHECKED, { value: true });
}

/** True when the tree of `scope` is synthesized by a DaprkitApp. */
export function isChecked(scope: IConstruct): boolean {
  return CHECKED in scope.node.root;
}

export const UNCHECKED_SYNTH_WARNING =
  "daprkit constructs are synthesized by a plain cdk8s App, so daprkit's checks do not run. " +
  "Use `new DaprkitApp()` from 'daprkit' in place of `new App()` (same props), or run `daprkit lint dist/`.";

/** Adds the once-per-process warning to `scope`'s validations. */
export function warnWhenUnchecked(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => {
      if (!warned && !isChecked(scope)) {
        warned = true;
        process.emitWarning(UNCHECKED_SYNTH_WARNING, { code: 'DAPRKIT_UNCHECKED_SYNTH' });
      }
      return [];
    },
  });
}
