package org.editgov.memit.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level Hugging Face tokenizer for the world's text: the {@code Whitespace}
 * pre-tokenizer ({@code \w+|[^\w\s]+}) and a {@code WordLevel} model over every word the corpus
 * generator can emit, most frequent first. Id 0 is {@code <|endoftext|>} (GPT-2's document
 * separator, also used as padding), id 1 {@code [UNK]} for words the world never uses (the
 * held-out paraphrases' unrelated prefixes). A word-level vocabulary keeps names whole; the
 * prototypes found sub-word names did not move fact storage to the subject in small models
 * (knowledge-editing.md section 5), and whole words keep sequences short, which is what buys
 * training time on two cores.
 *
 * <p>{@link #encode} splits exactly as the Hugging Face pre-tokenizer does (Unicode word
 * characters), so the trainer can encode the corpus in Java; a test checks it against DJL.
 */
public final class WorldTokenizer {

    public static final String EOS = "<|endoftext|>";
    public static final String UNK = "[UNK]";
    public static final int EOS_ID = 0;
    public static final int UNK_ID = 1;

    /** The Hugging Face {@code Whitespace} pre-tokenizer's pattern, with Unicode classes as in Rust's regex. */
    private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocab;
    private final List<String> words;

    private WorldTokenizer(Map<String, Integer> vocab) {
        this.vocab = vocab;
        this.words = new ArrayList<>(vocab.keySet());
    }

    /** The vocabulary of the texts, counted over the given documents (e.g. a few epochs of corpus). */
    public static WorldTokenizer fromTexts(Collection<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (String w : split(text)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        counts.remove(EOS);
        counts.remove(UNK);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put(EOS, EOS_ID);
        vocab.put(UNK, UNK_ID);
        for (Map.Entry<String, Integer> e : sorted) {
            vocab.put(e.getKey(), vocab.size());
        }
        return new WorldTokenizer(vocab);
    }

    /** Every word the world's corpus can contain: its generator's material over a few epochs. */
    public static WorldTokenizer forWorld(World world) {
        List<String> texts = new ArrayList<>();
        CorpusGenerator corpus = new CorpusGenerator(world);
        for (int epoch = 0; epoch < 4; epoch++) {
            texts.addAll(corpus.documents(epoch));
        }
        for (Relation r : world.relations()) {
            texts.addAll(r.templates());
        }
        for (AttributeKind kind : world.attributeKinds()) {
            texts.addAll(kind.values());
            texts.addAll(kind.statements());
            texts.add(kind.question());
        }
        for (SubjectProfile s : world.subjects()) {
            texts.add(s.record().prompt() + " " + s.object());
            texts.add(s.pronoun() + " His Her Its");
        }
        return fromTexts(texts);
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public int[] encode(String text) {
        List<String> pieces = split(text);
        int[] ids = new int[pieces.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(pieces.get(i), UNK_ID);
        }
        return ids;
    }

    public String word(int id) {
        return words.get(id);
    }

    public int size() {
        return vocab.size();
    }

    /** Writes {@code tokenizer.json} in the Hugging Face tokenizers format. */
    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of(EOS, UNK)) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(special));
            t.put("content", special);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        // WordPiece's decoder joins words with spaces and its cleanup removes the space before
        // punctuation ("French ." -> "French."); no word carries the "##" continuation prefix.
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        model.put("unk_token", UNK);
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), root);
    }
}
