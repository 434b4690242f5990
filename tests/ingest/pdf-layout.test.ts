/**
 * Issue 5, formats: what PDFs bring — page numbers, running headers and footers, two-column pages,
 * hyphenated English line ends, hard-wrapped Chinese lines, headings by font size, bookmarks — on
 * synthetic text runs and on a real two-column PDF that the test generates.
 */
import { describe, expect, it } from 'vitest';
import { extractDocumentBytes, layoutPdfText, parseNewsletter, type PositionedPage, type PositionedText } from '../../src/ingest';
import { renderPdf, type SourceBlock } from './render-newsletters';

const WIDTH = 595;
const HEIGHT = 842;
const CJK = /[\p{Script=Han}，。、“”（）：；]/u;

/** Width of `text` in points: CJK characters one font size, everything else half of it. */
function textWidth(text: string, size: number): number {
  return [...text].reduce((total, character) => total + (CJK.test(character) ? size : size * 0.5), 0);
}

/** A run of text on one line at (`x`, baseline `y`), in points. */
function run(text: string, x: number, y: number, overrides: Partial<PositionedText> = {}): PositionedText {
  const size = overrides.size ?? 10;
  return { text, x, y, width: textWidth(text, size), size, font: 'body', ...overrides };
}

/**
 * Lays paragraphs out like a word processor: wrapped at `width` (between words, or between Chinese
 * characters), 14-point line pitch, 8 points between paragraphs, from baseline `top` down.
 */
class Flow {
  readonly items: PositionedText[] = [];
  private y: number;
  constructor(
    private readonly x = 60,
    top = 760,
    private readonly width = WIDTH - 120,
    private readonly size = 10,
    /** One run per word, as some PDF producers write them, instead of one per line. */
    private readonly wordRuns = false,
  ) {
    this.y = top;
  }

  paragraph(text: string): this {
    const tokens = text.match(/[\p{Script=Han}，。、“”（）：；]|\s+|[^\s\p{Script=Han}，。、“”（）：；]+/gu) ?? [];
    let line = '';
    for (const token of tokens) {
      if (/^\s+$/u.test(token)) {
        if (line !== '') line += ' ';
        continue;
      }
      if (line !== '' && textWidth(line + token, this.size) > this.width) {
        this.line(line.trimEnd());
        line = '';
      }
      line += token;
    }
    if (line.trim() !== '') this.line(line.trimEnd());
    this.y -= 8;
    return this;
  }

  /** One line exactly as given (e.g. ending in a hyphen). */
  line(text: string): this {
    if (this.wordRuns) {
      let x = this.x;
      for (const word of text.split(' ')) {
        const item = run(word, x, this.y, { size: this.size });
        this.items.push(item);
        x += item.width + this.size * 0.5;
      }
    } else {
      this.items.push(run(text, this.x, this.y, { size: this.size }));
    }
    this.y -= 14;
    return this;
  }
}

function page(items: readonly PositionedText[]): PositionedPage {
  return { width: WIDTH, height: HEIGHT, items };
}

function furniture(pageNumber: number): PositionedText[] {
  return [
    run('China Science and Technology Newsletter', 60, 800, { size: 8 }),
    run(`Ministry of Science and Technology, page ${pageNumber}`, 60, 50, { size: 8 }),
    run(`- ${pageNumber} -`, 290, 36, { size: 8 }),
  ];
}

const FIRST = 'Scientists from both countries met in Beijing on 5 June and agreed to extend their joint programme on clean energy, agriculture and health for another five years.';
const SECOND = 'A second paragraph follows with enough words to wrap over two lines of the page, and it ends here.';

