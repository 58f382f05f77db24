/**
 * Which construct writes which kind. The first mapping whose `matches` takes an object maps it;
 * anything no mapping takes stays a raw ApiObject. Adding a kind is one entry here and one mapper
 * file.
 */
import { Manifest } from '../checks/types';
import { MapContext } from './context';
import { mapComponent } from './map-component';
import { mapConfiguration } from './map-configuration';
import { mapControlPlane } from './map-control-plane';
import { mapHttpEndpoint } from './map-http-endpoint';
import { mapResiliency } from './map-resiliency';
import { mapSubscription } from './map-subscription';
import { mapDaprApp, planApps as planDaprApps } from './map-dapr-app';
import { mapDaprJob } from './map-dapr-job';
import { mapMcpServer } from './map-mcp-server';
import { mapWorkflowAccessPolicy } from './map-workflow-access-policy';
import { InputObject, Phase, Unit } from './model';

/** The control plane's release: an Argo CD Application or a Flux HelmRelease of the `dapr` chart. */
function isControlPlaneManifest(m: Manifest): boolean {
  const spec = m.spec as Record<string, any> | undefined;
  if (m.kind === 'Application' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('argoproj.io/')) return spec?.source?.chart === 'dapr';
  if (m.kind === 'HelmRelease' && typeof m.apiVersion === 'string' && m.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return spec?.chart?.spec?.chart === 'dapr';
  return false;
}

const dapr = (kind: string) => (m: Manifest) => typeof m.apiVersion === 'string' && m.apiVersion.startsWith('dapr.io/') && m.kind === kind;

export interface KindMapping {
  readonly matches: (manifest: Manifest) => boolean;
  /** Where the unit goes in its chart (declarations before their users). */
  readonly phase: Phase;
  /** The unit (or units: the object's, and code wiring it to others), or the reason the object stays a raw ApiObject. */
  readonly map: (object: InputObject, ctx: MapContext) => Unit | Unit[] | string;
}

export const MAPPINGS: readonly KindMapping[] = [
  { matches: dapr('Configuration'), phase: Phase.CONFIGURATION, map: mapConfiguration },
  { matches: dapr('Component'), phase: Phase.COMPONENT, map: mapComponent },
  { matches: dapr('HTTPEndpoint'), phase: Phase.ENDPOINT, map: mapHttpEndpoint },
  { matches: dapr('Subscription'), phase: Phase.SUBSCRIPTION, map: mapSubscription },
  { matches: dapr('Resiliency'), phase: Phase.RESILIENCY, map: mapResiliency },
  { matches: isControlPlaneManifest, phase: Phase.CONTROL_PLANE, map: mapControlPlane },
  { matches: (m) => m.kind === 'Deployment' || m.kind === 'StatefulSet', phase: Phase.APP, map: mapDaprApp },
  { matches: (m) => m.kind === 'Job' || m.kind === 'CronJob', phase: Phase.APP, map: mapDaprJob },
  { matches: dapr('MCPServer'), phase: Phase.ENDPOINT, map: mapMcpServer },
  // Policies name the apps (as callers and hosts), so they come after them.
  { matches: dapr('WorkflowAccessPolicy'), phase: Phase.INVOCATION, map: mapWorkflowAccessPolicy },
];

/** Decides, before any code is written, which workloads become DaprApps and DaprJobs (so Components can refer to them). */
export function planApps(objects: readonly InputObject[], ctx: MapContext): void {
  planDaprApps(objects, ctx);
}
