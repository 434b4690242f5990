/**
 * The Slack layer's fixed user-interface strings, in both editions' languages. Only these strings are
 * chosen by language here; the answer itself arrives already in the asker's language.
 */
import type { Language } from '../core';
import type { AnswerStage } from '../answer/types';

/** The fixed strings shown around answers, for one language. */
export interface SlackInterfaceText {
  /** Shown in the thread while the assistant works (non-streaming mode); replaced by the answer. */
  readonly placeholder: string;
  /** The assistant status ("<app> is …") while it works, by stage; `default` before the first stage. */
  readonly status: Readonly<Record<AnswerStage | 'default', string>>;
  /** Rotating loading messages under the status (at most 10, Slack's limit). */
  readonly loadingMessages: readonly string[];
  /** Replaces the answer when the assistant or Slack failed. */
  readonly failure: string;
  /** Replaces the answer when the bot shuts down before the answer is ready. */
  readonly shuttingDown: string;
  /** The shared state store (Redis, several replicas) did not answer: nothing was answered; ask again shortly. */
  readonly stateStoreUnavailable: string;
  /** Heading of the sources list in the plain-text fallback. */
  readonly sourcesLabel: string;
  /** Appended when an answer was cut to fit Slack's message limits. */
  readonly truncationNote: string;
  /** Short help: what the bot does and how to ask; plain text except for `*bold*`. */
  readonly helpIntroduction: string;
  /** Example questions answered by the seed newsletters, shown in the help (plain text). */
  readonly exampleQuestions: readonly string[];
  /** Labels of the answer's buttons (plain text, at most 75 characters). */
  readonly buttons: {
    readonly showOriginal: string;
    /** Labels of Slack's native feedback buttons, which draw the 👍/👎 icons themselves. */
    readonly feedbackPositive: string;
    readonly feedbackNegative: string;
    readonly share: string;
  };
  /** Heading of the "Show original" reply. */
  readonly originalHeading: string;
  /** Shown when a cited article is no longer in the index. */
  readonly originalUnavailable: string;
  /** Thanks for a feedback click, by rating. */
  readonly feedbackThanks: { readonly helpful: string; readonly not_helpful: string };
  /** Shown when a button refers to an answer the bot no longer remembers (e.g. after a restart). */
  readonly answerExpired: string;
  /** The polite "please wait" of the rate limit; `{seconds}` is replaced. */
  readonly rateLimited: string;
  /**
   * The reply to a question longer than `MAX_QUESTION_CHARS`; `{characters}` and `{maximum}` are replaced by
   * the question's length and the limit, in characters.
   */
  readonly questionTooLong: string;
  /** Private notice for commands in a channel, or by a user, that is not on the allow-list. */
  readonly notAllowed: string;
  /** Private notice for admin commands run by someone else. */
  readonly adminOnly: string;
  /** Context line under an answer shared from a private reply; `{user}` is replaced by a mention. */
  readonly sharedBy: string;
  /** Context line under an answer asked for with the message shortcut; `{user}` is replaced by a mention. */
  readonly askedAboutMessage: string;
  /** Turns the `/newsletter summarize` argument into a request (`{topic}` replaced); `summarizeLatest` without one. */
  readonly summarizeRequest: string;
  readonly summarizeLatest: string;
  /** Heading of the `/newsletter sources` reply. */
  readonly sourcesHeading: string;
  /** `/newsletter sources` when nothing answers the question. */
  readonly noSources: string;
  /** Heading of the nearest items when the question is not answered. */
  readonly relatedHeading: string;
  /** Heading of the items on the question's topic when the newsletters cover the topic but not the asked fact (`partial`). */
  readonly topicHeading: string;
  /** The slash command's usage (mrkdwn; `{command}` is replaced). */
  readonly commandUsage: string;
  /** Title of the suggested prompts in a new assistant thread. */
  readonly suggestedPromptsTitle: string;
  /** The App Home tab's texts (plain text except `*bold*`; `{command}` and `{count}` are replaced). */
  readonly home: {
    /** How to ask: mention, direct message (the Messages tab), the slash command. */
    readonly howToAsk: string;
    readonly issuesHeading: string;
    /** Item count of an issue; `{count}` is replaced. */
    readonly itemCount: string;
    /** The item count of an issue with a single item. */
    readonly itemCountOne: string;
    /** Heading of an issue whose file prints neither label nor number; `{date}` is replaced. */
    readonly issueOfDate: string;
    /** Heading of an issue without label, number or date. */
    readonly undatedIssue: string;
    /** Shown instead of the issues when the index holds none. */
    readonly noIssues: string;
    readonly examplesHeading: string;
  };
  /** First message in the Messages tab (`agent_view`), once per conversation. */
  readonly messagesTabGreeting: string;
}

