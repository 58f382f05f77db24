/**
 * Feature flags of Dapr 1.18's Configuration (`spec.features[].name`). daprd ignores any other
 * name, so a misspelled flag silently leaves the feature off.
 *
 * Source: the "Feature Flags" section of dapr/dapr `pkg/config/configuration.go` (ActorStateTTL,
 * HotReload, SchedulerReminders, WorkflowsClusteredDeployment), plus the workflow flags that
 * dapr/dapr's workflow code and integration tests around the 1.18 line switch on
 * (WorkflowHistorySigning, WorkflowsFastPath). A name accepted here that a given daprd lacks only
 * costs a missed warning; a real flag missing here would be a false one, so the list errs on the
 * accepting side.
 */
export const FEATURE_FLAGS: readonly string[] = [
  'ActorStateTTL',
  'HotReload',
  'SchedulerReminders',
  'WorkflowHistorySigning',
  'WorkflowsClusteredDeployment',
  'WorkflowsFastPath',
];

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
