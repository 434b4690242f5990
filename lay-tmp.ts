import { pairEditions } from './src/ingest';
import { parseFixture, readLayoutFixtures, scorePairs } from './tests/ingest/layout-fixtures';
const fixtures = readLayoutFixtures();
const layouts = [...new Set(fixtures.map((f) => f.layout))];
const opts = process.argv[2] === 'nolex' ? ({ lexicon: null } as any) : {};
let r = 0, w = 0, m = 0;
for (const layout of layouts) {
  const zh = fixtures.find((f) => f.layout === layout && f.lang === 'zh')!;
  const en = fixtures.find((f) => f.layout === layout && f.lang === 'en')!;
  const s = scorePairs(zh, en, pairEditions([parseFixture(zh), parseFixture(en)], opts));
  r += s.right.length; w += s.wrong.length; m += s.missing.length;
  console.log(layout, 'right', s.right.length, 'wrong', s.wrong, 'missing', s.missing);
}
console.log('TOTAL right', r, 'wrong', w, 'missing', m);
