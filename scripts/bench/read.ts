/**
 * Section "read": the manifest reader is linear in a map's key count. One ConfigMap of N keys
 * against the same N keys in ConfigMaps of 1,000 (same bytes, give or take the headers), for
 * N = 10,000, 100,000 and 300,000 (10,000 and 30,000 in a quick run). Goal: one map at most 1.5x
 * the many maps. The duplicate-key check used to compare each key with every earlier one of its
 * map: 40,000 keys took 10.8 s, 300,000 did not finish in 5 minutes.
 */
import { readManifests } from '../../checks/read-manifests';
import { BenchOptions, BenchRow, BenchSection, interleavedMedians } from './harness';

/** Keys per map in the baseline. */
export const KEYS_PER_SMALL_MAP = 1_000;

const entries = (from: number, count: number) => Array.from({ length: count }, (_, i) => `  key-${from + i}: value-${from + i}`).join('\n');

/** One ConfigMap holding `keys` data keys. */
export function oneMapOf(keys: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${entries(0, keys)}\n`;
}

/** The same keys in ConfigMaps of KEYS_PER_SMALL_MAP keys each. */
export function smallMapsOf(keys: number): string {
  const docs: string[] = [];
  for (let from = 0; from < keys; from += KEYS_PER_SMALL_MAP) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: part-${from}\ndata:\n${entries(from, Math.min(KEYS_PER_SMALL_MAP, keys - from))}\n`);
  }
  return docs.join('---\n');
}

/** Key counts measured: the 10k / 100k / 300k, smaller in a quick run. */
export function keyCounts(options: BenchOptions): number[] {
  return Math.max(...options.ns) >= 1000 ? [10_000, 100_000, 300_000] : [10_000, 30_000];
}

function run(options: BenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const keys of keyCounts(options)) {
    // The small reads are short, so a slow stretch of a shared machine moves them most: more runs.
    const runs = keys >= 300_000 ? Math.max(1, Math.min(options.runs, 3)) : Math.max(options.runs, 7);
    const [one, small] = [oneMapOf(keys), smallMapsOf(keys)];
    const [oneMs, smallMs] = interleavedMedians(runs, [() => readManifests(one, 'one.yaml'), () => readManifests(small, 'small.yaml')]);
    rows.push(
      { section: 'read', n: keys, label: `one map of ${keys} keys (${(one.length / 1e6).toFixed(1)} MB)`, medianMs: oneMs, perAppMs: oneMs / keys, ratios: { 'one map/maps of 1,000': oneMs / smallMs } },
      { section: 'read', n: keys, label: `maps of ${KEYS_PER_SMALL_MAP} keys (${(small.length / 1e6).toFixed(1)} MB)`, medianMs: smallMs, perAppMs: smallMs / keys, ratios: {} },
    );
  }
  return rows;
}

export const readSection: BenchSection = { name: 'read', run };
