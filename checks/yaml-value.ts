/**
 * A composed YAML document to plain JSON-like values, in one iterative pass (no recursion, so no
 * stack to overflow), linear in the document plus what its aliases add. It replaces the `yaml`
 * package's `toJS`, whose alias resolution scans every earlier anchor per alias (16,000 aliases
 * took 10 s) and whose duplicate-key check compares every key with every earlier one.
 *
 * What it reads the way Kubernetes' YAML reader (go-yaml, behind `kubectl` and the API server)
 * does, where the `yaml` package's YAML 1.2 defaults differ:
 * - merge keys (`<<: *defaults`, YAML's merge-key type, which go-yaml implements) merge: keys
 *   written in the map win, then earlier sources;
 * - a plain number too large for a double (`1e400`) stays the text as written, a string, instead
 *   of becoming Infinity (which JSON prints as `null`).
 * Keys are set as own properties, `__proto__` included: never through a prototype setter.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar } from 'yaml';

export interface ValueLimits {
  /** Most nodes aliases may add to one document (each alias adds the size of the value it repeats). */
  readonly maxAliasNodes: number;
  /** Deepest nesting of the value once aliases are expanded. */
  readonly maxDepth: number;
}

/** Something that stops a document from being read as a value, at a source offset. */
export interface ValueProblem {
  readonly offset: number;
  readonly kind: 'duplicate-key' | 'collection-key' | 'alias' | 'merge' | 'bound';
  readonly message: string;
  readonly hint: string;
  /** For an alias without its anchor: the anchor's name. */
  readonly alias?: string;
}

export interface DocumentValue {
  /** The document's value; undefined when a problem stops the reading. */
  readonly value?: unknown;
  readonly problems: ValueProblem[];
  /** Names of the anchors the document defines. */
  readonly anchors: string[];
}

/** An anchored value; `size` and `depth` count it with its own aliases expanded. */
interface Anchor {
  readonly value: unknown;
  size: number;
  depth: number;
  complete: boolean;
}

/** A collection being filled. */
interface Frame {
  readonly target: Record<string, unknown> | unknown[];
  readonly items: readonly unknown[];
  index: number;
  size: number;
  depth: number;
  readonly anchor?: Anchor;
  /** Map frames: keys written in the map (for duplicates) and merge sources, applied at the end. */
  readonly keys?: Map<string, number>;
  readonly merges?: { readonly value: unknown; readonly offset: number }[];
}

/** YAML's spellings of infinity and not-a-number: anything else non-finite overflowed. */
const NON_FINITE_SPELLING = /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value === 'number' && !Number.isFinite(value) && node.type === Scalar.PLAIN && typeof node.source === 'string' && !NON_FINITE_SPELLING.test(node.source)) {
    return node.source;
  }
  return value;
}

