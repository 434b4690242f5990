/**
 * The Slack layer's fixed user-interface strings, in both editions' languages. Only these strings are
 * chosen by language here; the answer itself arrives already in the asker's language.
 */
import type { Language } from '../core';

/** The fixed strings shown around answers, for one language. */
export interface SlackInterfaceText {
  /** Shown in the thread while the assistant works; replaced by the answer. */
  readonly placeholder: string;
  /** Replaces the answer when the assistant or Slack failed. */
  readonly failure: string;
  /** Heading of the sources list in the plain-text fallback. */
  readonly sourcesLabel: string;
  /** Appended when an answer was cut to fit Slack's message limits. */
  readonly truncationNote: string;
  /** Short help: what the bot does and how to ask; plain text except for `*bold*`. */
  readonly helpIntroduction: string;
  /** Example questions answered by the seed newsletters, shown in the help (plain text). */
  readonly exampleQuestions: readonly string[];
}

/** Every fixed string, by language. */
export const SLACK_INTERFACE_TEXT: Readonly<Record<Language, SlackInterfaceText>> = {
  en: {
    placeholder: 'Searching the newsletters…',
    failure: 'Sorry, something went wrong while answering your question. Please try again in a moment.',
    sourcesLabel: 'Sources',
    truncationNote: '(answer shortened to fit Slack’s message size limit)',
    helpIntroduction:
      'I answer questions about the *China Science & Technology Newsletter*, in English or Chinese, and cite ' +
      'the articles I used (title, source, date, issue). Mention me with a question in a channel, or send me ' +
      'a direct message. For example:',
    exampleQuestions: [
      'What did the two sides discuss at the 7th China-US Innovation Dialogue in Beijing?',
      'Which US universities work with the China-US Innovation Park in Qingdao?',
    ],
  },
  zh: {
    placeholder: '正在检索《中国科技通讯》…',
    failure: '抱歉，回答您的问题时出了点问题，请稍后再试。',
    sourcesLabel: '来源',
    truncationNote: '（回答过长，已按 Slack 消息长度限制截断）',
    helpIntroduction:
      '我可以回答关于《中国科技通讯》的问题，中英文均可，并注明所引用的文章（标题、来源、日期、期号）。' +
      '在频道里 @我 并提问，或直接给我发私信。例如：',
    exampleQuestions: ['青岛中美科技创新园和哪些美国高校合作？', '第二届中俄创新对话在哪里举行？'],
  },
};

/** The label that introduces a cited article's other-language edition, by that edition's language. */
export const PAIRED_EDITION_LABEL: Readonly<Record<Language, string>> = {
  zh: '中文版',
  en: 'English edition',
};
