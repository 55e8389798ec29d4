package org.editgov.memit.edit;

import java.util.ArrayList;
import java.util.Arrays;
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
 * @param groups template groups; each template has one {@code {}} where the request prompt goes
 */
public record ContextTemplates(List<List<String>> groups) {

    public static final List<String> PREFIXES = List.of("The", "Therefore", "Because", "I", "You");
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
        for (int i = 0; i < PREFIXES.size(); i++) {
            int[] prefix = tokenizer.encode(PREFIXES.get(i));
            int[] continuation = generator.sampleTopK(prefix, Math.max(0, LENGTH - prefix.length), TOP_K, seed + i, -1);
            int[] all = Arrays.copyOf(prefix, prefix.length + continuation.length);
            System.arraycopy(continuation, 0, all, prefix.length, continuation.length);
            String text = tokenizer.decode(all).replace("{", " ").replace("}", " ");
            sampled.add(text + ". {}");
        }
        return new ContextTemplates(List.of(List.of("{}"), sampled));
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
