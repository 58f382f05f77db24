/**
 * The `workflow` section of a Dapr Configuration (Dapr 1.18): concurrency limits per sidecar and,
 * enforced by the scheduler, across every replica (in total and per workflow or activity name), and
 * how long finished workflows are kept. daprd ignores a limit of 0 or less; durations are Go
 * durations, `0s` meaning "purge at once".
 *
 * The dapr chart 1.18.0 shipped a CRD without the cross-replica and per-name limits, so the API
 * server dropped them; charts 1.18.1 and later carry them (the `crd-version-field` check warns when
 * the pinned control plane is older).
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { durationText, goDuration } from './duration';
import { compare } from './access-control-policy';
import { Json } from './configuration-sections';
import { reportProblem } from './errors';

/** How long workflow instances are kept once they end, per terminal state. */
export interface WorkflowStateRetention {
  /**
   * For instances that end in any terminal state (the specific ones below take precedence).
   * @default - kept until purged
   */
  readonly anyTerminal?: Duration;
  /** @default - `anyTerminal` */
  readonly completed?: Duration;
  /** @default - `anyTerminal` */
  readonly failed?: Duration;
  /** @default - `anyTerminal` */
  readonly terminated?: Duration;
}

export interface WorkflowOptions {
  /**
   * Workflow invocations one sidecar runs at once; more wait in a queue.
   * @default - no limit
   */
  readonly maxConcurrentWorkflowInvocations?: number;
  /**
   * Activity invocations one sidecar runs at once; more wait in a queue.
   * @default - no limit
   */
  readonly maxConcurrentActivityInvocations?: number;
  /**
   * Workflow invocations across every replica, enforced by the scheduler (chart 1.18.1 or later).
   * @default - no limit
   */
  readonly globalMaxConcurrentWorkflowInvocations?: number;
  /**
   * Activity invocations across every replica, enforced by the scheduler (chart 1.18.1 or later).
   * @default - no limit
   */
  readonly globalMaxConcurrentActivityInvocations?: number;
  /**
   * Limits per workflow name across every replica: name → maximum (chart 1.18.1 or later).
   * @default - none
   */
  readonly workflowConcurrencyLimits?: Readonly<Record<string, number>>;
  /**
   * Limits per activity name across every replica: name → maximum (chart 1.18.1 or later).
   * @default - none
   */
  readonly activityConcurrencyLimits?: Readonly<Record<string, number>>;
  /**
   * Purge finished workflow instances after these durations.
   * @default - instances are kept until purged
   */
  readonly stateRetention?: WorkflowStateRetention;
}

const INT32_MAX = 2 ** 31 - 1;
const LIMITS = ['maxConcurrentWorkflowInvocations', 'maxConcurrentActivityInvocations', 'globalMaxConcurrentWorkflowInvocations', 'globalMaxConcurrentActivityInvocations'] as const;
const RETENTION = ['anyTerminal', 'completed', 'failed', 'terminated'] as const;

const isLimit = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= INT32_MAX;

/**
 * The section as the CRD has it; mistakes are reported on `scope` and the bad values left out
 * (daprd would ignore a limit of 0 or less anyway).
 */
export function renderWorkflow(scope: IConstruct, w: WorkflowOptions): Json {
  const out: { [key: string]: Json } = {};
  const limitProblem = (field: string, value: unknown) =>
    reportProblem(scope, `workflow.${field}`, value, `a whole number from 1 to ${INT32_MAX}`, 'daprd ignores 0 and negative limits; leave the field unset for no limit.');
  for (const key of LIMITS) {
    const value = w[key];
    if (value === undefined) continue;
    if (isLimit(value)) out[key] = value;
    else limitProblem(key, value);
  }
  for (const key of ['workflowConcurrencyLimits', 'activityConcurrencyLimits'] as const) {
    const limits = w[key];
    if (!limits) continue;
    const items = Object.keys(limits)
      .sort(compare)
      .flatMap((name): Json[] => {
        const max = limits[name];
        if (name === '') {
          reportProblem(scope, `workflow.${key}`, name, 'a workflow or activity name', 'name what the limit applies to.');
          return [];
        }
        if (!isLimit(max)) {
          limitProblem(`${key}["${name}"]`, max);
          return [];
        }
        return [{ name, maxConcurrent: max }];
      });
    if (items.length > 0) out[key] = items;
  }
  const retention: { [key: string]: Json } = {};
  for (const key of RETENTION) {
    const d = w.stateRetention?.[key];
    if (d === undefined) continue;
    const ms = d.toMilliseconds({ integral: false });
    if (!Number.isFinite(ms) || ms < 0) {
      reportProblem(scope, `workflow.stateRetention.${key}`, durationText(d), 'a duration of 0 or more', 'Duration.seconds(0) purges at once; leave it unset to keep instances.');
      continue;
    }
    retention[key] = goDuration(d);
  }
  if (Object.keys(retention).length > 0) out.stateRetentionPolicy = retention;
  return out;
}
