/**
 * Which file and line a finding is about. A finding names its object by `Kind/namespace/name`;
 * when that names one object read, the finding is located at it. When several objects share the
 * id (the same object in `base/` and `prod/`, or unnamed objects of one kind), the finding is
 * located at the copy whose content it is about: the checks run again on each copy in turn (with
 * every other object around it), and a finding that a copy alone produces belongs to that copy.
 * Findings no single copy produces (the duplicate itself) are located at the first copy and name
 * the others. The checks stay unaware of files: this is done here, from their findings alone.
 */
import { resourceId } from '../checks/manifest';
import { LocatedManifest } from '../checks/read-manifests';
import { Finding, Manifest } from '../checks/types';

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** A finding with the file and line of the object it is about. */
export interface LocatedFinding extends Finding {
  readonly file: string;
  readonly line: number;
  /** Other places the finding is about: the other copies of a duplicated object. */
  readonly related?: readonly SourceLocation[];
}

/** Rounds run for objects with copies: a copy beyond this many is located by order only. */
const MAX_ROUNDS = 8;

/** The index named by the shape check's `object #N` resource (objects it could not name). */
function objectNumber(resource: string): number | undefined {
  const m = /^object #(\d+)$/.exec(resource);
  return m ? Number(m[1]) - 1 : undefined;
}

const findingKey = (f: Finding) => JSON.stringify([f.check, f.field, f.message, f.hint]);

/**
 * The findings of `run` over the manifests, each located at the object it is about.
 * `run` must be deterministic in its input (the checks are).
 */
export function locateFindings(read: readonly LocatedManifest[], findings: readonly Finding[], run: (manifests: readonly Manifest[]) => readonly Finding[]): LocatedFinding[] {
  const at = (i: number): SourceLocation => ({ file: read[i].source, line: read[i].line });
  const copies = new Map<string, number[]>();
  read.forEach((m, i) => {
    const id = resourceId(m.manifest);
    const list = copies.get(id);
    if (list) list.push(i);
    else copies.set(id, [i]);
  });

  // Resources with copies that findings are about: which copy produces which finding, round by round.
  const ambiguous = new Set(findings.map((f) => f.resource).filter((r) => (copies.get(r)?.length ?? 0) > 1));
  const produced = new Map<string, Map<string, number[]>>(); // resource → finding key → copies (input indices) producing it
  if (ambiguous.size > 0) {
    const inGroups = new Set([...ambiguous].flatMap((r) => copies.get(r)!));
    const rounds = Math.min(MAX_ROUNDS, [...ambiguous].reduce((most, r) => Math.max(most, copies.get(r)!.length), 0));
    for (let round = 0; round < rounds; round++) {
      const thisRound = new Set([...ambiguous].map((r) => copies.get(r)![round]).filter((i) => i !== undefined));
      const chosen = read.map((_, i) => i).filter((i) => !inGroups.has(i) || thisRound.has(i));
      for (const f of run(chosen.map((i) => read[i].manifest))) {
        const n = objectNumber(f.resource);
        const resource = n !== undefined && chosen[n] !== undefined ? resourceId(read[chosen[n]].manifest) : f.resource;
        if (!ambiguous.has(resource)) continue;
        let byKey = produced.get(resource);
        if (!byKey) produced.set(resource, (byKey = new Map()));
        const key = findingKey(f);
        const list = byKey.get(key) ?? [];
        list.push(copies.get(resource)![round]);
        byKey.set(key, list);
      }
    }
  }

  return findings.map((f) => {
    const n = objectNumber(f.resource);
    if (n !== undefined && read[n]) return { ...f, ...at(n) };
    const list = copies.get(f.resource);
    if (!list) return { ...f, file: '(unknown)', line: 1 };
    if (list.length === 1) return { ...f, ...at(list[0]) };
    if (f.check === 'duplicate-object') {
      const all = list.map(at);
      return { ...f, message: `${f.message} Defined at ${all.map((l) => `${l.file}:${l.line}`).join(', ')}.`, ...all[0], related: all.slice(1) };
    }
    // The copy whose own run produced this finding (each copy's run claims one identical finding).
    const claimants = produced.get(f.resource)?.get(findingKey(f));
    const copy = claimants && claimants.length > 0 ? claimants.shift()! : list[0];
    return { ...f, ...at(copy) };
  });
}
