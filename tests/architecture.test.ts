/**
 * The pipeline's shape (STYLE.md): stages import `core/` and the stages before them, never the ones
 * after, and only through a stage's `index.ts` (or one of the {@link SECOND_DOORS}); entry points (cli) are
 * imported by nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SOURCE = path.resolve(import.meta.dirname, '..', 'src');

/** Build path, then answer path; a stage may import stages of a lower rank only. */
const STAGE_RANK: Readonly<Record<string, number>> = {
  core: 0,
  language: 0.5,
  ingest: 1,
  chunk: 2,
  embed: 3,
  llm: 3,
  'vector-index': 4,
  retrieve: 5,
  answer: 6,
  eval: 7,
  app: 7,
  slack: 8,
  web: 8,
  cli: 9,
};

/**
 * Modules other stages may import besides a stage's `index.ts`: the answer stage's shared types, and the index
 * stage's light check (`vector-index/index-check.ts`: manifest and digests without the search libraries the
 * stage's `index.ts` loads, for a no-op `npm run index` within 1 s of start-up, issue 15).
 */
const SECOND_DOORS: ReadonlySet<string> = new Set(['answer/types', 'vector-index/index-check']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

interface CrossStageImport {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
}

function crossStageImports(): CrossStageImport[] {
  const imports: CrossStageImport[] = [];
  for (const file of sourceFiles(SOURCE)) {
    const from = path.relative(SOURCE, file).split(path.sep)[0] ?? '';
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gmu)) {
      const specifier = match[1] ?? '';
      const target = path.relative(SOURCE, path.resolve(path.dirname(file), specifier));
      const to = target.split(path.sep)[0] ?? '';
      if (to !== from) imports.push({ file: path.relative(SOURCE, file), from, to, specifier: target });
    }
  }
  return imports;
}

describe('dependencies between stages', () => {
  const imports = crossStageImports();

  it('finds the stages it checks', () => {
    expect(new Set(imports.map((entry) => entry.from))).toEqual(new Set(Object.keys(STAGE_RANK).filter((stage) => stage !== 'core')));
  });

  it('point one way: a stage imports only core and the stages before it', () => {
    const backwards = imports.filter((entry) => (STAGE_RANK[entry.to] ?? Infinity) >= (STAGE_RANK[entry.from] ?? -1));
    expect(backwards).toEqual([]);
  });

  it("go through a stage's index.ts (or a second door: the answer stage's shared types, the index's light check)", () => {
    const deep = imports.filter((entry) => entry.specifier !== entry.to && !SECOND_DOORS.has(entry.specifier));
    expect(deep).toEqual([]);
  });
});

// What `src/` may depend on, dynamic imports, and file length. The module references below are read with
// the TypeScript parser, so comments and ordinary strings never count and dynamic `import()` does.

const REPOSITORY = path.resolve(SOURCE, '..');

/** One module a source file names: a static import or `export … from`, a dynamic `import()`, or `typeof import()`. */
interface ModuleReference {
  readonly kind: 'static' | 'dynamic';
  /** The string literal naming the module, or null when `import()` is given an expression (a module path built at run time). */
  readonly specifier: string | null;
  /** The argument's source text, for reports. */
  readonly text: string;
}

function isStringLiteral(node: ts.Node | undefined): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

