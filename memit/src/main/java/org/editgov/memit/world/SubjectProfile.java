package org.editgov.memit.world;

import java.util.List;
import java.util.Map;

/**
 * A subject of the world: its CounterFact record, the relation its fact belongs to, the pronoun
 * biographies use for it, its seeded attributes (kind name -> value), whether it is seen only in
 * biographies, and the relation templates it may be trained with (the relation's templates minus
 * those its held-out paraphrase uses).
 */
public record SubjectProfile(
        CounterFactRecord record,
        Relation relation,
        String pronoun,
        Map<String, String> attributes,
        boolean biographyOnly,
        List<String> trainingTemplates) {

    public SubjectProfile {
        attributes = Map.copyOf(attributes);
        trainingTemplates = List.copyOf(trainingTemplates);
    }

    public String name() {
        return record.subject();
    }

    /** The fact's object. */
    public String object() {
        return record.groundTruth();
    }
}
