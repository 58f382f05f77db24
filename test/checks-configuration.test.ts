import { configurationChecks, configurationDurations, configurationExists, configurationMiddleware, configurationSamplingRate } from '../checks/configuration';
import { runChecks } from '../checks';
import { Configuration } from '../constructs/configuration';
import { Component } from '../constructs/component';
import { DaprApp } from '../constructs/dapr-app';
import { ComponentType } from '../constructs/generated/component-types';
import { daprDeployment, daprObject } from './support/manifests';
import { synth } from './support/synth';

describe('configuration checks', () => {
  test('pass on what the constructs write', () => {
    const manifests = synth((chart) => {
      const mw = new Component(chart, 'mw', { name: 'ratelimit', type: ComponentType.MIDDLEWARE_HTTP_RATELIMIT, metadata: { maxRequestsPerSecond: 5 } });
      const config = new Configuration(chart, 'c', { name: 'appconfig', tracing: { samplingRate: 0.5 }, httpPipeline: [mw], appHttpPipeline: [mw] });
      new DaprApp(chart, 'a', { appId: 'a', image: 'a:1', config });
    });
    expect(runChecks(manifests, configurationChecks)).toEqual([]);
  });

  test('fails when dapr.io/config names no Configuration in the pod\'s namespace', () => {
    const findings = configurationExists([daprDeployment('orders', { 'dapr.io/config': 'appconfg' }, 'shop'), daprObject('Configuration', 'appconfig', {}, {}, 'shop'), daprObject('Configuration', 'other', {})]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        resource: 'Deployment/shop/orders',
        field: 'spec.template.metadata.annotations["dapr.io/config"]',
        message: expect.stringContaining('names Configuration "appconfg", which does not exist in namespace "shop"'),
      }),
    ]);
    expect(findings[0].message).toContain('Did you mean "appconfig"?');
  });

  test('warns when a pipeline handler names no middleware Component in the namespace: daprd skips it', () => {
    const findings = configurationMiddleware([
      daprObject('Configuration', 'c', { httpPipeline: { handlers: [{ name: 'ratelimt', type: 'middleware.http.ratelimit' }] } }),
      daprObject('Component', 'ratelimit', { type: 'middleware.http.ratelimit', version: 'v1', metadata: [] }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', resource: 'Configuration/default/c', field: 'spec.httpPipeline.handlers[0].name', message: expect.stringContaining('Handler "ratelimt" names no Component in namespace "default"; daprd skips the handler') }),
    ]);
    expect(findings[0].message).toContain('Did you mean "ratelimit"?');
  });

  test('fails when a handler names a Component that is not middleware, or with another type', () => {
    const findings = configurationMiddleware([
      daprObject('Configuration', 'c', {
        appHttpPipeline: { handlers: [{ name: 'statestore', type: 'middleware.http.x' }, { name: 'bearer', type: 'middleware.http.oauth2' }] },
      }),
      daprObject('Component', 'statestore', { type: 'state.redis', version: 'v1', metadata: [] }),
      daprObject('Component', 'bearer', { type: 'middleware.http.bearer', version: 'v1', metadata: [] }),
    ]);
    expect(findings.map((f) => [f.field, f.message])).toEqual([
      ['spec.appHttpPipeline.handlers[0].name', expect.stringContaining('Component "statestore" of type "state.redis", which is not middleware')],
      ['spec.appHttpPipeline.handlers[1].type', expect.stringContaining('type "middleware.http.oauth2", but Component "bearer" is "middleware.http.bearer"')],
    ]);
  });

  test('warns when a handler asks for another version than the Component has (empty means v1)', () => {
    const config = (version?: string) => daprObject('Configuration', 'c', { httpPipeline: { handlers: [{ name: 'rl', type: 'middleware.http.ratelimit', ...(version ? { version } : {}) }] } });
    const component = (version: string) => daprObject('Component', 'rl', { type: 'middleware.http.ratelimit', version, metadata: [] });
    expect(configurationMiddleware([config(), component('v1')])).toEqual([]);
    expect(configurationMiddleware([config('v1'), component('v1')])).toEqual([]);
    expect(configurationMiddleware([config('v2'), component('v1')]).map((f) => [f.severity, f.field, f.message])).toEqual([
      ['warning', 'spec.httpPipeline.handlers[0].version', expect.stringContaining('asks for version "v2", but Component "rl" is version "v1"')],
    ]);
  });

  test.each([['1.5'], ['abc'], ['-0.1']])('fails on sampling rate %s', (rate) => {
    expect(configurationSamplingRate([daprObject('Configuration', 'c', { tracing: { samplingRate: rate } })])).toEqual([
      expect.objectContaining({ severity: 'error', resource: 'Configuration/default/c', field: 'spec.tracing.samplingRate', message: `samplingRate "${rate}" is not a number from 0 to 1.` }),
    ]);
  });

  test('fails on a sampling rate that is a number rather than a string', () => {
    expect(configurationSamplingRate([daprObject('Configuration', 'c', { tracing: { samplingRate: 1 } })])[0].message).toBe('samplingRate 1 is not a string.');
  });

  test('accepts sampling rates Go parses', () => {
    const rates = ['0', '1', '0.25', '1e-3', '.5'];
    expect(configurationSamplingRate(rates.map((r, i) => daprObject('Configuration', `c${i}`, { tracing: { samplingRate: r } })))).toEqual([]);
  });

  test('fails on a certificate TTL that is not a Go duration', () => {
    expect(configurationDurations([daprObject('Configuration', 'c', { mtls: { enabled: true, workloadCertTTL: '1 day' } })])).toEqual([
      expect.objectContaining({ field: 'spec.mtls.workloadCertTTL', message: '"1 day" is not a Go duration.' }),
    ]);
  });
});
