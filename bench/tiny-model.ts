/**
 * Generates tiny BERT-like transformers.js model folders for hermetic tests (no Hugging Face hub), and for
 * `npm run bench:scale` when no real model is available locally.
 *
 * Why it lives in `bench/`: both the test suite (`tests/support/tiny-model.ts` generates its models with it)
 * and the scale benchmark (`scale-measures.ts`) use it, and it needs the `onnx-proto` dev dependency. `src/`
 * cannot hold it (the shipped code must not need a dev dependency, and `src/` must not import `tests/`
 * either — `tests/architecture.test.ts` checks both), and the benchmark, which lives outside `src/` in
 * `bench/`, does not import `tests/`; so it sits in `bench/`, which the tests may import.
 *
 * A generated folder `<root>/<org>/<name>/` has the layout transformers.js v2 loads from
 * `env.localModelPath`: `config.json` (model_type `bert`), `tokenizer.json` (WordPiece, BERT normalizer that
 * lowercases and splits CJK ideographs), `tokenizer_config.json` (with `model_max_length` and `pad_token`,
 * without which v2 fails), and `onnx/model.onnx` plus `onnx/model_quantized.onnx` (the same graph).
 *
 * The graph: `last_hidden_state[b, s, :] = (wordEmbedding[input_ids[b, s]] + typeEmbedding[token_type_ids[b, s]])
 * * attention_mask[b, s]`, with embedding tables drawn from a seeded pseudo-random generator. It carries no
 * meaning, but it is a real ONNX model run by the real `feature-extraction` pipeline (tokenizer, mean pooling,
 * normalisation). Generation is deterministic (same options, same bytes) and idempotent (files whose bytes are
 * already right are not rewritten), and each file is written atomically (temporary file, then rename).
 *
 * `tiny-xlmr-model.ts` is the XLM-RoBERTa sibling (SentencePiece Unigram tokenizer, no `token_type_ids`), the
 * family of the real default model; it reuses {@link buildOnnxModel} and {@link writeIfChanged} from here.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto, { type onnx as OnnxSchema } from 'onnx-proto';
import { seededRandom } from './synthetic-corpus';

const { onnx } = onnxProto;

/** A plain BERT-like model: its id contains no `e5`, so no query/passage prefixes apply. */
export const TINY_BERT_MODEL_ID = 'test-org/tiny-bert';

/** The same kind of model under an id containing `e5`, to exercise the E5 `query: ` / `passage: ` prefixes. */
export const TINY_E5_MODEL_ID = 'test-org/tiny-e5';

/** Options for {@link generateTinyModel}. */
export interface TinyModelOptions {
  /** Model root, the value for transformers.js `env.localModelPath`; the model goes to `<root>/<modelId>/`. */
  readonly root: string;
  /** `<org>/<name>`. */
  readonly modelId: string;
  /** Width of the hidden states, i.e. the embedding dimensions after mean pooling. Default 32. */
  readonly hiddenSize?: number;
  /** Maximum sequence length in tokens (`model_max_length`); longer inputs are truncated. Default 128. */
  readonly maxLengthTokens?: number;
  /** Seed of the embedding tables. Default: derived from `modelId`. */
  readonly seed?: number;
}

/** What {@link generateTinyModel} produced. */
export interface TinyModel {
  readonly root: string;
  readonly modelId: string;
  /** Absolute path of `<root>/<modelId>`. */
  readonly directory: string;
  readonly hiddenSize: number;
  readonly vocabularySize: number;
  readonly maxLengthTokens: number;
  /** Paths (relative to `directory`) of the files that were (re)written; empty when all were up to date. */
  readonly writtenFiles: readonly string[];
}

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const ENGLISH_WORDS = [
  'the', 'of', 'and', 'in', 'to', 'china', 'chinese', 'science', 'technology', 'innovation', 'research',
  'energy', 'clean', 'cooperation', 'beijing', 'university', 'query', 'passage', 'newsletter', 'dialogue',
];
/** CJK Unified Ideographs, U+4E00–U+9FFF: every common Chinese character tokenizes to itself, never [UNK]. */
const HAN_FIRST_CODE_POINT = 0x4e00;
const HAN_LAST_CODE_POINT = 0x9fff;

/** Builds the WordPiece vocabulary: special tokens, ASCII punctuation, digits, letters, ##-continuations, words, Han. */
function buildVocabulary(): string[] {
  const tokens: string[] = [...SPECIAL_TOKENS];
  const seen = new Set<string>(tokens);
  const add = (token: string): void => {
    if (!seen.has(token)) {
      seen.add(token);
      tokens.push(token);
    }
  };
  for (let code = 0x21; code <= 0x7e; code += 1) {
    const character = String.fromCharCode(code);
    if (!/[A-Z]/.test(character)) add(character);
  }
  for (const character of 'abcdefghijklmnopqrstuvwxyz0123456789') add(`##${character}`);
  for (const word of ENGLISH_WORDS) add(word);
  for (let codePoint = HAN_FIRST_CODE_POINT; codePoint <= HAN_LAST_CODE_POINT; codePoint += 1) {
    add(String.fromCodePoint(codePoint));
  }
  return tokens;
}

