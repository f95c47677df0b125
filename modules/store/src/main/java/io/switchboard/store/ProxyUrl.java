package io.switchboard.store;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An outbound proxy as operators write it: {@code http://[user:password@]host:port} (HTTP CONNECT for https
 * upstreams, absolute-form requests for http ones), {@code socks5://...} (or {@code socks5h://}) or
 * {@code socks4://...}. Stored encrypted; shown only {@link #masked} (the credentials never).
 */
public final class ProxyUrl {
  private ProxyUrl() {
  }

  /** The Vert.x proxy options of a URL; {@link IllegalArgumentException} saying what is wrong (never the URL). */
  public static ProxyOptions parse(String url) {
    URI uri = uri(url);
    ProxyType type = switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "http" -> ProxyType.HTTP;
      case "socks5", "socks5h" -> ProxyType.SOCKS5;
      case "socks4" -> ProxyType.SOCKS4;
      default -> throw new IllegalArgumentException("must start with http://, socks5:// or socks4://");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("must name the proxy's host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : type == ProxyType.HTTP ? 80 : 1080;
    ProxyOptions options = new ProxyOptions().setType(type).setHost(uri.getHost()).setPort(port);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      options.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        options.setPassword(decode(userInfo.substring(colon + 1)));
      }
    }
    return options;
  }

  /** {@code scheme://host:port}, with {@code ***@} where credentials were: safe to show and log. */
  public static String masked(String url) {
    URI uri = uri(url);
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : "***@") + uri.getHost() + port;
  }

  private static URI uri(String url) {
    try {
      return new URI(url.trim());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("must be a URL such as http://host:3128 or socks5://user:pass@host:1080");
    }
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
