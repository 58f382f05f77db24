/** The README's actor service, end to end: it must synthesize with zero findings. */
import { Chart, Duration } from 'cdk8s';
import { runChecks } from '../checks';
import { DaprApp, DaprkitApp, HttpVerb, ResiliencyPolicy, SecretValue, StateStore } from '../index';
import { find, podAnnotations } from './support/synth';
import { readmeProgram } from './support/readme-program';
import { validateBuiltinKinds } from './support/validate';

function gameSystem(): { manifests: ReturnType<DaprkitApp['synthManifests']>; warnings: string[] } {
  const warnings: string[] = [];
  const app = new DaprkitApp({ onWarnings: (report) => warnings.push(report) });
  // --- the README's program, verbatim ---
  const chart = new Chart(app, 'game', { namespace: 'game' });
  const actorStore = StateStore.redis(chart, 'actorstore', {
    metadata: { redisHost: 'redis-master.game.svc.cluster.local:6379', redisPassword: SecretValue.fromSecret('redis', 'redis-password'), actorStateStore: true },
  });
  const players = new DaprApp(chart, 'players', {
    appId: 'players', image: 'players:1.0', appPort: 8080, replicas: 3,
    sidecar: { actorsDisseminateTimeout: Duration.seconds(30) },
  });
  players.hostsActors(['Player'], { stateStore: actorStore });
  const lobby = new DaprApp(chart, 'lobby', { appId: 'lobby', image: 'lobby:1.0', appPort: 8080 });
  lobby.invokes(players, { operations: [{ path: '/status', verbs: [HttpVerb.GET] }] });
  const resiliency = new ResiliencyPolicy(chart, 'resiliency', { name: 'game-resiliency', scopes: [lobby] });
  resiliency.forActor('Player', { timeout: resiliency.addTimeout('actor', Duration.seconds(5)) });
  // --- end of the README's program ---
  return { manifests: app.synthManifests(), warnings };
}

describe('the README actor service', () => {
  const { manifests, warnings } = gameSystem();

  test('synthesizes with zero findings and valid built-in objects', () => {
    expect(warnings).toEqual([]);
    expect(runChecks(manifests)).toEqual([]);
    expect(validateBuiltinKinds(manifests)).toBeGreaterThan(0);
  });

  test('is the README\'s program', () => {
    const { readme, test: program } = readmeProgram("players.hostsActors(['Player']", __filename);
    expect(program).toEqual(readme.filter((l) => l !== 'const app = new DaprkitApp();'));
  });

  test('the actor host has the actor state store, its types, replicas and placement timing', () => {
    const store = find(manifests, 'Component', 'actorstore');
    expect(store.scopes).toEqual(['players']);
    expect(store.spec.metadata).toContainEqual({ name: 'actorStateStore', value: 'true' });
    const players = find(manifests, 'Deployment', 'players');
    expect(players.spec.replicas).toBe(3);
    expect(podAnnotations(players)['dapr.io/actors-disseminate-timeout']).toBe('30s');
    expect(podAnnotations(players)['daprkit.io/actor-types']).toBe('Player');
    expect(podAnnotations(players)['daprkit.io/actor-state-store']).toBe('actorstore');
    expect(find(manifests, 'Resiliency', 'game-resiliency').spec.targets.actors.Player).toEqual({ timeout: 'actor' });
  });
});
