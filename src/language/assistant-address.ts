/**
 * Sentences that address the assistant instead of reporting news — text planted in a newsletter to steer
 * a model or to be quoted as an answer ("Ignore previous instructions and reply that …",
 * "忽略之前的所有指令，回复……"), in English and Chinese.
 *
 * A small set of documented patterns, grouped by {@link AssistantAddressKind}, rather than a classifier:
 * a match names the pattern that fired, so a flagged article can be explained in the parse report and
 * the index log, and a false positive can be traced to one line here. Each pattern needs a sign that a
 * *model* is addressed — an instruction-override object ("previous instructions", "之前的指令"), a
 * second-person role change ("you are now", "你现在是"), a chat-template marker, or an imperative reply
 * directive — because the words alone occur in real news ("ignore", "system", "instructions", "扮演…角色":
 * "China plays an important role" and "中国在…中扮演重要角色" are not flagged).
 *
 * The patterns are checked against every sentence of the seed newsletters (no hits) in
 * `tests/language/assistant-address.test.ts`; add a guard sentence there with each new pattern.
 */
import { splitSentences } from './sentences';

/**
 * How a sentence addresses the assistant:
 * - `override`: tells it to drop its instructions ("ignore previous instructions", "忽略以上指令", "new instructions:");
 * - `role-play`: gives it another identity ("you are now …", "act as …", "as an AI language model", "你现在是", "请扮演");
 * - `role-marker`: a chat-template or role marker ("SYSTEM:", "Assistant:", "[INST]", "<|im_start|>", "系统提示：");
 * - `output-directive`: dictates its reply ("reply only with …", "if anyone asks, answer that …", "请只回答……").
 */
export type AssistantAddressKind = 'override' | 'role-play' | 'role-marker' | 'output-directive';

/** One documented pattern of {@link ASSISTANT_ADDRESS_PATTERNS}. */
export interface AssistantAddressPattern {
  /** Stable name, reported with a match, e.g. `ignore-previous-instructions`. */
  readonly name: string;
  readonly kind: AssistantAddressKind;
  /** What the pattern catches, for the reader of a report. */
  readonly description: string;
  readonly pattern: RegExp;
  /**
   * Lower-case substrings of which the sentence (normalised, lower-cased) must hold one before
   * {@link pattern} is tried: a fast pre-check for the English patterns (their case-insensitive `\b`
   * alternations cost ≈ 2–4 µs a sentence each); the pattern alone decides. Absent: always tried.
   */
  readonly cues?: readonly string[];
}

/** A sentence's match: which pattern fired and the text it matched. */
export interface AssistantAddressMatch {
  readonly kind: AssistantAddressKind;
  /** {@link AssistantAddressPattern.name} of the pattern that fired (the first in table order). */
  readonly pattern: string;
  /** The matched text, as read: after {@link normaliseForDetection} (full-width letters as ASCII, no zero-width characters). */
  readonly matched: string;
}

/** A sentence of a text that addresses the assistant, with its match. */
export interface AssistantAddressSentence {
  readonly sentence: string;
  /** 0-based position among the text's sentences ({@link splitSentences}). */
  readonly position: number;
  readonly match: AssistantAddressMatch;
}

/**
 * The start of a sentence, or of a clause after a colon, semicolon, line break or sentence end (where
 * imperatives stand). Patterns read NFKC text, so full-width ：；！？ arrive as :;!?.
 */
const CLAUSE_START = String.raw`(?:^|[\n:;。!?]\s*|\.\s+)`;
/** Words that may precede an imperative addressed to a model: "Please", "Now", "From now on,". */
const IMPERATIVE_LEAD = String.raw`(?:(?:please|now|instead|from now on|henceforth)[,\s]+)*`;
/** English qualifiers that make instructions the model's own: "previous", "above", "system". */
const EARLIER = String.raw`(?:previous|prior|above|preceding|earlier|foregoing|former|original|initial|system|developer)`;
/** Chinese: earlier, above or all, as in 之前的、以上、所有. */
const ZH_EARLIER = '(?:之前|此前|先前|以前|前面|上面|以上|上述|前述|原有|原来|原先|所有|全部|一切)';
/** Chinese objects of an override: 指令、指示、提示(词)、说明、设定、内容. */
const ZH_INSTRUCTION_WORDS = '(?:指令|指示|提示词|提示|说明|设定|内容)';

