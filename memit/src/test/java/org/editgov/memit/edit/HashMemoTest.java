package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashMemoTest {

    static final String KEY = "ab".repeat(32);

    @TempDir
    Path folder;

    @Test
    void aGeneratedCorpusIsBuiltOnlyWhenItsHashIsNotRemembered() {
        AtomicInteger builds = new AtomicInteger();
        HashMemo memo = new HashMemo(folder);
        Corpus first = Corpus.generated("world", KEY, memo, () -> {
            builds.incrementAndGet();
            return List.of("one document", "another");
        });
        String hash = first.sha256();
        assertThat(hash).isEqualTo(Corpus.of("x", List.of("one document", "another")).sha256());
        assertThat(builds).hasValue(1);

        Corpus again = Corpus.generated("world", KEY, memo, () -> {
            builds.incrementAndGet();
            return List.of("one document", "another");
        });
        assertThat(again.sha256()).isEqualTo(hash);
        assertThat(builds).hasValue(1);
        assertThat(again.documents()).containsExactly("one document", "another");
        assertThat(builds).hasValue(2);
    }

    @Test
    void aMalformedEntryIsNotTrusted() throws Exception {
        HashMemo memo = new HashMemo(folder);
        memo.put("corpus", KEY, "cd".repeat(32));
        assertThat(memo.get("corpus", KEY)).isEqualTo("cd".repeat(32));
        Files.writeString(folder.resolve("memo/corpus").resolve(KEY), "cdcd");
        assertThat(memo.get("corpus", KEY)).isNull();
        assertThat(memo.get("model", KEY)).isNull();
    }

    @Test
    void theFilesKeyFollowsTheBytes() throws Exception {
        Path a = Files.writeString(folder.resolve("config.json"), "{}");
        String before = HashMemo.filesKey(List.of(a));
        Files.writeString(a, "{ }");
        assertThat(HashMemo.filesKey(List.of(a))).isNotEqualTo(before);
    }
}