describe('running headers, footers and page numbers', () => {
  it('drops rows that repeat at the page edges and page numbers, keeping the paragraphs', () => {
    const text = layoutPdfText([
      page([...furniture(1), ...new Flow().paragraph(FIRST).items]),
      page([...furniture(2), ...new Flow().paragraph(SECOND).items]),
    ]);
    expect(text).toBe([FIRST, SECOND].join('\n\n'));
  });

  it('keeps a line that appears at the edge of one page only', () => {
    const text = layoutPdfText([
      page([...furniture(1), run('Only once at the top', 60, 780), ...new Flow().paragraph(FIRST).items]),
      page([...furniture(2), ...new Flow().paragraph(SECOND).items]),
    ]);
    expect(text.split('\n\n')[0]).toBe('Only once at the top');
  });

  it('joins a paragraph that a page break cut after a full line, and not one that ended', () => {
    const lines = new Flow().paragraph(FIRST).items;
    const [first, ...rest] = lines;
    expect(rest.length).toBeGreaterThan(0);
    const text = layoutPdfText([
      page([...furniture(1), ...(first === undefined ? [] : [first])]),
      page([...furniture(2), ...rest.map((item, index) => ({ ...item, y: 760 - index * 14 })), ...new Flow(60, 700).paragraph(SECOND).items]),
    ]);
    expect(text).toBe([FIRST, SECOND].join('\n\n'));
  });
});

describe('hyphenation and Chinese line breaks', () => {
  it('joins an English word hyphenated at the line end, and keeps a compound broken at its hyphen', () => {
    const flow = new Flow(60, 760, 200);
    flow.line('The ministers signed an inter-').line('national memorandum on the China-').line('US Innovation Dialogue in Beijing').line('and agreed.');
    const text = layoutPdfText([page(flow.items)]);
    expect(text).toBe('The ministers signed an international memorandum on the China-US Innovation Dialogue in Beijing and agreed.');
  });

  it('joins wrapped Chinese lines without spaces and ends the paragraph at a short line', () => {
    const body = '2016年9月24日，科技部副部长阴和俊在2016浦江创新论坛全体大会演讲时介绍，目前，中国已与158个国家和地区建立科技合作关系，签订了110个政府间的科技合作协定。';
    const flow = new Flow(60, 760, 200).paragraph(body).paragraph('中美合作').paragraph(body);
    expect(flow.items.length).toBeGreaterThan(4);
    expect(layoutPdfText([page(flow.items)]).split('\n\n')).toEqual([body, '中美合作', body]);
  });
});

describe('headings and bookmarks', () => {
  it('marks text larger than the body as headings, largest first', () => {
    const text = layoutPdfText([
      page([
        run('CHINA SCIENCE NEWSLETTER', 60, 800, { size: 20 }),
        run('Latest Progress', 60, 775, { size: 14 }),
        ...new Flow(60, 750).paragraph(FIRST).paragraph(SECOND).items,
      ]),
    ]);
    expect(text.split('\n\n')).toEqual(['# CHINA SCIENCE NEWSLETTER', '## Latest Progress', FIRST, SECOND]);
  });

  it('ends a paragraph where the font changes (a bold title above the text)', () => {
    const title = run('Senior US Science and Technology Officials Visit the Zhongguancun Innoway in', 60, 760, { font: 'bold' });
    const text = layoutPdfText([page([title, ...new Flow(60, 746).paragraph(FIRST).items])]);
    expect(text.split('\n\n')).toEqual([title.text, FIRST]);
  });

  it('marks the paragraph an outline entry points to as a bookmarked title, not its contents entry', () => {
    const title = '中荷在京开展科技合作交流';
    const body = '2016年5月19日，科技部国际合作司相关负责人与荷兰教育、文化和科学部总司长汉斯·舒德举行磋商，就中荷科技创新合作、两国科技发展情况等进行了深入交流。';
    const text = layoutPdfText(
      [
        page(new Flow().paragraph('目录').paragraph(title).paragraph('中俄工作组会议在莫斯科举行').paragraph(body).items),
        page(new Flow().paragraph(`前言：${body}`).paragraph(title).paragraph(`正文：${body}`).items),
      ],
      { outline: [{ title, pageIndex: 1 }] },
    );
    expect(text.split('\n\n')).toEqual(['目录', title, '中俄工作组会议在莫斯科举行', body, `前言：${body}`, `[bookmark: outline]${title}`, `正文：${body}`]);
  });
});

