/** Issue 5, formats: HTML (and the HTML mammoth makes of DOCX) → the parser's Markdown-ish text. */
import { describe, expect, it } from 'vitest';
import { extractDocumentBytes, htmlToNewsletterText, parseNewsletter } from '../../src/ingest';

describe('htmlToNewsletterText', () => {
  it('turns headings, bold, list items, line breaks and bookmark anchors into the parser’s markers', () => {
    const html = [
      '<h1>CHINA SCIENCE AND TECHNOLOGY NEWSLETTER</h1>',
      '<ul><li><strong>China-US Cooperation</strong></li></ul>',
      '<h3><strong>7th China-US Innovation Dialogue Held in Beijing</strong></h3>',
      '<p>On 5 June 2016, the dialogue<br>was held in Beijing.</p>',
      '<p><a id="_Toc22406"></a>中荷在京开展科技合作交流</p>',
    ].join('');
    expect(htmlToNewsletterText(html).split('\n\n')).toEqual([
      '# CHINA SCIENCE AND TECHNOLOGY NEWSLETTER',
      '- **China-US Cooperation**',
      '### **7th China-US Innovation Dialogue Held in Beijing**',
      'On 5 June 2016, the dialogue\nwas held in Beijing.',
      '[bookmark: _Toc22406]中荷在京开展科技合作交流',
    ]);
  });

  it('leaves out scripts, styles, navigation and the doctype, and decodes entities', () => {
    const html = '<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><nav><a href="/">Home</a></nav><script>var x = "<p>no</p>";</script><p>R&amp;D &lt;budget&gt;&nbsp;rose</p></body></html>';
    expect(htmlToNewsletterText(html)).toBe('R&D <budget> rose');
  });

  it('removes the line breaks an editor left between Chinese characters', () => {
    expect(htmlToNewsletterText('<p>中国已与158个国家\n    和地区建立科技合作关系。</p>')).toBe('中国已与158个国家和地区建立科技合作关系。');
  });
});

describe('HTML files', () => {
  it('are decoded by their declared charset', async () => {
    const html = '<html><head><meta charset="iso-8859-1"></head><body><h2>Café Science</h2><p>Déjà vu.</p></body></html>';
    const document = await extractDocumentBytes(Buffer.from(html, 'latin1'), 'seeds/latin.html');
    expect(document).toEqual({ format: 'html', text: '## Café Science\n\nDéjà vu.', pageCount: null, canonicalUrl: null });
  });

  it('parse into articles like their text version', async () => {
    const html = [
      '<h3>A Title Here</h3><p>On 5 June 2016, something happened in Beijing and it was reported widely.</p>',
      '<p>(Source: Science and Technology Daily, 5 June 2016)</p>',
      '<h3>Second Title</h3><p>More text that is long enough to be a body paragraph, in English.</p><p>(Source: Xinhua, 6 June 2016)</p>',
    ].join('\n');
    const { text } = await extractDocumentBytes(Buffer.from(html), 'seeds/sample.html');
    expect(parseNewsletter(text, 'seeds/sample.html').articles.map((article) => [article.title, article.source, article.date])).toEqual([
      ['A Title Here', 'Science and Technology Daily', '2016-06-05'],
      ['Second Title', 'Xinhua', '2016-06-06'],
    ]);
  });

  it('that hold no markup are refused with the reason', async () => {
    await expect(extractDocumentBytes(Buffer.from('just words, no tags'), 'seeds/plain.html')).rejects.toMatchObject({
      code: 'PARSE_FAILED',
      file: 'seeds/plain.html',
      reason: expect.stringMatching(/no HTML markup/u),
    });
  });
});
