package io.switchboard.app;

import java.util.List;
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
 * shutdown hook.
 */
final class Termination {
  private static final Logger LOG = LoggerFactory.getLogger(Termination.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

  private final Runnable stop;
  private final AtomicBoolean stopping = new AtomicBoolean();

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
    Runtime.getRuntime().addShutdownHook(new Thread(termination::stopOnce, "switchboard-shutdown"));
  }

  /** On the JVM's thread for this one signal: the first stops the node, then exits; a later one exits at once. */
  private void received(Signal signal) {
    stopOnce();
    System.exit(128 + signal.getNumber());
  }

  private void stopOnce() {
    if (stopping.compareAndSet(false, true)) {
      stop.run();
    }
  }
}
