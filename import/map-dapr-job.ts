/**
 * Dapr-enabled Jobs and CronJobs as `DaprJob`s: the pod template as props (map-pod), the schedule
 * and the Job's and CronJob's settings typed, the labels as written, and an explicit opt-out, with
 * a comment, for every daprkit default the input does not have — the native sidecar above all,
 * which daprkit asks for and an imported job that did not ask for it must not get.
 */
import { MapContext } from './context';
import { array, call, construct, daprkit, Entry, entry, enumMember, Expr, json, member, props, ref, scope, Statement } from './ir';
import { secondsExpr as seconds } from './values';
import { asRecord, dig, own, stringMap } from './metadata';
import { InputObject, PatchTarget, Phase, Unit } from './model';
import { OptOut } from './map-sidecar';
import { labelProps, optOutExpr, podMapping, serviceAccountEntry, spellsOutKubernetesDefaults, SPEC_DEFAULT_FIELDS } from './map-pod';
import { ownServiceAccount, secretReadFold, serviceAccountTarget } from './map-identity';
import { planOrReason } from './map-dapr-app';
import { sameJson } from './map-containers';

const CONCURRENCY: Readonly<Record<string, string>> = { Allow: 'ALLOW', Forbid: 'FORBID', Replace: 'REPLACE' };
const wholeNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The Job's own settings (a CronJob's job template's) as props. */
function jobSettings(jobSpec: Record<string, unknown>, pod: Record<string, unknown>): Entry[] {
  const out: Entry[] = [];
  const { backoffLimit, activeDeadlineSeconds: active, ttlSecondsAfterFinished: ttl } = jobSpec;
  if (wholeNumber(backoffLimit)) out.push(entry('backoffLimit', json(backoffLimit)));
  if (wholeNumber(active) && active > 0) out.push(entry('activeDeadline', seconds(active)));
  if (wholeNumber(ttl)) out.push(entry('ttlAfterFinished', seconds(ttl)));
  if (pod.restartPolicy === 'OnFailure') out.push(entry('restartPolicy', enumMember('JobRestartPolicy', 'ON_FAILURE')));
  return out;
}

/** A CronJob's schedule and settings as props (the schedule was checked when the app was planned). */
function cronSettings(spec: Record<string, unknown>, spelledOut: boolean, optOuts: OptOut[]): Entry[] {
  const schedule = spec.schedule as string;
  const out: Entry[] = [entry('schedule', json(schedule))];
  if (typeof spec.timeZone === 'string') out.push(entry('timeZone', json(spec.timeZone)));
  const policy = typeof spec.concurrencyPolicy === 'string' ? own(CONCURRENCY, spec.concurrencyPolicy) : undefined;
  // Forbid is DaprJob's own default.
  if (policy && policy !== 'FORBID') out.push(entry('concurrencyPolicy', enumMember('ConcurrencyPolicy', policy)));
  else if (spec.concurrencyPolicy === undefined) optOuts.push({ member: 'CONCURRENCY_POLICY', comment: 'daprkit would skip a run while the last one still runs (concurrencyPolicy: Forbid)' });
  // Written when the input says them and daprkit would not write them the same by itself.
  const defaults = SPEC_DEFAULT_FIELDS.CronJob;
  const keep = (field: string) => spec[field] !== undefined && (!spelledOut || !sameJson(spec[field], defaults[field]));
  if (keep('successfulJobsHistoryLimit') && wholeNumber(spec.successfulJobsHistoryLimit)) out.push(entry('successfulJobsRetained', json(spec.successfulJobsHistoryLimit)));
  if (keep('failedJobsHistoryLimit') && wholeNumber(spec.failedJobsHistoryLimit)) out.push(entry('failedJobsRetained', json(spec.failedJobsHistoryLimit)));
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && wholeNumber(deadline) && deadline >= 10) out.push(entry('startingDeadline', seconds(deadline)));
  if (keep('suspend') && typeof spec.suspend === 'boolean') out.push(entry('suspend', json(spec.suspend)));
  return out;
}

