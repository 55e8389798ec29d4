package org.editgov.requestapi.edits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelationKeyTest {

    @Test
    void caseAndSpacingDoNotMakeADifferentFact() {
        assertThat(RelationKey.normalize("  Danielle   Darrieux ")).isEqualTo(RelationKey.normalize("danielle darrieux"));
        assertThat(RelationKey.normalize("{} is a\tnative speaker of")).isEqualTo("{} is a native speaker of");
    }

    @Test
    void differentWordsStayDifferent() {
        assertThat(RelationKey.normalize("English")).isNotEqualTo(RelationKey.normalize("French"));
    }
}
