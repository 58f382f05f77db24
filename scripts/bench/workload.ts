/**
 * The workload of `npm run bench` (issue 12): per app, a DaprApp (Deployment + Service) with its own
 * Redis state store scoped to it and a Subscription on one shared pub/sub; and the baselines a user
 * would otherwise write, built in the same process.
 */
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Manifest } from '../../checks/types';
import { DaprkitApp } from '../../constructs/app';
import { DaprApp } from '../../constructs/dapr-app';
import { PubSub, StateStore } from '../../constructs/generated';
import { SecretValue } from '../../constructs/secret-value';
import { stringifyYaml } from '../../constructs/yaml-emitter';

const REDIS = 'redis-master.redis.svc.cluster.local:6379';
const quiet = { onWarnings: () => undefined };

/** daprkit: N apps in one chart, or one chart per app (`perApp`). */
export function daprkitApp(n: number, perApp = false): DaprkitApp {
  const app = new DaprkitApp(quiet);
  const shared = new Chart(app, 'shared');
  const redisPassword = SecretValue.fromSecret('redis', 'redis-password');
  const pubsub = PubSub.redis(shared, 'pubsub', { metadata: { redisHost: REDIS, redisPassword } });
  for (let i = 0; i < n; i++) {
    const chart = perApp ? new Chart(app, `chart-${i}`) : shared;
    const appId = `app-${i}`;
    const dapr = new DaprApp(chart, appId, { appId, image: `registry.example.com/${appId}:1.0.0`, appPort: 8080 });
    dapr.uses(StateStore.redis(chart, `${appId}-state`, { metadata: { redisHost: REDIS, redisPassword } }));
    dapr.uses(pubsub);
    dapr.subscribe(pubsub, `orders-${i}`, { route: '/orders' });
  }
  return app;
}

/** The cdk8s-plus-only system: the same Deployments and Services, no Dapr objects, no checks. */
export function cdk8sPlusApp(n: number): App {
  const app = new App();
  const chart = new Chart(app, 'shared');
  for (let i = 0; i < n; i++) {
    const appId = `app-${i}`;
    const deployment = new kplus.Deployment(chart, appId, {
      containers: [{ image: `registry.example.com/${appId}:1.0.0`, ports: [{ number: 8080 }], securityContext: { ensureNonRoot: false } }],
    });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  }
  return app;
}

/** The same objects daprkit writes, as raw ApiObjects in one chart. */
export function rawApiObjectsApp(manifests: readonly Manifest[]): App {
  const app = new App();
  const chart = new Chart(app, 'shared');
  manifests.forEach((m, i) => new ApiObject(chart, `o${i}`, m as never));
  return app;
}

export const synthCdk8s = (app: App): string => app.synthYaml();
/** The floor: serialising the identical plain objects with cdk8s's emitter. */
export const floorCdk8sYaml = (manifests: readonly Manifest[]): string => Yaml.stringify(...manifests);
/** Serialising the identical plain objects with daprkit's emitter. */
export const floorFastYaml = (manifests: readonly Manifest[]): string => stringifyYaml(manifests);
