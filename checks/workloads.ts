/**
 * The checks of the workload kinds beyond a plain Deployment (issue 18): Jobs and CronJobs,
 * StatefulSets, secret readers, shutdown, in-code subscriptions and autoscalers. One list, so
 * `ALL_CHECKS` takes them with one line.
 */
import { autoscalerReplicas } from './autoscaling';
import { subscriptionDeclaredTwice } from './in-code-subscriptions';
import { cronSchedule, jobNativeSidecar } from './jobs';
import { secretScopeStore, secretStoreToken } from './secrets-access';
import { shutdownGracePeriod } from './shutdown';
import { Check } from './types';

export const workloadChecks: readonly Check[] = [jobNativeSidecar, cronSchedule, shutdownGracePeriod, secretStoreToken, secretScopeStore, subscriptionDeclaredTwice, autoscalerReplicas];
