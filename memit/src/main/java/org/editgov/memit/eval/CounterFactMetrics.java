package org.editgov.memit.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.CounterFactScores.RequestScores;

/**
 * CounterFact's metrics (Meng et al., the reference's eval_utils_counterfact) and EasyEdit's
 * token-level family, from the scores of the unedited and the edited model.
 */
public final class CounterFactMetrics {

    /**
     * Means over the edits, in percent (magnitudes in percentage points); NaN-valued rows skipped.
     *
     * @param score S: harmonic mean of ES, PS and NS
     */
    public record Aggregates(int edits, double es, double em, double ps, double pm, double ns, double nm, double score,
            double reliability, double generalisation, double locality, double newObjectNll) {
    }

    private CounterFactMetrics() {
    }

    /** One row per request; {@code before} supplies the unedited predictions that locality compares with. */
    public static List<EditRow> rows(List<EditRequest> requests, CounterFactScores before, CounterFactScores after) {
        List<EditRow> rows = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            RequestScores now = after.perRequest().get(i);
            RequestScores then = before.perRequest().get(i);
            double es = Double.NaN;
            double em = Double.NaN;
            if (now.rewriteTrue() != null) {
                es = now.rewriteTrue().nll() > now.rewriteNew().nll() ? 1 : 0;
                em = Math.exp(-now.rewriteNew().nll()) - Math.exp(-now.rewriteTrue().nll());
            }
            double ps = Double.NaN;
            double pm = Double.NaN;
            if (!now.paraphraseTrue().isEmpty()) {
                double wins = 0;
                double margin = 0;
                for (int p = 0; p < now.paraphraseNew().size(); p++) {
                    double nllNew = now.paraphraseNew().get(p).nll();
                    double nllTrue = now.paraphraseTrue().get(p).nll();
                    wins += nllTrue > nllNew ? 1 : 0;
                    margin += Math.exp(-nllNew) - Math.exp(-nllTrue);
                }
                ps = wins / now.paraphraseNew().size();
                pm = margin / now.paraphraseNew().size();
            }
            double ns = Double.NaN;
            double nm = Double.NaN;
            double locality = Double.NaN;
            if (!now.neighbourAnswer().isEmpty()) {
                double kept = 0;
                double margin = 0;
                double sameTokens = 0;
                for (int k = 0; k < now.neighbourAnswer().size(); k++) {
                    double nllAnswer = now.neighbourAnswer().get(k).nll();
                    double nllNew = now.neighbourNew().get(k).nll();
                    kept += nllAnswer < nllNew ? 1 : 0;
                    margin += Math.exp(-nllAnswer) - Math.exp(-nllNew);
                    sameTokens += then.neighbourAnswer().get(k).accuracy(now.neighbourAnswer().get(k).argmax());
                }
                int count = now.neighbourAnswer().size();
                ns = kept / count;
                nm = margin / count;
                locality = sameTokens / count;
            }
            double generalisation = Double.NaN;
            if (!now.paraphraseNew().isEmpty()) {
                generalisation = now.paraphraseNew().stream().mapToDouble(s -> s.accuracy(now.newTokens())).average().orElseThrow();
            }
            rows.add(new EditRow(requests.get(i).id(), es, em, ps, pm, ns, nm, now.rewriteNew().accuracy(now.newTokens()),
                    generalisation, locality, now.rewriteNew().nll()));
        }
        return rows;
    }

    public static Aggregates aggregate(List<EditRow> rows) {
        double es = percent(rows, EditRow::efficacy);
        double ps = percent(rows, EditRow::paraphrase);
        double ns = percent(rows, EditRow::neighbourhood);
        return new Aggregates(rows.size(), es, percent(rows, EditRow::efficacyMagnitude), ps,
                percent(rows, EditRow::paraphraseMagnitude), ns, percent(rows, EditRow::neighbourhoodMagnitude),
                harmonicMean(es, ps, ns), percent(rows, EditRow::reliability), percent(rows, EditRow::generalisation),
                percent(rows, EditRow::locality), mean(rows, EditRow::newObjectNll));
    }

    /** Harmonic mean; 0 when any value is 0, NaN when any is missing. */
    static double harmonicMean(double... values) {
        double sum = 0;
        for (double value : values) {
            if (Double.isNaN(value)) {
                return Double.NaN;
            }
            if (value == 0) {
                return 0;
            }
            sum += 1 / value;
        }
        return values.length / sum;
    }

    private static double percent(List<EditRow> rows, ToDoubleFunction<EditRow> field) {
        return 100 * mean(rows, field);
    }

    private static double mean(List<EditRow> rows, ToDoubleFunction<EditRow> field) {
        return rows.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
