/**
 * Prints the imported program as TypeScript: `main.ts` and one file per chart. Layout is
 * deterministic (same tree, same bytes): a value stays on one line when it fits, otherwise one
 * member per line; a call whose last argument is an object keeps the object's brace on its line.
 */
import { ChartCode, Entry, Expr, Json, Module, ProgramCode, refsOf, Statement } from './ir';
import { commentText, propertyKey, stringLiteral } from './source-text';

const WIDTH = 110;
const INDENT = '  ';

/** JSON values as expressions, so they are laid out like any other literal. */
function fromJson(value: Json): Expr {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(fromJson) };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', entries: Object.keys(value).map((key) => ({ key, value: fromJson((value as Record<string, Json>)[key]!) })) };
  }
  return { kind: 'json', value };
}

function scalar(value: Json): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  return String(value);
}

/** True when the expression holds a comment, which forces a multi-line layout. */
function hasComment(expr: Expr): boolean {
  switch (expr.kind) {
    case 'commented':
      return true;
    case 'array':
      return expr.items.some(hasComment);
    case 'object':
      return expr.entries.some((e) => e.comment !== undefined || hasComment(e.value));
    case 'json':
      return false;
    case 'member':
    case 'element':
      return hasComment(expr.object);
    case 'nonNull':
      return hasComment(expr.expr);
    case 'call':
    case 'new':
      return hasComment(expr.callee) || expr.args.some(hasComment);
    default:
      return false;
  }
}

/** The expression on one line (comments are not allowed there). */
function inline(expr: Expr): string {
  switch (expr.kind) {
    case 'json':
      return Array.isArray(expr.value) || (expr.value !== null && typeof expr.value === 'object') ? inline(fromJson(expr.value)) : scalar(expr.value);
    case 'array':
      return `[${expr.items.map(inline).join(', ')}]`;
    case 'object':
      return expr.entries.length === 0 ? '{}' : `{ ${expr.entries.map((e) => `${propertyKey(e.key)}: ${inline(e.value)}`).join(', ')} }`;
    case 'ref':
      return expr.name;
    case 'scope':
      return 'this';
    case 'import':
      return expr.name;
    case 'member':
      return `${inline(expr.object)}.${expr.name}`;
    case 'element':
      return `${inline(expr.object)}[${expr.index}]!`;
    case 'nonNull':
      return `${inline(expr.expr)}!`;
    case 'call':
      return `${inline(expr.callee)}(${expr.args.map(inline).join(', ')})`;
    case 'new':
      return `new ${inline(expr.callee)}(${expr.args.map(inline).join(', ')})`;
    case 'commented':
      return inline(expr.expr);
  }
}

function fits(text: string, indent: string, lead: number, extra: number): boolean {
  return !text.includes('\n') && indent.length + lead + text.length + extra <= WIDTH;
}

/**
 * The expression laid out at `indent`: `lead` counts the characters before it on its first line
 * (`key: `, `const x = `), `extra` what follows it on its last line (`,` or `;`).
 */
function layout(expr: Expr, indent: string, extra = 1, lead = 0): string {
  if (expr.kind === 'json' && (Array.isArray(expr.value) || (expr.value !== null && typeof expr.value === 'object'))) return layout(fromJson(expr.value), indent, extra, lead);
  if (!hasComment(expr)) {
    const one = inline(expr);
    if (fits(one, indent, lead, extra)) return one;
  }
  const inner = indent + INDENT;
  switch (expr.kind) {
    case 'array': {
      if (expr.items.length === 0) return '[]';
      const lines = expr.items.map((item) => {
        if (item.kind === 'commented') return `${inner}${layout(item.expr, inner)}, // ${commentText(item.comment)}`;
        return `${inner}${layout(item, inner)},`;
      });
      return `[\n${lines.join('\n')}\n${indent}]`;
    }
    case 'object': {
      if (expr.entries.length === 0) return '{}';
      return `{\n${expr.entries.map((e) => entryLines(e, inner)).join('\n')}\n${indent}}`;
    }
    case 'call':
    case 'new': {
      const head = `${expr.kind === 'new' ? 'new ' : ''}${layout(expr.callee, indent, 0, lead)}`;
      const args = expr.args.map((a) => (a.kind === 'json' && a.value !== null && typeof a.value === 'object' ? fromJson(a.value) : a));
      const last = args[args.length - 1];
      const leading = args.slice(0, -1);
      // Hug the last argument when it is an object or array and the others fit before it.
      if (last && (last.kind === 'object' || last.kind === 'array') && leading.every((a) => !hasComment(a))) {
        const before = leading.map(inline).join(', ');
        const prefix = `${head}(${before}${before ? ', ' : ''}`;
        if (!prefix.includes('\n') && indent.length + lead + prefix.length + 1 <= WIDTH) return `${prefix}${layout(last, indent, extra + 1, lead + prefix.length)})`;
      }
      const lines = args.map((a) => (a.kind === 'commented' ? `${inner}${layout(a.expr, inner)}, // ${commentText(a.comment)}` : `${inner}${layout(a, inner)},`));
      return `${head}(\n${lines.join('\n')}\n${indent})`;
    }
    case 'member':
      return `${layout(expr.object, indent, 0, lead)}.${expr.name}`;
    case 'element':
      return `${layout(expr.object, indent, 0, lead)}[${expr.index}]!`;
    case 'nonNull':
      return `${layout(expr.expr, indent, 0, lead)}!`;
    case 'commented':
      return layout(expr.expr, indent, extra, lead);
    default:
      return inline(expr);
  }
}

