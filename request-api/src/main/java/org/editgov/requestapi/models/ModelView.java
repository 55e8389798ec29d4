package org.editgov.requestapi.models;

import org.editgov.contracts.Gates;

import java.time.Instant;
import java.util.Map;

/** A registered model as the API shows it. */
public record ModelView(String id, String displayName, String architecture, String editMethod,
                        Map<String, Object> editSettings, Gates gates, int currentVersion, String registeredBy,
                        Instant registeredAt) {

    public static ModelView of(Model m) {
        return new ModelView(m.id, m.displayName, m.architecture, m.editMethod, m.editSettings, m.gates(),
                m.currentVersion, m.registeredBy, m.registeredAt);
    }
}
