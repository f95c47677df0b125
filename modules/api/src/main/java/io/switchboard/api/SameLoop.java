package io.switchboard.api;

import io.vertx.core.Closeable;
import io.vertx.core.Completable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Same-loop delivery on the request path. Vert.x hands a point-to-point message to a role's instances in turn,
 * whichever event loop each runs on, so with one instance of every role per loop a request would still cross
 * threads at almost every hop (admission, plan, provider call, usage), each crossing a task handed over and a thread
 * woken. Instead, an instance registers its request-path handlers twice ({@link #consumer}): on the shared address,
 * as every consumer does, and on an address of its own event loop; a sender on a loop that hosts an instance of the
 * role sends there ({@link #address}), and the request stays on the loop that accepted its connection.
 *
 * <p>Anywhere else the shared address is used as before: no instance of the role on the sender's loop, a sender on a
 * worker or other thread, an instance started on a worker context, and a clustered bus, where instances on other
 * nodes must keep their share of the calls. An instance that goes stops being chosen before its handlers go: its
 * stop calls {@link Registration#unregister} (no more calls at all) or {@link Registration#leaveOwnLoop} (what still
 * comes on the shared address is answered) first; a verticle that goes without (a failed start) is left out of the
 * choice by a close hook on its context.
 */
public final class SameLoop {
  private static final String LOOP_MARK = "@loop-";
  private static final AtomicInteger LOOPS = new AtomicInteger();
  private static final ThreadLocal<Loop> LOOP = ThreadLocal.withInitial(Loop::new);
  /** Each loop's own addresses that have handlers now, with how many. */
  private static final Map<String, Integer> SERVED = new ConcurrentHashMap<>();

  private SameLoop() {
  }

  /** One thread's names for its own addresses, built once per address (read and written on that thread only). */
  private static final class Loop {
    private final String suffix = LOOP_MARK + LOOPS.incrementAndGet();
    private final Map<String, String> own = new HashMap<>();

    String own(String address) {
      return own.computeIfAbsent(address, shared -> shared + suffix);
    }
  }

  /** Where a message for {@code address} goes from the calling thread: its loop's own instance, else the shared one. */
  public static String address(String address) {
    if (SERVED.isEmpty() || !Context.isOnEventLoopThread()) {
      return address;
    }
    String own = LOOP.get().own(address);
    return SERVED.containsKey(own) ? own : address;
  }

  /** The role's address an event loop's own {@code address} stands for; any other address as it is. */
  public static String shared(String address) {
    int loop = address.lastIndexOf(LOOP_MARK);
    return loop < 0 ? address : address.substring(0, loop);
  }

  /**
   * Registers {@code handler} on {@code address}, and on the calling event loop's own address for it when this runs
   * in an event-loop verticle's start on an unclustered bus. Call it where a verticle registers its consumers.
   */
  public static <T> Registration consumer(Vertx vertx, String address, Handler<Message<T>> handler) {
    MessageConsumer<T> shared = vertx.eventBus().consumer(address, handler);
    Context context = Vertx.currentContext();
    if (vertx.isClustered() || context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      return new Registration(shared, null, null, null);
    }
    String own = LOOP.get().own(address);
    MessageConsumer<T> near = vertx.eventBus().localConsumer(own, handler);
    SERVED.merge(own, 1, Integer::sum);
    Registration registration = new Registration(shared, near, own, (ContextInternal) context);
    ((ContextInternal) context).addCloseHook(registration);
    return registration;
  }

  /** A verticle's registrations, which its stop takes off their loops together ({@link Registration#leaveOwnLoop}). */
  public static final class Registrations {
    private final List<Registration> kept = new ArrayList<>();

    /** Keeps {@code registration}; answers its completion. */
    public Future<Void> add(Registration registration) {
      kept.add(registration);
      return registration.completion();
    }

    public Future<Void> leave() {
      return Future.join(kept.stream().map(Registration::leaveOwnLoop).toList()).mapEmpty();
    }
  }

  /** Both registrations of one handler; the loop's own one is left out of the choice before either goes. */
  public static final class Registration implements Closeable {
    private final MessageConsumer<?> shared;
    private final MessageConsumer<?> near;
    private final ContextInternal context;
    private String own;

    private Registration(MessageConsumer<?> shared, MessageConsumer<?> near, String own, ContextInternal context) {
      this.shared = shared;
      this.near = near;
      this.own = own;
      this.context = context;
    }

    /** Completes once the handler is registered (on every node, when clustered). */
    public Future<Void> completion() {
      return near == null ? shared.completion() : Future.join(shared.completion(), near.completion()).mapEmpty();
    }

    public Future<Void> unregister() {
      return Future.join(leaveOwnLoop(), shared.unregister()).mapEmpty();
    }

    /**
     * Senders on this loop go to the shared address from now on; the shared registration stays. For a stop that
     * still answers what reaches it (call it first, on the instance's context), so no sender is left choosing an
     * address whose handler Vert.x is about to remove.
     */
    public Future<Void> leaveOwnLoop() {
      if (near == null) {
        return Future.succeededFuture();
      }
      unserve();
      context.removeCloseHook(this);
      return near.unregister();
    }

    /** The verticle's undeploy: Vert.x unregisters its handlers itself; this only stops choosing it. */
    @Override
    public void close(Completable<Void> completion) {
      unserve();
      completion.succeed();
    }

    private synchronized void unserve() {
      if (own != null) {
        SERVED.computeIfPresent(own, (address, count) -> count == 1 ? null : count - 1);
        own = null;
      }
    }
  }
}
