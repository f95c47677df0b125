package io.switchboard.dialects;

import io.switchboard.api.Dialect;
import io.switchboard.dialects.anthropic.AnthropicWireFormat;
import io.switchboard.dialects.gemini.GeminiWireFormat;
import io.switchboard.dialects.openai.OpenAiWireFormat;
import io.switchboard.dialects.responses.ResponsesWireFormat;
import java.util.EnumMap;
import java.util.Map;

/** The wire format of each dialect; the codecs hold no state, so one instance each serves every request. */
public final class WireFormats {
  private static final Map<Dialect, WireFormat> FORMATS = new EnumMap<>(Dialect.class);

  static {
    FORMATS.put(Dialect.OPENAI, new OpenAiWireFormat());
    FORMATS.put(Dialect.ANTHROPIC, new AnthropicWireFormat());
    FORMATS.put(Dialect.GEMINI, new GeminiWireFormat());
    FORMATS.put(Dialect.RESPONSES, new ResponsesWireFormat());
  }

  private WireFormats() {
  }

  public static WireFormat of(Dialect dialect) {
    WireFormat format = FORMATS.get(dialect);
    if (format == null) {
      throw new IllegalStateException("no wire format for " + dialect);
    }
    return format;
  }
}
