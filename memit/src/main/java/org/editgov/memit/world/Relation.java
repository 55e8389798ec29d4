package org.editgov.memit.world;

import java.util.List;

/**
 * A group of CounterFact prompt templates that ask for the same kind of object, e.g. "The mother
 * tongue of {} is" and "{} is a native speaker of". {@code personal} marks relations whose
 * subjects are people, so biographies refer back to them with "He"/"She" rather than "It".
 */
public record Relation(int id, List<String> templates, boolean personal) {

    public Relation {
        templates = List.copyOf(templates);
    }

    /** A short human-readable label: the relation's first template. */
    public String label() {
        return templates.get(0);
    }
}
