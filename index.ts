/** daprkit's public API: everything users import comes from here. */
export * from './constructs/app';
export * from './constructs/dapr-workload';
export * from './constructs/dapr-app';
export * from './constructs/dapr-job';
export * from './constructs/workload-health';
export * from './constructs/workload-identity';
export * from './constructs/sidecar';
export * from './constructs/refs';
export * from './constructs/component';
export * from './constructs/secret-value';
export * from './constructs/typed-component';
export * from './constructs/generated';
export * from './constructs/subscription';
export * from './constructs/http-endpoint';
export * from './constructs/configuration';
export * from './constructs/configuration-sections';
export * from './constructs/resiliency';
export * from './constructs/resiliency-policies';
export * from './constructs/access-control';
export * from './constructs/access-control-policy';
export * from './constructs/duration';
export * from './constructs/quantity';
export * from './constructs/control-plane';
export * from './constructs/workflow-access-policy';
export * from './constructs/mcp-server';
export { compiledWorkflowPolicy, recordWorkflowSchedule } from './constructs/workflows';
export type { SchedulesWorkflowsOptions, WorkflowSchedule } from './constructs/workflows';
export { declaredHosting, hostActors, hostWorkflows } from './constructs/actors';
export type { DeclaredHosting, HostsActorsOptions, HostsWorkflowsOptions, IHostingApp, PodAnnotator } from './constructs/actors';
export type { WorkflowOptions, WorkflowStateRetention } from './constructs/configuration-workflow';
export { PodAntiAffinityPolicy } from './constructs/control-plane-values';
export type { ControlPlaneMtlsValues, ControlPlaneServices, ControlPlaneValues, HaValues, HelmValues, PrometheusValues, ReplicatedServiceValues, SchedulerServiceValues, ServiceValues, Toleration } from './constructs/control-plane-values';
export type { ArgoCdOptions, FluxOptions } from './constructs/control-plane-gitops';
export * from './checks';
export { annotationChecks } from './checks/annotations';
export { objectChecks } from './checks/objects';
export { componentChecks } from './checks/components';
export { subscriptionChecks } from './checks/subscriptions';
export { configurationChecks } from './checks/configuration';
export { resiliencyChecks } from './checks/resiliency';
export { accessControlChecks } from './checks/access-control';
export { controlPlaneChecks } from './checks/control-plane';
export { actorChecks } from './checks/actors';
export { workflowChecks } from './checks/workflows';
export { mcpChecks } from './checks/mcp';
export * from './checks/daprkit-annotations';
export { DAPR_VERSION, DEFAULT_CONTROL_PLANE_NAMESPACE } from './dapr/defaults';
export { DAPR_CHART, DAPR_CHART_TOP_LEVEL_KEYS, DAPR_CHART_VALUES, DAPR_HELM_REPOSITORY, DAPR_SYSTEM_CONFIGURATION } from './dapr/control-plane';

// The value types and cdk8s-plus types daprkit's props take, so one import from 'daprkit' is
// enough to write a system. They are the very classes of the peer packages, not copies.
export { App, Chart, Cron, Duration, Size } from 'cdk8s';
export type { AppProps, ChartProps } from 'cdk8s';
export { Capability, ConcurrencyPolicy, Cpu, ImagePullPolicy, PersistentVolumeAccessMode, PodManagementPolicy, Protocol, SeccompProfileType, ServiceAccount, ServiceType } from 'cdk8s-plus-28';
// What containers and Deployments written by `daprkit import` take: environment values from Secrets,
// ConfigMaps and pod fields, probes, and update strategies.
export { ConfigMap, ConnectionScheme, DeploymentStrategy, Env, EnvFieldPaths, EnvValue, PercentOrAbsolute, Probe, Secret } from 'cdk8s-plus-28';
export type { ContainerProps, ContainerSecurityContextProps, ContainerPort, ContainerResources, CpuResources, MemoryResources } from 'cdk8s-plus-28';
export { Construct } from 'constructs';
export * from './constructs/namespaces';
