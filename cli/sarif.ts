/**
 * SARIF 2.1.0 for `daprkit lint --format sarif`, valid for any file name, so code-scanning UIs show
 * the findings on the object's line:
 * - a file under the working directory is a relative reference resolved against
 *   `originalUriBaseIds.SRCROOT` (the working directory); one outside it an absolute `file:` URI;
 *   every path segment is percent-encoded (RFC 3986), so spaces, `#`, `%`, `?` and non-ASCII
 *   characters stay one path;
 * - standard input is `stdin` under the base id `STDIN`, and a `git:<ref>:<path>` input is its path
 *   under the base id `GIT:<ref>`; both bases are described, without a location on disk;
 * - skipped files and documents are tool execution notifications of the one invocation.
 */
import * as path from 'path';
import { CHECK_CATALOG } from '../checks/catalog-of-checks';
import { ReadNotice } from '../checks/read-manifests';
import { jsonText } from './escape';
import { LocatedFinding, SourceLocation } from './locations';

/** What the formatter needs of a lint run. */
export interface SarifInput {
  readonly findings: readonly LocatedFinding[];
  readonly notices: readonly ReadNotice[];
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/** Replaces lone surrogates (which no URI can encode) with U+FFFD. */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** A path as a URI path: each segment percent-encoded (only unreserved characters and sub-delimiters stay). */
export function uriPath(segments: readonly string[]): string {
  return segments.map((s) => encodeURIComponent(wellFormed(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

/** `file:///abs/path/` for a folder, `file:///abs/file` for a file (POSIX or Windows absolute paths). */
export function fileUri(absolute: string, folder = false): string {
  const posix = absolute.split(path.sep).join('/');
  const segments = posix.replace(/^\/+/, '').split('/');
  // A Windows drive letter stays as written (`C:`), as RFC 8089 shows it.
  const encoded = segments.map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : uriPath([s])));
  return `file:///${encoded.join('/')}${folder && !posix.endsWith('/') ? '/' : ''}`;
}

const GIT_SOURCE = /^git:([^:]*):([\s\S]*)$/;

/** Where a source (a file path, `-`, or `git:<ref>:<path>`) is, as a SARIF artifact location. */
export function artifactLocation(source: string, cwd: string): ArtifactLocation {
  if (source === '-') return { uri: 'stdin', uriBaseId: 'STDIN' };
  const git = GIT_SOURCE.exec(source);
  if (git) return { uri: uriPath(git[2].split('/').filter((s) => s !== '')) || '.', uriBaseId: `GIT:${git[1]}` };
  const absolute = path.resolve(cwd, source);
  const relative = path.relative(cwd, absolute);
  if (relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) return { uri: uriPath(relative.split(path.sep)), uriBaseId: 'SRCROOT' };
  return { uri: fileUri(absolute) };
}

/** The base ids the locations use: SRCROOT is the working directory; STDIN and git revisions have no place on disk. */
function baseIds(locations: readonly ArtifactLocation[], cwd: string): Record<string, unknown> {
  const bases: Record<string, unknown> = { SRCROOT: { uri: fileUri(cwd, true), description: { text: 'The working directory daprkit ran in.' } } };
  for (const l of locations) {
    if (l.uriBaseId === 'STDIN') bases.STDIN = { description: { text: 'The standard input of the daprkit run (not a file).' } };
    else if (l.uriBaseId?.startsWith('GIT:')) {
      Object.defineProperty(bases, l.uriBaseId, { value: { description: { text: `The repository's tree at git revision ${l.uriBaseId.slice(4)}.` } }, enumerable: true, writable: true, configurable: true });
    }
  }
  return bases;
}

function physical(where: SourceLocation, cwd: string, column?: number) {
  return { artifactLocation: artifactLocation(where.file, cwd), region: column === undefined ? { startLine: Math.max(1, where.line) } : { startLine: Math.max(1, where.line), startColumn: Math.max(1, column) } };
}

/** The SARIF region column of a syntax error (its field reads `line L, column C`). */
function columnOf(f: LocatedFinding): number | undefined {
  const column = f.check === 'yaml-syntax' ? /column (\d+)$/.exec(f.field)?.[1] : undefined;
  return column === undefined ? undefined : Number(column);
}

/** SARIF 2.1.0 of a lint run. */
export function formatSarif(result: SarifInput, version: string, cwd: string = process.cwd()): string {
  const ids = [...new Set(result.findings.map((f) => f.check))].sort();
  const results = result.findings.map((f) => ({
    ruleId: f.check,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: `${f.resource === f.file ? '' : `${f.resource} `}${f.field}: ${f.message} Fix: ${f.hint}` },
    locations: [{ physicalLocation: physical(f, cwd, columnOf(f)) }],
    ...(f.related && f.related.length > 0 ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r, cwd), message: { text: 'Another copy of the object.' } })) } : {}),
  }));
  const notifications = result.notices.map((n) => ({
    level: 'warning',
    message: { text: `${n.source}:${n.line}: ${n.message}` },
    locations: [{ physicalLocation: physical({ file: n.source, line: n.line }, cwd) }],
  }));
  const used = [...result.findings.flatMap((f) => [f, ...(f.related ?? [])]), ...result.notices.map((n) => ({ file: n.source, line: n.line }))].map((l) => artifactLocation(l.file, cwd));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'daprkit',
            version,
            informationUri: 'https://github.com/daprkit/daprkit',
            rules: ids.map((id) => ({ id, shortDescription: { text: (Object.prototype.hasOwnProperty.call(CHECK_CATALOG, id) ? CHECK_CATALOG[id]?.catches : undefined) ?? id } })),
          },
        },
        originalUriBaseIds: baseIds(used, cwd),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return jsonText(sarif);
}