describe('two-column pages', () => {
  it('does not split a single column written word by word into two columns', () => {
    const flow = new Flow(60, 760, WIDTH - 120, 10, true).paragraph(FIRST).paragraph(SECOND).paragraph(FIRST.replace('Beijing', 'Shanghai'));
    expect(flow.items.length).toBeGreaterThan(60);
    expect(layoutPdfText([page(flow.items)]).split('\n\n')).toEqual([FIRST, SECOND, FIRST.replace('Beijing', 'Shanghai')]);
  });

  it('reads the left column, then the right, with a full-width title above them, whatever their baselines', () => {
    const left = new Flow(60, 760, 220).paragraph(FIRST).paragraph(SECOND);
    const right = new Flow(315, 755, 220).paragraph(SECOND.replace('second', 'third')).paragraph(FIRST.replace('Scientists', 'Engineers'));
    const title = run('A Title Across Both Columns Of The Page Above The Text In Large Type', 60, 790, { size: 14 });
    const text = layoutPdfText([page([title, ...right.items, ...left.items])]);
    expect(text.split('\n\n')).toEqual([`# ${title.text}`, FIRST, SECOND, SECOND.replace('second', 'third'), FIRST.replace('Scientists', 'Engineers')]);
  });

  it('rebuilds a generated two-column PDF page: order, paragraphs, hyphenation, Chinese, no furniture', async () => {
    const english =
      'Representatives of the ministries discussed internationalisation, commercialisation and the interoperability of research infrastructures, and agreed that intergovernmental programmes should support young researchers.';
    const chinese = '2016年10月9日至15日，中日青年科技人员交流计划首批中方青年科技人员访问日本，双方就科技创新合作进行了深入交流，并商定今后每年定期举办交流活动。';
    const paragraph = (text: string): SourceBlock => ({ kind: 'paragraph', level: 0, bookmark: null, runs: [{ text, bold: false, italic: false }] });
    const blocks: SourceBlock[] = [
      { kind: 'heading', level: 1, bookmark: null, runs: [{ text: 'Two Columns', bold: true, italic: false }] },
      ...Array.from({ length: 10 }, (_, index) => paragraph(`${index + 1}. ${english}`)),
      ...Array.from({ length: 10 }, (_, index) => paragraph(`${index + 1}、${chinese}`)),
    ];
    const pdf = await renderPdf(blocks, { columns: 2, fontSize: 11 });
    const document = await extractDocumentBytes(pdf, 'two-columns.pdf');
    expect(document.pageCount).toBeGreaterThanOrEqual(2);
    const paragraphs = document.text.split('\n\n');
    expect(paragraphs).toEqual([
      '# Two Columns',
      ...Array.from({ length: 10 }, (_, index) => `${index + 1}. ${english}`),
      ...Array.from({ length: 10 }, (_, index) => `${index + 1}、${chinese}`),
    ]);
    expect(document.text).not.toMatch(/科技部国际合作司|China Science and Technology Newsletter|- \d -/u);
  });

  it('feeds the parser: a two-column Chinese PDF keeps its titles and source lines', async () => {
    const blocks: SourceBlock[] = [
      ['中荷在京开展科技合作交流', true],
      ['2016年5月19日，科技部国际合作司相关负责人与荷兰教育、文化和科学部总司长汉斯·舒德举行磋商，就中荷科技创新合作、两国科技发展情况等进行了深入交流。', false],
      ['（来源：中国国际科技合作网，2016年05月27日）', false],
      ['中俄高技术和创新工作组第九次会议在莫斯科举行', true],
      ['2016年4月26日，中俄总理定期会晤委员会科技合作分委会高技术和创新工作组第九次会议在莫斯科举行，双方就联合研究项目达成广泛共识。', false],
      ['（来源：中国国际科技合作网，2016年05月18日）', false],
    ].map(([text, bold]) => ({ kind: 'paragraph', level: 0, bookmark: null, runs: [{ text: String(text), bold: Boolean(bold), italic: false }] }));
    const document = await extractDocumentBytes(await renderPdf(blocks, { columns: 2 }), 'zh.pdf');
    const articles = parseNewsletter(document.text, 'seeds/zh.pdf').articles;
    expect(articles.map((article) => [article.title, article.source, article.date])).toEqual([
      ['中荷在京开展科技合作交流', '中国国际科技合作网', '2016-05-27'],
      ['中俄高技术和创新工作组第九次会议在莫斯科举行', '中国国际科技合作网', '2016-05-18'],
    ]);
  });
});
