/**
 * Where the command line's manifests come from: files, folders (recursively), `-` for stdin, and
 * `git:<ref>:<path>` (read through git, no checkout). Every input is read within the reader's byte
 * bound (cli/local-inputs.ts, cli/git-inputs.ts), decoded by its byte order mark (UTF-8, UTF-16,
 * UTF-32) and parsed by the bounded reader, so unreadable or hostile input becomes a finding, a
 * notice or a usage error (exit 2), never a crash or a hang.
 */
import { DEFAULT_READ_LIMITS, LocatedManifest, ReadNotice, readFinding, readManifests } from '../checks/read-manifests';
import { DecodedText, decodeText } from '../checks/text-encoding';
import { Finding } from '../checks/types';
import { gitParts, isGitInput } from './git-inputs';
import { InputPart } from './input-parts';
import { pathParts, stdinParts } from './local-inputs';
import { UsageError } from './usage-error';

export { UsageError } from './usage-error';

/** Manifests read from one or more inputs, with the reader's findings and notices. */
export interface Inputs {
  readonly manifests: LocatedManifest[];
  readonly findings: Finding[];
  readonly notices: ReadNotice[];
}

/** Bytes read per file, per blob and from standard input (the reader's bound). */
export const MAX_INPUT_BYTES = DEFAULT_READ_LIMITS.maxBytes;

/** The parts behind one input: texts (as bytes), and findings and notices for what was refused or skipped. */
export function inputParts(input: string, readStdin?: () => string | Uint8Array): Iterable<InputPart> {
  if (input === '-') return stdinParts(MAX_INPUT_BYTES, readStdin);
  if (isGitInput(input)) return gitParts(input, MAX_INPUT_BYTES);
  if (input === '') throw new UsageError('an empty input name; give a file, a folder, - or git:<ref>:<path>.');
  return pathParts(input, MAX_INPUT_BYTES);
}

/**
 * Bytes that are not valid in the file's encoding (read as U+FFFD). YAML decoders (kubectl's,
 * daprd's) refuse the file: an error. A JSON decoder reads them as U+FFFD, so the object is applied
 * with other text than the file seems to hold: a warning.
 */
function malformedTextFinding(source: string, text: string, decoded: DecodedText): Finding {
  const { line, column } = decoded.malformedAt!;
  const json = /^\s*[{[]/.test(text);
  const encoding = decoded.encoding.toUpperCase();
  const finding = readFinding(
    source,
    line,
    column,
    json
      ? `bytes that are not valid ${encoding} (read as U+FFFD): a JSON decoder applies them as U+FFFD, not as the text they were meant to be.`
      : `bytes that are not valid ${encoding} (read as U+FFFD): kubectl and daprd refuse to decode the file.`,
    'Save the file as UTF-8 (a legacy encoding such as Latin-1 is not read as such).',
  );
  return json ? { ...finding, severity: 'warning' } : finding;
}

/** Reads every input into manifests (`readStdin` stands in for standard input, in tests). */
export function readInputs(inputs: readonly string[], readStdin?: () => string | Uint8Array): Inputs {
  const result: Inputs = { manifests: [], findings: [], notices: [] };
  for (const input of inputs) {
    for (const part of inputParts(input, readStdin)) {
      if (part.kind === 'finding') result.findings.push(part.finding);
      else if (part.kind === 'notice') result.notices.push(part.notice);
      else {
        const decoded = part.kind === 'text' ? undefined : decodeText(part.bytes);
        const text = part.kind === 'text' ? part.text : decoded!.text;
        if (decoded?.malformedAt) result.findings.push(malformedTextFinding(part.source, text, decoded));
        const read = readManifests(text, part.source);
        for (const m of read.manifests) result.manifests.push(m);
        for (const f of read.findings) result.findings.push(f);
        for (const n of read.notices) result.notices.push(n);
      }
    }
  }
  return result;
}
