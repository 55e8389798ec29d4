package org.editgov.requestapi.edits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EditStateTest {

    @Test
    void onlyProposedEditsAreReviewedOrWithdrawn() {
        assertThat(EditState.PROPOSED.canMoveTo(EditState.APPROVED)).isTrue();
        assertThat(EditState.PROPOSED.canMoveTo(EditState.REJECTED)).isTrue();
        assertThat(EditState.PROPOSED.canMoveTo(EditState.WITHDRAWN)).isTrue();
        assertThat(EditState.APPROVED.canMoveTo(EditState.WITHDRAWN)).isFalse();
        assertThat(EditState.APPROVED.canMoveTo(EditState.REJECTED)).isFalse();
    }

    @Test
    void approvedEditsGoThroughABatchBeforeTheyEnd() {
        assertThat(EditState.APPROVED.canMoveTo(EditState.APPLIED)).isFalse();
        assertThat(EditState.APPROVED.canMoveTo(EditState.SCHEDULED)).isTrue();
        assertThat(EditState.SCHEDULED.canMoveTo(EditState.APPLIED)).isTrue();
        assertThat(EditState.SCHEDULED.canMoveTo(EditState.FAILED)).isTrue();
    }

    @Test
    void finalStatesStayFinal() {
        for (EditState end : new EditState[] {EditState.REJECTED, EditState.WITHDRAWN, EditState.APPLIED, EditState.FAILED}) {
            for (EditState next : EditState.values()) {
                assertThat(end.canMoveTo(next)).as("%s -> %s", end, next).isFalse();
            }
        }
    }
}
