package io.github.rootlyworkflowrun.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a test server that closes every client connection idle (no byte either way) for
 * longer than a set time, as load balancers and servers with a keep-alive timeout do. Clients see the close only
 * when they next use the connection, which is what makes a pooled connection stale.
 */
public final class IdleClosingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long idleNanos;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger idleCloses = new AtomicInteger();

    public IdleClosingRelay(InetSocketAddress upstream, Duration idle) throws IOException {
        this.upstream = upstream;
        this.idleNanos = idle.toNanos();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-accept", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Client connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections this relay closed for being idle. */
    public int idleCloses() {
        return idleCloses.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                AtomicLong lastByte = new AtomicLong(System.nanoTime());
                daemon("relay-down", () -> pump(server, client, lastByte, false));
                daemon("relay-up", () -> pump(client, server, lastByte, true));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies bytes one way; the client-side pump also watches for idleness and closes both ends. */
    private void pump(Socket from, Socket to, AtomicLong lastByte, boolean watchIdle) {
        byte[] buffer = new byte[16 * 1024];
        try (from;
                to) {
            from.setSoTimeout(watchIdle ? 50 : 0);
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastByte.get() >= idleNanos) {
                        idleCloses.incrementAndGet();
                        return;
                    }
                    continue;
                }
                if (n < 0) {
                    return;
                }
                lastByte.set(System.nanoTime());
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed; closing both ends is all there is to do
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
