package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upstream POST goes where parsing its URL each time would send it; each URL the adapter made is parsed once, and
 * only so many; a client's query or a long URL is parsed each time.
 */
class UpstreamPostTest {
  @Test
  void theSameOptionsAsParsingTheUrlEachTime() {
    for (String url : List.of("http://127.0.0.1:18080/v1/chat/completions", "https://api.openai.com/v1/chat/completions",
      "https://api.anthropic.com/v1/messages?beta=true", "http://gw.internal/v1beta/models/gemini-2.5-pro:generateContent",
      "https://example.com:8443")) {
      RequestOptions expected = parsedEachTime(url);
      for (int i = 0; i < 2; i++) {
        RequestOptions got = UpstreamPost.to(url);
        assertEquals(expected.toJson(), got.toJson(), url);
      }
    }
  }

  @Test
  void eachUrlIsParsedOnceAndOnlySoManyAreKept() {
    String url = "http://127.0.0.1:1/parsed-once";
    assertSame(UpstreamPost.parsed(url), UpstreamPost.parsed(url));
    for (int i = 0; i < UpstreamPost.MAX_URLS + 10; i++) {
      UpstreamPost.parsed("http://127.0.0.1:1/many?n=" + i);
      assertTrue(UpstreamPost.parsedCount() <= UpstreamPost.MAX_URLS, "kept " + UpstreamPost.parsedCount());
    }
  }

  @Test
  void aClientsQueryOrALongUrlIsParsedEachTimeAndNotKept() {
    String url = "http://127.0.0.1:1/v1/messages?beta=true&client=";
    String query = url + "q".repeat(40);
    String longUrl = "http://127.0.0.1:1/v1beta/models/" + "m".repeat(UpstreamPost.MAX_KEPT_LENGTH) + ":generateContent";
    int kept = UpstreamPost.parsedCount();
    assertEquals(parsedEachTime(query).toJson(), UpstreamPost.to(query, true).toJson());
    assertEquals(parsedEachTime(longUrl).toJson(), UpstreamPost.to(longUrl).toJson());
    assertEquals(kept, UpstreamPost.parsedCount(), "nothing kept");
  }

  @Test
  void aUrlThatIsNoneIsRefusedAsVertxRefusesIt() {
    VertxException e = assertThrows(VertxException.class, () -> UpstreamPost.to("no-scheme/v1/messages"));
    assertTrue(e.getMessage().startsWith("Invalid url: "), e.getMessage());
  }

  private static RequestOptions parsedEachTime(String url) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
  }
}
