import * as fs from 'fs';
import * as path from 'path';
import { DAPR_CHART_TOP_LEVEL_KEYS, DAPR_CHART_VALUES } from '../dapr/control-plane';
import { referenceDir } from '../scripts/catalog/reference';
import { CHART_VALUES_FILE, generateChartValues } from '../scripts/generate-chart-values';

const repoRoot = path.resolve(__dirname, '..');
// The reference data lives outside the repository; on a plain clone the generator test is skipped.
const withReference = fs.existsSync(path.join(referenceDir(), 'chart', 'values.yaml')) ? test : test.skip;

describe('chart values generator', () => {
  withReference('regenerating gives a byte-identical file (run `npm run generate:chart` after changing the generator)', () => {
    expect(fs.readFileSync(path.join(repoRoot, CHART_VALUES_FILE), 'utf8')).toBe(generateChartValues());
  });

  test('holds global and every subchart, with the defaults the checks assume', () => {
    expect([...DAPR_CHART_TOP_LEVEL_KEYS].sort()).toEqual(['dapr_config', 'dapr_operator', 'dapr_placement', 'dapr_rbac', 'dapr_scheduler', 'dapr_sentry', 'dapr_sidecar_injector', 'global']);
    expect(DAPR_CHART_VALUES.global.mtls.enabled).toBe(true);
    expect(DAPR_CHART_VALUES.global.actors.enabled).toBe(true);
    expect(DAPR_CHART_VALUES.global.ha).toMatchObject({ enabled: false, replicaCount: 3 });
    expect(DAPR_CHART_VALUES.dapr_config.dapr_default_system_config_name).toBe('daprsystem');
  });
});
