/**
 * Feature flags of Dapr 1.18's Configuration (`spec.features[].name`). daprd ignores any other
 * name, so a misspelled flag silently leaves the feature off.
 *
 * Source: the "Feature Flags" section of dapr/dapr v1.18.3 `pkg/config/configuration.go`
 * (ActorStateTTL, HotReload, WorkflowsClusteredDeployment, WorkflowsRemoteActivityReminder — on by
 * default — and WorkflowHistorySigning), plus WorkflowsFastPath, a preview flag of the 1.19 line
 * (dapr/dapr master) that daprd 1.18 ignores. A name accepted here that a given daprd lacks only
 * costs a missed warning; a real flag missing here would be a false one, so the list errs on the
 * accepting side.
 */
export const FEATURE_FLAGS: readonly string[] = [
  'ActorStateTTL',
  'HotReload',
  'WorkflowHistorySigning',
  'WorkflowsClusteredDeployment',
  'WorkflowsFastPath',
  'WorkflowsRemoteActivityReminder',
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
  // Reminders always go through the scheduler since 1.17; the flag is gone from pkg/config.
  'SchedulerReminders',
  'ServiceInvocation.NoDefaultContentType',
  'ServiceInvocationStreaming',
  'proxy.grpc',
];
