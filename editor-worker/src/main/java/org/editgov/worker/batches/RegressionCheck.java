package org.editgov.worker.batches;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.CounterFactScores;
import org.editgov.memit.eval.GenerationEntropy;
import org.editgov.memit.eval.TeacherForcing;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;

/**
 * A model's fixed regression set measured on one model state: every fact (each record's own
 * prompt with its true object, and its neighbourhood prompts with their answers) scored by
 * teacher forcing, and the fluency (GE) of continuations of the first prompts.
 */
public record RegressionCheck(List<EditRequest> records, CounterFactScores scores, double fluency) {

    /** Continuations sampled for fluency: enough to see a collapse, few enough to stay cheap. */
    static final int FLUENCY_PROMPTS = 10;

    public static RegressionCheck measure(Gpt2Model model, TextTokenizer tokenizer, List<EditRequest> records, long seed) {
        CounterFactScores scores = CounterFactScores.measure(model, tokenizer, records);
        List<String> prompts = records.stream().limit(FLUENCY_PROMPTS).map(EditRequest::filledPrompt).toList();
        double fluency = prompts.isEmpty() ? Double.NaN : GenerationEntropy.measure(model, tokenizer, prompts, seed);
        return new RegressionCheck(records, scores, fluency);
    }

    /** What changed from {@code before} to this state. */
    public Comparison comparedWith(RegressionCheck before) {
        int facts = 0;
        int kept = 0;
        double nllBefore = 0;
        double nllAfter = 0;
        for (int i = 0; i < records.size(); i++) {
            CounterFactScores.RequestScores then = before.scores.perRequest().get(i);
            CounterFactScores.RequestScores now = scores.perRequest().get(i);
            facts++;
            kept += same(then.rewriteTrue(), now.rewriteTrue()) ? 1 : 0;
            nllBefore += then.rewriteTrue().nll();
            nllAfter += now.rewriteTrue().nll();
            for (int j = 0; j < now.neighbourAnswer().size(); j++) {
                facts++;
                kept += same(then.neighbourAnswer().get(j), now.neighbourAnswer().get(j)) ? 1 : 0;
                nllBefore += then.neighbourAnswer().get(j).nll();
                nllAfter += now.neighbourAnswer().get(j).nll();
            }
        }
        return new Comparison(facts, kept, facts == 0 ? Double.NaN : nllBefore / facts,
                facts == 0 ? Double.NaN : nllAfter / facts, before.fluency, fluency);
    }

    /** A fact is kept when the model predicts every token of its answer as it did before. */
    private static boolean same(TeacherForcing.Score then, TeacherForcing.Score now) {
        return Arrays.equals(then.argmax(), now.argmax());
    }

    /**
     * @param facts facts checked
     * @param kept facts whose predicted answer tokens did not change
     */
    public record Comparison(int facts, int kept, double meanNllBefore, double meanNllAfter, double fluencyBefore,
            double fluencyAfter) {

        /** Share of facts kept; NaN with no facts. */
        public double keptFraction() {
            return facts == 0 ? Double.NaN : (double) kept / facts;
        }

        /** Relative fall of GE, 0 when it did not fall; NaN when not measured. */
        public double fluencyDrop() {
            if (Double.isNaN(fluencyBefore) || Double.isNaN(fluencyAfter) || fluencyBefore <= 0) {
                return Double.NaN;
            }
            return Math.max(0, (fluencyBefore - fluencyAfter) / fluencyBefore);
        }

        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("facts", facts);
            node.put("kept", kept);
            Reports.putNumber(node, "kept_fraction", keptFraction());
            Reports.putNumber(node, "mean_nll_before", meanNllBefore);
            Reports.putNumber(node, "mean_nll_after", meanNllAfter);
            Reports.putNumber(node, "GE_before", fluencyBefore);
            Reports.putNumber(node, "GE_after", fluencyAfter);
            Reports.putNumber(node, "fluency_drop", fluencyDrop());
            return node;
        }
    }
}
