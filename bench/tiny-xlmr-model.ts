/**
 * Generates a tiny XLM-RoBERTa-style transformers.js model folder: the architecture family of the real default
 * (`Xenova/multilingual-e5-small`) and of `Xenova/bge-m3`, whose tokenizer is a SentencePiece **Unigram** model,
 * not BERT's WordPiece. It exercises the loading path those models take (`model_type: "xlm-roberta"`,
 * `XLMRobertaTokenizer`, Unigram lattice, `Precompiled` normaliser, `Metaspace` pre-tokenizer, `<s> … </s>`
 * template, a graph without `token_type_ids`), without the hub. The sibling of `tiny-model.ts` (the BERT one).
 *
 * Layout of `<root>/<org>/<name>/`: `config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `special_tokens_map.json`, `onnx/model.onnx` and `onnx/model_quantized.onnx` (the same graph).
 *
 * Vocabulary (piece, log-probability score): the specials `<s>` `<pad>` `</s>` `<unk>` (ids 0–3 as in XLM-R),
 * `▁`, printable ASCII characters, `▁word` pieces for a few English words, the CJK Unified Ideographs one by one
 * and a few two-character Chinese words scored above two single characters (so Unigram's Viterbi picks
 * 能源 over 能 + 源), and `<mask>` last. Deterministic and idempotent, like the BERT generator.
 */
import path from 'node:path';
import { buildOnnxModel, seedFromText, writeIfChanged, type TinyModel, type TinyModelOptions } from './tiny-model';
import { seededRandom } from './synthetic-corpus';

/** A tiny XLM-R-style model with an E5-like id (so the E5 `query: ` / `passage: ` prefixes apply). */
export const TINY_XLMR_MODEL_ID = 'test-org/tiny-xlm-roberta-e5';

/** SentencePiece's word-boundary mark, which Metaspace puts in place of spaces and before the text. */
export const METASPACE = '\u2581';

const SPECIAL_PIECES = ['<s>', '<pad>', '</s>', '<unk>'] as const;
const MASK_PIECE = '<mask>';
const UNKNOWN_ID = 3;
const ENGLISH_WORDS = [
  'the', 'of', 'and', 'in', 'to', 'China', 'china', 'Chinese', 'science', 'technology', 'innovation', 'research',
  'energy', 'clean', 'cooperation', 'Beijing', 'university', 'query', 'passage', 'newsletter', 'dialogue', 'centre',
];
/** Two-character words the lattice should keep whole. */
export const TINY_XLMR_CHINESE_WORDS: readonly string[] = Object.freeze([
  '中国', '美国', '清洁', '能源', '研究', '中心', '合作', '科技', '创新', '北京', '大学', '联合',
]);
/** Piece scores (log-probabilities): longer known pieces beat their characters, characters beat `<unk>`. */
const SCORES = { metaspace: -2, word: -4, chineseWord: -6, ascii: -7, han: -9 } as const;
const HAN_FIRST_CODE_POINT = 0x4e00;
const HAN_LAST_CODE_POINT = 0x9fff;

/** The Unigram vocabulary as `[piece, score]` pairs; the index is the token id. */
function buildPieces(): Array<[string, number]> {
  const pieces: Array<[string, number]> = SPECIAL_PIECES.map((piece) => [piece, 0]);
  const seen = new Set<string>(SPECIAL_PIECES);
  const add = (piece: string, score: number): void => {
    if (!seen.has(piece)) {
      seen.add(piece);
      pieces.push([piece, score]);
    }
  };
  add(METASPACE, SCORES.metaspace);
  for (const word of ENGLISH_WORDS) add(`${METASPACE}${word}`, SCORES.word);
  for (const word of TINY_XLMR_CHINESE_WORDS) add(word, SCORES.chineseWord);
  for (let code = 0x21; code <= 0x7e; code += 1) add(String.fromCharCode(code), SCORES.ascii);
  for (let codePoint = HAN_FIRST_CODE_POINT; codePoint <= HAN_LAST_CODE_POINT; codePoint += 1) {
    add(String.fromCodePoint(codePoint), SCORES.han);
  }
  add(MASK_PIECE, 0);
  return pieces;
}

function buildTokenizerJson(pieces: ReadonlyArray<[string, number]>): string {
  const idOf = (piece: string): number => pieces.findIndex(([candidate]) => candidate === piece);
  const special = (piece: string): { id: string; ids: number[]; tokens: string[] } => ({ id: piece, ids: [idOf(piece)], tokens: [piece] });
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIAL_PIECES, MASK_PIECE].map((piece) => ({
      id: idOf(piece),
      content: piece,
      single_word: false,
      lstrip: piece === MASK_PIECE,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        // transformers.js implements SentencePiece's default nmt_nfkc rules for any charsmap.
        { type: 'Precompiled', precompiled_charsmap: '' },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true, prepend_scheme: 'always' }],
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '<s>': special('<s>'), '</s>': special('</s>') },
    },
    decoder: { type: 'Metaspace', replacement: METASPACE, add_prefix_space: true, prepend_scheme: 'always' },
    model: { type: 'Unigram', unk_id: UNKNOWN_ID, vocab: pieces, byte_fallback: false },
  });
}

/**
 * Generates (or confirms) one tiny XLM-RoBERTa-style model folder at `<root>/<modelId>/` (e.g. {@link TINY_XLMR_MODEL_ID}).
 * @returns the model's facts (hidden size = embedding dimensions, vocabulary size in pieces) and the files written.
 */
export async function generateTinyXlmRobertaModel(options: TinyModelOptions): Promise<TinyModel> {
  const hiddenSize = options.hiddenSize ?? 32;
  const maxLengthTokens = options.maxLengthTokens ?? 128;
  const seed = options.seed ?? seedFromText(options.modelId);
  const directory = path.join(options.root, ...options.modelId.split('/'));
  const pieces = buildPieces();
  const onnxModel = buildOnnxModel(pieces.length, hiddenSize, seededRandom(seed), false);
  const specialTokens = { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', sep_token: '</s>', pad_token: '<pad>', cls_token: '<s>', mask_token: '<mask>' };
  const files: ReadonlyArray<readonly [string, Uint8Array | string]> = [
    [
      'config.json',
      JSON.stringify({
        architectures: ['XLMRobertaModel'],
        model_type: 'xlm-roberta',
        hidden_size: hiddenSize,
        num_hidden_layers: 1,
        num_attention_heads: 1,
        intermediate_size: hiddenSize,
        max_position_embeddings: maxLengthTokens + 2,
        type_vocab_size: 1,
        vocab_size: pieces.length,
        bos_token_id: 0,
        pad_token_id: 1,
        eos_token_id: 2,
      }),
    ],
    ['tokenizer.json', buildTokenizerJson(pieces)],
    ['tokenizer_config.json', JSON.stringify({ tokenizer_class: 'XLMRobertaTokenizer', model_max_length: maxLengthTokens, ...specialTokens })],
    ['special_tokens_map.json', JSON.stringify(specialTokens)],
    ['onnx/model.onnx', onnxModel],
    ['onnx/model_quantized.onnx', onnxModel],
  ];
  const writtenFiles: string[] = [];
  for (const [relativePath, content] of files) {
    if (await writeIfChanged(path.join(directory, relativePath), content)) writtenFiles.push(relativePath);
  }
  return { root: options.root, modelId: options.modelId, directory, hiddenSize, vocabularySize: pieces.length, maxLengthTokens, writtenFiles };
}
