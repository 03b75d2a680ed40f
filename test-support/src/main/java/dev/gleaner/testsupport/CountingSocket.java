package dev.gleaner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback socket that accepts connections, counts them and closes them: the witness in tests
 * that show an attack failing (a guard must let no connection reach it).
 */
public final class CountingSocket implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    public CountingSocket() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (Socket ignored = socket.accept()) {
                    connections.incrementAndGet(); // counted before the socket closes, so never racy
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>} */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** Connections that reached the socket so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
