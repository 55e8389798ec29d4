package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;

class MemitUpdateTest {

    static final int KEY_WIDTH = 24;
    static final int WIDTH = 8;
    static final int EDITS = 5;

    final Random random = new Random(3);

    /** A well-conditioned symmetric positive definite second moment. */
    DMatrixRMaj secondMoment() {
        DMatrixRMaj samples = RandomMatrices_DDRM.rectangle(KEY_WIDTH, 200, -1, 1, random);
        DMatrixRMaj c = new DMatrixRMaj(KEY_WIDTH, KEY_WIDTH);
        CommonOps_DDRM.multTransB(samples, samples, c);
        CommonOps_DDRM.divide(c, 200);
        return c;
    }

    /** (Delta K), d_model x n: what the update adds to the layer's output for each edited key. */
    static DMatrixRMaj outputChange(LayerDelta delta, DMatrixRMaj keys) {
        DMatrixRMaj change = new DMatrixRMaj(WIDTH, keys.numCols);
        CommonOps_DDRM.multTransA(delta.dense(), keys, change);
        return change;
    }

    @Test
    void editedKeysMapToTheirResidualWhenLambdaIsSmall() {
        DMatrixRMaj keys = RandomMatrices_DDRM.rectangle(KEY_WIDTH, EDITS, -1, 1, random);
        DMatrixRMaj residual = RandomMatrices_DDRM.rectangle(WIDTH, EDITS, -2, 2, random);

        LayerDelta delta = MemitUpdate.solve(4, secondMoment(), keys, residual, 1e-6);

        DMatrixRMaj change = outputChange(delta, keys);
        for (int i = 0; i < change.getNumElements(); i++) {
            assertThat(change.data[i]).isCloseTo(residual.data[i], within(1e-4));
        }
        assertThat(delta.weightName()).isEqualTo("h.4.mlp.c_proj.weight");
    }

    @Test
    void largerLambdaProtectsTheCovarianceAndFallsShortOfTheResidual() {
        DMatrixRMaj keys = RandomMatrices_DDRM.rectangle(KEY_WIDTH, EDITS, -1, 1, random);
        DMatrixRMaj residual = RandomMatrices_DDRM.rectangle(WIDTH, EDITS, -2, 2, random);
        DMatrixRMaj c = secondMoment();

        double small = CommonOps_DDRM.elementSum(absDiff(outputChange(MemitUpdate.solve(0, c, keys, residual, 1e-3), keys), residual));
        double large = CommonOps_DDRM.elementSum(absDiff(outputChange(MemitUpdate.solve(0, c, keys, residual, 1e2), keys), residual));

        assertThat(large).isGreaterThan(10 * small);
    }

    @Test
    void directionsOrthogonalToEveryKeyAreLeftUnchangedWhenCIsIsotropic() {
        DMatrixRMaj keys = RandomMatrices_DDRM.rectangle(KEY_WIDTH, EDITS, -1, 1, random);
        DMatrixRMaj residual = RandomMatrices_DDRM.rectangle(WIDTH, EDITS, -2, 2, random);
        DMatrixRMaj identity = CommonOps_DDRM.identity(KEY_WIDTH);
        DMatrixRMaj orthogonal = orthogonalTo(keys);

        LayerDelta delta = MemitUpdate.solve(0, identity, keys, residual, 10);

        DMatrixRMaj change = outputChange(delta, orthogonal);
        assertThat(CommonOps_DDRM.elementMaxAbs(change)).isLessThan(1e-10);
        assertThat(CommonOps_DDRM.elementMaxAbs(outputChange(delta, keys))).isGreaterThan(1e-3);
    }

    @Test
    void theSmallerStorageFormIsChosen() {
        DMatrixRMaj keys = RandomMatrices_DDRM.rectangle(KEY_WIDTH, EDITS, -1, 1, random);
        LayerDelta few = MemitUpdate.solve(0, secondMoment(), keys, RandomMatrices_DDRM.rectangle(WIDTH, EDITS, -1, 1, random), 1);
        DMatrixRMaj manyKeys = RandomMatrices_DDRM.rectangle(KEY_WIDTH, 30, -1, 1, random);
        LayerDelta many = MemitUpdate.solve(0, secondMoment(), manyKeys, RandomMatrices_DDRM.rectangle(WIDTH, 30, -1, 1, random), 1);

        assertThat(few.factorsAreSmaller()).isTrue(); // (24 + 8) * 5 = 160 < 192
        assertThat(many.factorsAreSmaller()).isFalse(); // (24 + 8) * 30 = 960 > 192
    }

    /** Columns orthogonal to every column of {@code keys} (Gram-Schmidt of random vectors against them). */
    DMatrixRMaj orthogonalTo(DMatrixRMaj keys) {
        DMatrixRMaj q = new DMatrixRMaj(KEY_WIDTH, keys.numCols);
        for (int j = 0; j < keys.numCols; j++) {
            double[] v = column(keys, j);
            for (int i = 0; i < j; i++) {
                subtractProjection(v, column(q, i));
            }
            normalise(v);
            setColumn(q, j, v);
        }
        DMatrixRMaj out = new DMatrixRMaj(KEY_WIDTH, 3);
        for (int j = 0; j < 3; j++) {
            double[] v = column(RandomMatrices_DDRM.rectangle(KEY_WIDTH, 1, -1, 1, random), 0);
            for (int i = 0; i < q.numCols; i++) {
                subtractProjection(v, column(q, i));
            }
            setColumn(out, j, v);
        }
        return out;
    }

    static DMatrixRMaj absDiff(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj d = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < d.getNumElements(); i++) {
            d.data[i] = Math.abs(a.data[i] - b.data[i]);
        }
        return d;
    }

    static double[] column(DMatrixRMaj m, int j) {
        double[] v = new double[m.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.get(i, j);
        }
        return v;
    }

    static void setColumn(DMatrixRMaj m, int j, double[] v) {
        for (int i = 0; i < v.length; i++) {
            m.set(i, j, v[i]);
        }
    }

    static void subtractProjection(double[] v, double[] unit) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * unit[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] -= dot * unit[i];
        }
    }

    static void normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }
}
