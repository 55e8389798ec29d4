package org.editgov.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.editgov.contracts.Actor;
import org.editgov.contracts.EventCodec;

/** One event codec for the application (building it loads the schemas). */
@ApplicationScoped
public class EventCodecProducer {

    /** Who the worker's events say acted: its Keycloak client. */
    public static final Actor WORKER = Actor.service("editor-worker");

    @Produces
    @ApplicationScoped
    EventCodec codec() {
        return new EventCodec();
    }
}
