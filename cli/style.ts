/** Terminal styling: colour only when the stream is a TTY and NO_COLOR is unset, so CI logs stay plain. */
export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (code: number, reset: number) => (s: string) => `\u001b[${code}m${s}\u001b[${reset}m`;

export function styleFor(stream: { isTTY?: boolean }): Style {
  const colour = stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.FORCE_COLOR !== '0';
  if (!colour) return { red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };
  return { red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
