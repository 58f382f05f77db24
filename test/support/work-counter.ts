/**
 * Work measured without a clock: the array elements walked while a function runs, through the
 * array methods (filter, some, find, includes, map, …) and through iteration (`for … of`, spread).
 * Linear work grows about 4x for 4x the input; a scan per element grows 16x.
 */
const SCANNING_METHODS = ['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'includes', 'indexOf', 'lastIndexOf', 'map', 'forEach', 'flatMap', 'reduce'] as const;

export function elementsWalked(fn: () => unknown): number {
  let walked = 0;
  const proto = Array.prototype as unknown as Record<string | symbol, (...args: unknown[]) => unknown>;
  const originals = [...SCANNING_METHODS, Symbol.iterator].map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      walked += this.length;
      return original.apply(this, args);
    };
  }
  try {
    fn();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return walked;
}
