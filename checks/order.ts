/** One order for text on every machine: by Unicode code point, never by the locale (`localeCompare`). */

/** Code-point order of two strings: negative, zero or positive, the same whatever `LANG` says. */
export function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order differs from code-point order only for astral characters against U+E000..U+FFFF.
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
