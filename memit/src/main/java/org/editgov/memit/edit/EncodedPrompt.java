package org.editgov.memit.edit;

import org.editgov.memit.io.TextTokenizer;

/**
 * A prompt as token ids with the index of the subject's last token.
 *
 * <p>The subject index is the length of the tokens of the text up to and including the subject,
 * minus one (the reference tokenizes prefix and subject separately and adds their lengths; taking
 * the prefix-plus-subject text in one piece gives the same index and also holds for tokenizers
 * that merge across the boundary).
 *
 * @param ids the whole prompt
 * @param subjectLast index of the subject's last token in {@code ids}
 */
public record EncodedPrompt(int[] ids, int subjectLast) {

    /** {@code template} with one {@code {}}, filled with {@code subject}. */
    public static EncodedPrompt of(TextTokenizer tokenizer, String template, String subject) {
        int at = template.indexOf("{}");
        if (at < 0) {
            throw new IllegalArgumentException("template '" + template + "' has no {}");
        }
        String filled = template.substring(0, at) + subject + template.substring(at + 2);
        int[] ids = tokenizer.encode(filled);
        if (ids.length == 0) {
            throw new IllegalArgumentException("'" + filled + "' encodes to no tokens");
        }
        int throughSubject = tokenizer.encode(template.substring(0, at) + subject).length;
        return new EncodedPrompt(ids, Math.max(0, Math.min(ids.length, throughSubject) - 1));
    }

    /** The last prompt token: the one that predicts what comes next. */
    public int last() {
        return ids.length - 1;
    }

    public int position(TokenPosition position) {
        return switch (position) {
            case SUBJECT_LAST -> subjectLast;
            case LAST -> last();
            case AUTO -> throw new IllegalStateException("token position auto must be resolved before use");
        };
    }
}
