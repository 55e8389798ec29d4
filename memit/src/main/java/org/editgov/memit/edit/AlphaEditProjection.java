package org.editgov.memit.edit;

import java.util.HashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * AlphaEdit's null-space update (Fang et al., ICLR 2025) and what it remembers across sequential
 * batches: per layer the projector P = U0 U0^T onto the eigenvectors of C = E[k k^T] whose
 * eigenvalues are under a threshold (directions the preserved knowledge does not use), and
 * C_prev, the sum of K K^T of every earlier batch's keys.
 */
public final class AlphaEditProjection {

    private final double threshold;
    private final double alpha;
    private final Map<Integer, DMatrixRMaj> projectors = new HashMap<>();
    private final Map<Integer, DMatrixRMaj> previousKeys = new HashMap<>();

    public AlphaEditProjection(double threshold, double alpha) {
        this.threshold = threshold;
        this.alpha = alpha;
    }

    /** P for a layer, computed from C on first use and kept (C is that of the unedited model). */
    DMatrixRMaj projector(int layer, DMatrixRMaj secondMoment) {
        return projectors.computeIfAbsent(layer, l -> nullSpaceProjector(secondMoment, threshold));
    }

    /** P = U0 U0^T, U0 the eigenvectors of the symmetric C with eigenvalue under {@code threshold}. */
    static DMatrixRMaj nullSpaceProjector(DMatrixRMaj secondMoment, double threshold) {
        int d = secondMoment.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eigen.decompose(secondMoment.copy())) {
            throw new IllegalStateException("the eigen-decomposition of the second moment failed");
        }
        DMatrixRMaj projector = new DMatrixRMaj(d, d);
        for (int i = 0; i < eigen.getNumberOfEigenvalues(); i++) {
            if (eigen.getEigenvalue(i).getReal() < threshold) {
                DMatrixRMaj u = eigen.getEigenVector(i);
                CommonOps_DDRM.multAddTransB(u, u, projector);
            }
        }
        return projector;
    }

    /**
     * Delta^T = (P (K K^T + C_prev) + alpha I)^-1 P K R^T, in factors [(...)^-1 P K] R^T. The
     * solution lies in the range of P, so keys spanning C's large eigen-directions do not move.
     */
    LayerDelta solve(int layer, DMatrixRMaj secondMoment, DMatrixRMaj keys, DMatrixRMaj residual) {
        DMatrixRMaj p = projector(layer, secondMoment);
        int d = keys.numRows;
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(keys, keys, gram);
        DMatrixRMaj previous = previousKeys.get(layer);
        if (previous != null) {
            CommonOps_DDRM.addEquals(gram, previous);
        }
        DMatrixRMaj system = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(p, gram, system);
        for (int i = 0; i < d; i++) {
            system.add(i, i, alpha);
        }
        DMatrixRMaj projectedKeys = new DMatrixRMaj(d, keys.numCols);
        CommonOps_DDRM.mult(p, keys, projectedKeys);
        DMatrixRMaj left = MemitUpdate.Solve.general(system, projectedKeys);
        DMatrixRMaj right = new DMatrixRMaj(residual.numCols, residual.numRows);
        CommonOps_DDRM.transpose(residual, right);
        return new LayerDelta(layer, left, right);
    }

    /** Adds a finished batch's keys to C_prev of the layer. */
    void remember(int layer, DMatrixRMaj keys) {
        DMatrixRMaj gram = new DMatrixRMaj(keys.numRows, keys.numRows);
        CommonOps_DDRM.multTransB(keys, keys, gram);
        previousKeys.merge(layer, gram, (a, b) -> {
            CommonOps_DDRM.addEquals(a, b);
            return a;
        });
    }
}
