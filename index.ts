/** daprkit's public API: everything users import comes from here. */
export * from './constructs/app';
export * from './constructs/dapr-app';
export * from './constructs/sidecar';
export * from './constructs/refs';
export * from './constructs/duration';
export * from './constructs/quantity';
export * from './checks';
export * from './checks/daprkit-annotations';
export * from './stacks/todo';