const offsetOf = (node: unknown, fallback: number): number => ((node as Node | null)?.range?.[0] ?? fallback);

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads a composed document (without errors) into a plain value; `lineOf` turns an offset into a line for messages. */
export function documentValue(doc: Document.Parsed, limits: ValueLimits, lineOf: (offset: number) => number = () => 0): DocumentValue {
  const problems: ValueProblem[] = [];
  const anchors = new Map<string, Anchor>();
  const stack: Frame[] = [];
  let aliasNodes = 0;
  let stop = false;
  const fail = (problem: ValueProblem) => {
    problems.push(problem);
    if (problem.kind !== 'duplicate-key') stop = true;
  };

  /** The value of a node that is not a collection, or a new frame for one. */
  const open = (node: unknown, fallbackOffset: number): { value: unknown; frame?: Frame; size: number; depth: number } => {
    if (node === null || node === undefined) return { value: null, size: 1, depth: 0 };
    if (isScalar(node)) {
      const value = scalarValue(node);
      if (node.anchor) anchors.set(node.anchor, { value, size: 1, depth: 0, complete: true });
      return { value, size: 1, depth: 0 };
    }
    if (isAlias(node)) return resolveAlias(node, fallbackOffset);
    if (isMap(node) || isSeq(node) || isPair(node)) {
      // A pair directly in a list (`[a: 1]`) is a map of one entry.
      const isMapLike = !isSeq(node);
      const items = isPair(node) ? [node] : (node.items as unknown[]);
      const target = isMapLike ? {} : [];
      const anchorName = isPair(node) ? undefined : node.anchor;
      const anchor: Anchor | undefined = anchorName ? { value: target, size: 0, depth: 0, complete: false } : undefined;
      if (anchorName && anchor) anchors.set(anchorName, anchor);
      const frame: Frame = { target, items, index: 0, size: 1, depth: 1, anchor, ...(isMapLike ? { keys: new Map<string, number>(), merges: [] } : {}) };
      return { value: target, frame, size: 0, depth: 0 };
    }
    fail({ offset: fallbackOffset, kind: 'bound', message: 'the document holds a node the reader does not know.', hint: 'Check the document is YAML or JSON.' });
    return { value: null, size: 1, depth: 0 };
  };

  const resolveAlias = (node: Alias, fallbackOffset: number): { value: unknown; size: number; depth: number } => {
    const offset = offsetOf(node, fallbackOffset);
    const anchor = anchors.get(node.source);
    if (!anchor) {
      fail({
        offset,
        kind: 'alias',
        alias: node.source,
        message: `the alias *${node.source} refers to no anchor &${node.source} before it in this document.`,
        hint: 'Anchors hold within one document: define the anchor earlier in the same document (after its ---), or write the value out.',
      });
      return { value: null, size: 1, depth: 0 };
    }
    if (!anchor.complete) {
      fail({ offset, kind: 'alias', message: `the alias *${node.source} is inside the value it refers to (a cycle).`, hint: 'Write the value out: a manifest cannot contain itself.' });
      return { value: null, size: 1, depth: 0 };
    }
    aliasNodes += anchor.size;
    if (aliasNodes > limits.maxAliasNodes) {
      fail({
        offset,
        kind: 'bound',
        message: `aliases expand the document by more than ${limits.maxAliasNodes} nodes, the reader's limit (an alias bomb?).`,
        hint: `Aliases may add at most ${limits.maxAliasNodes} nodes to a document: write the values out, or split the document.`,
      });
    }
    return { value: anchor.value, size: anchor.size, depth: anchor.depth };
  };

  const keyOf = (pair: Pair, fallbackOffset: number): string | undefined => {
    const key = pair.key;
    if (key === null || key === undefined) return '';
    if (isScalar(key)) {
      const value = scalarValue(key);
      if (key.anchor) anchors.set(key.anchor, { value, size: 1, depth: 0, complete: true });
      return value === null ? '' : String(value);
    }
    if (isAlias(key)) {
      const { value } = resolveAlias(key, fallbackOffset);
      if (value === null || typeof value !== 'object') return value === null ? '' : String(value);
    }
    fail({
      offset: offsetOf(key, fallbackOffset),
      kind: 'collection-key',
      message: 'a map key is itself a map or a list; Kubernetes accepts only strings, numbers and booleans as keys.',
      hint: 'Write the key as a string.',
    });
    return undefined;
  };

  const close = (frame: Frame) => {
    if (frame.merges && frame.keys) {
      const target = frame.target as Record<string, unknown>;
      const merged = new Set<string>();
      for (const merge of frame.merges) {
        const sources = Array.isArray(merge.value) ? merge.value : [merge.value];
        for (const source of sources) {
          if (!isPlainObject(source)) {
            fail({ offset: merge.offset, kind: 'merge', message: 'a merge key (<<) must merge a map or a list of maps.', hint: 'Point << at an anchored map (<<: *defaults), or write the keys out.' });
            return;
          }
          for (const key of Object.keys(source)) {
            if (frame.keys.has(key) || merged.has(key)) continue;
            merged.add(key);
            setOwn(target, key, source[key]);
          }
        }
      }
    }
    if (frame.anchor) {
      frame.anchor.size = frame.size;
      frame.anchor.depth = frame.depth;
      frame.anchor.complete = true;
    }
  };

  const root = open(doc.contents, doc.range?.[0] ?? 0);
  if (root.frame) stack.push(root.frame);
  while (stack.length > 0 && !stop) {
    const frame = stack[stack.length - 1];
    if (frame.index >= frame.items.length) {
      stack.pop();
      close(frame);
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.size += frame.size;
        parent.depth = Math.max(parent.depth, frame.depth + 1);
      } else if (frame.depth > limits.maxDepth) {
        fail({ offset: doc.range?.[0] ?? 0, kind: 'bound', message: `the document is nested too deeply once its aliases are expanded (limit ${limits.maxDepth} levels).`, hint: 'Write the values out instead of nesting aliases.' });
      }
      continue;
    }
    const item = frame.items[frame.index++];
    const fallback = offsetOf(item, 0);
    let child: unknown = item;
    let key: string | undefined;
    let merge = false;
    if (frame.keys) {
      const pair = item as Pair;
      child = pair.value;
      if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === Scalar.PLAIN) merge = true;
      else {
        key = keyOf(pair, fallback);
        if (key === undefined) break;
        const first = frame.keys.get(key);
        if (first !== undefined) {
          fail({ offset: offsetOf(pair.key, fallback), kind: 'duplicate-key', message: `the key "${key}" appears twice in one map (first on line ${lineOf(first)}).`, hint: 'Remove one of them: Kubernetes would keep only one.' });
        } else frame.keys.set(key, offsetOf(pair.key, fallback));
      }
    }
    const opened = open(child, fallback);
    if (stop) break;
    if (merge) frame.merges!.push({ value: opened.value, offset: offsetOf((item as Pair).key, fallback) });
    else if (key !== undefined) setOwn(frame.target as Record<string, unknown>, key, opened.value);
    else (frame.target as unknown[]).push(opened.value);
    if (opened.frame) stack.push(opened.frame);
    else {
      frame.size += opened.size;
      frame.depth = Math.max(frame.depth, opened.depth + 1);
    }
  }
  const names = [...anchors.keys()];
  return problems.length > 0 ? { problems, anchors: names } : { value: root.value, problems, anchors: names };
}
