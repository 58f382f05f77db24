/** Configuration feature flags that Dapr 1.18 does not know (it ignores them, so the feature stays off). */
import { FEATURE_FLAGS, RETIRED_FEATURE_FLAGS } from '../dapr/features';
import { asArray, dig, resourceId } from './manifest';
import { indexManifests } from './dapr-index';
import { didYouMean } from './suggest';
import { Check, Finding } from './types';

export const configurationFeatures: Check = (manifests) => {
  const findings: Finding[] = [];
  for (const config of indexManifests(manifests).objects('Configuration').values()) {
    asArray(dig(config, 'spec', 'features')).forEach((feature, i) => {
      const name = dig(feature, 'name');
      if (typeof name !== 'string' || FEATURE_FLAGS.includes(name)) return;
      const retired = RETIRED_FEATURE_FLAGS.includes(name);
      findings.push({
        check: 'configuration-feature',
        severity: 'warning',
        resource: resourceId(config),
        field: `spec.features[${i}].name`,
        message: retired
          ? `feature "${name}" is no longer a preview flag in Dapr 1.18 (it is always on, or gone); the entry has no effect.`
          : `feature "${name}" is not a feature flag of Dapr 1.18; daprd ignores it and the feature stays off.${didYouMean(name, FEATURE_FLAGS)}`,
        hint: retired ? 'Remove the entry.' : `Use one of ${FEATURE_FLAGS.join(', ')}, or remove the entry.`,
      });
    });
  }
  return findings;
};
