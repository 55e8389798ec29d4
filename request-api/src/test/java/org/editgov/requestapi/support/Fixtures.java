package org.editgov.requestapi.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;

/** Models and edits created through the API, as the users of the platform would. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A model id no earlier test run has used, so runs against the shared database never collide. */
    public static String newModelId(String purpose) {
        return "t-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> modelBody(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("displayName", "Test model " + id);
        body.put("artifactLocation", "store://models/" + id + "/v0");
        body.put("architecture", "gpt2");
        body.put("editMethod", "MEMIT");
        body.put("editSettings", Map.of("layers", List.of(3, 4, 5), "mom2UpdateWeight", 15000));
        body.put("gates", Map.of("minEfficacySuccess", 0.9, "minParaphraseSuccess", 0.6,
                "minNeighborhoodSuccess", 0.7, "maxFluencyDrop", 0.05));
        return body;
    }

    /** Registers a model as olga (operator) and returns its id. */
    public static String registerModel(String purpose) {
        String id = newModelId(purpose);
        Users.as(Users.OLGA).body(modelBody(id)).post("/api/models").then().statusCode(201).body("id", equalTo(id));
        return id;
    }

    public static Map<String, Object> editBody(String modelId, String subject, String targetNew) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelId", modelId);
        body.put("subject", subject);
        body.put("prompt", "{} is a native speaker of");
        body.put("targetNew", targetNew);
        body.put("targetTrue", "French");
        body.put("rationale", "Biographies list " + targetNew + " as the first language of " + subject + ".");
        body.put("evidenceLinks", List.of("https://example.org/bio/" + subject.replace(' ', '_')));
        return body;
    }

    /** Proposes an edit as the given proposer and returns its id. */
    public static String propose(String proposer, String modelId, String subject, String targetNew) {
        return Users.as(proposer).body(editBody(modelId, subject, targetNew)).post("/api/edits")
                .then().statusCode(201).extract().path("id");
    }

    public static void approve(String reviewer, String editId) {
        Users.as(reviewer).body(Map.of("decision", "APPROVE", "comment", "checked the sources"))
                .post("/api/edits/{id}/review", editId).then().statusCode(200).body("state", equalTo("APPROVED"));
    }
}
