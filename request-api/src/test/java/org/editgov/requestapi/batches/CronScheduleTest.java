package org.editgov.requestapi.batches;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @Test
    void nextFiringIsStrictlyAfterTheGivenTimeInUtc() {
        CronSchedule nightly = CronSchedule.parse("0 0 2 * * ?");
        assertThat(nightly.nextAfter(Instant.parse("2026-11-25T01:59:59Z"))).isEqualTo("2026-11-25T02:00:00Z");
        assertThat(nightly.nextAfter(Instant.parse("2026-11-25T02:00:00Z"))).isEqualTo("2026-11-26T02:00:00Z");
    }

    @Test
    void secondsFieldAllowsShortSchedules() {
        CronSchedule everyTwoSeconds = CronSchedule.parse("0/2 * * * * ?");
        assertThat(everyTwoSeconds.nextAfter(Instant.parse("2026-11-25T10:00:01.500Z"))).isEqualTo("2026-11-25T10:00:02Z");
    }

    @Test
    void invalidExpressionIsRefusedWithOneLineReason() {
        assertThatThrownBy(() -> CronSchedule.parse("every day at noon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Quartz cron expression")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> CronSchedule.parse("0 0 25 * * ?")).isInstanceOf(IllegalArgumentException.class);
    }
}