/** Every fixed string, by language. */
export const SLACK_INTERFACE_TEXT: Readonly<Record<Language, SlackInterfaceText>> = {
  en: {
    placeholder: 'Searching the newsletters…',
    status: {
      default: 'is searching the newsletters…',
      rewriting: 'is reading your question…',
      searching: 'is searching the newsletters…',
      reading: 'is reading the articles…',
      writing: 'is writing the answer…',
    },
    loadingMessages: ['Searching the newsletters…', 'Reading the articles…', 'Checking the sources…'],
    failure: 'Sorry, something went wrong while answering your question. Please try again in a moment.',
    shuttingDown: 'Sorry, the assistant is restarting and could not finish this answer. Please ask again in a minute.',
    stateStoreUnavailable: 'Sorry, the assistant cannot answer right now: its state store is unavailable. Please try again in a minute.',
    sourcesLabel: 'Sources',
    truncationNote: '(answer shortened to fit Slack’s message size limit)',
    helpIntroduction:
      'I answer questions about the *China Science & Technology Newsletter*, in English or Chinese, and cite ' +
      'the articles I used (title, source, date, issue). Mention me with a question in a channel and reply in ' +
      'the thread for follow-ups, send me a direct message, or use {command}. For example:',
    exampleQuestions: [
      'What did the two sides discuss at the 7th China-US Innovation Dialogue in Beijing?',
      'Which US universities work with the China-US Innovation Park in Qingdao?',
    ],
    buttons: { showOriginal: 'Show original', feedbackPositive: 'Helpful', feedbackNegative: 'Not helpful', share: 'Share in channel' },
    originalHeading: 'The cited passages',
    originalUnavailable: 'This article is no longer in the index.',
    feedbackThanks: {
      helpful: 'Thanks for the feedback — glad it helped.',
      not_helpful: 'Thanks for the feedback — it goes into the list of questions we test the assistant on.',
    },
    answerExpired: 'This answer is no longer available (the assistant has restarted since). Please ask again.',
    rateLimited: 'You are asking faster than I can keep up with. Please wait about {seconds} s and ask again.',
    questionTooLong:
      'Sorry, that question is too long for me: it has {characters} characters and I read questions of up to ' +
      '{maximum}. Please ask it again in a sentence or two, naming what you want to know.',
    notAllowed: 'The newsletter assistant is not enabled here. Ask your workspace admin if you need it.',
    adminOnly: 'Only the assistant’s admins can run this command.',
    sharedBy: 'Shared by {user}',
    askedAboutMessage: '{user} asked about this message',
    summarizeRequest: 'Summarize what the newsletters report about {topic}',
    summarizeLatest: 'Summarize the latest newsletter issue',
    sourcesHeading: 'Newsletter items on this question',
    noSources: 'The newsletters do not cover this question.',
    relatedHeading: 'Nearest items in the newsletters',
    topicHeading: 'Newsletter items on this topic (they do not state the answer)',
    commandUsage:
      '`{command} ask QUESTION` (or just `{command} QUESTION`) — a private answer you can share\n' +
      '`{command} summarize TOPIC` — a summary from the newsletters\n' +
      '`{command} sources QUESTION` — only the newsletter items on a question\n' +
      '`{command} help` — this help',
    suggestedPromptsTitle: 'Try asking · 试试问',
    home: {
      howToAsk:
        'Ask about the *China Science & Technology Newsletter* in English or Chinese: mention me in a channel ' +
        '(follow-ups in the thread need no new mention), write to me in the *Messages* tab, or use ' +
        '`{command} QUESTION` for a private answer you can share. Every answer cites its articles.',
      issuesHeading: 'Newest issues',
      itemCount: '{count} items',
      itemCountOne: '1 item',
      issueOfDate: 'Issue of {date}',
      undatedIssue: 'Undated issue',
      noIssues: 'No newsletter issues are indexed yet.',
      examplesHeading: 'Try asking',
    },
    messagesTabGreeting: 'Hi! Ask me anything about the China Science & Technology Newsletter, in English or Chinese.',
  },
  zh: {
    placeholder: '正在检索《中国科技通讯》…',
    status: {
      default: '正在检索《中国科技通讯》…',
      rewriting: '正在理解您的问题…',
      searching: '正在检索《中国科技通讯》…',
      reading: '正在阅读相关文章…',
      writing: '正在撰写回答…',
    },
    loadingMessages: ['正在检索《中国科技通讯》…', '正在阅读相关文章…', '正在核对出处…'],
    failure: '抱歉，回答您的问题时出了点问题，请稍后再试。',
    shuttingDown: '抱歉，助手正在重启，未能完成这条回答。请稍后再问一次。',
    stateStoreUnavailable: '抱歉，助手的状态存储暂时不可用，现在无法回答。请稍后再试。',
    sourcesLabel: '来源',
    truncationNote: '（回答过长，已按 Slack 消息长度限制截断）',
    helpIntroduction:
      '我可以回答关于《中国科技通讯》的问题，中英文均可，并注明所引用的文章（标题、来源、日期、期号）。' +
      '在频道里 @我 并提问（在该话题里继续追问即可），直接给我发私信，或使用 {command}。例如：',
    exampleQuestions: ['青岛中美科技创新园和哪些美国高校合作？', '第二届中俄创新对话在哪里举行？'],
    buttons: { showOriginal: '查看原文', feedbackPositive: '有帮助', feedbackNegative: '没帮助', share: '分享到频道' },
    originalHeading: '引用的原文段落',
    originalUnavailable: '索引中已没有这篇文章。',
    feedbackThanks: {
      helpful: '感谢反馈，很高兴能帮上忙。',
      not_helpful: '感谢反馈，这个问题会加入我们测试助手的问题集。',
    },
    answerExpired: '这条回答已失效（助手已重启），请重新提问。',
    rateLimited: '您提问的速度有点快，请等待约 {seconds} 秒后再问。',
    questionTooLong: '抱歉，这个问题太长了：共 {characters} 个字符，而我最多只能读 {maximum} 个字符的问题。请用一两句话重新提问，说明您想了解什么。',
    notAllowed: '此处未启用《中国科技通讯》助手。如需使用，请联系工作区管理员。',
    adminOnly: '只有助手的管理员可以运行此命令。',
    sharedBy: '由 {user} 分享',
    askedAboutMessage: '{user} 就这条消息提问',
    summarizeRequest: '总结《中国科技通讯》关于{topic}的报道',
    summarizeLatest: '总结最新一期《中国科技通讯》',
    sourcesHeading: '与该问题相关的通讯条目',
    noSources: '《中国科技通讯》没有涉及这个问题。',
    relatedHeading: '通讯中最接近的条目',
    topicHeading: '通讯中涉及该主题的条目（未提到所问内容）',
    commandUsage:
      '`{command} ask 问题`（或直接 `{command} 问题`）— 仅您可见的回答，可分享到频道\n' +
      '`{command} summarize 主题` — 根据通讯生成摘要\n' +
      '`{command} sources 问题` — 只列出相关的通讯条目\n' +
      '`{command} help` — 本帮助',
    suggestedPromptsTitle: 'Try asking · 试试问',
    home: {
      howToAsk:
        '用中文或英文提问《中国科技通讯》的内容：在频道里 @我（在该话题里继续追问无需再 @），在*消息*标签页直接给我发消息，' +
        '或使用 `{command} 问题` 获取仅您可见、可分享的回答。每条回答都注明引用的文章。',
      issuesHeading: '最新各期',
      itemCount: '共 {count} 篇',
      itemCountOne: '共 1 篇',
      issueOfDate: '{date} 期',
      undatedIssue: '未注明日期的一期',
      noIssues: '索引中还没有任何一期通讯。',
      examplesHeading: '试试问',
    },
    messagesTabGreeting: '您好！关于《中国科技通讯》的任何问题都可以问我，中英文均可。',
  },
};

/** The label that introduces a cited article's other-language edition, by that edition's language. */
export const PAIRED_EDITION_LABEL: Readonly<Record<Language, string>> = {
  zh: '中文版',
  en: 'English edition',
};

/**
 * Prompts suggested when a user opens a new assistant thread: two in English, two in Chinese (Slack shows
 * at most four). `title` is the button label, `message` what is sent when it is clicked.
 */
export const SUGGESTED_PROMPTS: readonly { readonly title: string; readonly message: string }[] = [
  { title: 'China-US Innovation Dialogue', message: 'What did the two sides discuss at the 7th China-US Innovation Dialogue in Beijing?' },
  { title: 'Qingdao innovation park', message: 'Which US universities work with the China-US Innovation Park in Qingdao?' },
  { title: '中俄创新对话', message: '第二届中俄创新对话在哪里举行？' },
  { title: '总结最新一期', message: '总结最新一期《中国科技通讯》' },
];

/** Replaces each `{name}` in `template` with `values[name]` (unknown names are left as they are). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