/** FNV-1a hash of `text`: the default seed of a model's tables. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

function randomTable(rows: number, columns: number, random: () => number): Float32Array {
  const table = new Float32Array(rows * columns);
  for (let index = 0; index < table.length; index += 1) table[index] = random() * 2 - 1;
  return table;
}

function bytesOf(array: Float32Array | BigInt64Array): Uint8Array {
  // ONNX raw_data is little-endian; so is every platform this project runs on (x86-64, arm64).
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * The tiny graph: `(wordEmbedding[input_ids] (+ typeEmbedding[token_type_ids])) * attention_mask`. BERT models take
 * `token_type_ids`; XLM-RoBERTa exports (e.g. Xenova/multilingual-e5-small) take only `input_ids` and
 * `attention_mask` (`withTokenTypes` false), and transformers.js feeds only the inputs a session declares.
 */
export function buildOnnxModel(vocabularySize: number, hiddenSize: number, random: () => number, withTokenTypes = true): Uint8Array {
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const dynamicIds = (name: string): OnnxSchema.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });
  const graph: OnnxSchema.IGraphProto = {
    name: withTokenTypes ? 'tiny_bert' : 'tiny_xlm_roberta',
    input: [dynamicIds('input_ids'), dynamicIds('attention_mask'), ...(withTokenTypes ? [dynamicIds('token_type_ids')] : [])],
    output: [
      {
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: FLOAT,
            shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: hiddenSize }] },
          },
        },
      },
    ],
    initializer: [
      {
        name: 'word_embeddings',
        dataType: FLOAT,
        dims: [vocabularySize, hiddenSize],
        rawData: bytesOf(randomTable(vocabularySize, hiddenSize, random)),
      },
      ...(withTokenTypes
        ? [{ name: 'token_type_embeddings', dataType: FLOAT, dims: [2, hiddenSize], rawData: bytesOf(randomTable(2, hiddenSize, random)) }]
        : []),
      { name: 'last_axis', dataType: INT64, dims: [1], rawData: bytesOf(BigInt64Array.of(-1n)) },
    ],
    node: [
      { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'], name: 'word_lookup' },
      ...(withTokenTypes
        ? [
            { opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'], name: 'type_lookup' },
            { opType: 'Add', input: ['words', 'types'], output: ['summed'], name: 'sum' },
          ]
        : [{ opType: 'Identity', input: ['words'], output: ['summed'], name: 'no_types' }]),
      {
        opType: 'Cast',
        input: ['attention_mask'],
        output: ['mask_float'],
        name: 'mask_cast',
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
      },
      { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_column'], name: 'mask_unsqueeze' },
      { opType: 'Mul', input: ['summed', 'mask_column'], output: ['last_hidden_state'], name: 'masking' },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'newsletter-assistant bench/tiny-model.ts',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function buildTokenizerJson(vocabulary: readonly string[]): string {
  const vocabularyIds: Record<string, number> = {};
  vocabulary.forEach((token, id) => {
    vocabularyIds[token] = id;
  });
  const idOf = (token: string): number => {
    const id = vocabularyIds[token];
    if (id === undefined) throw new Error(`tiny model vocabulary lacks ${token}`);
    return id;
  };
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token) => ({
      id: idOf(token),
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', idOf('[SEP]')], cls: ['[CLS]', idOf('[CLS]')] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: vocabularyIds,
    },
  });
}

/** Writes `content` to `filePath` unless the file already holds exactly these bytes. Returns whether it wrote. */
export async function writeIfChanged(filePath: string, content: Uint8Array | string): Promise<boolean> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  try {
    const existing = await readFile(filePath);
    if (existing.equals(bytes)) return false;
  } catch {
    // Missing or unreadable: (re)write it.
  }
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporaryPath = `${filePath}.${process.pid}.tmp`;
  await writeFile(temporaryPath, bytes);
  await rename(temporaryPath, filePath);
  return true;
}

/**
 * Generates (or confirms) one tiny model folder at `<root>/<modelId>/`.
 * @returns the model's facts (hidden size = embedding dimensions, vocabulary size in tokens) and the files written.
 */
export async function generateTinyModel(options: TinyModelOptions): Promise<TinyModel> {
  const hiddenSize = options.hiddenSize ?? 32;
  const maxLengthTokens = options.maxLengthTokens ?? 128;
  const seed = options.seed ?? seedFromText(options.modelId);
  const directory = path.join(options.root, ...options.modelId.split('/'));
  const vocabulary = buildVocabulary();
  const onnxModel = buildOnnxModel(vocabulary.length, hiddenSize, seededRandom(seed));
  const files: ReadonlyArray<readonly [string, Uint8Array | string]> = [
    [
      'config.json',
      JSON.stringify({
        architectures: ['BertModel'],
        model_type: 'bert',
        hidden_size: hiddenSize,
        num_hidden_layers: 1,
        num_attention_heads: 1,
        intermediate_size: hiddenSize,
        max_position_embeddings: maxLengthTokens,
        type_vocab_size: 2,
        vocab_size: vocabulary.length,
      }),
    ],
    ['tokenizer.json', buildTokenizerJson(vocabulary)],
    [
      'tokenizer_config.json',
      JSON.stringify({
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: maxLengthTokens,
        pad_token: '[PAD]',
        unk_token: '[UNK]',
        cls_token: '[CLS]',
        sep_token: '[SEP]',
        mask_token: '[MASK]',
      }),
    ],
    ['onnx/model.onnx', onnxModel],
    ['onnx/model_quantized.onnx', onnxModel],
  ];
  const writtenFiles: string[] = [];
  for (const [relativePath, content] of files) {
    if (await writeIfChanged(path.join(directory, relativePath), content)) writtenFiles.push(relativePath);
  }
  return {
    root: options.root,
    modelId: options.modelId,
    directory,
    hiddenSize,
    vocabularySize: vocabulary.length,
    maxLengthTokens,
    writtenFiles,
  };
}
