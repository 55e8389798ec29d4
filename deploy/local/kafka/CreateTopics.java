import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates the platform's topics on the local broker, or raises their partition count, and
 * leaves existing ones alone. Run by deploy/local/up with the broker's own jars:
 * {@code java -cp 'lib/*' CreateTopics.java <bootstrap> <partitions> <topic>...}.
 * It uses the AdminClient from kafka-clients so that the command-line tools stay off the
 * broker's classpath.
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CreateTopics <bootstrap> <partitions> <topic>...");
            System.exit(2);
        }
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = List.of(args).subList(2, args.length);

        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);

            Map<String, TopicDescription> described =
                    admin.describeTopics(wanted).allTopicNames().get(60, TimeUnit.SECONDS);
            for (TopicDescription description : described.values()) {
                if (description.partitions().size() < partitions) {
                    admin.createPartitions(Map.of(description.name(), NewPartitions.increaseTo(partitions)))
                            .all().get(60, TimeUnit.SECONDS);
                }
            }
            System.out.printf("kafka: %d topics ready (%d created), at least %d partitions each%n",
                    wanted.size(), missing.size(), partitions);
        }
    }
}
