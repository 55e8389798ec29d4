package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.io.SafetensorsReader;
import org.editgov.memit.runtime.Generator;
import org.editgov.memit.runtime.Gpt2Model;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditorTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path folder;

    TinyWorld world;
    Map<Integer, DMatrixRMaj> moments;

    @BeforeEach
    void setUp() {
        world = new TinyWorld(folder, 21);
        moments = new CovarianceStats(folder.resolve("stats"), QUIET).secondMoments(world.model,
                CovarianceStats.modelHash(world.model.weights()), world.tokenizer, TinyWorld.corpus(), List.of(1, 2), 1000)
                .moments();
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    double[] targetNll(Gpt2Model model, List<EditRequest> requests) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (EditRequest request : requests) {
            prompts.add(world.tokenizer.encode(request.filledPrompt()));
            targets.add(TargetVectors.targetIds(world.tokenizer, request));
        }
        return new Generator(model, world.tokenizer.padId()).meanNll(prompts, targets);
    }

    EditSettings settings(Method method) {
        // Bare prompts only: in a random model a prefix changes the last token's key completely,
        // which a trained model's keys do not; the prefixed templates are exercised by the determinism test.
        return EditSettings.defaults(method, method == Method.ROME ? List.of(2) : List.of(1, 2), TokenPosition.LAST)
                .withLambda(1).withPrefixedTemplates(false).withZ(ZSettings.smallModel().withSteps(25));
    }

    @Test
    void memitMakesTheModelSayTheNewObjectsAndLeavesTheOriginalAlone() {
        List<EditRequest> requests = TinyWorld.requests();
        double[] before = targetNll(world.model, requests);
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            Editor.Outcome outcome = editor.edit(requests, settings(Method.MEMIT));

            double[] after = targetNll(editor.model(), requests);
            for (int i = 0; i < requests.size(); i++) {
                assertThat(after[i]).as("edit %d: %.3f -> %.3f", i, before[i], after[i]).isLessThan(0.5 * before[i]);
            }
            assertThat(outcome.deltas()).extracting(LayerDelta::layer).containsExactly(1, 2);
            assertThat(outcome.deltas()).allSatisfy(d -> assertThat(d.rank()).isEqualTo(3));
        }
        assertThat(targetNll(world.model, requests)).containsExactly(before);
    }

    @Test
    void sameInputsAndSeedGiveAByteIdenticalDelta() throws Exception {
        List<EditRequest> requests = TinyWorld.requests();
        String[] hashes = new String[2];
        for (int run = 0; run < 2; run++) {
            try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
                Editor.Outcome outcome = editor.edit(requests, settings(Method.MEMIT).withPrefixedTemplates(true).withSeed(7));
                hashes[run] = DeltaFile.write(folder.resolve("delta-" + run + ".safetensors"), outcome.deltas(),
                        Map.of("method", "memit"));
            }
        }
        assertThat(hashes[0]).isEqualTo(hashes[1]);
        assertThat(Files.readAllBytes(folder.resolve("delta-0.safetensors")))
                .isEqualTo(Files.readAllBytes(folder.resolve("delta-1.safetensors")));
        assertThat(SafetensorsReader.header(folder.resolve("delta-0.safetensors")).metadata())
                .containsEntry("h.1.mlp.c_proj.weight", "factors");
    }

    @Test
    void romeWritesOneRankOneChangePerEdit() {
        List<EditRequest> requests = TinyWorld.requests().subList(0, 2);
        double[] before = targetNll(world.model, requests);
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            Editor.Outcome outcome = editor.edit(requests, settings(Method.ROME));

            assertThat(outcome.deltas()).singleElement().satisfies(d -> {
                assertThat(d.layer()).isEqualTo(2);
                assertThat(d.rank()).isEqualTo(2);
            });
            double[] after = targetNll(editor.model(), requests);
            assertThat(after[1]).isLessThan(0.5 * before[1]);
        }
    }

    @Test
    void alphaEditEditsSequentialBatches() {
        List<EditRequest> requests = TinyWorld.requests();
        double[] before = targetNll(world.model, requests);
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            editor.edit(requests.subList(0, 2), settings(Method.ALPHAEDIT));
            editor.edit(requests.subList(2, 3), settings(Method.ALPHAEDIT));

            double[] after = targetNll(editor.model(), requests);
            for (int i = 0; i < requests.size(); i++) {
                assertThat(after[i]).as("edit %d: %.3f -> %.3f", i, before[i], after[i]).isLessThan(before[i]);
            }
        }
    }

    @Test
    void aSecondRoundWritesMoreOfWhatZAsksAndKeepsOneDeltaPerLayer() {
        List<EditRequest> requests = TinyWorld.requests();
        // A strong covariance weight leaves much of z unreached after one round: room for a second.
        EditSettings once = settings(Method.MEMIT).withLambda(1e4);
        Editor.Outcome first;
        Editor.Outcome second;
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            first = editor.edit(requests, once);
        }
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            second = editor.edit(requests, once.withRounds(2), first.targets());
        }
        assertThat(first.targetReached()).isLessThan(0.9);
        assertThat(second.targetReached()).as("round 1 %.3f, round 2 %.3f", first.targetReached(), second.targetReached())
                .isGreaterThan(first.targetReached() + 0.1);
        assertThat(second.deltas()).extracting(LayerDelta::layer).containsExactly(1, 2);
        assertThat(second.deltas()).allSatisfy(d -> assertThat(d.rank()).isEqualTo(2 * requests.size()));
        assertThatThrownBy(() -> settings(Method.ROME).withRounds(2)).hasMessageContaining("ROME writes each edit once");
    }

    @Test
    void givenZGiveTheSameUpdateAsZComputedInTheEdit() {
        List<EditRequest> requests = TinyWorld.requests();
        EditSettings settings = settings(Method.MEMIT).withPrefixedTemplates(true).withSeed(3);
        Editor.Outcome computed;
        Editor.Outcome reused;
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            computed = editor.edit(requests, settings);
        }
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            reused = editor.edit(requests, settings, computed.targets());
        }
        assertThat(reused.deltas()).hasSameSizeAs(computed.deltas());
        for (int i = 0; i < computed.deltas().size(); i++) {
            assertThat(reused.deltas().get(i).dense().data).containsExactly(computed.deltas().get(i).dense().data);
        }
        try (Editor editor = new Editor(world.model, world.tokenizer, moments, new AlphaEditProjection(2e-2, 10), QUIET)) {
            assertThatThrownBy(() -> editor.edit(requests.subList(0, 1), settings, computed.targets()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same requests");
        }
    }
}
