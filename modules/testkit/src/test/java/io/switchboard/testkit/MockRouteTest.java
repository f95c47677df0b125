package io.switchboard.testkit;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the route tests: a fresh mock upstream and a client for it in every test. */
@ExtendWith(VertxExtension.class)
abstract class MockRouteTest {
  /** A tool call with thinking before it, as the tool-call tests of every route use. */
  static final MockBehavior TOOL = MockBehavior.ok().withToolCall("get_weather", "{\"city\":\"Paris\"}")
      .withThinking("Let me check.").withUsage(7, 5, 0);

  MockUpstream mock;
  MockClient client;

  @BeforeEach
  void startMock(Vertx vertx, VertxTestContext testContext) {
    MockUpstream.start(vertx).onSuccess(m -> {
      mock = m;
      client = new MockClient(vertx, m);
    }).onComplete(testContext.succeedingThenComplete());
  }
}
