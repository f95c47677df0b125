package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client address a server on loopback answers for requests sent with {@code X-Forwarded-For} headers: the
 * connection's peer is 127.0.0.1, a trusted proxy or not as each case configures.
 */
@ExtendWith(VertxExtension.class)
class ClientAddressTest {
  private Vertx vertx;
  private HttpClient client;
  private HttpServer server;
  private volatile ClientAddress clientAddress;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    server = vertx.createHttpServer()
      .requestHandler(req -> req.response().end(String.valueOf(clientAddress.of(req))))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    client.close().await(10, TimeUnit.SECONDS);
    server.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void withNoTrustedProxyTheHeaderIsIgnored() throws Exception {
    clientAddress = ClientAddress.of(new JsonObject(), "http");
    assertFalse(clientAddress.trustsAny());
    assertEquals("127.0.0.1", addressFor("203.0.113.7"));
    clientAddress = ClientAddress.of(trusting("10.0.0.0/8"), "http"); // proxies elsewhere: loopback is not one
    assertTrue(clientAddress.trustsAny());
    assertEquals("127.0.0.1", addressFor("203.0.113.7"));
  }

  @Test
  void fromATrustedProxyTheLastEntryNotItselfTrustedIsTheClient() throws Exception {
    clientAddress = ClientAddress.of(trusting("127.0.0.1", "10.0.0.0/8"), "http");
    assertEquals("127.0.0.1", addressFor(), "no header: the proxy's own request");
    assertEquals("203.0.113.7", addressFor("203.0.113.7"));
    assertEquals("203.0.113.7", addressFor("198.51.100.1, 203.0.113.7"), "what the client wrote itself is not believed");
    assertEquals("203.0.113.7", addressFor("198.51.100.1,203.0.113.7, 10.1.2.3"), "through a second trusted proxy");
    assertEquals("10.9.9.9", addressFor("10.9.9.9, 10.1.2.3"), "only trusted proxies: the farthest");
    assertEquals("203.0.113.9", addressFor("198.51.100.1", "203.0.113.9"), "several headers: the last is nearest");
    assertEquals("203.0.113.7", addressFor("203.0.113.7:5678"), "a port some proxies add");
    assertEquals("2001:db8:0:0:0:0:0:7", addressFor("[2001:db8::7]:443"), "one text per address, as Java prints it");
    assertEquals("2001:db8:0:0:0:0:0:7", addressFor("2001:DB8::7"));
    assertEquals("203.0.113.7", addressFor("::ffff:203.0.113.7"), "an IPv4-mapped address is its IPv4 address");
  }

  @Test
  void anEntryThatIsNoAddressEndsTheWalkAtTheProxyThatAddedIt() throws Exception {
    clientAddress = ClientAddress.of(trusting("127.0.0.1", "10.0.0.0/8"), "http");
    assertEquals("127.0.0.1", addressFor("203.0.113.7, unknown"));
    assertEquals("10.1.2.3", addressFor("evil.example, 10.1.2.3"));
    assertEquals("127.0.0.1", addressFor(""));
    assertEquals("127.0.0.1", addressFor("203.0.113.7,"), "an empty entry is none");
    assertEquals("10.1.2.3", addressFor("203.0.113.7,, 10.1.2.3"));
    assertEquals("127.0.0.1", addressFor(".::"), "never looked up by name");
  }

  @Test
  void aLongHeaderIsReadOnlyFromItsEnd() throws Exception {
    clientAddress = ClientAddress.of(trusting("127.0.0.1", "10.0.0.0/8"), "http");
    String trustedHops = ", 10.0.0.1".repeat(ClientAddress.MAX_HOPS + 5);
    assertEquals("10.0.0.1", addressFor("203.0.113.7" + trustedHops), "the walk stops after MAX_HOPS entries");
    assertEquals("127.0.0.1", addressFor("a,".repeat(3000) + "a"));
    assertEquals("203.0.113.7", addressFor("a,".repeat(3000) + "203.0.113.7"));
  }

  @Test
  void aBadListNamesItsSetting() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
      () -> ClientAddress.of(trusting("10.0.0.0/40"), "http"));
    assertEquals("http.trustedProxies: '10.0.0.0/40' has a bad prefix length", bad.getMessage());
    IllegalArgumentException notList = assertThrows(IllegalArgumentException.class,
      () -> ClientAddress.of(new JsonObject().put("trustedProxies", "10.0.0.1"), "admin"));
    assertEquals("admin.trustedProxies must be a list of addresses or CIDR blocks", notList.getMessage());
    IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
      () -> ClientAddress.of(trusting("lb.internal"), "http"));
    assertEquals("http.trustedProxies: 'lb.internal' is not an IP address or CIDR block", host.getMessage());
  }

  private static JsonObject trusting(String... entries) {
    return new JsonObject().put("trustedProxies", new JsonArray(List.of((Object[]) entries)));
  }

  /** The address the server worked out for a request carrying these X-Forwarded-For headers. */
  private String addressFor(String... forwardedFor) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(server.actualPort()).setURI("/");
    for (String header : forwardedFor) {
      options.addHeader("x-forwarded-for", header);
    }
    Promise<String> answer = Promise.promise(); // the whole exchange on a context, not chained from this thread
    vertx.getOrCreateContext().runOnContext(v -> client.request(options).compose(HttpClientRequest::send)
      .compose(HttpClientResponse::body).map(Object::toString).onComplete(answer));
    return answer.future().await(10, TimeUnit.SECONDS);
  }
}
