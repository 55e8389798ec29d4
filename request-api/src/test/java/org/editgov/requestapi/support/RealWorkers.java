package org.editgov.requestapi.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.editgov.contracts.Topics;
import org.editgov.testsupport.Servers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Whether a real editor worker (any consumer group with members on {@code batch.requested}) is
 * running on the shared broker, e.g. a platform started by {@code bin/platform up}. It answers the
 * batches these tests cut, racing the answers the tests publish in the worker's place.
 */
public final class RealWorkers {

    private RealWorkers() {
    }

    /** The group of a running worker, if there is one. */
    public static Optional<String> consumingBatchRequests() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Servers.shared().kafka().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
            List<String> ids = groups.stream().map(ConsumerGroupListing::groupId).toList();
            Map<String, ConsumerGroupDescription> described =
                    admin.describeConsumerGroups(ids).all().get(10, TimeUnit.SECONDS);
            return described.values().stream()
                    .filter(g -> g.members().stream().anyMatch(RealWorkers::readsBatchRequests))
                    .map(ConsumerGroupDescription::groupId)
                    .findFirst();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the broker's consumer groups: " + e.getMessage(), e);
        }
    }

    private static boolean readsBatchRequests(MemberDescription member) {
        return member.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(Topics.BATCH_REQUESTED));
    }
}
