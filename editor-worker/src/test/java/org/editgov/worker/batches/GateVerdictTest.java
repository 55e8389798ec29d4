package org.editgov.worker.batches;

import static org.assertj.core.api.Assertions.assertThat;

import org.editgov.contracts.Gates;
import org.editgov.memit.eval.CounterFactMetrics;
import org.junit.jupiter.api.Test;

class GateVerdictTest {

    static CounterFactMetrics.Aggregates edited(double es, double ps, double ns) {
        return new CounterFactMetrics.Aggregates(10, es, 0, ps, 0, ns, 0, 0, 0, 0, 0, 0);
    }

    static RegressionCheck.Comparison regression(int kept, double geBefore, double geAfter) {
        return new RegressionCheck.Comparison(20, kept, 1, 1, geBefore, geAfter);
    }

    @Test
    void aBatchAtOrAboveEveryGatePasses() {
        GateVerdict verdict = GateVerdict.evaluate(new Gates(0.9, 0.5, 0.8, 0.05), edited(90, 50, 80), regression(16, 6.0, 5.7));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.toJson().path("checks").size()).isEqualTo(5);
    }

    @Test
    void everyGateMissedIsNamedWithItsValueAndThreshold() {
        GateVerdict verdict = GateVerdict.evaluate(new Gates(0.9, 0.5, 0.8, 0.05), edited(80, 50, 90), regression(10, 6.0, 5.0));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("gates not met: efficacy_success 0.8000 < 0.9000, "
                + "regression_facts_kept 0.5000 < 0.8000, fluency_drop 0.1667 > 0.0500");
    }

    @Test
    void figuresTheBatchCannotGiveDoNotDecide() {
        GateVerdict verdict = GateVerdict.evaluate(new Gates(0.9, 0.9, 0.9, 0.0), edited(100, Double.NaN, Double.NaN),
                regression(20, Double.NaN, Double.NaN));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.checks()).filteredOn(GateVerdict.Check::measured).extracting(GateVerdict.Check::name)
                .containsExactly("efficacy_success", "regression_facts_kept");
    }
}
