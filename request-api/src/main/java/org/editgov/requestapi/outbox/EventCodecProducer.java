package org.editgov.requestapi.outbox;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.editgov.contracts.EventCodec;

/** One shared codec: building the JSON Schema validators is the expensive part, so do it once. */
public class EventCodecProducer {

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
