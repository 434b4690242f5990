import { describe, expect, it } from 'vitest';
import { loadBilingualLexicon, loadBilingualLexiconSync } from '../../src/language';

/** The dictionary tables a lexicon looks words up in (one copy per process). */
const indexOf = (lexicon: { tables: unknown }): unknown => lexicon.tables;

describe('one CC-CEDICT copy per process', () => {
  it('the synchronous loader (edition pairing in an index build) and the asynchronous one (serving) share the parsed dictionary', async () => {
    const forPairing = loadBilingualLexiconSync();
    const forServing = await loadBilingualLexicon();
    expect(forPairing.headwordCount).toBeGreaterThan(50_000);
    expect(forServing.headwordCount).toBe(forPairing.headwordCount);
    expect(indexOf(forServing)).toBeDefined();
    expect(indexOf(forServing)).toBe(indexOf(forPairing));
    // The serving copy adds pinyin over the same data.
    expect(forServing.romanizer).not.toBeNull();
  });
});
