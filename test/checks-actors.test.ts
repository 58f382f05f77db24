/** Actor checks on hand-written YAML: hosts and their actor state store, Resiliency actor targets, daprkit annotations. */
import { runChecks } from '../checks';
import { actorHostStateStores, daprkitAnnotations, resiliencyActorTypes } from '../checks/actors';
import { actorStateStores } from '../checks/components';
import { actorsNeedPlacement } from '../checks/control-plane';
import { Finding, Manifest } from '../checks/types';
import { daprDeployment, daprObject, helmRelease } from './support/manifests';

function store(name: string, options: { type?: string; actor?: string; scopes?: string[]; namespace?: string } = {}): Manifest {
  const metadata = [{ name: 'redisHost', value: 'redis:6379' }, ...(options.actor !== undefined ? [{ name: 'actorStateStore', value: options.actor }] : [])];
  return daprObject('Component', name, { type: options.type ?? 'state.redis', version: 'v1', metadata }, options.scopes ? { scopes: options.scopes } : {}, options.namespace);
}

const host = (appId: string, types: string, extra: Record<string, string> = {}, namespace?: string) =>
  daprDeployment(appId, { 'daprkit.io/actor-types': types, ...extra }, namespace);
const checks = (findings: Finding[], check: string) => findings.filter((f) => f.check === check);

describe('an actor host needs an actor state store it loads', () => {
  test('fails when the host sees no actor state store, naming the host and its annotation', () => {
    const [finding, ...rest] = actorHostStateStores([host('players', 'Player')]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      check: 'component-actor-state-store',
      severity: 'error',
      resource: 'Deployment/default/players',
      field: 'spec.template.metadata.annotations["daprkit.io/actor-types"]',
    });
    expect(finding!.message).toContain('"players" hosts actors (Player) but sees no actor state store');
  });

  test('fails on the misplaced store: the namespace has one, scoped to another app', () => {
    const [finding] = actorHostStateStores([host('players', 'Player'), daprDeployment('lobby'), store('actorstore', { actor: 'true', scopes: ['lobby'] })]);
    expect(finding!.message).toContain('"actorstore" (scoped to lobby) is scoped away from it');
    expect(finding!.hint).toContain('Scope one of them to "players"');
  });

  test('fails on the designated store when it is not marked, scoped elsewhere, or of a type that cannot hold actor state', () => {
    const designated = (name: string) => host('players', 'Player', { 'daprkit.io/actor-state-store': name });
    expect(actorHostStateStores([designated('actorstore'), store('actorstore', { scopes: ['players'] })])[0]!.message).toContain('its state store "actorstore" is not marked as the actor state store');
    expect(actorHostStateStores([designated('actorstore'), store('actorstore', { actor: 'false' })])[0]!.hint).toContain('Set actorStateStore: true on "actorstore"');
    expect(actorHostStateStores([designated('actorstore'), store('actorstore', { actor: 'true', scopes: ['lobby'] })])[0]!.message).toContain('is scoped to lobby, not to "players"');
    // A designated store the manifests do not hold is defined elsewhere: not judged.
    expect(actorHostStateStores([designated('actorstore')])).toEqual([]);
    expect(actorHostStateStores([designated('cache'), store('cache', { type: 'state.memcached' })])[0]!.message).toContain('"cache" (state.memcached) cannot hold actor state');
  });

  test('a workflow host needs one too', () => {
    const [finding] = actorHostStateStores([daprDeployment('orders', { 'daprkit.io/workflows': '{}' })]);
    expect(finding).toMatchObject({ field: 'spec.template.metadata.annotations["daprkit.io/workflows"]' });
    expect(finding!.message).toContain('hosts workflows but sees no actor state store');
  });

  test('passes with an unscoped or scoped actor state store, written with any value daprd reads as true', () => {
    expect(actorHostStateStores([host('players', 'Player'), store('actorstore', { actor: 'true' })])).toEqual([]);
    expect(actorHostStateStores([host('players', 'Player'), store('actorstore', { actor: 'yes', scopes: ['players'] })])).toEqual([]);
    expect(actorHostStateStores([host('players', 'Player'), store('actorstore', { actor: ' On ' })])).toEqual([]);
  });

  test('stays silent for apps that declare no hosting (unknown is not "none")', () => {
    expect(actorHostStateStores([daprDeployment('players')])).toEqual([]);
  });

  test('fails on a host in another namespace than its store', () => {
    expect(actorHostStateStores([host('players', 'Player', {}, 'game'), store('actorstore', { actor: 'true' })])).toHaveLength(1);
  });
});

