package io.switchboard.api;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.ContextInternal;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What every log line about one client request names: its request id, key id (never the key), account id and model.
 * It lives in the request's own Vert.x context (each HTTP request and each bus message runs on a duplicated context
 * of its own, and callbacks return to it), not in a thread-local MDC, since one event loop interleaves many requests.
 * Every bus message sent from such a context carries it in the {@value #HEADER} header, so the role receiving the
 * message, on this node or another, logs under the same names. The log encoders of the app read it only when a line
 * is actually written; binding it costs one context slot.
 */
public final class RequestLog {
  /** The bus message header carrying the fields, tab-separated (none of them may hold a control character). */
  public static final String HEADER = "sb-log";
  /** {@link #HEADER} with its hash code made once (Netty's {@code AsciiString}): it is looked up on every message. */
  private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  /** How Vert.x names the address of a reply (local and clustered buses alike). */
  private static final String REPLY_PREFIX = "__vertx.reply.";
  private static final Map<EventBus, Boolean> CARRYING = Collections.synchronizedMap(new WeakHashMap<>());
  private String requestId;
  private String keyId;
  private String accountId;
  private String model;
  /** The header form; a log received from another role keeps only this until a line reads its fields. */
  private String carried;

  private RequestLog(String requestId, String keyId, String accountId, String model) {
    this.requestId = requestId;
    this.keyId = keyId;
    this.accountId = accountId;
    this.model = model;
  }

  private RequestLog(String carried) {
    this.carried = carried;
  }

  public static RequestLog of(String requestId) {
    return new RequestLog(requestId, null, null, null);
  }

  public RequestLog withKey(long keyId) {
    return new RequestLog(requestId(), String.valueOf(keyId), accountId(), model());
  }

  public RequestLog withAccount(long accountId) {
    return new RequestLog(requestId(), keyId(), String.valueOf(accountId), model());
  }

  public RequestLog withModel(String model) {
    return new RequestLog(requestId(), keyId(), accountId(), model);
  }

  public String requestId() {
    parse();
    return requestId;
  }

  /** The key's id as text, or null before the key is known. */
  public String keyId() {
    parse();
    return keyId;
  }

  /** The account's id as text, or null before an account is tried. */
  public String accountId() {
    parse();
    return accountId;
  }

  /** The model the client asked for, or null before the request is decoded. */
  public String model() {
    parse();
    return model;
  }

  /** The log of the request the current Vert.x context runs for, or null (no request, or not on a Vert.x thread). */
  public static RequestLog current() {
    return slot(ContextInternal.current());
  }

  /**
   * Makes {@code log} the current request's, on the current context when that belongs to one request (a duplicated
   * context); an event loop's own context is shared by everything on it and is left alone.
   */
  public static void bind(RequestLog log) {
    bind(ContextInternal.current(), log);
  }

  public static void bind(Context context, RequestLog log) {
    ContextInternal request = (ContextInternal) context;
    if (request != null && request.isDuplicate()) {
      try {
        request.putLocal(RequestLogSlot.SLOT, log);
      } catch (IllegalArgumentException slotMissing) {
        // a Vert.x built without RequestLogSlot loaded: its lines simply name no request
      }
    }
  }

  /** What {@code context} holds, when it is one request's (a duplicated context), else null. */
  private static RequestLog slot(ContextInternal context) {
    if (context == null || !context.isDuplicate()) {
      return null;
    }
    try {
      return context.getLocal(RequestLogSlot.SLOT);
    } catch (IllegalArgumentException slotMissing) {
      return null;
    }
  }

  /**
   * Lets every message sent from a request's context carry its log, and binds it where a message arrives on a
   * context that has none yet. A stream's frames and credits are left out: they are the hot path, and their receivers
   * already know the request. So are replies: a reply arrives on the requester's context, which keeps its own, newer
   * log (and had none to carry when it has none). Idempotent per event bus.
   */
  public static void carryOn(EventBus bus) {
    if (CARRYING.putIfAbsent(bus, Boolean.TRUE) != null) {
      return;
    }
    bus.addOutboundInterceptor((Handler<DeliveryContext<Object>>) delivery -> {
      if (carries(delivery.message().address())) { // first: a stream's frames need no look at their context
        RequestLog log = current();
        if (log != null) {
          MultiMap headers = delivery.message().headers();
          if (!headers.contains(HEADER_NAME)) {
            headers.add(HEADER_NAME, log.carried());
          }
        }
      }
      delivery.next();
    });
    bus.addInboundInterceptor((Handler<DeliveryContext<Object>>) delivery -> {
      if (carries(delivery.message().address())) {
        ContextInternal context = ContextInternal.current();
        if (context != null && context.isDuplicate() && slot(context) == null) {
          String carried = delivery.message().headers().get(HEADER_NAME);
          if (carried != null) {
            bind(context, new RequestLog(carried));
          }
        }
      }
      delivery.next();
    });
  }

  /**
   * Whether a message to this address carries the log: not a stream's frames and credits, nor a reply, which arrives
   * on the requester's context (it has its own log, or there was none to carry).
   */
  private static boolean carries(String address) {
    return !Addresses.isStream(address) && !address.startsWith(REPLY_PREFIX);
  }

  private String carried() {
    String form = carried;
    if (form == null) {
      form = text(requestId) + '\t' + text(keyId) + '\t' + text(accountId) + '\t' + text(model);
      carried = form;
    }
    return form;
  }

  private void parse() {
    if (requestId != null || carried == null) {
      return;
    }
    String[] parts = carried.split("\t", -1);
    keyId = parts.length > 1 ? orNull(parts[1]) : null;
    accountId = parts.length > 2 ? orNull(parts[2]) : null;
    model = parts.length > 3 ? orNull(parts[3]) : null;
    requestId = parts[0];
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String orNull(String part) {
    return part.isEmpty() ? null : part;
  }
}
