/**
 * An `invokes` edge (daprkit.io/invokes) naming an app-id that no workload of the namespace runs
 * but that is one edit away from one that does: almost always a typo (`fromAppId('ordr')`). Apps
 * deployed from other repositories stay allowed, so this is a warning and only for near misses.
 */
import { INVOKES_ANNOTATION } from './daprkit-annotations';
import { indexManifests } from './dapr-index';
import { joinPath, keyPath, resourceId } from './manifest';
import { Check, Finding } from './types';

export const invocationTargetTypos: Check = (manifests) => {
  const index = indexManifests(manifests);
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const edge of index.edges) {
    const { appId, namespace } = edge.callee;
    if (index.podsOf(appId, namespace).length > 0) continue;
    const near = index.appIdsOneEditFrom(appId, namespace);
    const key = `${resourceId(edge.caller.pod.manifest)}|${namespace}/${appId}`;
    if (near.length === 0 || reported.has(key)) continue;
    reported.add(key);
    findings.push({
      check: 'invocation-target-typo',
      severity: 'warning',
      resource: resourceId(edge.caller.pod.manifest),
      field: keyPath(joinPath(edge.caller.pod.podPath, 'metadata.annotations'), INVOKES_ANNOTATION),
      message: `the app invokes "${appId}" in namespace "${namespace}", which no workload here runs. Did you mean "${near[0]}"?`,
      hint: `Invoke the DaprApp itself (or fix the app-id given to DaprApp.fromAppId); ignore this if "${appId}" is deployed from elsewhere.`,
    });
  }
  return findings;
};
