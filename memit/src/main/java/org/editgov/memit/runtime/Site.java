package org.editgov.memit.runtime;

/** A place in the forward pass where {@link Hooks} can read, add to or replace a hidden state. */
public enum Site {
    /** Token plus position embeddings, entering block 0; width nEmbd. Layer index is 0. */
    EMBEDDINGS,
    /** Output of {@code h.l.attn} (after {@code attn.c_proj}), before it joins the residual; width nEmbd. */
    ATTN_OUTPUT,
    /** MLP hidden vector after the activation, entering {@code h.l.mlp.c_proj}: MEMIT's key; width 4 nEmbd. */
    MLP_KEYS,
    /** Output of {@code h.l.mlp} (after {@code mlp.c_proj}), before it joins the residual; width nEmbd. */
    MLP_OUTPUT,
    /** Residual stream after block l (what block l+1 reads); width nEmbd. */
    BLOCK_OUTPUT
}
