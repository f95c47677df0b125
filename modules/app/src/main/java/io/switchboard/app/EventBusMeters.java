package io.switchboard.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event bus's {@code vertx_eventbus_*} meters, with the names, labels and meaning Vert.x' own Micrometer metrics
 * give them (labels {@code side} and {@code failure}, no address, Vert.x' internal addresses left out), but every
 * meter built once: Vert.x' implementation looks its counters up in the registry on each message sent and received,
 * which was 5 % of the event loop's time on a plain request (several messages per request, more per stream).
 * The gauges count for the whole process, as the registry is the process's: every Vert.x instance in it (tests make
 * several) adds to the same handler and pending counts.
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.Handler> {
  private final Side local;
  private final Side remote;
  private static final LongAdder HANDLERS = new LongAdder();
  private static final LongAdder LOCAL_PENDING = new LongAdder();
  private static final LongAdder REMOTE_PENDING = new LongAdder();
  private final DistributionSummary bytesWritten;
  private final DistributionSummary bytesRead;
  private final Map<ReplyFailure, Counter> replyFailures = new EnumMap<>(ReplyFailure.class);

  EventBusMeters(MeterRegistry registry) {
    local = new Side(registry, "local", LOCAL_PENDING);
    remote = new Side(registry, "remote", REMOTE_PENDING);
    Gauge.builder("vertx.eventbus.handlers", HANDLERS, LongAdder::doubleValue)
      .description("Number of event bus handlers in use").register(registry);
    bytesWritten = DistributionSummary.builder("vertx.eventbus.bytes.written")
      .description("Number of bytes sent while sending messages to event bus cluster peers").register(registry);
    bytesRead = DistributionSummary.builder("vertx.eventbus.bytes.read")
      .description("Number of bytes received while reading messages from event bus cluster peers").register(registry);
    for (ReplyFailure failure : ReplyFailure.values()) {
      replyFailures.put(failure, Counter.builder("vertx.eventbus.reply.failures")
        .description("Number of message reply failures").tag("failure", failure.name()).register(registry));
    }
  }

  /** A registered consumer: its messages are counted as pending from arrival until handled or discarded. */
  static final class Handler {
  }

  private static final Handler HANDLER = new Handler();

  /** The meters of one side: messages that stayed in this process, or came from or went to a peer. */
  private static final class Side {
    final Counter published;
    final Counter sent;
    final Counter received;
    final Counter delivered;
    final Counter processed;
    final Counter discarded;
    final LongAdder pending;

    Side(MeterRegistry registry, String side, LongAdder pending) {
      this.pending = pending;
      Tags tags = Tags.of("side", side);
      published = counter(registry, "published", "Number of messages published (publish / subscribe)", tags);
      sent = counter(registry, "sent", "Number of messages sent (point-to-point)", tags);
      received = counter(registry, "received", "Number of messages received", tags);
      delivered = counter(registry, "delivered", "Number of messages delivered to handlers", tags);
      processed = counter(registry, "processed", "Number of processed messages", tags);
      discarded = counter(registry, "discarded", "Number of discarded messages", tags);
      Gauge.builder("vertx.eventbus.pending", pending, LongAdder::doubleValue)
        .description("Number of messages not processed yet").tags(tags).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
      return Counter.builder("vertx.eventbus." + name).description(description).tags(tags).register(registry);
    }
  }

  private Side side(boolean isLocal) {
    return isLocal ? local : remote;
  }

  private static boolean counted(String address) {
    return !address.startsWith("__vertx.");
  }

  @Override
  public Handler handlerRegistered(String address) {
    if (!counted(address)) {
      return null;
    }
    HANDLERS.increment();
    return HANDLER;
  }

  @Override
  public void handlerUnregistered(Handler handler) {
    if (handler != null) {
      HANDLERS.decrement();
    }
  }

  @Override
  public void messageDelivered(Handler handler, boolean isLocal) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Handler handler, boolean isLocal, io.vertx.core.eventbus.Message<?> msg) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean isLocal, boolean isRemote) {
    if (counted(address)) {
      Side side = side(isLocal);
      (publish ? side.published : side.sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean isLocal, int handlerCount) {
    if (counted(address)) {
      Side side = side(isLocal);
      side.received.increment();
      if (handlerCount > 0) {
        side.pending.add(handlerCount);
        side.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (counted(address)) {
      bytesWritten.record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (counted(address)) {
      bytesRead.record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (counted(address)) {
      replyFailures.get(failure).increment();
    }
  }
}
