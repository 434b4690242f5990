import { findEditionPairs } from './src/ingest/pairing';
import { readFileSync } from 'node:fs';
const load = (l: string) => JSON.parse(readFileSync(`../shared/eval/external/xquad-dev/xquad.${l}.dev.json`, 'utf8')).data as { paragraphs: { context: string }[] }[];
const en = load('en'), zh = load('zh');
const half = process.argv[2] === 'report' ? [12, 24] : [0, 12];
const skipEvery = Number(process.argv[3] ?? '0');
const mk = (lang: 'zh' | 'en', data: typeof en, skip: (i: number) => boolean) => {
  const issue = { number: null, date: null, label: null };
  const arts: any[] = []; let i = 0;
  data.slice(half[0], half[1]).forEach((a) => a.paragraphs.forEach((p) => { const k = i++; if (skip(k)) return; arts.push({ id: `${lang}-${k}`, file: `x.${lang}`, position: arts.length + 1, title: p.context.slice(0, 30), subtitle: null, body: p.context, source: null, date: null, dateSource: null, issue, section: null, lang, pairId: null }); }));
  if (lang === 'en') arts.reverse().forEach((a, i) => (a.position = i + 1));
  return { file: `x.${lang}`, lang, issue, articles: arts, report: { masthead: [], issue, contents: [], evidence: [], dropped: [], warnings: [] } } as any;
};
const r = findEditionPairs([mk('zh', zh, (k) => skipEvery > 0 && k % 10 === 3), mk('en', en, (k) => skipEvery > 0 && k % 10 === 7)], { minScore: 0.5 });
for (const p of r.pairs) {
  const ok = p.chineseId.slice(3) === p.englishId.slice(3);
  const t = p.terms!;
  console.log(ok ? 'OK ' : 'BAD', p.score.toFixed(2), 'content', (t.numbers + t.latinNames + t.names + t.terms + t.transliterations).toFixed(2), 'terms', t.terms.toFixed(2), 'num', t.numbers.toFixed(2), 'tr', t.transliterations.toFixed(2));
}
for (const m of r.nearMisses) console.log('MISS', m.articleId, m.candidateId, m.score.toFixed(2), m.reason);
