/** Issue 18 §1: DaprJob (Jobs and CronJobs that finish), and the job checks on hand-written YAML. */
import { Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { runChecks } from '../checks';
import { Manifest } from '../checks/types';
import { cronScheduleProblem } from '../checks/cron';
import { DaprApp, DaprAppDefault, DaprJob, HttpVerb, JobRestartPolicy, KUBERNETES_SECRET_STORE, NAMESPACE_DEFAULT_SERVICE_ACCOUNT, PubSub, StateStore, WorkloadServiceAccount } from '../index';
import { helmRelease } from './support/manifests';
import { failsAtSynth, find, synth, synthChecked } from './support/synth';

const job = { appId: 'nightly-report', image: 'report:1.0' };
const jobAnnotations = (m: Manifest & Record<string, any>) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template).metadata.annotations;

describe('DaprJob', () => {
  test('a Job with Dapr annotations, a native sidecar, restartPolicy Never, its own ServiceAccount and no Service', () => {
    const manifests = synth((chart) => new DaprJob(chart, 'report', job));
    const j = find(manifests, 'Job', 'nightly-report');
    expect(j.apiVersion).toBe('batch/v1');
    expect(jobAnnotations(j)).toMatchObject({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'nightly-report', 'dapr.io/enable-native-sidecar': 'true' });
    expect(jobAnnotations(j)).not.toHaveProperty('dapr.io/app-port');
    expect(j.spec.template.metadata.labels).toEqual({ app: 'nightly-report' });
    expect(j.spec.template.spec).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'nightly-report', automountServiceAccountToken: false });
    expect(j.spec.template.spec.containers[0]).not.toHaveProperty('imagePullPolicy');
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Job', 'ServiceAccount']);
  });

  test('a CronJob with a checked schedule and typed history, concurrency, retries and deadline', () => {
    const manifests = synth((chart) =>
      new DaprJob(chart, 'report', {
        ...job,
        schedule: '0 2 * * 1-5',
        timeZone: 'Europe/Berlin',
        concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
        successfulJobsRetained: 5,
        failedJobsRetained: 2,
        backoffLimit: 1,
        activeDeadline: Duration.minutes(30),
        restartPolicy: JobRestartPolicy.ON_FAILURE,
      }),
    );
    const cron = find(manifests, 'CronJob', 'nightly-report');
    expect(cron.spec).toMatchObject({
      schedule: '0 2 * * 1-5',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      jobTemplate: { spec: { backoffLimit: 1, activeDeadlineSeconds: 1800, template: { spec: { restartPolicy: 'OnFailure' } } } },
    });
    expect(jobAnnotations(cron)['dapr.io/enable-native-sidecar']).toBe('true');
    expect(cron.spec.jobTemplate.spec.template.metadata.labels).toEqual({ app: 'nightly-report' });
  });

  test('takes a cdk8s Cron or a descriptor', () => {
    expect(find(synth((chart) => new DaprJob(chart, 'r', { ...job, schedule: Cron.daily() })), 'CronJob', 'nightly-report').spec.schedule).toBe('0 0 * * *');
    expect(find(synth((chart) => new DaprJob(chart, 'r', { ...job, schedule: '@hourly' })), 'CronJob', 'nightly-report').spec.schedule).toBe('@hourly');
  });

  test('uses, subscriptions, invocations and secret reads work as for DaprApp', () => {
    const manifests = synth((chart) => {
      const api = new DaprApp(chart, 'api', { appId: 'api', image: 'api:1', appPort: 8080 });
      const store = StateStore.redis(chart, 'statestore', { metadata: { redisHost: 'redis:6379' } });
      const pubsub = PubSub.redis(chart, 'pubsub', { metadata: { redisHost: 'redis:6379' } });
      const report = new DaprJob(chart, 'report', { ...job, schedule: '0 2 * * *', appPort: 8080 });
      report.uses(store);
      report.subscribe(pubsub, 'orders', { route: '/orders' });
      report.invokes(api, { operations: [{ path: '/totals', verbs: [HttpVerb.GET] }] });
      report.readsSecrets(KUBERNETES_SECRET_STORE, { keys: ['report-db'] });
    });
    expect(find(manifests, 'Component', 'statestore').scopes).toEqual(['nightly-report']);
    expect(find(manifests, 'Subscription', 'nightly-report-orders').scopes).toEqual(['nightly-report']);
    expect(find(manifests, 'Configuration', 'api-config').spec.accessControl.policies[0].appId).toBe('nightly-report');
    const cron = find(manifests, 'CronJob', 'nightly-report');
    expect(JSON.parse(jobAnnotations(cron)['daprkit.io/invokes'])).toEqual([{ appId: 'api', operations: [{ path: '/totals', verbs: ['GET'] }] }]);
    expect(cron.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(find(manifests, 'RoleBinding', 'nightly-report-secret-reader').subjects[0].name).toBe('nightly-report');
  });

  test('an app that calls /v1.0/shutdown keeps the ordinary sidecar, and says so', () => {
    const { manifests, warnings } = synthChecked((chart) => new DaprJob(chart, 'report', { ...job, callsShutdownApi: true }));
    const annotations = jobAnnotations(find(manifests, 'Job', 'nightly-report'));
    expect(annotations).not.toHaveProperty('dapr.io/enable-native-sidecar');
    expect(annotations['daprkit.io/calls-shutdown']).toBe('true');
    expect(warnings).toEqual([]);
  });

  test('warns at synth when the native sidecar is switched off without the shutdown call', () => {
    const { warnings } = synthChecked((chart) => new DaprJob(chart, 'report', { ...job, sidecar: { enableNativeSidecar: false } }));
    expect(warnings.map((w) => [w.check, w.field])).toEqual([['job-native-sidecar', 'spec.template.metadata.annotations["dapr.io/enable-native-sidecar"]']]);
  });

  test('fails on a schedule Kubernetes refuses, naming it and the fix', () => {
    expect(failsAtSynth((chart) => new DaprJob(chart, 'report', { ...job, schedule: '0 25 * * *' }))).toThrow(
      /schedule: received "0 25 \* \* \*", expected a cron schedule Kubernetes accepts\. Fix: the hour field: "25" is outside 0-23/,
    );
  });

  test('fails on CronJob options without a schedule, a short starting deadline and a long CronJob name', () => {
    expect(failsAtSynth((chart) => new DaprJob(chart, 'report', { ...job, concurrencyPolicy: kplus.ConcurrencyPolicy.ALLOW }))).toThrow(/concurrencyPolicy: .*expected a schedule/);
    expect(failsAtSynth((chart) => new DaprJob(chart, 'report', { ...job, schedule: '@daily', startingDeadline: Duration.seconds(5) }))).toThrow(/startingDeadline: .*at least 10 seconds/);
    expect(failsAtSynth((chart) => new DaprJob(chart, 'report', { ...job, appId: 'a'.repeat(53), schedule: '@daily' }))).toThrow(/appId: .*at most 52 characters for a CronJob/);
  });
});

