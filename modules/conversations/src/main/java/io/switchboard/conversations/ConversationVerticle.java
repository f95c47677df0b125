package io.switchboard.conversations;

import io.switchboard.api.Addresses;
import io.switchboard.api.MessageCodecs;
import io.switchboard.api.StoredResponse;
import io.switchboard.api.StoredResponseRequest;
import io.switchboard.store.StorageSettings;
import io.switchboard.store.StoredResponseStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Responses API answers clients asked to store ({@code sb.responses.save}, answered once stored), per client
 * key in PostgreSQL, so that any node serves {@code GET}/{@code DELETE /v1/responses/{id}} and its input items, and a
 * request naming {@code previous_response_id} continues the conversation on any upstream
 * ({@code sb.responses.conversation}: the account that holds it upstream, and its items to send anywhere else).
 * Another key's response is not found.
 */
public class ConversationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationVerticle.class);
  private static final int NOT_FOUND = 404;
  private Pool pool;
  private StoredResponseStore store;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    StorageSettings storage;
    try {
      storage = StorageSettings.from("conversations", config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    pool = storage.postgres(vertx);
    store = new StoredResponseStore(pool);
    var bus = vertx.eventBus();
    return Future.join(
      bus.<StoredResponse>consumer(Addresses.RESPONSES_SAVE, this::save).completion(),
      bus.<StoredResponseRequest>consumer(Addresses.RESPONSES_GET, this::get).completion(),
      bus.<StoredResponseRequest>consumer(Addresses.RESPONSES_DELETE, this::delete).completion(),
      bus.<StoredResponseRequest>consumer(Addresses.RESPONSES_CONVERSATION, this::conversation).completion());
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  /** Replies once the response is stored, so the client's answer can end; fails (503) when it could not be. */
  private void save(Message<StoredResponse> message) {
    StoredResponse response = message.body();
    store.save(response).onComplete(saved -> {
      if (saved.succeeded()) {
        message.reply(null);
      } else {
        LOG.warn("response {} of key {} could not be stored: {}", response.id(), response.keyId(),
          saved.cause().getMessage());
        message.fail(503, "the response could not be stored");
      }
    });
  }

  private void get(Message<StoredResponseRequest> message) {
    StoredResponseRequest asked = message.body();
    answer(message, store.find(asked.keyId(), asked.id()), Objects::isNull, Function.identity());
  }

  /** Replies with the response deleted, so the caller can answer with its id. */
  private void delete(Message<StoredResponseRequest> message) {
    StoredResponseRequest asked = message.body();
    answer(message, store.find(asked.keyId(), asked.id())
      .compose(found -> found == null ? Future.succeededFuture((StoredResponse) null)
        : store.delete(asked.keyId(), asked.id()).map(deleted -> deleted ? found : null)),
      Objects::isNull, Function.identity());
  }

  private void conversation(Message<StoredResponseRequest> message) {
    StoredResponseRequest asked = message.body();
    answer(message, store.conversation(asked.keyId(), asked.id()), List::isEmpty, ConversationHistory::of);
  }

  /** Replies with what was found, or fails: 404 when the key has no such response, 503 when storage failed. */
  private static <T> void answer(Message<StoredResponseRequest> message, Future<T> found, Predicate<T> missing,
                                 Function<T, ?> reply) {
    found.onComplete(done -> {
      if (done.failed()) {
        LOG.warn("stored responses could not be read: {}", done.cause().getMessage());
        message.fail(503, "stored responses are not reachable right now");
      } else if (missing.test(done.result())) {
        message.fail(NOT_FOUND, notFound(message.body()));
      } else {
        message.reply(reply.apply(done.result()));
      }
    });
  }

  private static String notFound(StoredResponseRequest asked) {
    return "Response with id '" + asked.id() + "' not found.";
  }
}
