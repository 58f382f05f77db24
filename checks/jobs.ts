/**
 * Jobs and CronJobs with Dapr. daprd is a long-running container: injected as an ordinary
 * container it keeps the pod running after the app exits, so the Job never completes, unless the
 * app calls daprd's `/v1.0/shutdown`. Dapr 1.18's injector can inject it as a Kubernetes native
 * sidecar instead — an init container with `restartPolicy: Always`, which the kubelet stops once
 * the app containers are done (dapr pkg/injector/patcher/sidecar_patcher.go, sidecar_container.go).
 * It does so when the pod says `dapr.io/enable-native-sidecar: "true"`, or when the injector runs
 * with the chart value `dapr_sidecar_injector.nativeSidecar: true` and the pod does not say
 * otherwise (pkg/injector/service/pod_patch.go reads the chart value first, the annotation last).
 */
import { chartValue, controlPlanesOf } from './control-plane-reader';
import { cronScheduleProblem } from './cron';
import { CALLS_SHUTDOWN_ANNOTATION } from './daprkit-annotations';
import { indexManifests } from './dapr-index';
import { dig, joinPath, keyPath, resourceId } from './manifest';
import { isTruthy } from './secrets-access';
import { Check, Finding } from './types';

const NATIVE_SIDECAR = 'dapr.io/enable-native-sidecar';

/** A Dapr Job or CronJob whose daprd is not a native sidecar: the Job does not complete. */
export const jobNativeSidecar: Check = (manifests) => {
  const index = indexManifests(manifests);
  const jobs = index.pods.filter((p) => p.pod.manifest.kind === 'Job' || p.pod.manifest.kind === 'CronJob');
  if (jobs.length === 0) return [];
  const planes = controlPlanesOf(manifests);
  const injectorDefault = planes.length > 0 && planes.every((p) => isTruthy(String(chartValue(p, 'dapr_sidecar_injector', 'nativeSidecar').value)));
  const findings: Finding[] = [];
  for (const { pod } of jobs) {
    if (isTruthy(pod.annotations[CALLS_SHUTDOWN_ANNOTATION])) continue;
    const written = pod.annotations[NATIVE_SIDECAR];
    if (written === undefined ? injectorDefault : isTruthy(written)) continue;
    const annotations = joinPath(pod.podPath, 'metadata.annotations');
    findings.push({
      check: 'job-native-sidecar',
      severity: 'warning',
      resource: resourceId(pod.manifest),
      field: keyPath(annotations, NATIVE_SIDECAR),
      message: `${pod.manifest.kind} pods get daprd as ${written === undefined ? 'an ordinary container (the injector\'s default)' : `an ordinary container ("${written}")`}, which keeps running after the app exits: the Job never completes unless the app calls daprd's /v1.0/shutdown.`,
      hint: `Set ${keyPath(annotations, NATIVE_SIDECAR)}: "true" (Kubernetes 1.29 or later; daprkit's DaprJob does), or mark an app that calls /v1.0/shutdown with ${keyPath(annotations, CALLS_SHUTDOWN_ANNOTATION)}: "true".`,
    });
  }
  return findings;
};

/** A CronJob schedule Kubernetes refuses. */
export const cronSchedule: Check = (manifests) =>
  manifests
    .filter((m) => m.kind === 'CronJob' && m.apiVersion.startsWith('batch/'))
    .flatMap((m): Finding[] => {
      const schedule = dig(m, 'spec', 'schedule');
      const problem = typeof schedule === 'string' ? cronScheduleProblem(schedule) : 'it is missing';
      if (!problem) return [];
      return [
        {
          check: 'cron-schedule',
          severity: 'error',
          resource: resourceId(m),
          field: 'spec.schedule',
          message: `schedule ${JSON.stringify(schedule)} is not a cron schedule Kubernetes accepts: ${problem}.`,
          hint: 'Write five fields, minute hour day-of-month month day-of-week (e.g. "0 2 * * *" for 02:00 every day), or a descriptor such as "@hourly"; put a time zone in spec.timeZone.',
        },
      ];
    });
