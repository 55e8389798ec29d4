package org.editgov.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A page of history; {@code nextAfter} is the {@code after} of the next page, absent on the last one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPageJson(List<HistoryEntryJson> entries, Long nextAfter) {
}
