/**
 * What reading one input yields before any YAML is parsed: texts as bytes (decoded by the reader,
 * whatever their encoding), findings for what is refused (over the byte bound), and notices for
 * what is skipped on purpose (a link out of the folder, a FIFO, a submodule). Nothing read or
 * skipped goes unreported.
 */
import { ReadNotice } from '../checks/read-manifests';
import { Finding } from '../checks/types';

export type InputPart =
  | { readonly kind: 'bytes'; readonly source: string; readonly bytes: Uint8Array }
  | { readonly kind: 'text'; readonly source: string; readonly text: string }
  | { readonly kind: 'finding'; readonly finding: Finding }
  | { readonly kind: 'notice'; readonly notice: ReadNotice };

/** File names the folder readers take: YAML and JSON. */
export const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export const skipped = (source: string, message: string): InputPart => ({ kind: 'notice', notice: { source, line: 1, message: `skipped: ${message}` } });

/** Orders names by code point (UTF-8 byte order), the same in every locale. */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
