package org.editgov.worker.batches;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.editgov.contracts.Gates;
import org.editgov.memit.eval.CounterFactMetrics;

/**
 * A batch's evaluation held against the model's gates. A figure the batch cannot give (no true
 * object, no paraphrase, no neighbour known for its edits) is recorded as not measured and does
 * not decide; every measured one must pass.
 */
public record GateVerdict(List<Check> checks) {

    /**
     * @param minimum true when {@code value} must be at least {@code threshold}, false when at most
     */
    public record Check(String name, double value, double threshold, boolean minimum) {

        public boolean measured() {
            return !Double.isNaN(value);
        }

        public boolean passed() {
            return !measured() || (minimum ? value >= threshold : value <= threshold);
        }
    }

    public GateVerdict {
        checks = List.copyOf(checks);
    }

    /**
     * @param edited the batch's own aggregates after the edit (percent)
     * @param regression the regression set before and after
     */
    public static GateVerdict evaluate(Gates gates, CounterFactMetrics.Aggregates edited, RegressionCheck.Comparison regression) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("efficacy_success", edited.es() / 100, gates.minEfficacySuccess(), true));
        checks.add(new Check("paraphrase_success", edited.ps() / 100, gates.minParaphraseSuccess(), true));
        checks.add(new Check("neighborhood_success", edited.ns() / 100, gates.minNeighborhoodSuccess(), true));
        checks.add(new Check("regression_facts_kept", regression.keptFraction(), gates.minNeighborhoodSuccess(), true));
        checks.add(new Check("fluency_drop", regression.fluencyDrop(), gates.maxFluencyDrop(), false));
        return new GateVerdict(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** One line naming every failed gate with its value and threshold. */
    public String reason() {
        return "gates not met: " + checks.stream().filter(c -> !c.passed())
                .map(c -> String.format(Locale.ROOT, "%s %.4f %s %.4f", c.name(), c.value(), c.minimum() ? "<" : ">", c.threshold()))
                .collect(Collectors.joining(", "));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("passed", passed());
        ArrayNode array = node.putArray("checks");
        for (Check check : checks) {
            ObjectNode c = array.addObject();
            c.put("name", check.name());
            Reports.putNumber(c, "value", check.value());
            c.put(check.minimum() ? "min" : "max", check.threshold());
            c.put("measured", check.measured());
            c.put("passed", check.passed());
        }
        return node;
    }
}