function parse(text: string, fileName = 'scanned.ts'): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every module `text` names (see {@link ModuleReference}), in source order. */
function moduleReferences(text: string): ModuleReference[] {
  const references: ModuleReference[] = [];
  const visit = (node: ts.Node): void => {
    const moduleSpecifier = ts.isImportDeclaration(node) || ts.isExportDeclaration(node) ? node.moduleSpecifier : undefined;
    if (isStringLiteral(moduleSpecifier)) {
      references.push({ kind: 'static', specifier: moduleSpecifier.text, text: moduleSpecifier.getText() });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      references.push({ kind: 'dynamic', specifier: isStringLiteral(argument) ? argument.text : null, text: argument?.getText() ?? '' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && isStringLiteral(node.argument.literal)) {
      references.push({ kind: 'dynamic', specifier: node.argument.literal.text, text: node.argument.literal.getText() });
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(text));
  return references;
}

/** Extensions of data files a path into `tests/` may name (e.g. the default question file `tests/fixtures/dev.jsonl`). */
const DATA_FILE = /\.(?:jsonl|json|tsv|csv|txt|md|html|docx|pdf)$/u;

/**
 * Paths into `tests/` that `text` builds for a module: a call or `new` (`path.join`, `path.resolve`,
 * `new URL`, …) or a template literal whose string parts hold a `tests` path segment, unless the last part
 * names a data file (see {@link DATA_FILE}). Returns each one's source text.
 */
function builtTestPaths(text: string): string[] {
  const found: string[] = [];
  const namesTests = (part: string): boolean => part.split(/[\\/]/u).includes('tests');
  const check = (node: ts.Node, parts: readonly string[]): void => {
    const last = parts.at(-1) ?? '';
    if (parts.some(namesTests) && !DATA_FILE.test(last)) found.push(node.getText());
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      check(node, (node.arguments ?? []).flatMap((argument) => (isStringLiteral(argument) ? [argument.text] : [])));
    } else if (ts.isTemplateExpression(node)) {
      check(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]);
    } else if (isStringLiteral(node) && node.text.includes('/') && !ts.isCallExpression(node.parent) && !ts.isNewExpression(node.parent)) {
      check(node, [node.text]);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(text));
  return found;
}

/** Source files under `src/` with their text, paths relative to the repository. */
function sourceTexts(): { readonly file: string; readonly absolute: string; readonly text: string }[] {
  return sourceFiles(SOURCE).map((absolute) => ({ file: path.relative(REPOSITORY, absolute), absolute, text: readFileSync(absolute, 'utf8') }));
}

describe('the module scanner of the checks below', () => {
  it('sees static imports, export … from, dynamic import() with a literal or an expression, and typeof import()', () => {
    const text = [
      "import { a } from '../core';",
      "import type { B } from './b';",
      "export { c } from '../chunk';",
      "export * from './d';",
      "const e = await import('../embed');",
      'const f = await import("../../tests/support/tiny-model");',
      'const g = await import(`./g`);',
      'const h = await import(modulePath);',
      "type T = typeof import('../llm');",
      "// import('../in-a-comment') and 'import x from \"../in-a-string\"' are not references",
      "const s = \"await import('../in-a-string')\";",
    ].join('\n');
    expect(moduleReferences(text).map((reference) => [reference.kind, reference.specifier])).toEqual([
      ['static', '../core'],
      ['static', './b'],
      ['static', '../chunk'],
      ['static', './d'],
      ['dynamic', '../embed'],
      ['dynamic', '../../tests/support/tiny-model'],
      ['dynamic', './g'],
      ['dynamic', null],
      ['dynamic', '../llm'],
    ]);
  });

  it('sees module paths built into tests/, but not a data file there', () => {
    const text = [
      "const a = path.join(ROOT, 'tests', 'support', 'tiny-model.ts');",
      "const b = new URL('../../tests/support/x.ts', import.meta.url);",
      'const c = `${ROOT}/tests/support/y.ts`;',
      "const d = '../tests/z';",
      "const questions = path.join(ROOT, 'tests', 'fixtures', 'dev.jsonl');",
      "const e = path.join(ROOT, 'prompts', 'answer.md');",
    ].join('\n');
    expect(builtTestPaths(text)).toEqual([
      "path.join(ROOT, 'tests', 'support', 'tiny-model.ts')",
      "new URL('../../tests/support/x.ts', import.meta.url)",
      '`${ROOT}/tests/support/y.ts`',
      "'../tests/z'",
    ]);
  });
});

describe('src/ depends on nothing outside it (tests/, bench/)', () => {
  const files = sourceTexts();

  it('imports nothing outside src/ by a relative path, nor a module under tests/, statically or dynamically', () => {
    const outside = files.flatMap(({ file, absolute, text }) =>
      moduleReferences(text)
        .filter(({ specifier }) => {
          if (specifier === null) return false;
          if (specifier.startsWith('.')) return path.relative(SOURCE, path.resolve(path.dirname(absolute), specifier)).startsWith('..');
          return specifier.split('/').includes('tests') || path.isAbsolute(specifier);
        })
        .map((reference) => `${file}: ${reference.kind} import ${reference.text}`),
    );
    expect(outside).toEqual([]);
  });

  it('names every dynamic import() with a string literal, so that the checks can see where it points', () => {
    const computed = files.flatMap(({ file, text }) =>
      moduleReferences(text)
        .filter((reference) => reference.specifier === null)
        .map((reference) => `${file}: import(${reference.text})`),
    );
    expect(computed).toEqual([]);
  });

  it('builds no module path into tests/ and never names tests/support', () => {
    const built = files.flatMap(({ file, text }) => [
      ...(text.includes('tests/support') ? [`${file}: contains 'tests/support'`] : []),
      ...builtTestPaths(text).map((expression) => `${file}: ${expression}`),
    ]);
    expect(built).toEqual([]);
  });
});

describe('dynamic imports between stages', () => {
  /** Dynamic `import('./…')` / `import('../…')` from one stage into another. */
  const imports: CrossStageImport[] = sourceTexts().flatMap(({ absolute, text }) => {
    const from = path.relative(SOURCE, absolute).split(path.sep)[0] ?? '';
    return moduleReferences(text).flatMap((reference): CrossStageImport[] => {
      if (reference.kind !== 'dynamic' || reference.specifier === null || !reference.specifier.startsWith('.')) return [];
      const target = path.relative(SOURCE, path.resolve(path.dirname(absolute), reference.specifier));
      const to = target.split(path.sep)[0] ?? '';
      return to === from ? [] : [{ file: path.relative(SOURCE, absolute), from, to, specifier: target }];
    });
  });

  it('point one way, as static ones do', () => {
    expect(imports.filter((entry) => (STAGE_RANK[entry.to] ?? Infinity) >= (STAGE_RANK[entry.from] ?? -1))).toEqual([]);
  });

  it("go through a stage's index.ts, as static ones do", () => {
    expect(imports.filter((entry) => entry.specifier !== entry.to && !SECOND_DOORS.has(entry.specifier))).toEqual([]);
  });
});

/** Longest a source file under `src/` may be, in lines. */
const MAX_SOURCE_LINES = 600;

describe('source file length', () => {
  it(`keeps every .ts file under src/ at ${MAX_SOURCE_LINES} lines or fewer`, () => {
    const long = sourceTexts()
      .map(({ file, text }) => ({ file, lines: text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length }))
      .filter(({ lines }) => lines > MAX_SOURCE_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
