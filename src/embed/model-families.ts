/**
 * What each embedding model family expects around its input, as data: the instruction prefixes it was
 * trained with (queries and passages differ for asymmetric models) and whether it maps Chinese and English
 * into one space. Every embedder (transformers.js, OpenAI-compatible, Ollama) reads its prefixes here.
 *
 * Rows are tried in order; the first whose `pattern` matches the model name (case-insensitive, anywhere in
 * the name, so `Xenova/multilingual-e5-small`, `intfloat/multilingual-e5-small` and an Ollama tag such as
 * `jeffh/intfloat-multilingual-e5-large:f16` all match) wins. A model no row matches gets no prefixes and is
 * treated as single-language. To add a family: one row, with the model card that states its prefixes.
 */

/** One model family. */
export interface ModelFamily {
  /** Short name, recorded in an embedder's id when the family has prefixes (e.g. `e5`). */
  readonly name: string;
  /** Regular expression source matched against the model name, case-insensitive. */
  readonly pattern: string;
  /** Prepended to every query (the user's question). */
  readonly query: string;
  /** Prepended to every passage (indexed chunk). */
  readonly passage: string;
  /** Whether a Chinese and an English text with the same meaning get nearby vectors. */
  readonly multilingual: boolean;
  /** Where the prefixes (and languages) are stated. */
  readonly source: string;
}

/** The known families, most specific first. */
export const MODEL_FAMILIES: readonly ModelFamily[] = Object.freeze([
  {
    name: 'e5-instruct',
    pattern: 'e5-[a-z0-9-]*instruct',
    query: 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: ',
    passage: '',
    multilingual: true,
    source: 'https://huggingface.co/intfloat/multilingual-e5-large-instruct',
  },
  {
    name: 'e5',
    pattern: '(^|[^a-z0-9])e5([^a-z0-9]|$)',
    query: 'query: ',
    passage: 'passage: ',
    multilingual: true,
    source: 'https://huggingface.co/intfloat/multilingual-e5-small',
  },
  {
    name: 'bge-m3',
    pattern: 'bge-m3',
    query: '',
    passage: '',
    multilingual: true,
    source: 'https://huggingface.co/BAAI/bge-m3',
  },
  {
    name: 'bge-zh-v1.5',
    pattern: 'bge-(small|base|large)-zh-v1\\.5',
    query: '为这个句子生成表示以用于检索相关文章：',
    passage: '',
    multilingual: false,
    source: 'https://huggingface.co/BAAI/bge-large-zh-v1.5',
  },
  {
    name: 'bge-en-v1.5',
    pattern: 'bge-(small|base|large)-en-v1\\.5',
    query: 'Represent this sentence for searching relevant passages: ',
    passage: '',
    multilingual: false,
    source: 'https://huggingface.co/BAAI/bge-small-en-v1.5',
  },
  {
    name: 'nomic-v2',
    pattern: 'nomic-embed-text-v2',
    query: 'search_query: ',
    passage: 'search_document: ',
    multilingual: true,
    source: 'https://huggingface.co/nomic-ai/nomic-embed-text-v2-moe',
  },
  {
    name: 'nomic',
    pattern: 'nomic-embed-text',
    query: 'search_query: ',
    passage: 'search_document: ',
    multilingual: false,
    source: 'https://huggingface.co/nomic-ai/nomic-embed-text-v1.5',
  },
  {
    name: 'mxbai',
    pattern: 'mxbai-embed-large',
    query: 'Represent this sentence for searching relevant passages: ',
    passage: '',
    multilingual: false,
    source: 'https://huggingface.co/mixedbread-ai/mxbai-embed-large-v1',
  },
  {
    name: 'qwen3-embedding',
    pattern: 'qwen3-embedding',
    query: 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:',
    passage: '',
    multilingual: true,
    source: 'https://huggingface.co/Qwen/Qwen3-Embedding-0.6B',
  },
  {
    name: 'openai-v3',
    pattern: '^text-embedding-3-',
    query: '',
    passage: '',
    multilingual: true,
    source: 'https://platform.openai.com/docs/guides/embeddings',
  },
  {
    name: 'dashscope',
    pattern: '^text-embedding-v[1-9]',
    query: '',
    passage: '',
    multilingual: true,
    source: 'https://help.aliyun.com/zh/model-studio/text-embedding-synchronous-api',
  },
]);

/** What {@link modelFamilyOf} returns for a model no row matches: no prefixes, single-language. */
export const UNKNOWN_MODEL_FAMILY: ModelFamily = Object.freeze({
  name: 'unknown',
  pattern: '',
  query: '',
  passage: '',
  multilingual: false,
  source: '',
});

/**
 * The family of `model` (a model name as configured: Hugging Face id, Ollama tag or API model name).
 * @param families - the table to search; {@link MODEL_FAMILIES} by default (tests may pass their own).
 * @returns the first matching row, or {@link UNKNOWN_MODEL_FAMILY}.
 */
export function modelFamilyOf(model: string, families: readonly ModelFamily[] = MODEL_FAMILIES): ModelFamily {
  return families.find((family) => new RegExp(family.pattern, 'iu').test(model)) ?? UNKNOWN_MODEL_FAMILY;
}
