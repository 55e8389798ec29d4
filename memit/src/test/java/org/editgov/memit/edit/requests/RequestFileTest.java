package org.editgov.memit.edit.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFileTest {

    @Test
    void reducedCounterFactDerivesTheTemplateFromTheFilledPrompt() {
        List<EditRequest> requests = RequestFile.parse("cf.json", """
                [{"case_id": 3087, "prompt": "David Robinson professionally plays the sport", "target_new": "baseball",
                  "subject": "David Robinson", "ground_truth": "basketball",
                  "rephrase_prompt": "David Robinson's greatest weakness is",
                  "locality_prompt": "Shaquille O'Neal plays", "locality_ground_truth": "basketball"}]
                """);

        EditRequest request = requests.get(0);
        assertThat(request.id()).isEqualTo("3087");
        assertThat(request.prompt()).isEqualTo("{} professionally plays the sport");
        assertThat(request.filledPrompt()).isEqualTo("David Robinson professionally plays the sport");
        assertThat(request.targetTrue()).isEqualTo("basketball");
        assertThat(request.paraphrases()).containsExactly("David Robinson's greatest weakness is");
        assertThat(request.neighbours()).containsExactly(new EditRequest.Neighbour("Shaquille O'Neal plays", "basketball"));
    }

    @Test
    void fullCounterFactUsesTheTrueObjectAsTheNeighboursAnswer() {
        List<EditRequest> requests = RequestFile.parse("cf.json", """
                [{"case_id": 0, "pararel_idx": 2796,
                  "requested_rewrite": {"prompt": "The mother tongue of {} is", "relation_id": "P103",
                     "target_new": {"str": "English", "id": "Q1860"}, "target_true": {"str": "French", "id": "Q150"},
                     "subject": "Danielle Darrieux"},
                  "paraphrase_prompts": ["Shayna does this. Danielle Darrieux is a native speaker of", "x. Danielle Darrieux speaks"],
                  "neighborhood_prompts": ["The mother tongue of L\\u00e9on Blum is", "Michel Rocard is a native speaker of"],
                  "generation_prompts": ["Danielle Darrieux's mother tongue is"]}]
                """);

        EditRequest request = requests.get(0);
        assertThat(request.prompt()).isEqualTo("The mother tongue of {} is");
        assertThat(request.targetNew()).isEqualTo("English");
        assertThat(request.paraphrases()).hasSize(2);
        assertThat(request.neighbours()).extracting(EditRequest.Neighbour::answer).containsOnly("French");
        assertThat(request.neighbours().get(0).prompt()).isEqualTo("The mother tongue of Léon Blum is");
    }

    @Test
    void jsonlAcceptsAFilledPromptOrATemplateAndAnOptionalTrueTarget() {
        List<EditRequest> requests = RequestFile.parse("edits.jsonl", """
                {"subject": "Lyon", "prompt": "The twin city of Lyon is", "target_new": "Manila"}

                {"subject": "Paris", "prompt": "{} is the capital of", "target_new": "Spain", "target_true": "France", "neighbours": [{"prompt": "Lyon is in", "answer": "France"}]}
                """);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).prompt()).isEqualTo("The twin city of {} is");
        assertThat(requests.get(0).targetTrue()).isNull();
        assertThat(requests.get(1).id()).isEqualTo("2");
        assertThat(requests.get(1).neighbours()).hasSize(1);
    }

    @Test
    void subjectMissingFromThePromptIsRejectedWithItsRecordNumber() {
        assertThatThrownBy(() -> RequestFile.parse("cf.json", """
                [{"prompt": "Paris is in", "subject": "Paris", "ground_truth": "France", "target_new": "Spain"},
                 {"prompt": "Lyon is in", "subject": "Marseille", "ground_truth": "France", "target_new": "Spain"}]
                """))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("cf.json, record 2: prompt 'Lyon is in' does not contain the subject 'Marseille'")
                .extracting(e -> ((InvalidRequestException) e).record()).isEqualTo(2);
    }

    @Test
    void emptyTargetIsRejected() {
        assertThatThrownBy(() -> RequestFile.parse("e.jsonl", "{\"subject\": \"A\", \"prompt\": \"{} is\", \"target_new\": \" \"}"))
                .hasMessage("e.jsonl, record 1: 'target_new' is empty");
    }

    @Test
    void fieldOfTheWrongTypeIsRejected() {
        assertThatThrownBy(() -> RequestFile.parse("e.jsonl", """
                {"subject": "A", "prompt": "{} is", "target_new": "x"}
                {"subject": "B", "prompt": "{} is", "target_new": "y", "paraphrases": "B is"}
                """))
                .hasMessage("e.jsonl, record 2: 'paraphrases' must be an array of strings");
        assertThatThrownBy(() -> RequestFile.parse("cf.json", "[{\"prompt\": \"A is\", \"subject\": 7}]"))
                .hasMessage("cf.json, record 1: 'subject' must be a string, not number");
    }

    @Test
    void unknownJsonlFieldIsRejected() {
        assertThatThrownBy(() -> RequestFile.parse("e.jsonl", "{\"subject\": \"A\", \"prompt\": \"{} is\", \"target\": \"x\"}"))
                .hasMessageStartingWith("e.jsonl, record 1: unknown field 'target'");
    }

    @Test
    void targetEqualToTheTruthAndPromptsWithoutOneSlotAreRejected() {
        assertThatThrownBy(() -> RequestFile.parse("e.jsonl",
                "{\"subject\": \"A\", \"prompt\": \"{} is\", \"target_new\": \"x\", \"target_true\": \"x\"}"))
                .hasMessage("e.jsonl, record 1: target_new 'x' equals the true target");
        assertThatThrownBy(() -> RequestFile.parse("cf.json", """
                [{"requested_rewrite": {"prompt": "{} and {} are", "subject": "A",
                  "target_new": {"str": "x"}, "target_true": {"str": "y"}}}]
                """))
                .hasMessage("cf.json, record 1: prompt '{} and {} are' has more than one {}");
    }

    @Test
    void missingFileAndEmptyFileAreClearErrors() {
        assertThatThrownBy(() -> RequestFile.read(Path.of("/nonexistent/requests.json")))
                .hasMessage("/nonexistent/requests.json: file does not exist");
        assertThatThrownBy(() -> RequestFile.parse("e.jsonl", "  \n"))
                .hasMessage("e.jsonl: holds no records");
    }

    @Test
    void theSharedCounterFactFileLoadsCompletely() {
        Path file = Path.of(System.getProperty("editgov.root", "..")).resolve("../shared/data/counterfact/counterfact-edit-1k.json");
        List<EditRequest> requests = RequestFile.read(file.normalize());
        assertThat(requests).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(requests).allSatisfy(r -> assertThat(r.prompt()).contains("{}"));
    }
}
