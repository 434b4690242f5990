/**
 * The embedder interface every other stage uses: LangChain's `EmbeddingsInterface` plus the identity and width
 * that the vector index records in its manifest.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';

/**
 * Turns texts into dense vectors of a fixed width.
 *
 * Every vector is L2-normalised (Euclidean length 1, up to float rounding), so the cosine similarity of two
 * vectors equals their dot product, in [-1, 1], higher = more similar; cosine *distance* (what hnswlib's
 * `cosine` space returns, lower = closer) is `1 - similarity`. The one exception is a text with nothing to
 * embed (e.g. the empty string, for the hashed embedder): its vector is all zeros, never NaN.
 *
 * Vectors from two embedders with different {@link Embedder.id}s are not comparable: an index built with one
 * must be rebuilt, not queried, with the other.
 */
export interface Embedder extends EmbeddingsInterface<number[]> {
  /**
   * Stable identifier of the embedding function, recorded in the index manifest; it changes whenever the
   * vectors would change. Examples: `transformers:Xenova/multilingual-e5-small:quantized`, `hashed-ngram:v1:1024`,
   * `openai:text-embedding-3-small:dims=1536`, `ollama:nomic-embed-text:dims=768:prefixes=nomic`.
   */
  readonly id: string;
  /** Length of every vector this embedder returns (number of float components). */
  readonly dimensions: number;
  /**
   * Whether a Chinese and an English text with the same meaning get nearby vectors (a multilingual model),
   * so the dense list can reach articles printed only in the other language. False for the hashed n-gram
   * embedder; retrieval then scores such articles on the lists that can reach them.
   */
  readonly crossLingual: boolean;
  /**
   * Embeds passages to be indexed (chunks).
   * @returns one vector per text, in input order, each of length {@link Embedder.dimensions}; `[]` for `[]`.
   */
  embedDocuments(documents: readonly string[]): Promise<number[][]>;
  /**
   * Embeds a search query. Asymmetric models (E5) embed queries differently from documents, so use this,
   * not `embedDocuments`, for the user's question.
   * @returns a vector of length {@link Embedder.dimensions}.
   */
  embedQuery(query: string): Promise<number[]>;
}

/** The outcome of `createEmbedder`: the embedder to use and, when it is a fallback, why. */
export interface EmbedderSelection {
  readonly embedder: Embedder;
  /**
   * Null when the configured embedder was loaded. Otherwise why the transformers.js model could not be used
   * (the `EmbedderUnavailableError` message) and the hashed n-gram embedder was returned instead.
   */
  readonly fallbackReason: string | null;
}
