package org.editgov.testsupport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a Docker engine answers on this machine (its {@code /_ping} on the unix socket of
 * {@code DOCKER_HOST} or /var/run/docker.sock). Used only to tell the reader that
 * docker-compose.yml could run the same stack; the tests' servers always come from deploy/local.
 */
public final class DockerEngine {

    private DockerEngine() {
    }

    public static boolean answers() {
        Path socket = socketPath();
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(512);
            channel.read(reply);
            String status = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.") && status.contains(" 200 ");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path socketPath() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && host.startsWith("unix://")) {
            return Path.of(host.substring("unix://".length()));
        }
        return Path.of("/var/run/docker.sock");
    }
}
