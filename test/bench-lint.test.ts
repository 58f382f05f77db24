/** The lint benchmark's corpus is realistic and clean (a benchmark over findings would measure the wrong path). No timing here. */
import { benchLint, lintCorpus } from '../scripts/bench-lint';
import { readManifests } from '../checks/read-manifests';

test('the lint benchmark corpus holds exactly N objects and lints clean', () => {
  const { manifests, findings } = readManifests(lintCorpus(103), 'corpus.yaml');
  expect(manifests).toHaveLength(103);
  expect(findings).toEqual([]);
  const result = benchLint(50, 1);
  expect(result.findings).toBe(0);
  expect(result.manifests).toBe(50);
  expect(result.ratio).toBeGreaterThan(0);
});
