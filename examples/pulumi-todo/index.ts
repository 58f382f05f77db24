/**
 * `pulumi up` for the todo system: the same stack `cdk8s synth` writes to dist/, checked the same
 * way, with Dapr's control plane as a Helm release. In your own program import from 'daprkit/pulumi'
 * and 'daprkit'; this example imports the repository's sources so it type-checks with them.
 *
 *   cd examples/pulumi-todo
 *   pulumi stack init dev
 *   pulumi config set --secret redisPassword <password>
 *   pulumi config set --secret emailApiAuthorization "Bearer <token>"
 *   pulumi up
 */
import * as pulumi from '@pulumi/pulumi';
import { DaprSystem } from '../../pulumi';
import { todoDeployment } from '../../stacks/todo';

const config = new pulumi.Config();

const system = new DaprSystem('todo', {
  system: (scope) => todoDeployment(scope, { controlPlaneProps: { ha: { enabled: true } } }),
  // The Components refer to these by name (SecretValue.fromSecret); the values stay secret in Pulumi's state.
  secrets: [
    { name: 'redis', data: { 'redis-password': config.requireSecret('redisPassword') } },
    { name: 'email-api', data: { authorization: config.requireSecret('emailApiAuthorization') } },
  ],
});

export const appIds = system.appIds;
export const serviceNames = system.serviceNames;
