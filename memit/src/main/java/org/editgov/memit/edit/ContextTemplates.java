package org.editgov.memit.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Generator;
import org.editgov.memit.runtime.Gpt2Model;

/**
 * The prompts an edit is learnt through: the bare request prompt, and the same prompt after a
 * short text the unedited model wrote itself, so that the edit holds in context too.
 *
 * <p>Groups as the reference has them: {@code [["{}"], [t1 .. t5]]}, each {@code ti} = a seeded
 * top-5 sample of 10 tokens (prefix included) after "The", "Therefore", "Because", "I", "You",
 * braces removed, then ". {}". The reference does not seed its samples; we do, so an edit is
 * reproducible.
 *
 * <p>A word-level tokenizer may not know some of those words (the embedded model has no
 * "Therefore", "Because" or "You"): its {@code [UNK]} in a prefix is text the model never read,
 * so an edit would be learnt after noise. Such a prefix is replaced by the first of
 * {@link #SUBSTITUTES} the tokenizer knows and no other template starts with, and the unknown
 * token is never sampled. Where no known substitute is left, there are fewer prefixed templates.
 * Tokenizers without an unknown token (GPT-2's byte-level BPE) get the reference's templates.
 *
 * @param groups template groups; each template has one {@code {}} where the request prompt goes
 */
public record ContextTemplates(List<List<String>> groups) {

    public static final List<String> PREFIXES = List.of("The", "Therefore", "Because", "I", "You");
    /** Common sentence openers, in the order they stand in for an unknown reference prefix. */
    public static final List<String> SUBSTITUTES = List.of("It", "He", "She", "This", "They", "In", "A", "We", "His",
            "Her", "There", "When", "After", "So");
    public static final int LENGTH = 10;
    public static final int TOP_K = 5;

    public ContextTemplates {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /** Only the bare prompt. */
    public static ContextTemplates bare() {
        return new ContextTemplates(List.of(List.of("{}")));
    }

    /** Samples the five prefixed templates from {@code model} (the unedited one). */
    public static ContextTemplates generate(Gpt2Model model, TextTokenizer tokenizer, long seed) {
        Generator generator = new Generator(model, tokenizer.padId());
        List<String> sampled = new ArrayList<>();
        List<String> prefixes = knownPrefixes(tokenizer);
        for (int i = 0; i < prefixes.size(); i++) {
            int[] prefix = tokenizer.encode(prefixes.get(i));
            int[] continuation = generator.sampleTopK(prefix, Math.max(0, LENGTH - prefix.length), TOP_K, seed + i, -1,
                    tokenizer.unknownId());
            int[] all = Arrays.copyOf(prefix, prefix.length + continuation.length);
            System.arraycopy(continuation, 0, all, prefix.length, continuation.length);
            String template = template(tokenizer, all);
            if (template != null) {
                sampled.add(template);
            }
        }
        return sampled.isEmpty() ? bare() : new ContextTemplates(List.of(List.of("{}"), sampled));
    }

    /**
     * The reference's prefixes in order, each one the tokenizer does not know replaced by the next
     * known substitute not used yet; at most {@link #PREFIXES}' size, fewer when substitutes run out.
     */
    static List<String> knownPrefixes(TextTokenizer tokenizer) {
        List<String> chosen = new ArrayList<>();
        Iterator<String> substitutes = SUBSTITUTES.iterator();
        for (String prefix : PREFIXES) {
            String candidate = prefix;
            while (candidate != null && (!knows(tokenizer, candidate) || chosen.contains(candidate))) {
                candidate = substitutes.hasNext() ? substitutes.next() : null;
            }
            if (candidate != null) {
                chosen.add(candidate);
            }
        }
        return chosen;
    }

    /**
     * The sampled tokens as text, braces removed, then ". {}"; null when no spelling of them
     * reads back without an unknown token. A word-level decoder's clean-up glues punctuation
     * ("English ." + ". " reads as "English.." and ".." is no word of the vocabulary), so the
     * decoder's text is kept only where it reads back whole; else the tokens are joined by spaces,
     * which a whitespace pre-tokenizer splits back into the same tokens.
     */
    static String template(TextTokenizer tokenizer, int[] tokens) {
        String decoded = tokenizer.decode(tokens).replace("{", " ").replace("}", " ") + ". {}";
        if (knows(tokenizer, decoded.replace("{}", ""))) {
            return decoded;
        }
        StringBuilder spaced = new StringBuilder();
        for (int token : tokens) {
            spaced.append(tokenizer.decode(new int[] {token}).replace("{", " ").replace("}", " ")).append(' ');
        }
        String joined = spaced.append(". {}").toString();
        return knows(tokenizer, joined.replace("{}", "")) ? joined : null;
    }

    /** True when {@code text} encodes to at least one token and to no unknown token. */
    static boolean knows(TextTokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text);
        int unknown = tokenizer.unknownId();
        return ids.length > 0 && (unknown < 0 || Arrays.stream(ids).noneMatch(id -> id == unknown));
    }

    /** Every template, group after group. */
    public List<String> flat() {
        return groups.stream().flatMap(List::stream).toList();
    }

    /** Group index of each template of {@link #flat()}. */
    public int[] groupOfEach() {
        int[] group = new int[flat().size()];
        int i = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (int t = 0; t < groups.get(g).size(); t++) {
                group[i++] = g;
            }
        }
        return group;
    }

    /** The request prompt placed in template {@code t}: still a template with {} for the subject. */
    public static String apply(String template, String requestPrompt) {
        return template.replace("{}", requestPrompt);
    }
}
