package org.editgov.memit.edit;

/**
 * The token whose state an edit reads (keys) and writes (target vectors). Which one a model uses
 * to look facts up is found by causal tracing, not assumed (knowledge-editing.md section 5).
 */
public enum TokenPosition {
    /** The last token of the subject: reference MEMIT and ROME, true of pretrained GPT-2 XL / GPT-J. */
    SUBJECT_LAST("subject-last"),
    /** The last prompt token, the one that predicts the object: where small models trained here mediate facts. */
    LAST("last"),
    /** Whatever the model's trace names; resolved to one of the others before editing. */
    AUTO("auto");

    private final String cliName;

    TokenPosition(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static TokenPosition parse(String text) {
        for (TokenPosition position : values()) {
            if (position.cliName.equalsIgnoreCase(text.strip()) || position.name().equalsIgnoreCase(text.strip())) {
                return position;
            }
        }
        throw new IllegalArgumentException("unknown token position '" + text + "' (subject-last, last or auto)");
    }
}
