/**
 * YAML text to composed documents, one at a time and bounded while parsing: the `yaml` package's
 * lexer, parser and composer driven lexeme by lexeme, so that
 * - the document bound stops the parse at the first document over it (8 MB of `---` used to
 *   compose two million documents before anything was counted);
 * - the nesting bound stops it at the first lexeme that nests too deep, before the parser's own
 *   per-level cost and recursion (a deep `- - - …` overflowed its stack) come into play.
 * Duplicate keys are not checked here (`uniqueKeys: false`): the package compares every key with
 * every earlier one of its map, which is quadratic; checks/yaml-value.ts checks them with a set.
 */
import { Composer, CST, Document, Lexer, LineCounter, Parser } from 'yaml';

/** A stream bound was crossed: the text is refused as a whole. */
export class StreamLimitError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface StreamLimits {
  /** Most documents in one text. */
  readonly maxDocuments: number;
  /** Deepest nesting of collections (maps, lists) in a document. */
  readonly maxDepth: number;
}

/** A composed document and where its text ends (the next document's start, or the end of the text). */
export interface ComposedDocument {
  readonly doc: Document.Parsed;
  /** Offset just past the document's text: its own range stops early when it holds errors. */
  readonly end: number;
}

function tooManyDocuments(offset: number, max: number): StreamLimitError {
  return new StreamLimitError(offset, `the file holds more than ${max} documents, over the reader's limit; nothing of it was read.`, 'Split the file.');
}

/** The parser's open collections: the nesting depth at the current lexeme. */
function openCollections(stack: readonly CST.Token[]): number {
  let depth = 0;
  for (const token of stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') depth++;
  return depth;
}

/**
 * Composes the documents of `text` one by one (`lineCounter` learns every line start). Throws a
 * StreamLimitError at the first document over `maxDocuments` or the first collection nested
 * deeper than `maxDepth`. Errors outside any document (a stray `...` in a text with no document)
 * come as an empty document carrying them, so none is lost.
 */
export function* composeDocuments(text: string, lineCounter: LineCounter, limits: StreamLimits): Generator<ComposedDocument> {
  const lexer = new Lexer();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ uniqueKeys: false, logLevel: 'silent', prettyErrors: false });
  lineCounter.addNewLine(0);
  let documents = 0;
  // The stack holds the document under the collections (and maybe a scalar being read on top):
  // only when it is that tall can the collections be too many, and only then are they counted.
  const cheapBound = limits.maxDepth + 1;
  // One loop, no generator of our own per lexeme: this is the reader's hot path.
  for (const lexeme of lexer.lex(text)) {
    for (const token of parser.next(lexeme)) {
      // The composer hands out a document when the next one starts: that start is where it ends.
      let end = text.length;
      if (token.type === 'document') {
        end = token.offset;
        if (++documents > limits.maxDocuments) throw tooManyDocuments(token.offset, limits.maxDocuments);
      }
      for (const doc of composer.next(token) as Generator<Document.Parsed>) yield { doc, end };
    }
    if (parser.stack.length > cheapBound && openCollections(parser.stack) > limits.maxDepth) {
      throw new StreamLimitError(
        parser.offset,
        `the document is nested too deeply (limit ${limits.maxDepth} levels of maps and lists); nothing of the file was read.`,
        'No real manifest nests this deep: check how the file was generated.',
      );
    }
  }
  for (const token of parser.end()) {
    if (token.type === 'document' && ++documents > limits.maxDocuments) throw tooManyDocuments(token.offset, limits.maxDocuments);
    for (const doc of composer.next(token) as Generator<Document.Parsed>) yield { doc, end: token.type === 'document' ? token.offset : text.length };
  }
  let any = documents > 0;
  for (const doc of composer.end() as Generator<Document.Parsed>) {
    any = true;
    yield { doc, end: text.length };
  }
  // With no document to carry them, the composer keeps its errors (a stray `...`, a bad directive).
  const stray = composer.streamInfo().errors;
  if (!any && stray.length > 0) {
    const empty = new Document(null) as unknown as Document.Parsed;
    empty.range = [0, text.length, text.length];
    empty.errors.push(...stray);
    yield { doc: empty, end: text.length };
  }
}