describe('DaprJob matching an existing system (what daprkit import writes)', () => {
  const everything = [DaprAppDefault.SECURITY_CONTEXT, DaprAppDefault.IMAGE_PULL_POLICY, DaprAppDefault.SERVICE_ACCOUNT_TOKEN, DaprAppDefault.SIDECAR_SECCOMP, DaprAppDefault.KUBERNETES_DEFAULT_FIELDS];
  const bare = {
    ...job,
    image: undefined,
    containers: [{ name: 'report', image: 'report:1.0' }],
    sidecar: { cpu: {}, memory: {} },
    resources: {},
    serviceAccount: NAMESPACE_DEFAULT_SERVICE_ACCOUNT as WorkloadServiceAccount,
  };

  test('the name, labels and annotations of the Job and its pods are the props\' (an empty map writes none)', () => {
    const manifests = synth((chart) =>
      new DaprJob(chart, 'report', { ...bare, workloadMetadata: { name: 'report-once', labels: {}, annotations: { team: 'finance' } }, podLabels: {}, withoutDefaults: everything }),
    );
    const j = find(manifests, 'Job', 'report-once');
    expect(j.metadata).toEqual({ name: 'report-once', annotations: { team: 'finance' } });
    expect(j.spec.template.metadata).not.toHaveProperty('labels');
  });

  test('NATIVE_SIDECAR leaves dapr.io/enable-native-sidecar out, and the job says only what the props say', () => {
    const manifests = synth((chart) => new DaprJob(chart, 'report', { ...bare, withoutDefaults: [...everything, DaprAppDefault.NATIVE_SIDECAR] }));
    const j = find(manifests, 'Job', 'nightly-report');
    expect(j.spec.template.metadata.annotations).toEqual({ 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'nightly-report' });
    expect(j.spec.template.spec).toEqual({ restartPolicy: 'Never', containers: [{ name: 'report', image: 'report:1.0' }] });
    expect(manifests.map((m) => m.kind)).toEqual(['Job']);
  });

  test('without NATIVE_SIDECAR the native sidecar stays, and the sidecar option still decides with it', () => {
    expect(jobAnnotations(find(synth((chart) => new DaprJob(chart, 'r', { ...bare, withoutDefaults: everything })), 'Job', 'nightly-report'))['dapr.io/enable-native-sidecar']).toBe('true');
    const chosen = synth((chart) => new DaprJob(chart, 'r', { ...bare, sidecar: { enableNativeSidecar: true }, withoutDefaults: [DaprAppDefault.NATIVE_SIDECAR] }));
    expect(jobAnnotations(find(chosen, 'Job', 'nightly-report'))['dapr.io/enable-native-sidecar']).toBe('true');
  });

  test('a CronJob without CONCURRENCY_POLICY and the Kubernetes defaults says only its schedule; fields the props set stay', () => {
    const plain = find(synth((chart) => new DaprJob(chart, 'r', { ...bare, schedule: '@hourly', withoutDefaults: [...everything, DaprAppDefault.CONCURRENCY_POLICY] })), 'CronJob', 'nightly-report');
    expect(Object.keys(plain.spec).sort()).toEqual(['jobTemplate', 'schedule']);
    const given = find(
      synth((chart) =>
        new DaprJob(chart, 'r', {
          ...bare,
          schedule: '@hourly',
          concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
          successfulJobsRetained: 3,
          failedJobsRetained: 1,
          suspend: false,
          withoutDefaults: [...everything, DaprAppDefault.CONCURRENCY_POLICY],
        }),
      ),
      'CronJob',
      'nightly-report',
    );
    expect(given.spec).toMatchObject({ concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false });
  });

  test('no starting deadline unless one is given (cdk8s-plus would write 10 seconds)', () => {
    expect(find(synth((chart) => new DaprJob(chart, 'r', { ...job, schedule: '@daily' })), 'CronJob', 'nightly-report').spec).not.toHaveProperty('startingDeadlineSeconds');
    expect(find(synth((chart) => new DaprJob(chart, 'r', { ...job, schedule: '@daily', startingDeadline: Duration.minutes(2) })), 'CronJob', 'nightly-report').spec.startingDeadlineSeconds).toBe(120);
  });

  test('patchWorkload applies to the Job or CronJob as synthesized, after the opt-outs', () => {
    const manifests = synth((chart) => {
      const cron = new DaprJob(chart, 'r', { ...bare, schedule: '@daily', withoutDefaults: everything });
      cron.patchWorkload(JsonPatch.add('/spec/jobTemplate/spec/parallelism', 2), JsonPatch.add('/spec/jobTemplate/spec/template/spec/dnsPolicy', 'ClusterFirst'));
    });
    const cron = find(manifests, 'CronJob', 'nightly-report');
    expect(cron.spec.jobTemplate.spec.parallelism).toBe(2);
    expect(cron.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  test('fails on opt-outs that do not apply: REPLICAS on a job, CONCURRENCY_POLICY without a schedule, the job ones on a DaprApp', () => {
    expect(failsAtSynth((chart) => new DaprJob(chart, 'r', { ...job, withoutDefaults: [DaprAppDefault.REPLICAS] }))).toThrow(/withoutDefaults: received "replicas", expected an opt-out that applies to this workload/);
    expect(failsAtSynth((chart) => new DaprJob(chart, 'r', { ...job, withoutDefaults: [DaprAppDefault.CONCURRENCY_POLICY] }))).toThrow(/withoutDefaults: received "concurrency-policy"/);
    expect(failsAtSynth((chart) => new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', withoutDefaults: [DaprAppDefault.NATIVE_SIDECAR] }))).toThrow(/withoutDefaults: received "native-sidecar", .*applies to a DaprJob/);
  });
});

describe('cron schedules', () => {
  test.each(['0 2 * * *', '*/15 * * * *', '0 9-17 * * MON-FRI', '0 0 1,15 * ?', '30 4 1 jan,jul *', '@weekly', '@every 1h30m'])('accepts %s', (s) => {
    expect(cronScheduleProblem(s)).toBeUndefined();
  });
  test.each([
    ['0 2 * *', /4 fields/],
    ['60 * * * *', /minute field: "60" is outside 0-59/],
    ['0 0 * * 7', /day of week field: "7" is outside 0-6/],
    ['*/0 * * * *', /steps by 0/],
    ['0 5-1 * * *', /runs backwards/],
    ['TZ=UTC 0 2 * * *', /TZ= or CRON_TZ= prefix/],
    ['@fortnightly', /not a descriptor/],
  ])('refuses %s', (s, why) => {
    expect(cronScheduleProblem(s)).toMatch(why);
  });
});

describe('job checks on hand-written YAML', () => {
  const daprJob = (annotations: Record<string, string> = {}): Manifest => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'default' },
    spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'migrate', ...annotations } }, spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'migrate:1' }] } } },
  });
  const daprCronJob = (schedule: string, annotations: Record<string, string> = {}): Manifest => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cleanup', namespace: 'default' },
    spec: { schedule, jobTemplate: { spec: { template: { metadata: { annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'cleanup', ...annotations } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'c:1' }] } } } } },
  });
  const of = (manifests: Manifest[], id: string) => runChecks(manifests).filter((f) => f.check === id);

  test('fails (warns) on a Dapr Job and CronJob without the native sidecar', () => {
    const findings = of([daprJob(), daprCronJob('0 3 * * *')], 'job-native-sidecar');
    expect(findings.map((f) => [f.resource, f.field])).toEqual([
      ['CronJob/default/cleanup', 'spec.jobTemplate.spec.template.metadata.annotations["dapr.io/enable-native-sidecar"]'],
      ['Job/default/migrate', 'spec.template.metadata.annotations["dapr.io/enable-native-sidecar"]'],
    ]);
    expect(findings[0].message).toContain('/v1.0/shutdown');
  });

  test('is clean with the annotation, with the injector default on, or with the shutdown marker', () => {
    expect(of([daprJob({ 'dapr.io/enable-native-sidecar': 'true' })], 'job-native-sidecar')).toEqual([]);
    expect(of([daprJob(), helmRelease({ dapr_sidecar_injector: { nativeSidecar: true } })], 'job-native-sidecar')).toEqual([]);
    expect(of([daprJob({ 'daprkit.io/calls-shutdown': 'true' })], 'job-native-sidecar')).toEqual([]);
    // The annotation wins over the injector's default.
    expect(of([daprJob({ 'dapr.io/enable-native-sidecar': 'false' }), helmRelease({ dapr_sidecar_injector: { nativeSidecar: true } })], 'job-native-sidecar')).toHaveLength(1);
  });

  test('fails on a CronJob schedule Kubernetes refuses', () => {
    const findings = of([daprCronJob('every day')], 'cron-schedule');
    expect(findings.map((f) => [f.severity, f.resource, f.field])).toEqual([['error', 'CronJob/default/cleanup', 'spec.schedule']]);
    expect(of([daprCronJob('*/5 * * * *')], 'cron-schedule')).toEqual([]);
  });

  test("every pod check reads Job and CronJob pods, with the CronJob's jobTemplate path", () => {
    const bad = { 'dapr.io/app-protocl': 'http', 'dapr.io/log-level': 'loud' };
    const findings = runChecks([daprJob(bad), daprCronJob('@daily', bad)]).filter((f) => ['unknown-annotation', 'annotation-value'].includes(f.check));
    expect(findings.map((f) => [f.check, f.resource, f.field]).sort()).toEqual(
      [
        ['annotation-value', 'CronJob/default/cleanup', 'spec.jobTemplate.spec.template.metadata.annotations["dapr.io/log-level"]'],
        ['annotation-value', 'Job/default/migrate', 'spec.template.metadata.annotations["dapr.io/log-level"]'],
        ['unknown-annotation', 'CronJob/default/cleanup', 'spec.jobTemplate.spec.template.metadata.annotations["dapr.io/app-protocl"]'],
        ['unknown-annotation', 'Job/default/migrate', 'spec.template.metadata.annotations["dapr.io/app-protocl"]'],
      ].sort(),
    );
  });
});