function entryLines(e: Entry, indent: string): string {
  const comment = e.comment !== undefined ? commentLines([e.comment], indent) : '';
  const key = propertyKey(e.key);
  const lead = key.length + 2;
  if (e.value.kind === 'commented') return `${comment}${indent}${key}: ${layout(e.value.expr, indent, 1, lead)}, // ${commentText(e.value.comment)}`;
  return `${comment}${indent}${key}: ${layout(e.value, indent, 1, lead)},`;
}

/** A comment line broken at spaces to fit the width; continuation lines are indented by two. */
function wrapComment(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Comment lines, each `// ...` at `indent`, wrapped to the width. */
function commentLines(lines: readonly string[], indent: string): string {
  const room = Math.max(40, WIDTH - indent.length - 3);
  return lines
    .flatMap((l) => (l === '' ? [''] : wrapComment(commentText(l), room)))
    .map((l) => `${indent}//${l === '' ? '' : ` ${l}`}\n`)
    .join('');
}

/** The names each module contributes to the file. */
function importsOf(exprs: readonly Expr[]): Map<Module, Set<string>> {
  const found = new Map<Module, Set<string>>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'import': {
        const names = found.get(e.module) ?? new Set<string>();
        names.add(e.name);
        found.set(e.module, names);
        break;
      }
      case 'array':
        e.items.forEach(visit);
        break;
      case 'object':
        e.entries.forEach((x) => visit(x.value));
        break;
      case 'member':
      case 'element':
        visit(e.object);
        break;
      case 'nonNull':
      case 'commented':
        visit(e.expr);
        break;
      case 'call':
      case 'new':
        visit(e.callee);
        e.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  exprs.forEach(visit);
  return found;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function importLines(found: Map<Module, Set<string>>): string {
  const order: Module[] = ['cdk8s', 'daprkit'];
  return order
    .filter((m) => found.has(m))
    .map((m) => `import { ${[...found.get(m)!].sort(byCodePoint).join(', ')} } from '${m}';\n`)
    .join('');
}

/** Variables some later statement reads: only those are declared with `const`. */
function usedVariables(statements: readonly Statement[]): Set<string> {
  const used = new Set<string>();
  for (const s of statements) refsOf(s.expr, used);
  return used;
}

export function printStatement(s: Statement, indent: string, used: ReadonlySet<string>): string {
  const comments = commentLines(s.comments ?? [], indent);
  if (s.declares !== undefined && used.has(s.declares)) {
    const head = `const ${s.declares} = `;
    return `${comments}${indent}${head}${layout(s.expr, indent, 1, head.length)};\n`;
  }
  return `${comments}${indent}${layout(s.expr, indent, 1)};\n`;
}

export const GENERATED_NOTE = 'Written by `daprkit import`; edit it freely: it is your program now.';

/** The source of one chart file. */
export function printChart(chart: ChartCode): string {
  const classHead: Expr[] = [{ kind: 'import', module: 'daprkit', name: 'Chart' }, { kind: 'import', module: 'daprkit', name: 'Construct' }];
  const imports = importLines(importsOf([...classHead, ...chart.statements.map((s) => s.expr)]));
  const used = usedVariables(chart.statements);
  const body = chart.statements.map((s) => printStatement(s, INDENT.repeat(2), used)).join('\n');
  const superArgs = chart.namespace !== undefined ? `scope, id, { namespace: ${stringLiteral(chart.namespace)} }` : 'scope, id';
  return (
    `// ${GENERATED_NOTE}\n` +
    imports +
    '\n' +
    `export class ${chart.className} extends Chart {\n` +
    `${INDENT}constructor(scope: Construct, id: string) {\n` +
    `${INDENT.repeat(2)}super(${superArgs});\n` +
    (body ? `\n${body}` : '') +
    `${INDENT}}\n` +
    '}\n'
  );
}

/** Options of `main.ts`. */
export interface MainOptions {
  /** Comment lines above the app (what daprkit would add without the option). */
  readonly appComments: readonly string[];
  /** The DaprkitApp props, when any. */
  readonly appProps?: Expr;
}

/** The source of `main.ts`: the app, one instance per chart, synth. */
export function printMain(program: ProgramCode, options: MainOptions): string {
  const charts = [...program.charts];
  const imports =
    "import { DaprkitApp } from 'daprkit';\n" +
    charts
      .slice()
      .sort((a, b) => byCodePoint(a.file, b.file))
      .map((c) => `import { ${c.className} } from ${stringLiteral(`./${c.file}`)};\n`)
      .join('');
  const app = options.appProps ? `new DaprkitApp(${layout(options.appProps, '', 2, 'const app = new DaprkitApp('.length)})` : 'new DaprkitApp()';
  return (
    commentLines(program.header, '') +
    imports +
    '\n' +
    commentLines(options.appComments, '') +
    `const app = ${app};\n` +
    charts.map((c) => `new ${c.className}(app, ${stringLiteral(c.id)});\n`).join('') +
    'app.synth();\n'
  );
}
