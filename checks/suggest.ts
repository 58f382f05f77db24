/** "Did you mean" suggestions for misspelled keys. */

/**
 * Levenshtein distance, iterative with two rows. With `max`, stops as soon as the distance must
 * exceed it and returns `max + 1`.
 */
export function editDistance(a: string, b: string, max: number = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Inputs longer than this get no suggestion. */
const MAX_SUGGEST_LENGTH = 256;

/**
 * The closest candidate to `input`, if it is close enough to be a plausible typo
 * (at most a third of the input's length, and at least 2 edits allowed). Case is ignored.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  // No typo is that long; the edit distance is quadratic, so hostile input must not reach it.
  if (typeof input !== 'string' || input.length > MAX_SUGGEST_LENGTH) return undefined;
  const needle = input.toLowerCase();
  const budget = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // A length gap beyond the budget is beyond it in edits too.
    if (typeof candidate !== 'string' || Math.abs(candidate.length - needle.length) > budget) continue;
    const d = editDistance(needle, candidate.toLowerCase(), Math.min(budget, bestDistance));
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** ` Did you mean "x"?` or the empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closest(input, candidates);
  return match ? ` Did you mean "${match}"?` : '';
}
