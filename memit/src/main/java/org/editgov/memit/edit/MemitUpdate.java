package org.editgov.memit.edit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * MEMIT's least-squares update of one layer (the reference's execute_memit, per layer): the
 * change of W that maps each key to its share of the residual while moving the keys the layer
 * already sees (second moment C) as little as lambda weighs them.
 */
final class MemitUpdate {

    private MemitUpdate() {
    }

    /**
     * Delta = R K^T (lambda C + K K^T)^-1, in Conv1D layout Delta^T = [(lambda C + K K^T)^-1 K] R^T,
     * solved in float64 by Cholesky (the matrix is symmetric positive definite), LU if that fails.
     *
     * @param secondMoment C, d_k x d_k
     * @param keys K, d_k x n
     * @param residual R, d_model x n: what each edit still needs at this layer
     */
    static LayerDelta solve(int layer, DMatrixRMaj secondMoment, DMatrixRMaj keys, DMatrixRMaj residual, double lambda) {
        DMatrixRMaj system = new DMatrixRMaj(keys.numRows, keys.numRows);
        CommonOps_DDRM.multTransB(keys, keys, system);
        CommonOps_DDRM.addEquals(system, lambda, secondMoment);
        DMatrixRMaj left = Solve.symmetric(system, keys);
        DMatrixRMaj right = new DMatrixRMaj(residual.numCols, residual.numRows);
        CommonOps_DDRM.transpose(residual, right);
        return new LayerDelta(layer, left, right);
    }

    /** Linear solves in float64. */
    static final class Solve {

        private Solve() {
        }

        /** X with A X = B for a symmetric A: Cholesky, falling back to LU when A is not positive definite. */
        static DMatrixRMaj symmetric(DMatrixRMaj a, DMatrixRMaj b) {
            DMatrixRMaj x = new DMatrixRMaj(a.numCols, b.numCols);
            LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(a.numRows);
            if (cholesky.setA(a.copy())) {
                cholesky.solve(b, x);
                return x;
            }
            return general(a, b);
        }

        /** X with A X = B by LU with partial pivoting. */
        static DMatrixRMaj general(DMatrixRMaj a, DMatrixRMaj b) {
            DMatrixRMaj x = new DMatrixRMaj(a.numCols, b.numCols);
            LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(a.numRows);
            if (!lu.setA(a.copy())) {
                throw new IllegalStateException("the update's linear system is singular (raise lambda)");
            }
            lu.solve(b, x);
            return x;
        }
    }
}