describe('which state stores can hold actor state (the runtime, not metadata.yaml, decides)', () => {
  test('fails on a store whose code lacks ETag or transactions', () => {
    for (const type of ['state.memcached', 'state.cassandra', 'state.azure.blobstorage', 'state.zookeeper']) {
      expect(actorStateStores([store('s', { type, actor: 'true' })]).map((f) => f.message)).toEqual([expect.stringContaining(`${type} cannot hold actor state`)]);
    }
  });

  test('passes on stores whose code has both, also where metadata.yaml omits the capability (RavenDB, SQLite, etcd)', () => {
    for (const type of ['state.ravendb', 'state.sqlite', 'state.etcd', 'state.redis', 'state.postgres', 'state.in-memory']) {
      expect(actorStateStores([store('s', { type, actor: 'true' })])).toEqual([]);
    }
  });

  test('a truthy value other than "true" makes an actor state store, so two of them clash', () => {
    expect(actorStateStores([store('one', { actor: '1' }), store('two', { actor: 'yes' })])).toHaveLength(1);
  });
});

describe('Resiliency actor targets', () => {
  const resiliency = (types: string[]) =>
    daprObject('Resiliency', 'res', { policies: { timeouts: { fast: '1s' } }, targets: { actors: Object.fromEntries(types.map((t) => [t, { timeout: 'fast' }])) } });

  test('fails (warns) on a type no app of the namespace hosts, with a did-you-mean', () => {
    const findings = resiliencyActorTypes([host('players', 'Player,Room'), resiliency(['Player', 'Plyer'])]);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'resiliency-actor-type', severity: 'warning', resource: 'Resiliency/default/res', field: 'spec.targets.actors["Plyer"]', message: expect.stringContaining('Did you mean "Player"?') }),
    ]);
  });

  test('stays silent when the manifests say nothing about hosted types, and for daprd\'s internal types', () => {
    expect(resiliencyActorTypes([daprDeployment('players'), resiliency(['Plyer'])])).toEqual([]);
    expect(resiliencyActorTypes([host('players', 'Player'), resiliency(['dapr.internal.default.orders.workflow'])])).toEqual([]);
  });

  test('hosting is per namespace', () => {
    expect(resiliencyActorTypes([host('players', 'Player', {}, 'game'), host('other', 'Room'), resiliency(['Player'])])).toHaveLength(1);
  });
});

describe('control plane without placement', () => {
  test('fails when a declared actor or workflow host runs while actors are off', () => {
    const off = helmRelease({ global: { actors: { enabled: false } } });
    const [finding] = actorsNeedPlacement([host('players', 'Player'), daprDeployment('orders', { 'daprkit.io/workflows': '{}' }), off]);
    expect(finding!.message).toContain('Deployment/default/players, Deployment/default/orders use actors');
  });
});

describe('daprkit annotations', () => {
  test('fails (warns) on an annotation the checks cannot read', () => {
    const findings = daprkitAnnotations([
      daprDeployment('a', { 'daprkit.io/workflows': '[1,2]' }),
      daprDeployment('b', { 'daprkit.io/schedules-workflows': '{"appId": "x"}' }),
      daprDeployment('c', { 'daprkit.io/invokes': 'not json' }),
    ]);
    expect(findings.map((f) => [f.check, f.severity, f.resource, f.field])).toEqual([
      ['daprkit-annotation', 'warning', 'Deployment/default/a', 'spec.template.metadata.annotations["daprkit.io/workflows"]'],
      ['daprkit-annotation', 'warning', 'Deployment/default/b', 'spec.template.metadata.annotations["daprkit.io/schedules-workflows"]'],
      ['daprkit-annotation', 'warning', 'Deployment/default/c', 'spec.template.metadata.annotations["daprkit.io/invokes"]'],
    ]);
  });

  test('"true" and names are readable workflow hosting', () => {
    expect(daprkitAnnotations([daprDeployment('a', { 'daprkit.io/workflows': 'true' }), daprDeployment('b', { 'daprkit.io/workflows': '{"workflows":["A"]}' })])).toEqual([]);
  });
});

describe('a realistic actor system lints clean', () => {
  test('host, client, store and resiliency: no actor finding', () => {
    const manifests = [host('players', 'Player', { 'daprkit.io/actor-state-store': 'actorstore' }), daprDeployment('lobby'), store('actorstore', { actor: 'true', scopes: ['players'] })];
    const findings = runChecks(manifests);
    expect(checks(findings, 'component-actor-state-store')).toEqual([]);
    expect(checks(findings, 'daprkit-annotation')).toEqual([]);
  });
});
