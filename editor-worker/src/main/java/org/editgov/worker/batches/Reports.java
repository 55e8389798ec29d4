package org.editgov.worker.batches;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Numbers in report JSON: rounded to 4 decimals, NaN (not measurable) as null. */
final class Reports {

    private Reports() {
    }

    static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, Math.round(value * 1e4) / 1e4);
        }
    }
}
