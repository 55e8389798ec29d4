package org.editgov.memit.edit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/** ROME's rank-one update of one layer for one edit (the reference's compute_u, compute_v, execute_rome). */
final class RomeUpdate {

    private RomeUpdate() {
    }

    /**
     * u = C^-1 k / ||C^-1 k||, v = (v* - W k) / (k' . u), Delta^T = u v^T, so that the layer maps
     * k' to exactly its target. k is the template-averaged key; k' is the bare prompt's key in the
     * reference (r-ROME: the averaged one).
     *
     * @param secondMoment C, d_k x d_k
     * @param key k, averaged over templates
     * @param denominatorKey k'
     * @param change v* - W k', the change of the MLP output the edit needs, d_model
     */
    static LayerDelta solve(int layer, DMatrixRMaj secondMoment, double[] key, double[] denominatorKey, double[] change) {
        DMatrixRMaj k = DMatrixRMaj.wrap(key.length, 1, key.clone());
        DMatrixRMaj u = MemitUpdate.Solve.symmetric(secondMoment, k);
        CommonOps_DDRM.divide(u, NormOps_DDRM.normF(u));
        double dot = 0;
        for (int d = 0; d < key.length; d++) {
            dot += denominatorKey[d] * u.data[d];
        }
        DMatrixRMaj v = new DMatrixRMaj(1, change.length);
        for (int c = 0; c < change.length; c++) {
            v.data[c] = change[c] / dot;
        }
        return new LayerDelta(layer, u, v);
    }
}
