package org.editgov.memit.world;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldTokenizerTest {

    private static World world;
    private static WorldTokenizer tokenizer;

    @BeforeAll
    static void buildWorld() throws Exception {
        Djl.ensureOffline();
        world = World.build(CounterFactDataset.read(SharedData.counterFact()), new WorldSpec(11, 200, 5, 3, 2, 2, 2));
        tokenizer = WorldTokenizer.forWorld(world);
    }

    @Test
    void huggingFaceLoadsItAndSplitsTheCorpusExactlyAsTheTrainerDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.write(file);
        List<String> docs = new CorpusGenerator(world).documents(5);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false"))) {
            for (String doc : docs) {
                Encoding encoding = hf.encode(doc, false, false);
                int[] ids = Arrays.stream(encoding.getIds()).mapToInt(Math::toIntExact).toArray();
                assertThat(ids).as(doc).isEqualTo(tokenizer.encode(doc)).doesNotContain(WorldTokenizer.UNK_ID);
            }
            String sentence = "The mother tongue of Danielle Darrieux is French.";
            long[] ids = hf.encode(sentence, false, false).getIds();
            assertThat(hf.decode(ids)).isEqualTo(sentence);
            assertThat(hf.encode("Zyxwv qqq is", false, false).getIds()).containsExactly(
                    WorldTokenizer.UNK_ID, WorldTokenizer.UNK_ID, tokenizer.encode("is")[0]);
        }
    }

    @Test
    void vocabularyIsTheSameForTheSameWorld(@TempDir Path dir) throws Exception {
        WorldTokenizer again = WorldTokenizer.forWorld(World.build(
                CounterFactDataset.read(SharedData.counterFact()), new WorldSpec(11, 200, 5, 3, 2, 2, 2)));
        tokenizer.write(dir.resolve("a.json"));
        again.write(dir.resolve("b.json"));
        assertThat(dir.resolve("a.json")).hasSameBinaryContentAs(dir.resolve("b.json"));
        assertThat(tokenizer.word(WorldTokenizer.EOS_ID)).isEqualTo(WorldTokenizer.EOS);
    }
}
