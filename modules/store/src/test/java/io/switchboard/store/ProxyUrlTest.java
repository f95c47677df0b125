package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.junit.jupiter.api.Test;

/** Outbound proxy URLs: read into proxy options, shown only masked, refused with a reason that holds no secret. */
class ProxyUrlTest {

  @Test
  void httpAndSocksProxiesWithOrWithoutCredentials() {
    ProxyOptions http = ProxyUrl.parse("http://gw%40corp:p%3Ass@proxy.internal:3128");
    assertEquals(ProxyType.HTTP, http.getType());
    assertEquals("proxy.internal", http.getHost());
    assertEquals(3128, http.getPort());
    assertEquals("gw@corp", http.getUsername());
    assertEquals("p:ss", http.getPassword());
    ProxyOptions socks = ProxyUrl.parse("socks5://10.0.0.7");
    assertEquals(ProxyType.SOCKS5, socks.getType());
    assertEquals(1080, socks.getPort());
    assertNull(socks.getUsername());
  }

  @Test
  void shownMaskedAndRefusedWithoutTheUrl() {
    assertEquals("http://***@proxy.internal:3128", ProxyUrl.masked("http://user:secret-pw@proxy.internal:3128"));
    assertEquals("socks5://10.0.0.7", ProxyUrl.masked("socks5://10.0.0.7"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
      () -> ProxyUrl.parse("ftp://user:secret-pw@host:21"));
    assertFalse(bad.getMessage().contains("secret-pw"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse("http://"));
  }
}
