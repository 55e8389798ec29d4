package org.editgov.testsupport;

import java.util.List;

/** The local Kafka node and the platform's topics, created with at least {@code partitions}. */
public record Kafka(String bootstrapServers, List<String> topics, int partitions) {

    public Kafka {
        topics = List.copyOf(topics);
    }
}
