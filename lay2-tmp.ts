import { findEditionPairs } from './src/ingest/pairing';
import { parseFixture, readLayoutFixtures } from './tests/ingest/layout-fixtures';
const fixtures = readLayoutFixtures();
const layout = process.argv[2]!;
const zh = parseFixture(fixtures.find((f) => f.layout === layout && f.lang === 'zh')!);
const en = parseFixture(fixtures.find((f) => f.layout === layout && f.lang === 'en')!);
for (const n of [zh, en]) for (const a of n.articles) console.log(a.id, a.date, JSON.stringify(a.title.slice(0, 60)), a.body.length);
const r = findEditionPairs([zh, en]);
for (const p of r.pairs) { const t = p.terms!; console.log('PAIR', p.chineseId, p.englishId, p.score.toFixed(2), 'terms', t.terms.toFixed(2), 'num', t.numbers.toFixed(2), 'tr', t.transliterations.toFixed(2), 'names', t.names.toFixed(2), 'lat', t.latinNames.toFixed(2), 'date', t.date.toFixed(2)); }
for (const m of r.nearMisses) { console.log('MISS', m.articleId, m.candidateId, m.score.toFixed(2), m.reason, m.evidence.sharedTerms.slice(0, 6).join(','), '|', m.evidence.sharedNumbers.join(',')); }
