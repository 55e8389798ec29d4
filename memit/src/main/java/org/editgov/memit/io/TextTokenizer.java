package org.editgov.memit.io;

/** Text to token ids and back, without adding special tokens. */
public interface TextTokenizer extends AutoCloseable {

    int[] encode(String text);

    String decode(int[] ids);

    /** One more than the largest id the tokenizer can produce. */
    int vocabSize();

    /** End-of-text id, or -1 when the tokenizer has none. */
    int eosId();

    /** Id used to fill batches (a pad token, else end-of-text, else 0); padding is masked anyway. */
    int padId();

    /**
     * Id given to text outside the vocabulary (a word-level tokenizer's {@code [UNK]}), or -1 when
     * every text has a spelling in tokens (byte-level BPE).
     */
    default int unknownId() {
        return -1;
    }

    @Override
    void close();
}