export function mapDaprJob(object: InputObject, ctx: MapContext): Unit | string {
  const plan = planOrReason(object, ctx);
  if (typeof plan === 'string') return plan;
  const { facts, variable } = plan;
  const cron = facts.kind === 'CronJob';
  const m = object.manifest;
  const md = asRecord(m.metadata) ?? {};
  const spec = asRecord(m.spec) ?? {};
  const jobSpec = (cron ? asRecord(dig(spec, 'jobTemplate', 'spec')) : spec) ?? {};
  const spelledOut = spellsOutKubernetesDefaults(facts.kind, spec, facts.pod);
  const optOuts: OptOut[] = [];
  const schedule = cron ? cronSettings(spec, spelledOut, optOuts) : [];
  const settings = jobSettings(jobSpec, facts.pod);
  // The RBAC `readsSecrets` writes, folded back: the token pair it sets then needs no prop.
  const reads = secretReadFold(facts.appId, facts.pod, facts.annotations, ctx);
  const pod = podMapping(object, facts, ctx, spelledOut, {
    ...(reads ? { secretReads: { builtin: reads.builtin } } : {}),
    // A DaprJob asks for the native sidecar by itself.
    defaultOptions: { enableNativeSidecar: true },
  });
  if (typeof pod === 'string') return pod;
  const statements: Statement[] = [...pod.statements];

  const labelled = labelProps(facts, stringMap(md.labels) ?? {}, true);
  const annotations = Object.fromEntries(Object.entries(stringMap(md.annotations) ?? {}).filter(([k]) => !k.startsWith('daprkit.io/')));
  const workloadMetadata: (Entry | undefined)[] = [
    md.name !== facts.appId ? entry('name', json(md.name as string)) : undefined,
    labelled.workloadLabels ? entry('labels', json(labelled.workloadLabels)) : undefined,
    Object.keys(annotations).length > 0 ? entry('annotations', json(annotations)) : undefined,
  ];
  optOuts.unshift(...pod.optOuts);
  if (facts.annotations['dapr.io/enable-native-sidecar'] === undefined) {
    optOuts.push({ member: 'NATIVE_SIDECAR', comment: 'daprkit would run daprd as a native sidecar (dapr.io/enable-native-sidecar: "true"), so it stops when the job\'s app exits' });
  }
  const spelled = cron ? 'history limits, suspend, dnsPolicy, ...' : 'dnsPolicy, hostNetwork, terminationGracePeriodSeconds, ...';
  if (!spelledOut) optOuts.push({ member: 'KUBERNETES_DEFAULT_FIELDS', comment: `cdk8s-plus would spell out Kubernetes' defaults (${spelled})` });

  const ownAccount = ownServiceAccount(facts.appId, facts.pod, labelled.labels, ctx);
  const jobProps = props([
    entry('appId', json(facts.appId)),
    pod.containers,
    ...pod.identity,
    ...schedule,
    ...settings,
    Object.keys(labelled.labels).length > 0 ? entry('labels', json(labelled.labels)) : undefined,
    labelled.podLabels ? entry('podLabels', json(labelled.podLabels)) : undefined,
    workloadMetadata.some((e) => e) ? entry('workloadMetadata', props(workloadMetadata)) : undefined,
    ...pod.sidecar,
    serviceAccountEntry(facts.pod, ctx, ownAccount !== undefined),
    ...pod.pod,
    optOuts.length > 0 ? entry('withoutDefaults', array(optOuts.map(optOutExpr))) : undefined,
  ]);
  const id = ctx.chart.ids.take(facts.appId, 'DaprJob');
  statements.push({ declares: variable, expr: construct(daprkit('DaprJob'), scope, json(id), jobProps), unit: object.index });
  const used = ctx.chart.componentsByScope.get(facts.appId) ?? [];
  if (used.length > 0) statements.push({ expr: call(member(ref(variable), 'uses'), ...used.map((c) => ref(c.variable))), unit: object.index });
  if (reads) statements.push(...reads.statements(ref(variable), object.index));

  const objects = [object, ...(ownAccount ? [ownAccount] : []), ...(reads?.objects ?? [])];
  for (const o of objects) ctx.claimed.add(o.index);
  const patchTargets = new Map<number, PatchTarget>([[object.index, { object: ref(variable), method: 'patchWorkload' }]]);
  const metadataOf = new Map<number, Expr>([[object.index, member(member(ref(variable), 'workload'), 'metadata')]]);
  if (ownAccount) {
    const target = serviceAccountTarget(variable);
    patchTargets.set(ownAccount.index, target);
    metadataOf.set(ownAccount.index, member(target.object, 'metadata'));
  }
  return { objects, as: 'DaprJob', variable, statements, patchTargets, metadataOf, phase: Phase.APP, ...(pod.leftOut ? { reason: pod.leftOut } : {}) };
}
