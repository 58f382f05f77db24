import { DaprkitApp, TodoSystem } from '../index';
import { find, podAnnotations } from './support/synth';
import { validateBuiltinKinds } from './support/validate';

function synthTodo() {
  const app = new DaprkitApp({ onWarnings: () => undefined });
  const system = new TodoSystem(app, 'todo');
  return { system, manifests: app.synthManifests() };
}

describe('todo example system', () => {
  const { system, manifests } = synthTodo();

  test('matches the snapshot, and every built-in object passes kubernetes-models', () => {
    expect(manifests).toMatchSnapshot();
    expect(validateBuiltinKinds(manifests)).toBeGreaterThanOrEqual(4);
  });

  test.each([
    ['todo-api', 8000],
    ['notification-service', 8001],
  ])('%s runs with a sidecar on port %i, with API logging', (appId, port) => {
    const deployment = find(manifests, 'Deployment', appId);
    expect(podAnnotations(deployment)).toMatchObject({
      'dapr.io/enabled': 'true',
      'dapr.io/app-id': appId,
      'dapr.io/app-port': String(port),
      'dapr.io/enable-api-logging': 'true',
    });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ image: `${appId}:latest`, ports: [{ containerPort: port }] });
    expect(find(manifests, 'Service', appId).spec.ports[0]).toMatchObject({ port: 80, targetPort: port });
  });

  test('exposes its apps for composition', () => {
    expect(system.todoApi.appId).toBe('todo-api');
    expect(system.notificationService.appId).toBe('notification-service');
  });
});
