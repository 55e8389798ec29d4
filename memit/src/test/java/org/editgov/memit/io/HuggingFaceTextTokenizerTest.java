package org.editgov.memit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real GPT-2 tokenizer. Expected ids were worked out from vocab.json and merges.txt of the
 * same folder (byte-to-unicode mapping, GPT-2's pre-tokenizing regex, lowest-rank merge first),
 * independently of the library under test.
 */
class HuggingFaceTextTokenizerTest {

    static HuggingFaceTextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        Djl.ensureOffline();
        tokenizer = HuggingFaceTextTokenizer.load(TestPaths.gpt2TokenizerJson());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesKnownStringsToGpt2Ids() {
        assertThat(tokenizer.encode("Hello world")).containsExactly(15496, 995);
        assertThat(tokenizer.encode(" Paris")).containsExactly(6342);
        // "Eiffel" has no single token: "ĠE" + "iff" + "el".
        assertThat(tokenizer.encode(" The Eiffel Tower is located in the city of"))
                .containsExactly(383, 412, 733, 417, 8765, 318, 5140, 287, 262, 1748, 286);
        assertThat(tokenizer.encode("Michael Jordan plays the sport of basketball."))
                .containsExactly(13256, 8078, 5341, 262, 6332, 286, 9669, 13);
        // Non-ASCII letters are letters to the pre-tokenizer and bytes to BPE: "ï" (C3 AF) is
        // "Ã¯", giving "na" + "Ã¯ve" and "ĠcafÃ©"; digits split into "Ġ20" + "26".
        assertThat(tokenizer.encode("naïve café 2026")).containsExactly(2616, 38776, 40304, 1160, 2075);
    }

    @Test
    void decodesBackToTheSameText() {
        String text = " The Eiffel Tower is located in the city of Paris.";
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void readsVocabularySizeAndSpecialIdsFromTheJson() {
        assertThat(tokenizer.vocabSize()).isEqualTo(50257);
        assertThat(tokenizer.eosId()).isEqualTo(50256);
        assertThat(tokenizer.padId()).isEqualTo(50256);
        // Byte-level BPE spells any text in tokens: no unknown token.
        assertThat(tokenizer.unknownId()).isEqualTo(-1);
        assertThat(tokenizer.encode("<|endoftext|>")).containsExactly(50256);
    }

    @Test
    void longTextIsNotTruncated() {
        String text = " the".repeat(2000);
        assertThat(tokenizer.encode(text)).hasSize(2000);
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("tokenizer.json");
        assertThatThrownBy(() -> HuggingFaceTextTokenizer.load(missing))
                .isInstanceOf(MissingModelFileException.class)
                .hasMessageContaining(missing.toString());
    }
}