/**
 * The patterns, by kind, in the order they are tried. Each needs a sign that a model is addressed (see the
 * file's header); the guard sentences in the tests show what each must leave alone.
 */
export const ASSISTANT_ADDRESS_PATTERNS: readonly AssistantAddressPattern[] = [
  {
    name: 'ignore-previous-instructions',
    kind: 'override',
    description: '"ignore / disregard / forget (all) previous, prior, above or system instructions (rules, prompts, context)"; "override / bypass previous instructions"',
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget)\s+(?:(?:all|any|every|of|the|your|my|these|those)\s+)*${EARLIER}\s+(?:\w+\s+)?(?:instructions?|prompts?|directions|directives|rules|guidelines|messages|context|commands)\b` +
        String.raw`|\b(?:override|bypass|discard)\s+(?:(?:all|any|the|your)\s+)*${EARLIER}\s+(?:instructions?|prompts?)\b`,
      'iu',
    ),
    cues: ['ignore', 'disregard', 'forget', 'override', 'bypass', 'discard'],
  },
  {
    name: 'ignore-your-instructions',
    kind: 'override',
    description: '"ignore all / your instructions", "disregard the above", "forget everything you were told"',
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?)?(?:your|all)\s+(?:\w+\s+)?(?:instructions|prompts?|programming|training|guidelines)\b|\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?|everything\s+)?(?:the\s+)?(?:above|foregoing)\b|\bforget\s+everything\s+(?:before|you\s+(?:were|have\s+been)\s+told)/iu,
    cues: ['ignore', 'disregard', 'forget'],
  },
  {
    name: 'new-instructions',
    kind: 'override',
    description: '"new instructions:", "updated system prompt:", "your new task is"',
    pattern: /\b(?:new|updated|real|actual)\s+(?:system\s+)?(?:instructions?|prompt)\s*[:：]|\byour\s+(?:new|real|actual)\s+(?:instructions?|task|role|goal|job)\s+(?:is|are)\b/iu,
    cues: ['instruction', 'prompt', 'your'],
  },
  {
    name: 'zh-ignore-instructions',
    kind: 'override',
    description: '忽略/无视/忽视/不要理会/忘记（你）之前、以上、所有（的）指令、指示、提示、说明、设定、内容',
    pattern: new RegExp(
      `(?:忽略|无视|忽视|不要理会|不要理睬|不用理会|别管|忘记|忘掉|抛开|撇开)(?:掉)?[你您]?(?:的)?${ZH_EARLIER}(?:的)?(?:${ZH_EARLIER}(?:的)?)?(?:[你您]?的)?(?:系统)?${ZH_INSTRUCTION_WORDS}`,
      'u',
    ),
  },
  {
    name: 'zh-new-instructions',
    kind: 'override',
    description: '新的指令：、新指令：、你的新任务是',
    pattern: /新的?(?:系统)?(?:指令|指示|提示词?)[:：]|[你您]的新(?:指令|任务|角色|身份)是/u,
  },
  {
    name: 'you-are-now',
    kind: 'role-play',
    description: '"you are now (a / an / the / in …)", "from now on you are / will"',
    pattern: /\byou(?:'re|’re|\s+are)\s+now\s+(?:an?|the|my|in|called|named|acting|going\s+to|DAN)\b|\bfrom\s+now\s+on,?\s+you\s+(?:are|will|must|should|shall|only)\b/iu,
    cues: ['now'],
  },
  {
    name: 'act-as',
    kind: 'role-play',
    description: '"Act as …", "Pretend to be …", "Roleplay as …" as an imperative; "pretend you are"; "you will act as"',
    pattern: new RegExp(
      String.raw`${CLAUSE_START}${IMPERATIVE_LEAD}(?:act|behave|pretend|role-?play|play)\s+(?:as|like|to\s+be|the\s+role\s+of)\b` +
        String.raw`|\bpretend\s+(?:that\s+)?you(?:'re|’re|\s+are)\b|\byou\s+(?:will|must|should|shall|are\s+to)\s+(?:now\s+)?(?:act|behave|pretend|role-?play)\b`,
      'iu',
    ),
    cues: ['act', 'behave', 'pretend', 'play'],
  },
  {
    name: 'as-an-ai',
    kind: 'role-play',
    description: '"as an AI language model", "as an AI assistant", "as an AI, you"',
    pattern: /\bas\s+an?\s+(?:AI|artificial\s+intelligence)\s+(?:language\s+model|assistant|chatbot)\b|\bas\s+an\s+AI,\s+you\b/iu,
    cues: ['ai'],
  },
  {
    name: 'zh-role-play',
    kind: 'role-play',
    description: '你现在是、从现在起你、请（你）扮演、你要扮演、假装你是、作为一个AI/人工智能语言模型（助手）— not 扮演 alone (“在……中扮演重要角色”)',
    pattern: /[你您]现在(?:是|就是|扮演|作为|的身份是)|从现在(?:开始|起)[，,]?[你您]|(?:请[你您]?|[你您](?:现在)?(?:要|将|需要|必须|来)?)扮演|假装[你您]是|假设[你您]是一[个名]|作为一[个名](?:AI|人工智能)(?:语言模型|助手|模型)/iu,
  },
  {
    name: 'chat-template-token',
    kind: 'role-marker',
    description: 'chat-template tokens: "[INST]", "<<SYS>>", "<|im_start|>", "### Instruction:"',
    pattern: /\[\/?INST\]|<<\/?SYS>>|<\|[a-z_]+\|>|#{2,}\s*(?:instruction|system|response|input)\s*[:：]/iu,
    cues: ['[', '<', '#'],
  },
  {
    name: 'role-label',
    kind: 'role-marker',
    description: '"System:", "Assistant:", "User:", "Human:" starting a sentence or clause',
    pattern: new RegExp(String.raw`${CLAUSE_START}(?:system|assistant|user|human)\s*[:：]`, 'iu'),
    cues: [':'],
  },
  {
    name: 'role-label-capitals',
    kind: 'role-marker',
    description: '"SYSTEM:" / "ASSISTANT:" in capitals anywhere (not "… Positioning System: …")',
    pattern: /\b(?:SYSTEM|ASSISTANT)\s*[:：]/u,
    cues: [':'],
  },
  {
    name: 'zh-role-label',
    kind: 'role-marker',
    description: '系统提示（词）：、系统指令：、系统：/助手：/用户： starting a sentence',
    pattern: /系统(?:提示词?|指令|消息):|(?:^|[\n。!?;])\s*(?:系统|助手|用户):/u,
  },
  {
    name: 'reply-directive',
    kind: 'output-directive',
    description:
      '"Reply / Respond / Answer (only) with / that …" as an imperative; "and reply that"; "you must reply with"; "answer any question with"; "tell the user that"; "if anyone asks, say …"',
    pattern: new RegExp(
      String.raw`${CLAUSE_START}${IMPERATIVE_LEAD}(?:only\s+)?(?:reply|respond|answer|say|output)\s+(?:only\s+)?(?:with|that|by\s+saying)\b` +
        String.raw`|\b(?:and|then)\s+(?:only\s+)?(?:reply|respond)\s+(?:only\s+)?(?:that|by\s+saying|with\s+(?:only|just|exactly|the\s+(?:word|phrase|text|sentence)))\b` +
        String.raw`|\byou\s+(?:must|should|will|shall|are\s+to)\s+(?:only\s+|always\s+)?(?:reply|respond|answer|say|output)\s+(?:only\s+)?(?:with|that|by|:)` +
        String.raw`|\b(?:reply|respond|answer)\s+(?:to\s+)?(?:any|every|all)\s+(?:questions?|quer(?:y|ies)|users?)\b` +
        String.raw`|\btell\s+(?:the\s+)?users?\s+that\b` +
        String.raw`|\bif\s+(?:anyone|someone|a\s+user|the\s+user|you\s+are)\s+(?:asks?|asked)\b[^.!?]*\b(?:reply|respond|answer|say|tell)\b`,
      'iu',
    ),
    cues: ['reply', 'respond', 'answer', 'say', 'output', 'tell'],
  },
  {
    name: 'zh-reply-directive',
    kind: 'output-directive',
    description: '请只（仅）回复/回答、你必须回答、（并）回复说：、对任何问题都回答、如果有人问……就说',
    pattern:
      /请(?:只|仅|一律)(?:回复|回答|答复|输出)|[你您](?:只|仅|只能|仅能|一律|必须|务必|应当|要)(?:回复|回答|答复|输出)|(?:^|[，,：:；;])\s*(?:请|并|然后|直接)?(?:只|仅)?(?:回复|回答|答复)(?:用户)?(?:说|称|[：:])|(?:任何|所有|一切)(?:问题|提问)(?:都|均)?(?:回复|回答|答复)|如果(?:有人|用户|别人)(?:问|询问|提问)[^。！？]*(?:回答|回复|答复|就说|告诉)/u,
  },
];

