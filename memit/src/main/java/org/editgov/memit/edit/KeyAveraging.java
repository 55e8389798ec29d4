package org.editgov.memit.edit;

/** How a key is averaged over the context-template prompts of an edit. */
public enum KeyAveraging {
    /**
     * The reference: mean within each template group, then across groups, so the bare "{}"
     * prompt alone weighs as much as the five prefixed prompts together.
     */
    TEMPLATE_GROUPS,
    /** Plain mean over every prompt. */
    FLAT
}
