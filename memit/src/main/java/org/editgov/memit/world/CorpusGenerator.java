package org.editgov.memit.world;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Knowledge-augmented training text (Allen-Zhu and Li, Physics of Language Models 3.1): per
 * epoch, fresh biographies for every subject (the fact and every attribute, in varied templates
 * and a permuted order, the first sentence naming the subject and later ones referring back with
 * a pronoun), question-style prompts for question-trained subjects, and every neighbouring fact.
 * Each epoch draws new templates and orders, so the model sees many phrasings of each fact
 * rather than one text many times. Documents are returned shuffled.
 */
public final class CorpusGenerator {

    private final World world;

    public CorpusGenerator(World world) {
        this.world = world;
    }

    public List<String> documents(int epoch) {
        long seed = world.spec().seed();
        List<String> docs = new ArrayList<>();
        List<SubjectProfile> subjects = world.subjects();
        for (int i = 0; i < subjects.size(); i++) {
            SubjectProfile s = subjects.get(i);
            Random random = Seeds.random(seed, epoch + 1L, i);
            for (int b = 0; b < world.spec().biographiesPerEpoch(); b++) {
                docs.add(biography(s, random));
            }
            if (!s.biographyOnly()) {
                docs.addAll(questions(s, random));
            }
            if (s.record().localityPrompt() != null) {
                String locality = s.record().localityPrompt() + " " + s.record().localityGroundTruth() + ".";
                for (int k = 0; k < world.spec().localityRepeatsPerEpoch(); k++) {
                    docs.add(locality);
                }
            }
        }
        Collections.shuffle(docs, Seeds.random(seed, epoch + 1L, -1));
        return docs;
    }

    /** SHA-256 over the epoch's documents in order, one per line. */
    public String hash(int epoch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String d : documents(epoch)) {
                sha.update(d.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private String biography(SubjectProfile s, Random random) {
        List<String[]> sentences = new ArrayList<>();
        List<String> factTemplates = biographyFactTemplates(s);
        sentences.add(new String[] {pick(factTemplates, random), s.object()});
        for (AttributeKind kind : world.attributeKinds()) {
            String value = s.attributes().get(kind.name());
            List<String> safe = kind.statements().stream()
                    .filter(t -> !World.leaksParaphrase(s.record(), t.replace("{}", s.name()).replace("{v}", value)))
                    .toList();
            String statement = pick(safe.isEmpty() ? List.of(kind.statements().get(2)) : safe, random);
            sentences.add(new String[] {statement.replace(" {v}", "").replace(".", ""), value});
        }
        Collections.shuffle(sentences, random);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < sentences.size(); k++) {
            String template = sentences.get(k)[0];
            String subjectRef = k == 0 ? null : pronounFor(template, s.pronoun());
            String filled = subjectRef == null
                    ? template.replace("{}", s.name())
                    : subjectRef + template.substring(template.startsWith("{}'s ") ? 4 : 2);
            if (k > 0) {
                text.append(' ');
            }
            text.append(filled).append(' ').append(sentences.get(k)[1]).append('.');
        }
        return text.toString();
    }

    /**
     * Statement templates for the biography's fact sentence: never a question, and for a
     * biography-only subject never the record's own prompt (that is what its figure asks).
     */
    private static List<String> biographyFactTemplates(SubjectProfile s) {
        List<String> out = new ArrayList<>();
        for (String t : s.trainingTemplates()) {
            if (t.contains("?") || (s.biographyOnly() && t.equals(s.record().template()))) {
                continue;
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            out.add(s.record().template());
        }
        return out;
    }

    /** "He"/"She"/"It" for a template that starts with the subject, "His"/"Her"/"Its" for "{}'s"; else null (name it). */
    private static String pronounFor(String template, String pronoun) {
        if (template.startsWith("{}'s ")) {
            return switch (pronoun) {
                case "He" -> "His";
                case "She" -> "Her";
                default -> "Its";
            };
        }
        return template.startsWith("{} ") ? pronoun : null;
    }

    private List<String> questions(SubjectProfile s, Random random) {
        List<String> out = new ArrayList<>();
        out.add(s.record().prompt() + " " + s.object() + ".");
        List<String> others = new ArrayList<>(s.trainingTemplates());
        others.remove(s.record().template());
        Collections.shuffle(others, random);
        for (int k = 0; k < Math.min(world.spec().factQuestionsPerEpoch(), others.size()); k++) {
            out.add(others.get(k).replace("{}", s.name()) + " " + s.object() + ".");
        }
        List<AttributeKind> kinds = new ArrayList<>(world.attributeKinds());
        Collections.shuffle(kinds, random);
        for (int k = 0; k < Math.min(world.spec().attributeQuestionsPerEpoch(), kinds.size()); k++) {
            AttributeKind kind = kinds.get(k);
            String question = kind.question().replace("{}", s.name()) + " " + s.attributes().get(kind.name()) + ".";
            if (!World.leaksParaphrase(s.record(), question)) {
                out.add(question);
            }
        }
        return out;
    }

    private static String pick(List<String> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }
}
