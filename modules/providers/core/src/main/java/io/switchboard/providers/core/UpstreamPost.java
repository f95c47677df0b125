package io.switchboard.providers.core;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A POST to an upstream URL, whose parsing is done once per URL: {@code RequestOptions.setAbsoluteURI(String)}
 * parses with {@code java.net.URL} on every call, about 1 % of the CPU of a plain request. An adapter's URLs are its
 * accounts' base URLs with a path per model and kind of call, so few; a query string passed on from clients can make
 * them many, so past {@value #MAX_URLS} the parsed ones are forgotten and parsing starts over.
 */
public final class UpstreamPost {
  static final int MAX_URLS = 1024;
  private static final Map<String, URL> PARSED = new ConcurrentHashMap<>();

  private UpstreamPost() {
  }

  /** POST to {@code url}, an absolute http or https URL. */
  public static RequestOptions to(String url) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(parsed(url));
  }

  static URL parsed(String url) {
    URL parsed = PARSED.get(url);
    if (parsed == null) {
      try {
        parsed = new URL(url); // as setAbsoluteURI(String) parses it
      } catch (MalformedURLException e) {
        throw new VertxException("Invalid url: " + url, e);
      }
      if (PARSED.size() >= MAX_URLS) {
        PARSED.clear();
      }
      PARSED.put(url, parsed);
    }
    return parsed;
  }

  static int parsedCount() {
    return PARSED.size();
  }
}
