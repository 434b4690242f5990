/**
 * Recognises what kind of answer a question asks for, in English and Chinese: a summary, a date, the
 * source outlet, a list of articles, or a plain fact. Keyword rules; the LLM path may refine this later.
 */

export type QuestionIntent = 'summary' | 'date' | 'source' | 'list' | 'fact';

const RULES: readonly (readonly [QuestionIntent, RegExp])[] = [
  ['summary', /\b(?:summari[sz]e|summary|overview|outline|recap|tl;?dr)\b|总结|概括|概述|摘要|归纳|介绍一下/iu],
  ['source', /\b(?:source|come from|came from|reported by|which (?:outlet|newspaper|media)|who reported)\b|出自|来源|哪家媒体|哪个媒体|谁报道/iu],
  ['date', /\b(?:when|what date|which date|what day|which day|what time)\b|什么时候|哪天|哪一天|何时|几月几日|日期|时间是/iu],
  [
    'list',
    /\b(?:which|what) (?:[\w-]+ ){0,3}(?:articles|stories|reports|items|conferences|meetings|forums|events|dialogues|agreements)\b|\b(?:list (?:the|all)|any articles)\b|哪些[\p{Script=Han}]{0,10}?(?:报道|文章|会议|论坛|活动|新闻|对话)|有哪些|列出/iu,
  ],
];

/** The intent of `question`; `fact` when no rule matches. Rules are tried in the order listed above. */
export function detectIntent(question: string): QuestionIntent {
  for (const [intent, pattern] of RULES) if (pattern.test(question)) return intent;
  return 'fact';
}
