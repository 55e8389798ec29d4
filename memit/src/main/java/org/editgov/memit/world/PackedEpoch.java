package org.editgov.memit.world;

import java.util.ArrayList;
import java.util.List;

/**
 * An epoch's documents as rows of {@code sequenceLength + 1} token ids for next-token training:
 * whole documents, each followed by the end-of-text token, packed greedily; a document that
 * does not fit starts the next row, so every document starts where a prompt starts at
 * inference (possibly after earlier documents, never cut). Unused row ends are padding and
 * carry no loss.
 */
public record PackedEpoch(List<int[]> rows, List<Integer> lengths, long tokens) {

    public static PackedEpoch pack(List<String> documents, WorldTokenizer tokenizer, int sequenceLength) {
        int width = sequenceLength + 1;
        List<int[]> rows = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        int[] row = new int[width];
        int used = 0;
        long tokens = 0;
        for (String doc : documents) {
            int[] ids = tokenizer.encode(doc);
            int need = Math.min(ids.length + 1, width);
            if (used + need > width) {
                rows.add(row);
                lengths.add(used);
                row = new int[width];
                used = 0;
            }
            System.arraycopy(ids, 0, row, used, need - 1);
            row[used + need - 1] = WorldTokenizer.EOS_ID;
            used += need;
            tokens += need;
        }
        if (used > 0) {
            rows.add(row);
            lengths.add(used);
        }
        return new PackedEpoch(List.copyOf(rows), List.copyOf(lengths), tokens);
    }

    public int batches(int batchSize) {
        return (rows.size() + batchSize - 1) / batchSize;
    }
}
