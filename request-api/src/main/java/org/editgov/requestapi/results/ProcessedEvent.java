package org.editgov.requestapi.results;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event from Kafka this service has applied; a redelivery finds its id here and changes nothing. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    /**
     * Claims the event for the current transaction: true the first time, false if it was processed
     * before. A second instance claiming the same event concurrently waits for the first to finish.
     */
    public static boolean claim(UUID eventId, String type, Instant at) {
        int inserted = Panache.getEntityManager().createNativeQuery(
                        "INSERT INTO processed_event (event_id, event_type, processed_at) VALUES (:id, :type, :at)"
                                + " ON CONFLICT (event_id) DO NOTHING")
                .setParameter("id", eventId)
                .setParameter("type", type)
                .setParameter("at", at)
                .executeUpdate();
        return inserted == 1;
    }
}
