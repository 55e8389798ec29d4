package org.editgov.requestapi.batches;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FiringRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void cronFiresAtAndAfterItsTimeEvenWithNothingWaiting() {
        FiringRule rule = new FiringRule(NOW, null, null);
        assertThat(rule.firing(NOW.minusMillis(1), 0, null)).isEmpty();
        assertThat(rule.firing(NOW, 0, null)).contains(BatchTrigger.CRON);
        assertThat(rule.firing(NOW.plusSeconds(30), 3, NOW)).contains(BatchTrigger.CRON);
    }

    @Test
    void sizeFiresWhenEnoughApprovedEditsWait() {
        FiringRule rule = new FiringRule(null, 10, null);
        assertThat(rule.firing(NOW, 9, NOW.minusSeconds(3600))).isEmpty();
        assertThat(rule.firing(NOW, 10, NOW)).contains(BatchTrigger.MAX_SIZE);
        assertThat(rule.batchLimit()).isEqualTo(10);
    }

    @Test
    void waitFiresWhenTheOldestApprovedEditHasWaitedLongEnough() {
        FiringRule rule = new FiringRule(null, null, Duration.ofMinutes(5));
        assertThat(rule.firing(NOW, 1, NOW.minusSeconds(299))).isEmpty();
        assertThat(rule.firing(NOW, 1, NOW.minusSeconds(300))).contains(BatchTrigger.MAX_WAIT);
        assertThat(rule.firing(NOW, 0, null)).isEmpty();
        assertThat(rule.batchLimit()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void cronTakesPrecedenceSoTheScheduleMovesOn() {
        FiringRule rule = new FiringRule(NOW.minusSeconds(1), 2, Duration.ofSeconds(1));
        assertThat(rule.firing(NOW, 5, NOW.minusSeconds(100))).contains(BatchTrigger.CRON);
    }
}
