package io.switchboard.dialects.reasoning;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Signed reasoning across a conversion. Towards an upstream, thinking whose signature (or redacted thinking whose
 * data) that upstream's family cannot verify is removed from the history, and a sealed one of its own family is
 * opened again; thinking without a signature is left to the encoders. Towards a client whose dialect's upstreams
 * are of another family, signatures and redacted data are sealed ({@link ReasoningSeal}) with the family that made
 * them.
 */
public final class SignedReasoning {
  private SignedReasoning() {
  }

  /** The request as an upstream of {@code upstream} (null: verifies nothing) may receive it. */
  public static CanonicalRequest forUpstream(CanonicalRequest request, Dialect client, ReasoningFamily upstream) {
    ReasoningFamily held = ReasoningFamily.nativeTo(client);
    List<Message> messages = new ArrayList<>(request.messages().size());
    boolean changed = false;
    for (Message message : request.messages()) {
      List<Part> parts = new ArrayList<>(message.parts().size());
      boolean messageChanged = false;
      for (Part part : message.parts()) {
        Part kept = forUpstream(part, held, upstream);
        messageChanged |= kept != part;
        if (kept != null) {
          parts.add(kept);
        }
      }
      changed |= messageChanged;
      if (!parts.isEmpty()) {
        messages.add(messageChanged ? new Message(message.role(), parts) : message);
      }
    }
    if (!changed) {
      return request;
    }
    return new CanonicalRequest(request.model(), request.system(), messages, request.tools(), request.toolChoice(),
      request.maxTokens(), request.temperature(), request.topP(), request.topK(), request.stop(), request.seed(),
      request.responseFormat(), request.thinking(), request.user(), request.stream());
  }

  private static Part forUpstream(Part part, ReasoningFamily held, ReasoningFamily upstream) {
    if (part instanceof Part.Thinking thinking && thinking.signature() != null && !thinking.signature().isEmpty()) {
      ReasoningSeal.Opened opened = ReasoningSeal.open(thinking.signature(), held);
      if (opened.family() == null || opened.family() != upstream) {
        return null;
      }
      return opened.value().equals(thinking.signature()) ? part : new Part.Thinking(thinking.text(), opened.value());
    }
    if (part instanceof Part.RedactedThinking redacted) {
      ReasoningSeal.Opened opened = ReasoningSeal.open(redacted.data(), held);
      if (opened.family() == null || opened.family() != upstream) {
        return null;
      }
      return opened.value().equals(redacted.data()) ? part : new Part.RedactedThinking(opened.value());
    }
    return part;
  }

  /** Whether answers from {@code upstream} reach a client of {@code client} sealed. */
  public static boolean seals(Dialect client, ReasoningFamily upstream) {
    return upstream != null && upstream != ReasoningFamily.nativeTo(client);
  }

  /** An answer as a client of another family receives it: every signature and redacted data sealed. */
  public static ChatResponse sealed(ChatResponse answer, ReasoningFamily upstream) {
    List<Part> content = new ArrayList<>(answer.content().size());
    for (Part part : answer.content()) {
      if (part instanceof Part.Thinking thinking && thinking.signature() != null && !thinking.signature().isEmpty()) {
        content.add(new Part.Thinking(thinking.text(), ReasoningSeal.seal(upstream, thinking.signature())));
      } else if (part instanceof Part.RedactedThinking redacted && redacted.data() != null) {
        content.add(new Part.RedactedThinking(ReasoningSeal.seal(upstream, redacted.data())));
      } else {
        content.add(part);
      }
    }
    return new ChatResponse(answer.id(), answer.model(), content, answer.stopReason(), answer.stopDetail(),
      answer.usage());
  }

  /** A stream event as a client of another family receives it (see {@link #sealed(ChatResponse, ReasoningFamily)}). */
  public static StreamEvent sealed(StreamEvent event, ReasoningFamily upstream) {
    if (event instanceof StreamEvent.SignatureDelta delta && !delta.signature().isEmpty()) {
      return new StreamEvent.SignatureDelta(delta.index(), ReasoningSeal.seal(upstream, delta.signature()));
    }
    if (event instanceof StreamEvent.BlockStart start && start.redactedData() != null) {
      return new StreamEvent.BlockStart(start.index(), start.kind(), start.toolCallId(), start.toolName(),
        ReasoningSeal.seal(upstream, start.redactedData()));
    }
    return event;
  }
}
