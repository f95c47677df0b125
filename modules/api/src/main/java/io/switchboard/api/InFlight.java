package io.switchboard.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls and streams one verticle instance has in flight, each with a way to end it early, so that its stop can
 * drain them: wait until every one has finished or the drain deadline has passed, then end the rest (in-band, in
 * whatever way the work knows) and wait for them to report. Used on the instance's own context only.
 *
 * <p>A node that stops as a whole marks itself stopping ({@link #nodeStopping}): every drain on that node then ends
 * by that one deadline, so roles stopped one after another do not each wait the full time.
 */
public final class InFlight {
  private static final Logger LOG = LoggerFactory.getLogger(InFlight.class);
  private static final String NODE = "sb.stopping";
  private static final String DEADLINE = "deadline";
  private static final String TALLIES = "sb.inflight.deployments";
  private final Map<Work, Runnable> open = new LinkedHashMap<>();
  private Promise<Void> empty;
  private Tally tally;

  /**
   * What every instance of one Vert.x deployment has in flight together, and when one of them last took work,
   * readable from any thread (the deployment agent reports it and the metrics read it).
   */
  public record Load(int open, long lastOpenedAt) {
  }

  private static final class Tally implements Shareable {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastOpenedAt = new AtomicLong();
  }

  /** One tracked call or stream; {@link #finished()} once it has ended (and recorded whatever it owes). */
  public final class Work {
    private boolean finished;

    private Work() {
    }

    public void finished() {
      if (finished) {
        return;
      }
      finished = true;
      open.remove(this);
      if (tally != null) {
        tally.open.decrementAndGet();
      }
      if (open.isEmpty() && empty != null) {
        empty.tryComplete();
      }
    }
  }

  /** Tracks a piece of work; {@code endNow} ends it at once when a drain runs out of time, and must then finish it. */
  public Work open(Runnable endNow) {
    Work work = new Work();
    open.put(work, endNow);
    if (tally != null) {
      tally.open.incrementAndGet();
      tally.lastOpenedAt.set(System.currentTimeMillis());
    }
    return work;
  }

  /** Counts this instance's work into the {@link Load} of its Vert.x deployment (call from {@code start()}). */
  public void countFor(Vertx vertx, String deploymentId) {
    tally = tallies(vertx).computeIfAbsent(deploymentId, id -> new Tally());
  }

  /** What the instances of that Vert.x deployment have in flight, or null when none of them counts its work. */
  public static Load load(Vertx vertx, String deploymentId) {
    Tally found = tallies(vertx).get(deploymentId);
    return found == null ? null : new Load(found.open.get(), found.lastOpenedAt.get());
  }

  /** That Vert.x deployment has ended: its {@link Load} is no longer kept. */
  public static void forget(Vertx vertx, String deploymentId) {
    tallies(vertx).remove(deploymentId);
  }

  private static LocalMap<String, Tally> tallies(Vertx vertx) {
    return vertx.sharedData().getLocalMap(TALLIES);
  }

  public int size() {
    return open.size();
  }

  /**
   * Completes once nothing is in flight. At {@code drainMs} from now (or the node's stop deadline, if sooner) every
   * piece still open is ended with its {@code endNow}; they then have {@code graceMs} to finish before this completes
   * anyway.
   */
  public Future<Void> drain(Vertx vertx, long drainMs, long graceMs) {
    empty = Promise.promise();
    if (open.isEmpty()) {
      empty.complete();
      return empty.future();
    }
    long now = System.currentTimeMillis();
    long until = Math.min(now + drainMs, nodeDeadline(vertx));
    long timer = vertx.setTimer(Math.max(1, until - now), id -> {
      List<Runnable> ending = new ArrayList<>(open.values());
      LOG.info("drain deadline passed: ending {} calls or streams still in flight", ending.size());
      for (Runnable endNow : ending) {
        try {
          endNow.run();
        } catch (RuntimeException e) {
          LOG.warn("ending work in flight failed: {}", e.toString());
        }
      }
      vertx.setTimer(Math.max(1, graceMs), grace -> empty.tryComplete());
    });
    return empty.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** This node is stopping: no drain on it from now on lasts past {@code drainMs} from now. */
  public static void nodeStopping(Vertx vertx, long drainMs) {
    deadlines(vertx).put(DEADLINE, System.currentTimeMillis() + drainMs);
  }

  /** This node has stopped (or starts again on the same Vert.x): drains take their own time again. */
  public static void nodeStopped(Vertx vertx) {
    deadlines(vertx).remove(DEADLINE);
  }

  private static long nodeDeadline(Vertx vertx) {
    Long deadline = deadlines(vertx).get(DEADLINE);
    return deadline == null ? Long.MAX_VALUE : deadline;
  }

  private static LocalMap<String, Long> deadlines(Vertx vertx) {
    return vertx.sharedData().getLocalMap(NODE);
  }
}
