package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;

class AlphaEditProjectionTest {

    final Random random = new Random(5);

    @Test
    void theUpdateLeavesEveryPreservedKeyAlone() {
        int keyWidth = 32;
        // Preserved knowledge lives in a 12-dimensional subspace: C has 20 near-zero eigenvalues.
        DMatrixRMaj basis = RandomMatrices_DDRM.rectangle(keyWidth, 12, -1, 1, random);
        DMatrixRMaj preserved = new DMatrixRMaj(keyWidth, 300);
        CommonOps_DDRM.mult(basis, RandomMatrices_DDRM.rectangle(12, 300, -1, 1, random), preserved);
        DMatrixRMaj c = new DMatrixRMaj(keyWidth, keyWidth);
        CommonOps_DDRM.multTransB(preserved, preserved, c);
        CommonOps_DDRM.divide(c, 300);
        for (int i = 0; i < keyWidth; i++) {
            c.add(i, i, 1e-3); // full rank, as real statistics are; still under the threshold
        }
        DMatrixRMaj keys = RandomMatrices_DDRM.rectangle(keyWidth, 4, -1, 1, random);
        DMatrixRMaj residual = RandomMatrices_DDRM.rectangle(6, 4, -1, 1, random);
        AlphaEditProjection alphaEdit = new AlphaEditProjection(2e-2, 10);

        LayerDelta delta = alphaEdit.solve(1, c, keys, residual);

        DMatrixRMaj onPreserved = new DMatrixRMaj(6, 300);
        CommonOps_DDRM.multTransA(delta.dense(), preserved, onPreserved);
        DMatrixRMaj onEdited = new DMatrixRMaj(6, 4);
        CommonOps_DDRM.multTransA(delta.dense(), keys, onEdited);
        assertThat(CommonOps_DDRM.elementMaxAbs(onPreserved)).isLessThan(1e-9);
        assertThat(CommonOps_DDRM.elementMaxAbs(onEdited)).isGreaterThan(1e-3);
        // MEMIT's update on the same inputs only discourages moving them.
        DMatrixRMaj memitOnPreserved = new DMatrixRMaj(6, 300);
        CommonOps_DDRM.multTransA(MemitUpdate.solve(1, c, keys, residual, 1).dense(), preserved, memitOnPreserved);
        assertThat(CommonOps_DDRM.elementMaxAbs(memitOnPreserved)).isGreaterThan(1e3 * CommonOps_DDRM.elementMaxAbs(onPreserved));
    }

    @Test
    void theProjectorIsIdempotentAndKillsTheLargeEigenDirections() {
        DMatrixRMaj basis = RandomMatrices_DDRM.rectangle(10, 3, -1, 1, random);
        DMatrixRMaj c = new DMatrixRMaj(10, 10);
        CommonOps_DDRM.multTransB(basis, basis, c);

        DMatrixRMaj p = AlphaEditProjection.nullSpaceProjector(c, 2e-2);

        DMatrixRMaj squared = new DMatrixRMaj(10, 10);
        CommonOps_DDRM.mult(p, p, squared);
        for (int i = 0; i < 100; i++) {
            assertThat(squared.data[i]).isCloseTo(p.data[i], org.assertj.core.api.Assertions.within(1e-9));
        }
        DMatrixRMaj projected = new DMatrixRMaj(10, 3);
        CommonOps_DDRM.mult(p, basis, projected);
        assertThat(CommonOps_DDRM.elementMaxAbs(projected)).isLessThan(1e-9);
        assertThat(CommonOps_DDRM.trace(p)).isCloseTo(7, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void laterBatchesDoNotUndoEarlierOnes() {
        int keyWidth = 16;
        DMatrixRMaj c = CommonOps_DDRM.identity(keyWidth);
        CommonOps_DDRM.scale(1e-3, c); // everything is null space: only the remembered keys constrain
        AlphaEditProjection alphaEdit = new AlphaEditProjection(2e-2, 1e-6);
        DMatrixRMaj first = RandomMatrices_DDRM.rectangle(keyWidth, 3, -1, 1, random);
        alphaEdit.remember(0, first);
        DMatrixRMaj second = RandomMatrices_DDRM.rectangle(keyWidth, 3, -1, 1, random);

        LayerDelta delta = alphaEdit.solve(0, c, second, RandomMatrices_DDRM.rectangle(4, 3, -1, 1, random));

        DMatrixRMaj onFirst = new DMatrixRMaj(4, 3);
        CommonOps_DDRM.multTransA(delta.dense(), first, onFirst);
        DMatrixRMaj onSecond = new DMatrixRMaj(4, 3);
        CommonOps_DDRM.multTransA(delta.dense(), second, onSecond);
        assertThat(CommonOps_DDRM.elementMaxAbs(onFirst)).isLessThan(1e-3 * CommonOps_DDRM.elementMaxAbs(onSecond));
    }
}
