/**
 * Values are exported as values: a class, enum, function or constant that an entry point
 * re-exports through `export type` (directly or through an `export *` of a module that does)
 * compiles for annotations but fails at the first use (`EnvValue.fromValue(...)`: TS1362). Every
 * export of `daprkit` and `daprkit/pulumi` is followed hop by hop to its declaration.
 */
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..');
const entries = ['index.ts', 'pulumi/index.ts'].map((f) => path.join(root, f));

const program = ts.createProgram(entries, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true, types: ['node'] });
const checker = program.getTypeChecker();

/** True when this hop of an alias chain is written `export type { X }` or `export { type X }`. */
function typeOnlyHop(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));
}

/** Names that some hop exports as a type although the final declaration is a value. */
function valuesExportedAsTypes(entry: string): string[] {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const wrong: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    let hop = exported;
    let typeOnly = false;
    for (let i = 0; i < 20 && hop.flags & ts.SymbolFlags.Alias; i++) {
      typeOnly ||= typeOnlyHop(hop);
      hop = checker.getImmediateAliasedSymbol(hop) ?? hop;
    }
    if (typeOnly && hop.flags & ts.SymbolFlags.Value) wrong.push(exported.name);
  }
  return wrong.sort();
}

describe('entry points export values as values', () => {
  test.each(entries.map((e) => path.relative(root, e)))('%s', (entry) => {
    expect(valuesExportedAsTypes(path.join(root, entry))).toEqual([]);
  });

  test('the check can fail: a class exported through `export type` is caught', () => {
    const file = path.join(root, 'test', '__exports__', 'probe.ts');
    const text = "export type { EnvValue, ContainerProps } from 'cdk8s-plus-28';\n";
    const host = ts.createCompilerHost({});
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => f === file || fileExists.call(host, f);
    host.readFile = (f) => (f === file ? text : readFile.call(host, f));
    host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest));
    const probe = ts.createProgram([file], { module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true, types: [] }, host);
    const probeChecker = probe.getTypeChecker();
    const symbols = probeChecker.getExportsOfModule(probeChecker.getSymbolAtLocation(probe.getSourceFile(file)!)!);
    const flagged = symbols.filter((s) => typeOnlyHop(s) && probeChecker.getAliasedSymbol(s).flags & ts.SymbolFlags.Value).map((s) => s.name);
    expect(flagged).toEqual(['EnvValue']);
  });

  test('EnvValue is usable from the root entry at run time', () => {
    const daprkit = require('../index') as typeof import('../index') & { EnvValue?: { fromValue(v: string): { value?: string } } };
    expect(daprkit.EnvValue?.fromValue('x').value).toBe('x');
  });
});
