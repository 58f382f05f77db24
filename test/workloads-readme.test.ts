/**
 * The README's workload programs (issue 18) synthesize, with every check, to the objects the
 * README describes: each ```ts block of the "Workloads" section is transpiled and run with
 * `daprkit` resolved to this repository and `app.synth()` captured instead of writing files.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as daprkit from '../index';
import { Finding, Manifest } from '../checks/types';
import { validateBuiltinKinds } from './support/validate';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Workloads: jobs, StatefulSets'), readme.indexOf('## Components, subscriptions, endpoints'));
const blocks = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

/** Runs one block; returns what its `app.synth()` synthesized and warned about. */
function run(code: string): { manifests: Manifest[]; warnings: readonly Finding[] } {
  const result: { manifests: Manifest[]; warnings: readonly Finding[] } = { manifests: [], warnings: [] };
  class CapturingApp extends daprkit.DaprkitApp {
    constructor() {
      super({ onError: 'throw', onWarnings: (_r, findings) => (result.warnings = findings) });
    }
    public synth(): void {
      result.manifests = this.synthManifests();
    }
  }
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const fake = { ...daprkit, DaprkitApp: CapturingApp };
  new Function('require', 'exports', js)((id: string) => (id === 'daprkit' ? fake : require(id)), {});
  return result;
}

const find = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.metadata?.name === name) as Manifest & Record<string, any>;

describe('README: workloads', () => {
  test('the section has the three programs', () => {
    expect(blocks).toHaveLength(3);
  });

  test('jobs: a CronJob with the native sidecar, scoped to its store, invoking the ledger', () => {
    const { manifests, warnings } = run(blocks[0]);
    expect(warnings).toEqual([]);
    validateBuiltinKinds(manifests);
    const cron = find(manifests, 'CronJob', 'nightly-report');
    expect(cron.spec.schedule).toBe('30 2 * * 1-5');
    expect(cron.spec.jobTemplate.spec.template.metadata.annotations['dapr.io/enable-native-sidecar']).toBe('true');
    expect(find(manifests, 'Configuration', 'ledger-config').spec.accessControl.policies[0].appId).toBe('nightly-report');
  });

  test('StatefulSet, secrets, health and shutdown', () => {
    const { manifests, warnings } = run(blocks[1]);
    expect(warnings).toEqual([]);
    validateBuiltinKinds(manifests);
    const sts = find(manifests, 'StatefulSet', 'ledger');
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(50);
    expect(sts.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/healthz');
    expect(find(manifests, 'Role', 'ledger-secret-reader').rules[0].resourceNames).toEqual(['ledger-db', 'partner-api-key']);
    expect(find(manifests, 'Service', 'ledger-headless').spec.clusterIP).toBe('None');
  });

  test('in-code subscriptions and autoscaling', () => {
    const { manifests, warnings } = run(blocks[2]);
    expect(warnings).toEqual([]);
    validateBuiltinKinds(manifests);
    expect(find(manifests, 'ScaledObject', 'orders').spec.triggers[0].metadata).toMatchObject({ stream: 'orders', consumerGroup: 'orders', lagCount: '50' });
    expect(find(manifests, 'HorizontalPodAutoscaler', 'web').spec.minReplicas).toBe(2);
    expect(find(manifests, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
  });
});
