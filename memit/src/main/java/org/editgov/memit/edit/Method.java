package org.editgov.memit.edit;

/** How a batch of edits is written into the MLP weights. */
public enum Method {
    /** Mass editing: one least-squares update spread over several layers (Meng et al. 2022). */
    MEMIT,
    /** One edit at a time, one layer, rank one (Meng et al. 2022, ROME). */
    ROME,
    /** MEMIT's update projected onto the null space of preserved keys, for sequential batches (Fang et al. 2025). */
    ALPHAEDIT;

    /** Parses the command-line spelling (memit, rome, alphaedit). */
    public static Method parse(String text) {
        for (Method method : values()) {
            if (method.name().equalsIgnoreCase(text.strip())) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown method '" + text + "' (memit, rome or alphaedit)");
    }

    public String cliName() {
        return name().toLowerCase();
    }
}
