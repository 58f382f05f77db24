/**
 * DaprJob: a Dapr app that runs to completion — a `batch/v1` Job, or a CronJob when it has a
 * schedule — with the same sidecar annotations and wiring as DaprApp (`uses`, `subscribe`,
 * `invokes`, `readsSecrets`). Nobody calls a job, so it has no Service and needs no app port.
 *
 * daprd must not keep the pod alive after the app exits, so a DaprJob asks the injector for a
 * Kubernetes native sidecar (`dapr.io/enable-native-sidecar: "true"`, Dapr 1.18). What that takes,
 * read from Dapr 1.18.3's injector (pkg/injector/patcher/sidecar_patcher.go, sidecar_container.go,
 * pkg/injector/service/pod_patch.go, charts/dapr/charts/dapr_sidecar_injector):
 * - the annotation, or the chart value `dapr_sidecar_injector.nativeSidecar: true` (env
 *   `NATIVE_SIDECAR_ENABLED` of the injector) for every pod; the annotation wins either way;
 * - daprd then goes last into `initContainers` with `restartPolicy: Always`: Kubernetes'
 *   SidecarContainers feature, on by default from Kubernetes 1.29 (1.28 behind its feature gate;
 *   older API servers drop the field and the pod never gets past its init containers);
 * - daprd keeps its readiness and liveness probes and gets no startup probe, so the app starts as
 *   soon as daprd has started, not once it is ready: the app must wait for its sidecar (Dapr's SDKs
 *   do; else poll `/v1.0/healthz/outbound`); init containers the pod already has run before daprd,
 *   so they cannot use Dapr.
 */
import { Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { cronScheduleProblem } from '../checks/cron';
import { CALLS_SHUTDOWN_ANNOTATION } from '../checks/daprkit-annotations';
import { coverFinding, reportProblem } from './errors';
import { DaprWorkload, DaprWorkloadProps } from './dapr-workload';
import { DaprAppDefault } from './dapr-app-opt-outs';

/** What Kubernetes does when the job's app container fails (never `Always` for a Job). */
export enum JobRestartPolicy {
  /** A failed pod is replaced by a new one, up to `backoffLimit` times. */
  NEVER = 'Never',
  /** The failed container restarts in the same pod. */
  ON_FAILURE = 'OnFailure',
}

export interface DaprJobProps extends DaprWorkloadProps {
  /**
   * Run on this schedule (a CronJob): a cdk8s `Cron` (`Cron.daily()`, `Cron.schedule({ … })`) or a
   * five-field cron expression (`"0 2 * * *"`) or descriptor (`"@hourly"`), checked at synth.
   * @default - run once (a Job)
   */
  readonly schedule?: Cron | string;
  /**
   * Time zone of the schedule (an IANA name such as `Europe/Berlin`).
   * @default - the time zone of the kube-controller-manager
   */
  readonly timeZone?: string;
  /**
   * What the CronJob does when a run is due while the previous one still runs.
   * @default kplus.ConcurrencyPolicy.FORBID (skip the new run)
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;
  /**
   * Finished successful Jobs a CronJob keeps.
   * @default 3
   */
  readonly successfulJobsRetained?: number;
  /**
   * Finished failed Jobs a CronJob keeps.
   * @default 1
   */
  readonly failedJobsRetained?: number;
  /**
   * How late a CronJob run may start after its time before it counts as missed (at least 10 s).
   * @default - no deadline
   */
  readonly startingDeadline?: Duration;
  /**
   * Create the CronJob suspended (no runs until it is resumed).
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * Retries before the Job counts as failed.
   * @default 6 (Kubernetes' default)
   */
  readonly backoffLimit?: number;
  /**
   * Longest a Job may run (all retries included) before Kubernetes stops it.
   * @default - no limit
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job (and its pods) after this long. Not with the CronJob history limits.
   * @default - kept (CronJobs keep their history limits)
   */
  readonly ttlAfterFinished?: Duration;
  /** @default JobRestartPolicy.NEVER */
  readonly restartPolicy?: JobRestartPolicy;
  /**
   * The app calls daprd's `/v1.0/shutdown` when it is done, so the pod completes without a native
   * sidecar: daprkit then leaves `dapr.io/enable-native-sidecar` alone (for clusters older than
   * Kubernetes 1.29) and marks the pod `daprkit.io/calls-shutdown: "true"`.
   * @default false
   */
  readonly callsShutdownApi?: boolean;
}

const DAPR_JOB = Symbol.for('daprkit.DaprJob');

/** Longest CronJob name: the controller appends 11 characters to name each Job it creates. */
const MAX_CRONJOB_NAME = 52;

export class DaprJob extends DaprWorkload {
  /** True for DaprJob instances (safe across copies of the library). */
  public static isDaprJob(x: unknown): x is DaprJob {
    return typeof x === 'object' && x !== null && DAPR_JOB in x;
  }

  /** Escape hatch: the cdk8s-plus Job, when there is no schedule. */
  public readonly job?: kplus.Job;
  /** Escape hatch: the cdk8s-plus CronJob, when there is a schedule. */
  public readonly cronJob?: kplus.CronJob;
  /** The schedule, as Kubernetes reads it; undefined for a Job that runs once. */
  public readonly schedule?: string;

  private readonly callsShutdownApi: boolean;
  private readonly nativeSidecarChosen: boolean;
  private readonly withoutNativeSidecar: boolean;

  constructor(scope: Construct, id: string, given: DaprJobProps) {
    super(scope, id, given);
    Object.defineProperty(this, DAPR_JOB, { value: true });
    const props = this.validateJobProps(given);
    this.callsShutdownApi = props.callsShutdownApi ?? false;
    this.nativeSidecarChosen = props.sidecar?.enableNativeSidecar !== undefined;
    this.withoutNativeSidecar = (props.withoutDefaults ?? []).includes(DaprAppDefault.NATIVE_SIDECAR);
    const labels = { ...props.labels, app: this.appId };
    const metadata = props.workloadMetadata;
    const jobProps: kplus.JobProps = {
      metadata: { name: metadata?.name ?? this.appId, namespace: props.namespace, labels: metadata?.labels ?? labels, annotations: metadata?.annotations },
      podMetadata: { labels: { ...(props.podLabels ?? labels) } },
      restartPolicy: props.restartPolicy === JobRestartPolicy.ON_FAILURE ? kplus.RestartPolicy.ON_FAILURE : kplus.RestartPolicy.NEVER,
      backoffLimit: props.backoffLimit,
      activeDeadline: props.activeDeadline,
      ttlAfterFinished: props.ttlAfterFinished,
      ...this.podProps(),
    };
    const schedule = props.schedule === undefined ? undefined : typeof props.schedule === 'string' ? props.schedule : props.schedule.expressionString;
    if (schedule === undefined) {
      this.job = new kplus.Job(this, 'Job', jobProps);
      this.attachWorkload(this.job, '/spec/template');
    } else {
      this.schedule = schedule;
      this.cronJob = new kplus.CronJob(this, 'CronJob', {
        ...jobProps,
        // cdk8s-plus reads only the expression, so a descriptor (`@hourly`) passes through as written.
        schedule: typeof props.schedule === 'string' ? { expressionString: schedule } : props.schedule ?? { expressionString: schedule },
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy,
        successfulJobsRetained: props.successfulJobsRetained,
        failedJobsRetained: props.failedJobsRetained,
        startingDeadline: props.startingDeadline,
        suspend: props.suspend,
      });
      this.attachWorkload(this.cronJob, '/spec/jobTemplate/spec/template');
      // cdk8s-plus gives every CronJob a 10-second starting deadline; without `startingDeadline`
      // there is none, as documented (a late controller would otherwise skip runs).
      if (props.startingDeadline === undefined) this.patchWorkload(JsonPatch.remove('/spec/startingDeadlineSeconds'));
    }
    this.reportInapplicableDefaults(
      [DaprAppDefault.REPLICAS, ...(schedule === undefined ? [DaprAppDefault.CONCURRENCY_POLICY] : [])],
      schedule === undefined ? 'a DaprApp, or a DaprJob with a schedule' : 'a DaprApp',
    );
  }

  protected givenSpecFields(): string[] {
    const props = this.props as DaprJobProps;
    const fields: [keyof DaprJobProps, string][] = [
      ['concurrencyPolicy', 'concurrencyPolicy'],
      ['successfulJobsRetained', 'successfulJobsHistoryLimit'],
      ['failedJobsRetained', 'failedJobsHistoryLimit'],
      ['suspend', 'suspend'],
    ];
    return fields.filter(([prop]) => props[prop] !== undefined).map(([, field]) => field);
  }

  /** The native sidecar (unless the app shuts daprd down itself, the sidecar option decides, or it is opted out of). */
  protected workloadAnnotations(): Record<string, string> {
    if (this.callsShutdownApi) return { [CALLS_SHUTDOWN_ANNOTATION]: 'true' };
    return this.nativeSidecarChosen || this.withoutNativeSidecar ? {} : { 'dapr.io/enable-native-sidecar': 'true' };
  }

  private validateJobProps(props: DaprJobProps): DaprJobProps {
    let valid = props;
    const drop = (key: keyof DaprJobProps, received: unknown, expected: string, fix: string) => {
      reportProblem(this, key, received, expected, fix);
      valid = { ...valid, [key]: undefined };
    };
    if (props.schedule !== undefined) {
      const text = typeof props.schedule === 'string' ? props.schedule : props.schedule.expressionString;
      const problem = cronScheduleProblem(text);
      // Kept so the CronJob exists; the cron-schedule check would only repeat the problem.
      if (problem) {
        reportProblem(this, 'schedule', text, 'a cron schedule Kubernetes accepts', `${problem}; e.g. "0 2 * * *" (02:00 daily) or "@hourly".`);
        coverFinding(this, 'cron-schedule', 'spec.schedule');
      }
      if (this.appId.length > MAX_CRONJOB_NAME) {
        reportProblem(this, 'appId', this.appId, `at most ${MAX_CRONJOB_NAME} characters for a CronJob (it names the CronJob)`, 'shorten the app-id.');
      }
    } else {
      for (const key of ['timeZone', 'concurrencyPolicy', 'successfulJobsRetained', 'failedJobsRetained', 'startingDeadline', 'suspend'] as const) {
        if (props[key] !== undefined) drop(key, props[key], 'a schedule (it applies to CronJobs only)', 'set `schedule`, or drop the option.');
      }
    }
    for (const key of ['backoffLimit', 'successfulJobsRetained', 'failedJobsRetained'] as const) {
      const n = valid[key];
      if (n !== undefined && (!Number.isInteger(n) || n < 0)) drop(key, n, 'a whole number of at least 0', 'e.g. 3.');
    }
    if (valid.startingDeadline !== undefined && !(valid.startingDeadline.toSeconds({ integral: false }) >= 10)) {
      drop('startingDeadline', valid.startingDeadline.toHumanString(), 'at least 10 seconds (the CronJob controller looks every 10 seconds)', 'lengthen it, or leave it out.');
    }
    if (valid.ttlAfterFinished !== undefined && props.schedule !== undefined && (valid.successfulJobsRetained !== undefined || valid.failedJobsRetained !== undefined)) {
      drop('ttlAfterFinished', valid.ttlAfterFinished.toHumanString(), 'no TTL beside the CronJob history limits (it would delete the history they keep)', 'keep one of the two.');
    }
    if (props.restartPolicy !== undefined && !Object.values(JobRestartPolicy).includes(props.restartPolicy)) {
      drop('restartPolicy', props.restartPolicy, 'JobRestartPolicy.NEVER or ON_FAILURE (a Job never restarts Always)', 'use a JobRestartPolicy.');
    }
    if (props.timeZone !== undefined && !/^[A-Za-z0-9_+\-]+(\/[A-Za-z0-9_+\-]+)*$/.test(props.timeZone)) {
      drop('timeZone', props.timeZone, 'an IANA time zone name such as "Europe/Berlin"', 'use a name of the tz database.');
    }
    return valid;
  }
}
