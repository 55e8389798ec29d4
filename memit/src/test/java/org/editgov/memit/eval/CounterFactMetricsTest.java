package org.editgov.memit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.CounterFactScores.RequestScores;
import org.editgov.memit.eval.TeacherForcing.Score;
import org.junit.jupiter.api.Test;

class CounterFactMetricsTest {

    static final EditRequest REQUEST = new EditRequest("7", "Lyon", "The twin city of {} is", "Manila", "Beirut",
            List.of("p1", "p2"), List.of(new EditRequest.Neighbour("n1", "Beirut"), new EditRequest.Neighbour("n2", "Beirut")));

    static Score score(double nll, int... argmax) {
        return new Score(nll, argmax);
    }

    static RequestScores scores(double rewriteNew, double rewriteTrue, double[] paraphraseNew, double[] paraphraseTrue,
            double[] neighbourAnswer, double[] neighbourNew, int[] neighbourArgmax) {
        return new RequestScores(score(rewriteNew, 5, 6), score(rewriteTrue, 1),
                List.of(score(paraphraseNew[0], 5, 0), score(paraphraseNew[1], 0, 0)),
                List.of(score(paraphraseTrue[0], 1), score(paraphraseTrue[1], 1)),
                List.of(score(neighbourAnswer[0], neighbourArgmax[0]), score(neighbourAnswer[1], neighbourArgmax[1])),
                List.of(score(neighbourNew[0], 5), score(neighbourNew[1], 5)), new int[] {5, 6},
                List.of(new int[] {1}, new int[] {1}));
    }

    @Test
    void figuresFollowTheCounterFactDefinitions() {
        RequestScores before = scores(3, 1, new double[] {3, 3}, new double[] {1, 1}, new double[] {1, 1},
                new double[] {3, 3}, new int[] {1, 1});
        RequestScores after = scores(0.5, 2, new double[] {1, 3}, new double[] {2, 2}, new double[] {1, 2.5},
                new double[] {2, 2}, new int[] {1, 5});

        EditRow row = CounterFactMetrics.rows(List.of(REQUEST), new CounterFactScores(List.of(before)),
                new CounterFactScores(List.of(after))).get(0);

        assertThat(row.efficacy()).isEqualTo(1);
        assertThat(row.efficacyMagnitude()).isCloseTo(Math.exp(-0.5) - Math.exp(-2), within(1e-12));
        assertThat(row.paraphrase()).isEqualTo(0.5); // 1 < 2 wins, 3 > 2 loses
        assertThat(row.neighbourhood()).isEqualTo(0.5); // 1 < 2 kept, 2.5 > 2 lost
        assertThat(row.neighbourhoodMagnitude())
                .isCloseTo(((Math.exp(-1) - Math.exp(-2)) + (Math.exp(-2.5) - Math.exp(-2))) / 2, within(1e-12));
        assertThat(row.reliability()).isEqualTo(1.0); // argmax 5, 6 = new tokens 5, 6
        assertThat(row.generalisation()).isEqualTo(0.25); // (1/2 + 0/2) / 2
        assertThat(row.locality()).isEqualTo(0.5); // neighbour 2's prediction moved from 1 to 5
    }

    @Test
    void scoreIsTheHarmonicMeanOfEsPsNs() {
        EditRow good = new EditRow("a", 1, 0, 1, 0, 0.5, 0, 1, 1, 1, 0.1);
        EditRow poor = new EditRow("b", 1, 0, 0, 0, 1, 0, 1, 0, 1, 0.2);

        CounterFactMetrics.Aggregates aggregates = CounterFactMetrics.aggregate(List.of(good, poor));

        assertThat(aggregates.es()).isEqualTo(100);
        assertThat(aggregates.ps()).isEqualTo(50);
        assertThat(aggregates.ns()).isEqualTo(75);
        assertThat(aggregates.score()).isCloseTo(3 / (1 / 100.0 + 1 / 50.0 + 1 / 75.0), within(1e-9));
        assertThat(aggregates.newObjectNll()).isCloseTo(0.15, within(1e-12));
        assertThat(CounterFactMetrics.harmonicMean(100, 0, 50)).isZero();
    }

    @Test
    void missingTrueObjectLeavesEfficacyOut() {
        EditRow withTruth = new EditRow("a", 1, 0.2, 1, 0, 1, 0, 1, 1, 1, 0.1);
        EditRow without = new EditRow("b", Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 0, 0, 0, 1, 0.2);

        CounterFactMetrics.Aggregates aggregates = CounterFactMetrics.aggregate(List.of(withTruth, without));

        assertThat(aggregates.es()).isEqualTo(100);
        assertThat(aggregates.reliability()).isEqualTo(50);
    }
}
