package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReachedShareTest {

    private static final float[][] H_INIT = {{1, 0}, {0, 2}};
    private static final float[][] Z = {{3, 0}, {0, 4}};

    private static TargetVectors.Result targets() {
        return new TargetVectors.Result(Z, H_INIT, new double[2], new double[2], new int[2]);
    }

    @Test
    void isOneWhenEveryTargetIsReachedAndZeroWhenNothingMoved() {
        assertThat(Editor.reachedShare(targets(), Z)).isCloseTo(1, within(1e-12));
        assertThat(Editor.reachedShare(targets(), H_INIT)).isCloseTo(0, within(1e-12));
    }

    @Test
    void weighsEditsByTheChangeTheyAskAndIgnoresSidewaysMovement() {
        // Edit 0 reaches all of its change of 2, edit 1 none of its change of 2, and moves sideways.
        float[][] now = {{3, 0}, {5, 2}};
        assertThat(Editor.reachedShare(targets(), now)).isCloseTo(0.5, within(1e-12));
        // Overshooting counts as more than reached.
        assertThat(Editor.reachedShare(targets(), new float[][] {{5, 0}, {0, 6}})).isCloseTo(2, within(1e-12));
    }
}
