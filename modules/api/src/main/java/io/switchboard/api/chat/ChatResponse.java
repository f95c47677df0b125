package io.switchboard.api.chat;

import io.switchboard.api.Usage;
import java.util.List;

/**
 * A complete (non-stream) answer in no particular dialect. {@code stopDetail} keeps the upstream's own stop text
 * (e.g. the matched stop sequence, or an unmapped reason) and may be null.
 */
public record ChatResponse(String id, String model, List<Part> content, StopReason stopReason, String stopDetail,
                           Usage usage) {
  public ChatResponse {
    content = List.copyOf(content);
  }
}
