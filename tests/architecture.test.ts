/**
 * The pipeline's shape (STYLE.md): stages import `core/` and the stages before them, never the ones
 * after, and only through a stage's `index.ts`; entry points (cli) are imported by nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
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
  cli: 9,
};

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

  it("go through a stage's index.ts (or the answer stage's shared types)", () => {
    const deep = imports.filter((entry) => entry.specifier !== entry.to && entry.specifier !== 'answer/types');
    expect(deep).toEqual([]);
  });
});
