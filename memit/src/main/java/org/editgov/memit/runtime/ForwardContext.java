package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What every part of one forward pass shares: the manager that owns its intermediate tensors
 * (that of the input ids, so a caller frees a whole step by closing one sub-manager), the
 * additive attention bias, and the hooks.
 *
 * @param manager owner of every tensor the pass creates
 * @param attentionBias (B, 1, T, T): 0 where query t may attend to key s (s <= t and s is a real
 *     token), a large negative number elsewhere; (B, 1, T, P + T) when P earlier columns come from
 *     {@code keyValues}
 * @param hooks reads and changes requested by the caller
 * @param keyValues where attention records its keys and values, or finds earlier columns' (null: neither)
 */
record ForwardContext(NDManager manager, NDArray attentionBias, Hooks hooks, KeyValues keyValues) {
}
