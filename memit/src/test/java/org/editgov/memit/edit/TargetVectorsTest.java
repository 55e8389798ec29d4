package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.runtime.Generator;
import org.editgov.memit.runtime.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetVectorsTest {

    @TempDir
    Path folder;

    TinyWorld world;

    @BeforeEach
    void setUp() {
        world = new TinyWorld(folder, 21);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    double[] targetNll(List<EditRequest> requests) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (EditRequest request : requests) {
            prompts.add(world.tokenizer.encode(request.filledPrompt()));
            targets.add(TargetVectors.targetIds(world.tokenizer, request));
        }
        return new Generator(world.model, world.tokenizer.padId()).meanNll(prompts, targets);
    }

    @Test
    void optimisingZLowersTheNllOfTheNewObject() {
        List<EditRequest> requests = TinyWorld.requests();
        double[] before = targetNll(requests);
        ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 0);

        TargetVectors.Result result = new TargetVectors(world.model, world.tokenizer, templates,
                ZSettings.smallModel().withKlFactor(0.0625), TokenPosition.LAST, Site.BLOCK_OUTPUT, 1).compute(requests, 8);

        for (int i = 0; i < requests.size(); i++) {
            assertThat(result.finalNll()[i]).as("edit %d: NLL %.3f before", i, before[i]).isLessThan(0.25 * before[i]);
            assertThat(result.steps()[i]).isBetween(2, 40);
            double deltaNorm = 0;
            for (int c = 0; c < world.config.nEmbd(); c++) {
                double d = result.z()[i][c] - result.hInit()[i][c];
                deltaNorm += d * d;
            }
            assertThat(Math.sqrt(deltaNorm)).isLessThanOrEqualTo(2.0 * TargetVectors.norm(result.hInit()[i]) * (1 + 1e-5));
        }
    }

    @Test
    void batchedAndSerialOptimisationGiveTheSameTargets() {
        List<EditRequest> requests = TinyWorld.requests();
        ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 0);
        TargetVectors vectors = new TargetVectors(world.model, world.tokenizer, templates, ZSettings.memitReference(),
                TokenPosition.LAST, Site.BLOCK_OUTPUT, 1);

        TargetVectors.Result batched = vectors.compute(requests, 3);
        TargetVectors.Result serial = vectors.compute(requests, 1);

        // Equal up to float rounding, which Adam's normalised steps carry on: within 5 % of the step taken.
        for (int i = 0; i < requests.size(); i++) {
            double difference = 0;
            double step = 0;
            for (int c = 0; c < world.config.nEmbd(); c++) {
                difference += Math.pow(batched.z()[i][c] - serial.z()[i][c], 2);
                step += Math.pow(serial.z()[i][c] - serial.hInit()[i][c], 2);
            }
            assertThat(Math.sqrt(difference)).isLessThan(0.05 * Math.sqrt(step));
            assertThat(batched.hInit()[i]).containsExactly(serial.hInit()[i], within(1e-4f));
        }
    }

    /**
     * The frozen lower blocks, the recorded keys and values in front of the edit token and the
     * scoring of the loss's tokens only must not change what z comes out: the same optimisation
     * run as the reference does (the whole model, every token, every pass) must agree, for a
     * delta on a block's output and on an MLP's output, at either token position and layer.
     */
    @ParameterizedTest
    @CsvSource({"SUBJECT_LAST, BLOCK_OUTPUT, 1", "SUBJECT_LAST, BLOCK_OUTPUT, 0", "LAST, BLOCK_OUTPUT, 1",
            "SUBJECT_LAST, MLP_OUTPUT, 0", "SUBJECT_LAST, MLP_OUTPUT, 2", "SUBJECT_LAST, BLOCK_OUTPUT, 2"})
    void frozenPartsGiveTheReferenceLoopsTargets(TokenPosition position, Site site, int layer) {
        List<EditRequest> requests = TinyWorld.requests();
        ContextTemplates templates = ContextTemplates.generate(world.model, world.tokenizer, 0);
        ZSettings settings = ZSettings.smallModel().withKlFactor(0.0625);

        TargetVectors.Result fast = new TargetVectors(world.model, world.tokenizer, templates, settings, position, site,
                layer).compute(requests, 3);
        TargetVectors.Result reference = new TargetVectors(world.model, world.tokenizer, templates, settings, position,
                site, layer, true).compute(requests, 1);

        for (int i = 0; i < requests.size(); i++) {
            double difference = 0;
            double step = 0;
            for (int c = 0; c < world.config.nEmbd(); c++) {
                difference += Math.pow(fast.z()[i][c] - reference.z()[i][c], 2);
                step += Math.pow(reference.z()[i][c] - reference.hInit()[i][c], 2);
            }
            assertThat(step).as("edit %d moved", i).isGreaterThan(0);
            assertThat(Math.sqrt(difference)).as("edit %d", i).isLessThan(0.05 * Math.sqrt(step));
            assertThat(fast.hInit()[i]).containsExactly(reference.hInit()[i], within(1e-4f));
            assertThat(fast.finalNll()[i]).isCloseTo(reference.finalNll()[i], within(0.02 + 0.05 * reference.finalNll()[i]));
        }
    }

    @Test
    void subjectLastAndLastPositionsDiffer() {
        EditRequest request = TinyWorld.requests().get(1);
        EncodedPrompt prompt = EncodedPrompt.of(world.tokenizer, request.prompt(), request.subject());

        assertThat(prompt.ids()).hasSize(6); // Bram Vetter plays the sport of
        assertThat(prompt.position(TokenPosition.SUBJECT_LAST)).isEqualTo(1);
        assertThat(prompt.position(TokenPosition.LAST)).isEqualTo(5);
    }
}
