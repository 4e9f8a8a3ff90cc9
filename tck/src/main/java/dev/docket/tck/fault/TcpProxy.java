package dev.docket.tck.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy owned by the test, between clients and a server: it forwards both ways, {@link
 * #cutAll()} closes every connection at once (a crashed router, a NAT table flush), and {@link
 * #pause()} stops forwarding without closing anything (a blackhole: bytes wait in the sockets'
 * buffers as they would wait for TCP retransmission), until {@link #resume()}. New connections
 * are accepted while paused and wait too. Listens on a free loopback port.
 *
 * <p>Thread-safe; one virtual thread per connection and direction.
 *
 * @since 0.1
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flowing = lock.newCondition();
  private final AtomicInteger accepted = new AtomicInteger();
  private boolean paused;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target, ServerSocket server) {
    this.target = target;
    this.server = server;
  }

  /** Starts a proxy to {@code target} on a free loopback port. */
  public static TcpProxy start(InetSocketAddress target) {
    try {
      ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      TcpProxy proxy = new TcpProxy(target, server);
      Thread.ofVirtual().name("fault-proxy-accept").start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a proxy port", e);
    }
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Connections accepted so far. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** Closes every open connection, both sides; new connections are accepted as before. */
  public void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** Stops forwarding in both directions, closing nothing. */
  public void pause() {
    lock.lock();
    try {
      paused = true;
    } finally {
      lock.unlock();
    }
  }

  /** Forwards again what waited while paused. */
  public void resume() {
    lock.lock();
    try {
      paused = false;
      flowing.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Pauses for {@code duration}, then resumes; returns at once. */
  public void blackhole(Duration duration) {
    pause();
    Thread.ofVirtual().name("fault-proxy-blackhole").start(() -> {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        resume();
      }
    });
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        Thread.ofVirtual().name("fault-proxy-conn").start(() -> connect(client));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    try {
      upstream.connect(target, 5_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Thread.ofVirtual().name("fault-proxy-up").start(() -> pump(client, upstream));
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        awaitFlowing();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // A cut, a peer that closed, or close(): either way both sides go.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitFlowing() throws InterruptedException {
    lock.lock();
    try {
      while (paused && !closed) {
        flowing.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    closed = true;
    resume();
    try {
      server.close();
    } catch (IOException e) {
      // Already closed.
    }
    cutAll();
  }
}
