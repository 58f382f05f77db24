/**
 * daprkit's Pulumi engine (`import { DaprSystem } from 'daprkit/pulumi'`): the same construct tree
 * as the cdk8s engine, deployed with `pulumi up`. Kept behind its own entry point so cdk8s users
 * need no `@pulumi/*` package.
 */
export * from './dapr-system';
export * from './secrets';
export { resourceClassFor } from './resource-types';
