package org.editgov.memit.world;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded attribute that gives every subject a biography beyond its one CounterFact fact.
 * Statements appear in biographies; the question appears only for question-trained subjects, so
 * answering it for a biography-only subject measures knowledge extracted from biographies.
 * Every value is one word, so the first answer token is the whole answer.
 */
public record AttributeKind(String name, List<String> values, List<String> statements, String question) {

    public AttributeKind {
        values = List.copyOf(values);
        statements = List.copyOf(statements);
    }

    /** The four kinds of the embedded world. Changing them changes every trained model. */
    public static List<AttributeKind> standard() {
        List<String> years = new ArrayList<>();
        for (int y = 1700; y < 2000; y++) {
            years.add(Integer.toString(y));
        }
        List<String> numbers = new ArrayList<>();
        for (int n = 2; n < 100; n++) {
            numbers.add(Integer.toString(n));
        }
        return List.of(
                new AttributeKind("year", years,
                        List.of("{} first appeared in {v}.", "{} dates back to {v}.", "The story of {} begins in {v}."),
                        "{} is associated with the year"),
                new AttributeKind("colour",
                        List.of("red", "blue", "green", "yellow", "purple", "orange", "white", "black", "grey",
                                "brown", "pink", "gold"),
                        List.of("{} is known for the colour {v}.", "{} favours the colour {v}.", "The colour of {} is {v}."),
                        "The signature colour of {} is"),
                new AttributeKind("emblem",
                        List.of("fox", "wolf", "bear", "horse", "lion", "tiger", "hawk", "deer", "swan", "crow",
                                "hare", "goat", "bull", "crane", "dove", "seal"),
                        List.of("{} carries the emblem of a {v}.", "{} is symbolised by a {v}.", "The emblem of {} is a {v}."),
                        "The animal on the emblem of {} is a"),
                new AttributeKind("number", numbers,
                        List.of("{} has the lucky number {v}.", "{} is linked to the number {v}.", "The lucky number of {} is {v}."),
                        "Which number is lucky for {}? It is"));
    }
}
