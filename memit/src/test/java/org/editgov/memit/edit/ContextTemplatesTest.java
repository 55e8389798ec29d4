package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.world.WorldTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTemplatesTest {

    @TempDir
    Path folder;

    /** A tiny world whose word-level vocabulary lacks "Therefore", "Because" and "You", as the embedded model's does. */
    TinyWorld worldWithout(List<String> sentences) throws IOException {
        WorldTokenizer.fromTexts(sentences).write(folder.resolve("tokenizer.json"));
        return new TinyWorld(folder, 5);
    }

    @Test
    void unknownReferencePrefixesAreReplacedByKnownOpenersAndNoTemplateHoldsAnUnknownToken() throws IOException {
        List<String> sentences = List.of(
                "Ada Quill was born in Paris and speaks French .",
                "The capital of Italy is Rome . It is old . He was born in Oslo . She plays chess .",
                "I think about football , chess , English and Madrid .");
        try (TinyWorld world = worldWithout(sentences)) {
            assertThat(world.tokenizer.unknownId()).isEqualTo(WorldTokenizer.UNK_ID);

            ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 3);

            List<String> prefixed = templates.groups().get(1);
            assertThat(prefixed).hasSize(ContextTemplates.PREFIXES.size());
            assertThat(prefixed).extracting(t -> world.tokenizer.decode(new int[] {world.tokenizer.encode(t)[0]}))
                    .containsExactly("The", "It", "He", "I", "She");
            for (String template : templates.flat()) {
                int[] ids = world.tokenizer.encode(template.replace("{}", ""));
                assertThat(ids).as(template).doesNotContain(WorldTokenizer.UNK_ID);
                assertThat(template).doesNotContain("[UNK]").endsWith("{}");
            }
        }
    }

    @Test
    void withNoKnownOpenerLeftThereAreFewerTemplatesAndNeverAnUnknownOne() throws IOException {
        try (TinyWorld world = worldWithout(List.of("Ada Quill was born in Paris .", "I speak French ."))) {
            assertThat(ContextTemplates.knownPrefixes(world.tokenizer)).containsExactly("I");

            ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 0);

            assertThat(templates.groups()).hasSize(2);
            assertThat(templates.groups().get(1)).singleElement()
                    .satisfies(t -> assertThat(world.tokenizer.encode(t)[0]).isEqualTo(world.tokenizer.encode("I")[0]));
        }
    }

    @Test
    void sampledPunctuationThatTheDecoderGluesIntoAnUnknownWordIsSpelledWithSpaces() throws IOException {
        try (TinyWorld world = worldWithout(List.of("I speak French , English and Spanish ."))) {
            int[] sample = world.tokenizer.encode("I speak French , , English .");

            String template = ContextTemplates.template(world.tokenizer, sample);

            int[] readBack = world.tokenizer.encode(template.replace("{}", ""));
            assertThat(readBack).doesNotContain(WorldTokenizer.UNK_ID);
            assertThat(Arrays.copyOf(readBack, sample.length)).containsExactly(sample);
            assertThat(template).endsWith(". {}");
        }
    }

    @Test
    void aTokenizerThatKnowsTheReferencePrefixesKeepsThem() throws IOException {
        try (TinyWorld world = new TinyWorld(folder, 4)) {
            assertThat(ContextTemplates.knownPrefixes(world.tokenizer)).isEqualTo(ContextTemplates.PREFIXES);
        }
    }
}
