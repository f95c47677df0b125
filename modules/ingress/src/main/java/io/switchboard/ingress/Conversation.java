package io.switchboard.ingress;

import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * What one request takes from the conversation it continues and leaves for the next turn. Most requests carry their
 * whole conversation themselves ({@link #of}); a Responses API request may instead name a stored response to
 * continue, and its answer may be kept ({@link ResponsesConversation}).
 */
interface Conversation {
  /** The candidate accounts in the order to try them. */
  List<Candidate> order(List<Candidate> candidates);

  /** The request this account receives. */
  ChatRequest requestFor(Candidate candidate);

  /** Whether the stream's frames should be shown to {@link #written} (only when the answer is to be kept). */
  boolean watchesStream();

  /**
   * A frame of the stream, as it goes to the client; true once the frames shown hold the whole answer (what follows
   * waits with the stream's end for {@link #answered}).
   */
  boolean written(Buffer frame);

  /**
   * The whole answer from this account: {@code body} for a plain answer, null after a stream's frames. Completes once
   * it is kept, or could not be; the end of the client's answer waits for that, so a client that has its answer can
   * ask for it at once.
   */
  Future<Void> answered(Candidate candidate, Buffer body);

  /** A request that is its own conversation: the same for every account, nothing kept. */
  static Conversation of(ChatRequest request) {
    return new Conversation() {
      @Override
      public List<Candidate> order(List<Candidate> candidates) {
        return candidates;
      }

      @Override
      public ChatRequest requestFor(Candidate candidate) {
        return request;
      }

      @Override
      public boolean watchesStream() {
        return false;
      }

      @Override
      public boolean written(Buffer frame) {
        return false;
      }

      @Override
      public Future<Void> answered(Candidate candidate, Buffer body) {
        return Future.succeededFuture();
      }
    };
  }
}
