/** The Dapr index's lookups, which the checks use instead of scanning all objects. */
import { indexManifests } from '../checks/dapr-index';
import { daprDeployment } from './support/manifests';

const index = indexManifests([
  daprDeployment('orders'),
  daprDeployment('order'),
  daprDeployment('orderz'),
  daprDeployment('border'),
  daprDeployment('checkout'),
  daprDeployment('ordrs', {}, 'shop'),
  daprDeployment('orders', {}, 'shop'),
]);

test('apps one edit away: insert, delete or replace one character, in the namespace asked, sorted', () => {
  expect(index.appIdsOneEditFrom('orders', 'default')).toEqual(['order', 'orderz']);
  expect(index.appIdsOneEditFrom('ordes', 'default')).toEqual(['order', 'orders']);
  expect(index.appIdsOneEditFrom('rder', 'default')).toEqual(['order']);
  expect(index.appIdsOneEditFrom('checkuot', 'default')).toEqual([]); // a swap is two edits
  expect(index.appIdsOneEditFrom('orders', 'shop')).toEqual(['ordrs']);
  expect(index.appIdsOneEditFrom('orders', 'nowhere')).toEqual([]);
  expect(index.appIdsOneEditFrom('x'.repeat(100_000), 'default')).toEqual([]);
});

test('pods and namespaces by app-id', () => {
  expect(index.podsOf('orders', 'shop').map((p) => p.namespace)).toEqual(['shop']);
  expect(index.podsOf('orders', 'elsewhere')).toEqual([]);
  expect(index.namespacesRunning('orders')).toEqual(['default', 'shop']);
  expect(index.hasAppAnywhere('ordrs')).toBe(true);
  expect(index.hasAppAnywhere('payments')).toBe(false);
});
