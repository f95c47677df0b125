package io.switchboard.bench;

import io.switchboard.dialects.TokenEstimate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Local token counting (o200k), as for a request's input estimate: about 4 KB of prose, code and non-Latin text. */
public class TokenEstimateBench extends BenchDefaults {
  private String text;

  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      text.append("Paragraph ").append(i).append(": the gateway relays 12,345 tokens a second, ")
        .append("Grüße aus Köln — 你好世界, \"quoted\"\tand\ttabbed.\n")
        .append("    if (x <= 42) { return y * 3.14159; }\n\n");
    }
    this.text = text.toString();
  }

  @Benchmark
  public int count() {
    return TokenEstimate.text(text);
  }
}
