package org.editgov.memit.edit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The change written into {@code h.{layer}.mlp.c_proj.weight}, in that weight's Conv1D (in, out)
 * layout, d_k x d_model: Delta^T = left right. Its rank is at most the number of edits, so it is
 * stored as the two factors when they are smaller than the dense matrix.
 *
 * @param layer the block
 * @param left d_k x r
 * @param right r x d_model
 */
public record LayerDelta(int layer, DMatrixRMaj left, DMatrixRMaj right) {

    public LayerDelta {
        if (left.numCols != right.numRows) {
            throw new IllegalArgumentException("factors " + left.numRows + "x" + left.numCols + " and "
                    + right.numRows + "x" + right.numCols + " do not multiply");
        }
    }

    public String weightName() {
        return "h." + layer + ".mlp.c_proj.weight";
    }

    public int rank() {
        return left.numCols;
    }

    /** Whether two factors take fewer numbers than the dense d_k x d_model matrix. */
    public boolean factorsAreSmaller() {
        long factors = (long) (left.numRows + right.numCols) * rank();
        return factors < (long) left.numRows * right.numCols;
    }

    /** left right, d_k x d_model, in float64. */
    public DMatrixRMaj dense() {
        DMatrixRMaj product = new DMatrixRMaj(left.numRows, right.numCols);
        CommonOps_DDRM.mult(left, right, product);
        return product;
    }

    /** This delta followed by {@code next} at the same layer: the factors side by side. */
    public LayerDelta plus(LayerDelta next) {
        if (next.layer != layer) {
            throw new IllegalArgumentException("deltas of layers " + layer + " and " + next.layer + " cannot be joined");
        }
        DMatrixRMaj joinedLeft = new DMatrixRMaj(left.numRows, rank() + next.rank());
        CommonOps_DDRM.concatColumns(left, next.left, joinedLeft);
        DMatrixRMaj joinedRight = new DMatrixRMaj(rank() + next.rank(), right.numCols);
        CommonOps_DDRM.concatRows(right, next.right, joinedRight);
        return new LayerDelta(layer, joinedLeft, joinedRight);
    }
}
