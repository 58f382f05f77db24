/**
 * Feature flags of Dapr 1.18's Configuration (`spec.features[].name`), from the "Feature Flags"
 * section of dapr/dapr `pkg/config/configuration.go`. daprd ignores any other name, so a misspelled
 * flag silently leaves the feature off.
 */
export const FEATURE_FLAGS: readonly string[] = ['ActorStateTTL', 'HotReload', 'SchedulerReminders', 'WorkflowsClusteredDeployment'];

/**
 * Names that were preview flags in earlier Dapr releases and are now always on (or gone): setting
 * them in 1.18 has no effect.
 */
export const RETIRED_FEATURE_FLAGS: readonly string[] = [
  'Actor.Reentrancy',
  'Actor.TypeMetadata',
  'AppHealthCheck',
  'PubSub.Routing',
  'Resiliency',
  'ServiceInvocation.NoDefaultContentType',
  'ServiceInvocationStreaming',
  'proxy.grpc',
];