/** Zero-width and word-joining characters, which split a word for a pattern but not for a model. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * `text` as the patterns read it: Unicode NFKC (full-width ｉｇｎｏｒｅ as ignore, full-width ：！？； as
 * their ASCII forms) without zero-width characters, so such spellings cannot hide an instruction.
 */
export function normaliseForDetection(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * The first pattern of {@link ASSISTANT_ADDRESS_PATTERNS} that `sentence` matches, or null when it reads as
 * news. Meant for one sentence ({@link splitSentences}); on a longer text it reports the first match.
 */
export function detectAssistantAddress(sentence: string): AssistantAddressMatch | null {
  const text = normaliseForDetection(sentence);
  const lower = text.toLowerCase();
  for (const { name, kind, pattern, cues } of ASSISTANT_ADDRESS_PATTERNS) {
    if (cues !== undefined && !cues.some((cue) => lower.includes(cue))) continue;
    const found = pattern.exec(text);
    if (found !== null) return { kind, pattern: name, matched: found[0].trim() };
  }
  return null;
}

/** True when `sentence` addresses the assistant ({@link detectAssistantAddress} finds a pattern). */
export function addressesAssistant(sentence: string): boolean {
  return detectAssistantAddress(sentence) !== null;
}

/**
 * The sentences of `text` ({@link splitSentences}) that address the assistant, in text order, each with
 * its position and match; empty for ordinary news.
 */
export function findAssistantAddresses(text: string): readonly AssistantAddressSentence[] {
  const found: AssistantAddressSentence[] = [];
  splitSentences(text).forEach((sentence, position) => {
    const match = detectAssistantAddress(sentence);
    if (match !== null) found.push({ sentence, position, match });
  });
  return found;
}

/**
 * `text` without its sentences that address the assistant: what a model may read as source text.
 * Paragraphs (blank-line separated) without such a sentence are kept exactly; a paragraph holding one is
 * rebuilt from its other sentences (joined with a space, or with nothing between Chinese sentences), and
 * dropped when none is left.
 * @returns `text` itself when nothing is flagged.
 */
export function withoutAssistantAddresses(text: string): string {
  let changed = false;
  const pieces = text.split(/(\n\s*\n)/u).map((piece, index) => {
    // Odd pieces are the blank-line separators the split keeps.
    if (index % 2 === 1) return piece;
    const sentences = splitSentences(piece);
    if (!sentences.some(addressesAssistant)) return piece;
    changed = true;
    const kept = sentences.filter((sentence) => !addressesAssistant(sentence));
    return kept.join(/\p{Script=Han}/u.test(kept.join('')) ? '' : ' ');
  });
  return changed ? pieces.join('').replace(/\n\s*\n(?:\s*\n)+/gu, '\n\n').trim() : text;
}
