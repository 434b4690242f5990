/**
 * The scale curve's table (`bench/scale-curve.ts`), rendered from a saved `bench:scale --json` report (a copy
 * in `tests/fixtures/scale-curve/`, trimmed): each cell is derived from the report's fields, so a change of
 * unit or field shows here. The measuring itself (child processes) is exercised by running `npm run bench:curve`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURVE_TABLE_HEADER, parseCurveInput, renderCurveTable, type CurveRun, type ScaleCurveFile } from '../../bench/scale-curve';
import { InputError } from '../../src/core';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'scale-curve', 'bench-scale-1x.json');
const RAW = readFileSync(FIXTURE, 'utf8');

/** The cells of a Markdown table row, trimmed. */
function cells(row: string): string[] {
  return row.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('parseCurveInput', () => {
  it('reads a raw bench:scale report as one run at its number of copies', () => {
    const runs = parseCurveInput(RAW, 'fixture');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.copies).toBe(1);
    expect(runs[0]?.loadBefore).toBeUndefined();
  });

  it('reads a saved curve file back (what --save writes)', () => {
    const report = parseCurveInput(RAW, 'fixture')[0]?.report;
    const file: ScaleCurveFile = { createdAt: '2026-12-04T16:00:00Z', command: 'x', runs: [{ copies: 1, loadBefore: [0.5, 1, 1.5], wallSeconds: 53, report }, { copies: 300, failure: 'stopped after 25 min' }] };
    const runs = parseCurveInput(JSON.stringify(file), 'saved');
    expect(runs.map((run) => run.copies)).toEqual([1, 300]);
    expect(runs[0]?.report?.corpus.chunks).toBe(report?.corpus.chunks);
    expect(runs[1]?.failure).toBe('stopped after 25 min');
  });

  it('names the file and the first missing field when the JSON has neither shape', () => {
    const broken = JSON.parse(RAW) as Record<string, unknown>;
    delete broken['search'];
    expect(() => parseCurveInput(JSON.stringify(broken), 'broken.json')).toThrow(InputError);
    expect(() => parseCurveInput(JSON.stringify(broken), 'broken.json')).toThrow(/broken\.json.*search/u);
    expect(() => parseCurveInput('{', 'bad.json')).toThrow(/bad\.json is not JSON/u);
  });
});

describe('renderCurveTable', () => {
  const report = JSON.parse(RAW) as NonNullable<CurveRun['report']>;

  it('gives one row per run, sorted by copies, with the report’s figures in the header’s units', () => {
    const runs: CurveRun[] = [
      { copies: 300, failure: 'stopped after 25 min', loadBefore: [3.5, 2, 1] },
      { copies: 1, loadBefore: [0.96, 1.65, 2.15], report },
    ];
    const lines = renderCurveTable(runs).split('\n');
    expect(lines.slice(0, 2)).toEqual([...CURVE_TABLE_HEADER]);
    expect(lines).toHaveLength(4);
    const row = cells(lines[2] ?? '');
    const header = cells(CURVE_TABLE_HEADER[0]);
    expect(row).toHaveLength(header.length);
    const byColumn = Object.fromEntries(header.map((name, column) => [name, row[column]]));
    expect(byColumn['seeds ×']).toBe('1×');
    expect(byColumn['articles / chunks']).toBe(`${report.corpus.articles} / ${report.corpus.chunks}`);
    expect(byColumn['build s']).toBe((report.build.totalMilliseconds / 1000).toFixed(1));
    const update = (verb: string): string => ((report.updates.find((item) => item.change.startsWith(verb))?.milliseconds ?? 0) / 1000).toFixed(1);
    expect(byColumn['update s: add / edit / remove']).toBe(`${update('added')} / ${update('edited')} / ${update('removed')}`);
    expect(byColumn['search p50 / p95 ms']).toBe(`${report.search.p50.toFixed(1)} / ${report.search.p95.toFixed(1)}`);
    expect(byColumn['ask p50 / p95 ms']).toBe(`${report.ask.p50.toFixed(1)} / ${report.ask.p95.toFixed(1)}`);
    expect(byColumn['peak RSS MiB: build + serve / + updates']).toBe(`${Math.round(report.memory.peakRssMebibytes)} / ${Math.round(report.memory.peakRssAfterUpdateMebibytes)}`);
    // The fixture predates the serving process's timings: the column says so rather than inventing a figure.
    expect(byColumn['serving process: search / ask p95 ms']).toBe('–');
    const timed = { ...report, memory: { ...report.memory, servingProcess: { peakRssMebibytes: 200, rssMebibytes: 190, heapUsedMebibytes: 80, openMilliseconds: 1, queries: 2, search: { count: 2, p50: 1, p95: 2.34, max: 3, mean: 1 }, ask: { count: 2, p50: 4, p95: 12.06, max: 13, mean: 5 } } } };
    const timedRow = cells(renderCurveTable([{ copies: 1, report: timed }]).split('\n')[2] ?? '');
    expect(timedRow[header.indexOf('serving process: search / ask p95 ms')]).toBe('2.3 / 12.1');
    expect(byColumn['disk MiB']).toBe((report.indexSize.totalBytes / 1024 / 1024).toFixed(1));
    expect(byColumn['load avg before → after']).toBe(`0.96 → ${report.environment.loadAverage[0]?.toFixed(2)}`);
    expect(lines[3]).toContain('300×');
    expect(lines[3]).toContain('stopped after 25 min');
  });
});
