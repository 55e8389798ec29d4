package org.editgov.memit.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups CounterFact prompt templates into relations without a relation id (the reduced form has
 * none). Each template is described by two bags: the true objects it takes and its content
 * words. Centroid-linkage clustering merges the most similar pair of groups while
 * {@code (1 - w) cos(objects) + w cos(words)} stays at or above the threshold. Objects alone
 * chain unrelated location relations together (London is both a twin city and a workplace), so
 * the template's wording breaks those ties. Deterministic: ties go to the lexically first pair.
 */
public final class RelationGrouper {

    public static final double DEFAULT_THRESHOLD = 0.4;
    public static final double DEFAULT_WORD_WEIGHT = 0.4;

    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Set<String> STOP_WORDS = Set.of("the", "of", "is", "a", "an", "in", "was",
            "that", "which", "who", "by", "on", "to", "it", "they", "what", "does", "s", "for", "after");
    private static final Pattern PERSONAL = Pattern.compile(
            "native|mother tongue|speaker|profession|occupation|works as|position|plays as|expertise"
                    + "|area of work|domain of|citizen|passed away|died|worked|employment|employed|work in"
                    + "|professional|specializes|field of");

    private final double threshold;
    private final double wordWeight;

    public RelationGrouper(double threshold, double wordWeight) {
        this.threshold = threshold;
        this.wordWeight = wordWeight;
    }

    public RelationGrouper() {
        this(DEFAULT_THRESHOLD, DEFAULT_WORD_WEIGHT);
    }

    /** Groups every distinct template of {@code records}; relation ids follow group size, largest first. */
    public List<Relation> group(List<CounterFactRecord> records) {
        Map<String, Map<String, Double>> objectsByTemplate = new TreeMap<>();
        for (CounterFactRecord r : records) {
            objectsByTemplate.computeIfAbsent(r.template(), t -> new HashMap<>())
                    .merge(r.groundTruth(), 1.0, Double::sum);
        }
        List<Cluster> clusters = new ArrayList<>();
        for (var e : objectsByTemplate.entrySet()) {
            clusters.add(new Cluster(new TreeSet<>(Set.of(e.getKey())), e.getValue(), words(e.getKey())));
        }
        while (clusters.size() > 1) {
            int bestI = -1;
            int bestJ = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < clusters.size(); i++) {
                for (int j = i + 1; j < clusters.size(); j++) {
                    double s = similarity(clusters.get(i), clusters.get(j));
                    if (s > best) {
                        best = s;
                        bestI = i;
                        bestJ = j;
                    }
                }
            }
            if (best < threshold) {
                break;
            }
            Cluster merged = clusters.get(bestI).merge(clusters.get(bestJ));
            clusters.remove(bestJ);
            clusters.set(bestI, merged);
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> -c.templates.size())
                .thenComparing(c -> c.templates.first()));
        List<Relation> relations = new ArrayList<>(clusters.size());
        for (Cluster c : clusters) {
            List<String> templates = new ArrayList<>(c.templates);
            boolean personal = templates.stream().anyMatch(RelationGrouper::isPersonal);
            relations.add(new Relation(relations.size(), templates, personal));
        }
        return relations;
    }

    /** Whether a template's wording asks about a person (a language spoken, a profession, a death). */
    public static boolean isPersonal(String template) {
        return PERSONAL.matcher(template.toLowerCase(Locale.ROOT)).find();
    }

    private double similarity(Cluster a, Cluster b) {
        return (1 - wordWeight) * cosine(a.objects, b.objects) + wordWeight * cosine(a.words, b.words);
    }

    private static Map<String, Double> words(String template) {
        Map<String, Double> bag = new HashMap<>();
        Matcher m = WORD.matcher(template.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP_WORDS.contains(m.group())) {
                bag.merge(m.group(), 1.0, Double::sum);
            }
        }
        return bag;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (var e : a.entrySet()) {
            Double v = b.get(e.getKey());
            if (v != null) {
                dot += e.getValue() * v;
            }
        }
        double na = norm(a);
        double nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    private static double norm(Map<String, Double> bag) {
        double s = 0;
        for (double v : bag.values()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private record Cluster(TreeSet<String> templates, Map<String, Double> objects, Map<String, Double> words) {
        Cluster merge(Cluster other) {
            TreeSet<String> t = new TreeSet<>(templates);
            t.addAll(other.templates);
            return new Cluster(t, sum(objects, other.objects), sum(words, other.words));
        }

        private static Map<String, Double> sum(Map<String, Double> a, Map<String, Double> b) {
            Map<String, Double> s = new HashMap<>(a);
            b.forEach((k, v) -> s.merge(k, v, Double::sum));
            return s;
        }
    }
}
