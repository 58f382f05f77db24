/**
 * Bytes to text the way YAML 1.2 (§5.2) says a stream's encoding is found: a byte order mark
 * names it (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); without one, the pattern of zero bytes in front of
 * the first (ASCII) character does; else UTF-8. Windows editors save UTF-16 with a BOM, which used
 * to read as garbage ("not a Kubernetes object").
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
  /**
   * Where the first byte sequence that is not valid in the encoding was (it reads as U+FFFD):
   * 1-based line and column of the decoded text. Undefined when every byte was valid.
   */
  readonly malformedAt?: { readonly line: number; readonly column: number };
}

/** The encoding of a YAML stream from its first four bytes, and how many of them are a BOM. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncodingName; bom: number } {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', bom: 4 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes.length >= 4 && a === 0x00 && b === 0x00 && c === 0x00 && d !== 0x00) return { encoding: 'utf-32be', bom: 0 };
  if (bytes.length >= 4 && a !== 0x00 && b === 0x00 && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', bom: 0 };
  if (bytes.length >= 2 && a === 0x00 && b !== 0x00) return { encoding: 'utf-16be', bom: 0 };
  if (bytes.length >= 2 && a !== 0x00 && b === 0x00) return { encoding: 'utf-16le', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): { text: string; malformed: boolean } {
  let malformed = bytes.length % 4 !== 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    const valid = code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    malformed ||= !valid;
    chunk.push(valid ? code : 0xfffd);
    if (chunk.length === 4096) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (bytes.length % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return { text: parts.join(''), malformed };
}

/** Line and column of the first U+FFFD: the first replaced sequence (a U+FFFD written as such before it is rare enough). */
function replacementAt(text: string): { line: number; column: number } {
  const at = text.indexOf('\ufffd');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: at - lineStart + 1 };
}

/**
 * Decodes a YAML or JSON file's bytes (the BOM is dropped; malformed sequences become U+FFFD, and
 * `malformedAt` says where the first one was: Kubernetes' and daprd's YAML decoders refuse them).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') {
    const { text, malformed } = decodeUtf32(body, encoding === 'utf-32le');
    return { text, encoding, ...(malformed ? { malformedAt: replacementAt(text) } : {}) };
  }
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(body), encoding };
  } catch {
    const text = new TextDecoder(encoding).decode(body);
    return { text, encoding, malformedAt: replacementAt(text) };
  }
}
