package org.editgov.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.editgov.contracts.Actor;
import org.editgov.contracts.EditWithdrawn;
import org.editgov.contracts.EventEnvelope;
import org.junit.jupiter.api.Test;

class EntryFactsTest {

    @Test
    void aWithdrawalIsFiledUnderItsEdit() {
        EntryFacts facts = EntryFacts.of(EventEnvelope.create(Actor.user("alice"),
                new EditWithdrawn("edit-7", "model-1", "wrong subject", "alice")));

        assertThat(facts.type()).isEqualTo("edit.withdrawn");
        assertThat(facts.modelId()).isEqualTo("model-1");
        assertThat(facts.editIds()).containsExactly("edit-7");
    }
}
