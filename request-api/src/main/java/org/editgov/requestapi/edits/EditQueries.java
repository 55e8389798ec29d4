package org.editgov.requestapi.edits;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.editgov.requestapi.common.NotFoundProblem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reading edits: one with its history and conflicts, or a filtered page of them. */
@ApplicationScoped
public class EditQueries {

    @Transactional
    public EditView view(UUID id) {
        EditRequest edit = EditRequest.findById(id);
        if (edit == null) {
            throw new NotFoundProblem("edit", id);
        }
        return view(edit);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EditView view(EditRequest edit) {
        List<EditView.StateChange> history = EditStateChange.of(edit.id).stream()
                .map(c -> new EditView.StateChange(c.fromState, c.toState, c.actor, c.comment, c.at))
                .toList();
        return EditView.of(edit, conflictsOf(List.of(edit.id)).getOrDefault(edit.id, List.of()), history);
    }

    @Transactional
    public org.editgov.requestapi.common.Page<EditView> search(EditQuery query) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (query.modelId() != null) {
            where.add("modelId = :model");
            params.and("model", query.modelId());
        }
        if (query.state() != null) {
            where.add("state = :state");
            params.and("state", query.state());
        }
        if (query.proposer() != null) {
            where.add("proposer = :proposer");
            params.and("proposer", query.proposer());
        }
        if (query.text() != null) {
            where.add("(lower(subject) like :text escape '\\' or lower(prompt) like :text escape '\\'"
                    + " or lower(targetNew) like :text escape '\\' or lower(coalesce(targetTrue, '')) like :text escape '\\'"
                    + " or lower(rationale) like :text escape '\\')");
            params.and("text", "%" + escapeLike(query.text().toLowerCase(Locale.ROOT)) + "%");
        }
        String hql = String.join(" and ", where);
        Sort order = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        PanacheQuery<EditRequest> found = hql.isEmpty()
                ? EditRequest.findAll(order)
                : EditRequest.find(hql, order, params);
        List<EditRequest> edits = found.page(Page.of(query.page(), query.size())).list();
        Map<UUID, List<EditView.Conflict>> conflicts = conflictsOf(edits.stream().map(e -> e.id).toList());
        List<EditView> items = edits.stream()
                .map(e -> EditView.of(e, conflicts.getOrDefault(e.id, List.of()), List.of()))
                .toList();
        return new org.editgov.requestapi.common.Page<>(items, query.page(), query.size(), found.count());
    }

    /** Each edit's conflicting edits, current state included. */
    private static Map<UUID, List<EditView.Conflict>> conflictsOf(Collection<UUID> editIds) {
        if (editIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = EditRequest.getEntityManager().createQuery(
                        "select c.pair.editId, o.id, o.targetNew, o.state from EditConflict c, EditRequest o"
                                + " where o.id = c.pair.otherEditId and c.pair.editId in :ids order by o.createdAt",
                        Object[].class)
                .setParameter("ids", editIds)
                .getResultList();
        return rows.stream().collect(Collectors.groupingBy(r -> (UUID) r[0],
                Collectors.mapping(r -> new EditView.Conflict((UUID) r[1], (String) r[2], (EditState) r[3]),
                        Collectors.toList())));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
