package io.switchboard.ingress;

import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
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

  /** A frame of the stream, as written to the client. */
  void written(Buffer frame);

  /** The client has the whole answer from this account: {@code body} for a plain answer, null after a stream. */
  void answered(Candidate candidate, Buffer body);

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
      public void written(Buffer frame) {
      }

      @Override
      public void answered(Candidate candidate, Buffer body) {
      }
    };
  }
}
