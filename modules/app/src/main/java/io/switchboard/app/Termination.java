package io.switchboard.app;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How a running node stops on SIGTERM, SIGINT or SIGHUP: the gateway drains and stops to its end first (its embedded
 * PostgreSQL and Redis last), and only then does the JVM exit, with 128 plus the signal's number as the JVM's own
 * handling would. The JVM's own handling runs every shutdown hook at once, and the embedded PostgreSQL and Redis
 * libraries each stop their server from a hook of their own: on a plain SIGTERM both went down while the requests in
 * flight drained, so those requests' releases were lost, a request admitted meanwhile was refused, and the usage rows
 * went to the spool instead of PostgreSQL. A second signal exits at once. Any other exit still stops the gateway from a
 * shutdown hook, or waits there for a stop already under way.
 */
final class Termination {
  private static final Logger LOG = LoggerFactory.getLogger(Termination.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

  private final Runnable stop;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** A second signal: the exit does not wait for the stop under way. */
  private volatile boolean hurried;

  private Termination(Runnable stop) {
    this.stop = stop;
  }

  /** From now on the signals, or any other exit, run {@code stop} once (it blocks until the node has stopped). */
  static void install(Runnable stop) {
    Termination termination = new Termination(stop);
    for (String name : SIGNALS) {
      try {
        Signal.handle(new Signal(name), termination::received);
      } catch (IllegalArgumentException taken) { // kept by the JVM here (-Xrs); the shutdown hook below still stops
        LOG.debug("SIG{} is left to the JVM: {}", name, taken.getMessage());
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(termination::onExit, "switchboard-exit"));
  }

  /**
   * The first signal stops the node on a thread that keeps the JVM up until it exits (the JVM's signal threads are
   * daemons, and the JVM would end with status 0 once Vert.x' threads had); a later one exits at once.
   */
  private void received(Signal signal) {
    int status = 128 + signal.getNumber();
    if (!stopping.compareAndSet(false, true)) {
      hurried = true;
      System.exit(status);
      return;
    }
    Thread stopper = new Thread(() -> {
      try {
        stopNode();
      } finally {
        System.exit(status);
      }
    }, "switchboard-shutdown");
    stopper.setDaemon(false);
    stopper.start();
  }

  /** An exit by any other way than a first signal: stops the node, or waits for the stop under way. */
  private void onExit() {
    if (stopping.compareAndSet(false, true)) {
      stopNode();
    } else if (!hurried) {
      try {
        stopped.await(); // the stop bounds itself (Main.shutDown)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The stop itself, by whichever way came first; whoever waits for it is let go however it ends. */
  private void stopNode() {
    try {
      stop.run();
    } finally {
      stopped.countDown();
    }
  }
}
