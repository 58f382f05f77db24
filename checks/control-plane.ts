/**
 * Checks that span the control plane and the apps. They read the control plane the way every check
 * reads anything: from manifests (a HelmRelease or Application of the `dapr` chart, a `daprsystem`
 * Configuration). With no control plane in sight they stay silent: unknown is not off.
 */
import { DAPR_CHART_TOP_LEVEL_KEYS, DAPR_SYSTEM_CONFIGURATION } from '../dapr/control-plane';
import { isActorStateStore } from './components';
import { chartValue, clusterMtls, controlPlanesOf, ControlPlaneView, isSystemConfiguration } from './control-plane-reader';
import { componentsOf } from './dapr-resources';
import { indexManifests } from './dapr-index';
import { hostsOf } from './hosts';
import { dig, joinPath, keyPath, resourceId } from './manifest';
import { didYouMean } from './suggest';
import { Check, Finding } from './types';

/**
 * An app's Configuration does not switch mTLS: the injector and sentry read it from `daprsystem`.
 * A section there is at best ignored, at worst a promise the control plane breaks.
 */
export const appConfigurationMtls: Check = (manifests) => {
  const cluster = clusterMtls(manifests);
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    if (isSystemConfiguration(config) || dig(config, 'spec', 'mtls') === undefined) continue;
    const enabled = dig(config, 'spec', 'mtls', 'enabled');
    const contradicted = enabled === true && cluster?.value === false;
    findings.push({
      check: 'configuration-mtls',
      severity: 'warning',
      resource: resourceId(config),
      field: 'spec.mtls',
      message: contradicted
        ? `This Configuration turns mTLS on, but ${cluster!.resource} (${cluster!.field}) disables it for the cluster, and only that setting counts: sidecar traffic is not encrypted.`
        : `Only the "${DAPR_SYSTEM_CONFIGURATION}" Configuration in the control-plane namespace switches mTLS; this section does not turn it on or off.`,
      hint: contradicted ? 'Enable mTLS in the control plane (ControlPlane mtls.enabled, Helm global.mtls.enabled), and drop this section.' : 'Set mTLS on the ControlPlane (Helm global.mtls.*) and drop this section.',
    });
  }
  return findings;
};

/** Actors need placement; `global.actors.enabled: false` leaves actor apps without it. */
export const actorsNeedPlacement: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const plane of controlPlanesOf(manifests)) {
    const actors = chartValue(plane, 'global', 'actors', 'enabled');
    if (actors.value !== false && actors.value !== 'false') continue;
    const stores = componentsOf(manifests).filter((c) => c.type?.startsWith('state.') && isActorStateStore(c));
    // Hosts: apps that declare actor types or workflows (daprkit annotations), or pin a placement address.
    const hosts = hostsOf(manifests)
      .hosts.filter((h) => h.actorTypes.length > 0 || h.workflows || h.pod.pod.annotations['dapr.io/placement-host-address'] !== undefined)
      .map((h) => h.pod);
    const users = [...stores.map((s) => s.resource), ...hosts.map((p) => resourceId(p.pod.manifest))];
    if (users.length === 0) continue;
    findings.push({
      check: 'control-plane-actors',
      severity: 'error',
      resource: actors.resource,
      field: actors.field,
      message: `The control plane is installed without actors (no placement service), but ${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} actors; actor calls and reminders fail.`,
      hint: 'Enable actors in the control plane (ControlPlane actors: true, Helm global.actors.enabled), or stop using actors (actorStateStore: false, no hostsActors or hostsWorkflows).',
    });
  }
  return findings;
};

/**
 * Placement and the scheduler are StatefulSets whose replica counts the 1.18 chart fixes in its
 * templates (charts/dapr/charts/dapr_placement/templates/dapr_placement_statefulset.yaml: 3 in HA
 * mode, else 1; dapr_scheduler_statefulset.yaml: always 3). No template of either reads a
 * `replicaCount`, and `global.ha.replicaCount` sizes only the operator, sentry and sidecar injector
 * (so an even one is fine). A `replicaCount` written for placement or the scheduler is a dead setting.
 */
export const unreadReplicaCounts: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const plane of controlPlanesOf(manifests)) {
    for (const [subchart, runs] of [['dapr_placement', '3 replicas in HA mode (global.ha.enabled or dapr_placement.ha), 1 otherwise'], ['dapr_scheduler', '3 replicas']] as const) {
      const count = chartValue(plane, subchart, 'replicaCount');
      if (!count.explicit) continue;
      findings.push({
        check: 'control-plane-placement-replicas',
        severity: 'warning',
        resource: count.resource,
        field: count.field,
        message: `The dapr chart does not read ${subchart}.replicaCount; it always runs ${runs}, whatever this says.`,
        hint: `Remove ${subchart}.replicaCount; turn HA on (global.ha.enabled) for 3 placement replicas.`,
      });
    }
  }
  return findings;
};

/** The version a control plane runs: `global.tag` when set, else the chart version. */
function controlPlaneVersion(plane: ControlPlaneView): string | undefined {
  const tag = chartValue(plane, 'global', 'tag');
  return tag.explicit && typeof tag.value === 'string' ? tag.value : plane.version;
}

/** A sidecar image pinned to another Dapr version than the control plane runs mixes versions the injector was not built for. */
export const sidecarVersionMatches: Check = (manifests) => {
  const plane = controlPlanesOf(manifests)[0];
  const version = plane && controlPlaneVersion(plane);
  if (!version) return [];
  const findings: Finding[] = [];
  for (const pod of indexManifests(manifests).pods) {
    const image = pod.pod.annotations['dapr.io/sidecar-image'];
    const tag = image?.match(/:([^:/@]+)(@.*)?$/)?.[1];
    if (!tag || tag.replace(/^v/, '').split('-')[0] === version.replace(/^v/, '').split('-')[0]) continue;
    findings.push({
      check: 'control-plane-sidecar-version',
      severity: 'warning',
      resource: resourceId(pod.pod.manifest),
      field: keyPath(joinPath(pod.pod.podPath, 'metadata.annotations'), 'dapr.io/sidecar-image'),
      message: `The sidecar image "${image}" is Dapr ${tag}, but ${plane.resource} installs the control plane at ${version}.`,
      hint: `Pin the sidecar to ${version} too, or drop the annotation so the injector uses its own version.`,
    });
  }
  return findings;
};

/** Raw values with a top-level key the chart does not read are silently ignored by Helm. */
export const controlPlaneValueKeys: Check = (manifests) =>
  controlPlanesOf(manifests).flatMap((plane) =>
    Object.keys(plane.values)
      .filter((key) => !DAPR_CHART_TOP_LEVEL_KEYS.includes(key))
      .map((key) => ({
        check: 'control-plane-values',
        severity: 'warning' as const,
        resource: plane.resource,
        field: `${plane.valuesPath}.${key}`,
        message: `The dapr chart has no value "${key}"; Helm ignores it.${didYouMean(key, DAPR_CHART_TOP_LEVEL_KEYS)}`,
        hint: `Use one of ${DAPR_CHART_TOP_LEVEL_KEYS.join(', ')} (subchart values nest under the subchart name, e.g. dapr_placement.logLevel).`,
      })),
  );

export const controlPlaneChecks: Check[] = [appConfigurationMtls, actorsNeedPlacement, unreadReplicaCounts, sidecarVersionMatches, controlPlaneValueKeys];
