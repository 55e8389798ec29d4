package org.editgov.memit.world;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The embedded model's world: the first {@code spec.records()} CounterFact records with distinct
 * subjects, each subject with a relation, a pronoun and seeded attributes. Relations are grouped
 * over every record given (not only the chosen ones) so a relation keeps all its templates.
 */
public final class World {

    private final WorldSpec spec;
    private final List<Relation> relations;
    private final List<SubjectProfile> subjects;
    private final List<AttributeKind> attributeKinds;

    private World(WorldSpec spec, List<Relation> relations, List<SubjectProfile> subjects,
                  List<AttributeKind> attributeKinds) {
        this.spec = spec;
        this.relations = relations;
        this.subjects = subjects;
        this.attributeKinds = attributeKinds;
    }

    public static World build(List<CounterFactRecord> dataset, WorldSpec spec) {
        List<CounterFactRecord> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CounterFactRecord record : dataset) {
            if (chosen.size() < spec.records() && seen.add(record.subject())) {
                chosen.add(record);
            }
        }
        if (chosen.size() < spec.records()) {
            throw new IllegalArgumentException("the dataset has " + chosen.size()
                    + " records with distinct subjects, the world asks for " + spec.records());
        }
        List<Relation> grouped = new RelationGrouper().group(dataset);
        // A record's relation is the one its prompt's template was grouped into (a borrowed
        // phrasing may also read like another relation's template).
        Map<String, Integer> relationOf = new LinkedHashMap<>();
        for (int r = 0; r < grouped.size(); r++) {
            for (String t : grouped.get(r).templates()) {
                relationOf.put(t, r);
            }
        }
        List<Relation> relations = spec.borrowedPhrasings() ? withBorrowedPhrasings(grouped, relationOf, dataset, seen) : grouped;
        List<AttributeKind> kinds = AttributeKind.standard();
        List<SubjectProfile> subjects = new ArrayList<>();
        for (CounterFactRecord record : chosen) {
            int index = subjects.size();
            Random random = Seeds.random(spec.seed(), 0, index);
            Relation relation = relations.get(relationOf.get(record.template()));
            String pronoun = RelationGrouper.isPersonal(record.template()) ? (random.nextBoolean() ? "He" : "She") : "It";
            Map<String, String> attributes = new LinkedHashMap<>();
            for (AttributeKind kind : kinds) {
                attributes.put(kind.name(), kind.values().get(random.nextInt(kind.values().size())));
            }
            List<String> templates = trainingTemplates(record, relation, spec.borrowedPhrasings());
            boolean biographyOnly = spec.biographyOnlyEvery() > 0
                    && index % spec.biographyOnlyEvery() == spec.biographyOnlyEvery() - 1
                    && templates.stream().anyMatch(t -> !t.equals(record.template()) && !t.contains("?"));
            subjects.add(new SubjectProfile(record, relation, pronoun, attributes, biographyOnly, templates));
        }
        return new World(spec, relations, List.copyOf(subjects), kinds);
    }

    /**
     * Each relation's templates plus the ways the paraphrases of the dataset's records outside the
     * world ask for it (their sentence naming the subject, e.g. "Where {} is from, people speak
     * the language of"), in dataset order. CounterFact's paraphrases come from a few hundred such
     * phrasings; a world subject learns its fact through those its relation has, except the one
     * its own held-out paraphrase uses ({@link #trainingTemplates}). A record outside the world
     * lends only the phrasing, never its subject or fact.
     */
    private static List<Relation> withBorrowedPhrasings(List<Relation> relations, Map<String, Integer> relationOf,
            List<CounterFactRecord> dataset, Set<String> worldSubjects) {
        List<Set<String>> borrowed = new ArrayList<>();
        relations.forEach(r -> borrowed.add(new LinkedHashSet<>(r.templates())));
        for (CounterFactRecord record : dataset) {
            String phrasing = record.rephrasePhrasing();
            Integer relation = relationOf.get(record.template());
            if (phrasing != null && relation != null && !worldSubjects.contains(record.subject())
                    && phrasing.indexOf("{}") == phrasing.lastIndexOf("{}") && !phrasing.endsWith(" ")) {
                borrowed.get(relation).add(phrasing);
            }
        }
        List<Relation> out = new ArrayList<>();
        for (int r = 0; r < relations.size(); r++) {
            Relation relation = relations.get(r);
            out.add(new Relation(relation.id(), List.copyOf(borrowed.get(r)), relation.personal()));
        }
        return out;
    }

    /**
     * The relation's templates that do not give away the held-out paraphrase: a template is
     * dropped when it is the paraphrase's own phrasing (checked in worlds with borrowed
     * phrasings; the first shipped model's world did not, and keeps its corpus), when the
     * paraphrase, from the subject on, contains it filled with the subject, or when the stated
     * fact contains the paraphrase (the record's own prompt is kept: it is what the train-prompt
     * figure measures).
     */
    private static List<String> trainingTemplates(CounterFactRecord record, Relation relation, boolean phrasingCheck) {
        List<String> allowed = new ArrayList<>();
        for (String t : relation.templates()) {
            String filled = t.replace("{}", record.subject());
            boolean leaks = phrasingCheck && t.equals(record.rephrasePhrasing()) || record.rephraseTail().contains(filled)
                    || leaksParaphrase(record, filled + " " + record.groundTruth() + ".");
            if (t.equals(record.template()) || !leaks) {
                allowed.add(t);
            }
        }
        return allowed;
    }

    /**
     * Whether a training sentence contains the record's held-out paraphrase (from the subject
     * on). A paraphrase whose tail is inside the record's own prompt cannot be kept apart from
     * it and is not counted.
     */
    static boolean leaksParaphrase(CounterFactRecord record, String sentence) {
        String tail = record.rephraseTail();
        return !tail.isEmpty() && !record.prompt().contains(tail) && sentence.contains(tail);
    }

    /** The same world restricted to its first {@code n} subjects (all of them when n is larger). */
    public World limitedTo(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be non-negative, got " + n);
        }
        return n >= subjects.size() ? this : new World(spec, relations, subjects.subList(0, n), attributeKinds);
    }

    public WorldSpec spec() {
        return spec;
    }

    public List<Relation> relations() {
        return relations;
    }

    public List<SubjectProfile> subjects() {
        return subjects;
    }

    public List<AttributeKind> attributeKinds() {
        return attributeKinds;
    }

    /** The record's own prompt for every question-trained subject. */
    public List<Probe> trainPromptProbes() {
        return subjects.stream().filter(s -> !s.biographyOnly())
                .map(s -> new Probe(s.record().prompt(), s.object())).toList();
    }

    /** The record's own prompt for every biography-only subject (never trained as a question). */
    public List<Probe> biographyOnlyProbes() {
        return subjects.stream().filter(SubjectProfile::biographyOnly)
                .map(s -> new Probe(s.record().prompt(), s.object())).toList();
    }

    /** Attribute questions for biography-only subjects: knowledge read from biographies alone. */
    public List<Probe> biographyOnlyAttributeProbes() {
        List<Probe> probes = new ArrayList<>();
        for (SubjectProfile s : subjects) {
            if (s.biographyOnly()) {
                for (AttributeKind kind : attributeKinds) {
                    probes.add(new Probe(kind.question().replace("{}", s.name()), s.attributes().get(kind.name())));
                }
            }
        }
        return probes;
    }

    /** Every subject's held-out paraphrase (a few CounterFact "paraphrases" equal the prompt: not held out, left out). */
    public List<Probe> rephraseProbes() {
        return subjects.stream()
                .filter(s -> s.record().rephrasePrompt() != null && !s.record().rephrasePrompt().equals(s.record().prompt()))
                .map(s -> new Probe(s.record().rephrasePrompt(), s.object())).toList();
    }

    /** Every record's neighbouring fact. */
    public List<Probe> localityProbes() {
        return subjects.stream().filter(s -> s.record().localityPrompt() != null)
                .map(s -> new Probe(s.record().localityPrompt(), s.record().localityGroundTruth())).toList();
    }
}
