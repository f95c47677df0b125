package io.switchboard.cron;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;
import java.util.function.Supplier;

/** A job another role does: asked over the bus, its answer described for the run log. */
final class BusJob<T, R> implements CronJob {
  private final EventBus bus;
  private final String address;
  private final Supplier<T> request;
  private final Function<R, String> describe;
  private final DeliveryOptions delivery;

  BusJob(EventBus bus, String address, Supplier<T> request, Function<R, String> describe, long timeoutMs) {
    this.bus = bus;
    this.address = address;
    this.request = request;
    this.describe = describe;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  @Override
  public Future<String> run() {
    return bus.<R>request(address, request.get(), delivery).map(reply -> describe.apply(reply.body()));
  }
}
