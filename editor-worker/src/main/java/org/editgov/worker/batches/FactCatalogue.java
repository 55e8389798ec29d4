package org.editgov.worker.batches;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.editgov.contracts.BatchEdit;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;

/**
 * The CounterFact records a model's facts come from. Approved edits carry only their prompt and
 * objects; the catalogue adds the paraphrases and neighbourhood prompts of the matching record
 * (same subject and prompt) so that a batch's paraphrase and neighbourhood success can be
 * measured, and supplies the regression set: seeded records whose facts no batch touches.
 */
public final class FactCatalogue {

    private final List<EditRequest> records;
    private final Map<String, EditRequest> byFact = new HashMap<>();

    public FactCatalogue(List<EditRequest> records) {
        this.records = List.copyOf(records);
        for (EditRequest record : records) {
            byFact.putIfAbsent(factKey(record.subject(), record.prompt()), record);
        }
    }

    /** The records of a CounterFact file; an absent file gives an empty catalogue (nothing to enrich or regress on). */
    public static FactCatalogue read(Path file) {
        return Files.isRegularFile(file) ? new FactCatalogue(RequestFile.read(file)) : new FactCatalogue(List.of());
    }

    public int size() {
        return records.size();
    }

    /** The engine's request for an approved edit, with the evaluation prompts of its CounterFact record if there is one. */
    public EditRequest requestFor(BatchEdit edit) {
        Optional<EditRequest> known = Optional.ofNullable(byFact.get(factKey(edit.subject(), edit.prompt())));
        return new EditRequest(edit.editId(), edit.subject(), edit.prompt(), edit.targetNew(), edit.targetTrue(),
                known.map(EditRequest::paraphrases).orElse(List.of()),
                known.map(EditRequest::neighbours).orElse(List.of()));
    }

    /**
     * Up to {@code size} of the first {@code pool} records in a seeded order, skipping any whose
     * subject the batch edits: the facts that must not change, and whose prompts measure fluency.
     */
    public List<EditRequest> regressionSet(int size, int pool, long seed, Collection<EditRequest> batch) {
        Set<String> edited = batch.stream().map(EditRequest::subject).collect(Collectors.toSet());
        int[] order = shuffled(Math.min(pool, records.size()), seed);
        List<EditRequest> chosen = new ArrayList<>();
        for (int index : order) {
            if (chosen.size() == size) {
                break;
            }
            EditRequest record = records.get(index);
            if (!edited.contains(record.subject()) && record.targetTrue() != null) {
                chosen.add(record);
            }
        }
        return chosen;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static String factKey(String subject, String prompt) {
        return subject + "\u0000" + prompt;
    }
}
