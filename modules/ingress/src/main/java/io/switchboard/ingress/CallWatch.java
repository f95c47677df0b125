package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.CallReceipt;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.ProviderHead;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * In a cluster, which node serves each provider call of this ingress instance, so that a call or a stream whose node
 * leaves ends at once rather than at its timeout. Every call asks for a {@link CallReceipt}, which the adapter sends
 * the moment the call arrives. When the cluster manager says a node left ({@link Addresses#NODE_LEFT}), the calls it
 * acknowledged are lost; a call neither acknowledged nor answered within the control timeout was lost on its way (its
 * node died first); a call no adapter could be reached for is lost too. A lost call before its head is a retryable
 * failure, so the request fails over to an adapter on another node. Outside a cluster nothing is lost between
 * verticles, and nothing is watched. In either, a call an adapter instance discarded as it began to drain is lost
 * before its head, and so tried again on another instance.
 */
final class CallWatch {
  static final String NODE_LEFT = "the gateway node serving this request left the cluster";
  static final String DISCARDED = "the provider instance stopped before it took the request";

  private final Vertx vertx;
  private final boolean clustered;
  private final long receiptTimeoutMs;
  private final String receipts = Addresses.callReceipts(UUID.randomUUID().toString());
  private final Map<String, Call> calls = new HashMap<>();
  private long sequence;

  CallWatch(Vertx vertx, long receiptTimeoutMs) {
    this.vertx = vertx;
    this.clustered = vertx.isClustered();
    this.receiptTimeoutMs = receiptTimeoutMs;
  }

  /** Listens for receipts and departed nodes; completes once receipts can reach it from every node. */
  Future<Void> start() {
    if (!clustered) {
      return Future.succeededFuture();
    }
    return Future.join(
      vertx.eventBus().<CallReceipt>consumer(receipts, message -> received(message.body())).completion(),
      vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, message -> nodeLeft(message.body())).completion())
      .mapEmpty();
  }

  /** Watches one attempt's call from now until {@link Call#end()} (call on the ingress's context). */
  Call begin() {
    Call call = new Call(Long.toString(++sequence));
    if (clustered) {
      calls.put(call.id, call);
      call.timer = vertx.setTimer(receiptTimeoutMs, t -> {
        if (call.node == null) {
          call.lose("the request reached no provider adapter within " + receiptTimeoutMs + " ms");
        }
      });
    }
    return call;
  }

  private void received(CallReceipt receipt) {
    Call call = calls.get(receipt.callId());
    if (call != null) {
      call.node = receipt.node();
      call.stopTimer();
    }
  }

  private void nodeLeft(String node) {
    for (Call call : new ArrayList<>(calls.values())) {
      if (node.equals(call.node)) {
        call.lose(NODE_LEFT);
      }
    }
  }

  /** One attempt's provider call. */
  final class Call {
    private final String id;
    private final Promise<String> lost = Promise.promise();
    private final long began = System.nanoTime();
    private long sendTimeoutMs = Long.MAX_VALUE;
    private String node;
    private long timer = -1;

    private Call(String id) {
      this.id = id;
    }

    /** The delivery of this call: asking for a receipt, in a cluster. */
    DeliveryOptions delivery(DeliveryOptions base) {
      sendTimeoutMs = base.getSendTimeout();
      return !clustered ? base : new DeliveryOptions(base).addHeader(CallReceipt.TO_HEADER, receipts)
        .addHeader(CallReceipt.ID_HEADER, id);
    }

    /**
     * The call's head, or a retryable failure once the call is lost before it, or when no adapter could be reached
     * (in a cluster, a node that just left may still be chosen until its registrations are gone).
     */
    Future<ProviderHead> head(Future<ProviderHead> reply) {
      if (!clustered) {
        return reply.recover(failure -> discarded(failure) ? Future.succeededFuture(lostHead(DISCARDED))
          : Future.failedFuture(failure));
      }
      Promise<ProviderHead> head = Promise.promise();
      reply.onComplete(answered -> {
        stopTimer(); // an answered call was not lost on its way, receipt or not
        if (answered.succeeded()) {
          head.tryComplete(answered.result());
        } else if (answered.cause() instanceof ReplyException undelivered
          && (undelivered.failureType() == ReplyFailure.NO_HANDLERS
          || undelivered.failureType() == ReplyFailure.ERROR)) {
          head.tryComplete(lostHead("no provider adapter could be reached")); // the bus's words name addresses
        } else if (discarded(answered.cause())) {
          head.tryComplete(lostHead(DISCARDED));
        } else {
          head.tryFail(answered.cause());
        }
      });
      lost.future().onSuccess(reason -> head.tryComplete(lostHead(reason)));
      return head.future();
    }

    /** Completes with why, when this call is lost (its node left); never outside a cluster. */
    Future<String> lost() {
      return lost.future();
    }

    boolean wasLost() {
      return lost.future().isComplete();
    }

    /**
     * Whether the call was discarded by an adapter instance as it stopped: Vert.x answers a message that reaches a
     * consumer just unregistered (a drain's first step) with a {@code TIMEOUT} failure at once, before the send timeout
     * could have run out; a call with a receipt was taken.
     */
    private boolean discarded(Throwable failure) {
      return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT && node == null
        && System.nanoTime() - began < sendTimeoutMs * 1_000_000;
    }

    /** The call is over: stop watching it. */
    void end() {
      calls.remove(id);
      stopTimer();
    }

    private void lose(String reason) {
      end();
      lost.tryComplete(reason);
    }

    private void stopTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  private static ProviderHead lostHead(String reason) {
    return ProviderHead.failed(503, ErrorKind.UNAVAILABLE, reason, null, true).withErrorClass(ErrorClass.CONNECT);
  }
}
