package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP chunks one socket read brings reach Vert.x as one piece: same bytes, same order, heads and ends apart. */
class ChunkCoalescerTest {
  /** Twenty SSE events, and the chunked answer that carries them, one chunk each, as one write. */
  private static final String TWENTY_EVENTS;
  private static final String TWENTY_CHUNKS;

  static {
    StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
      + "transfer-encoding: chunked\r\n\r\n");
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String event = "data: {\"n\":" + i + "}\n\n";
      events.append(event);
      chunked.append(Integer.toHexString(event.length())).append("\r\n").append(event).append("\r\n");
    }
    TWENTY_EVENTS = events.toString();
    TWENTY_CHUNKS = chunked.append("0\r\n\r\n").toString();
  }

  private static HttpContent chunk(String text) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  private static String text(Object content) {
    return ((HttpContent) content).content().toString(StandardCharsets.UTF_8);
  }

  @Test
  void theChunksOfOneReadPassAsOnePieceBetweenTheHeadAndTheEnd() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.copiedBuffer("d", StandardCharsets.UTF_8));
    HttpContent a = chunk("a");
    HttpContent b = chunk("bb");
    HttpContent c = chunk("ccc");
    channel.writeInbound(head, a, b, c, last); // one read

    assertSame(head, channel.readInbound());
    HttpContent merged = channel.readInbound();
    assertEquals("abbccc", text(merged));
    assertSame(last, channel.readInbound());
    assertNull(channel.readInbound());
    merged.release();
    last.release();
    assertEquals(0, a.refCnt() + b.refCnt() + c.refCnt(), "the pieces are released with the piece they became");
    assertTrue(!channel.finish());
  }

  @Test
  void eachReadPassesWhatItBroughtAndALoneChunkPassesAsItCame() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    channel.writeInbound(chunk("data: 1\n\n"), chunk("data: 2\n\n"));
    HttpContent alone = chunk("data: 3\n\n");
    channel.writeInbound(alone);

    Object first = channel.readInbound();
    assertEquals("data: 1\n\ndata: 2\n\n", text(first));
    assertSame(alone, channel.readInbound(), "nothing to merge: no new object");
    assertNull(channel.readInbound());
    ((HttpContent) first).release();
    alone.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void eachReadTheCodecDecodesPassesBeforeTheNextReadWithinOneReadLoop() {
    ChunkCoalescer coalescer = new ChunkCoalescer();
    ChannelInboundHandlerAdapter codec = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object read) { // a read of events, one chunk each
        for (String event : ((String) read).split(" ")) {
          ctx.fireChannelRead(chunk(event));
        }
      }
    };
    EmbeddedChannel channel = new EmbeddedChannel(coalescer.readEnds(), codec, coalescer);
    channel.pipeline().fireChannelRead("a b c"); // two reads of one read loop: no read complete between them
    HttpContent firstRead = channel.readInbound();
    assertEquals("abc", text(firstRead), "passed at the end of its read, so Vert.x may pause before the next");
    channel.pipeline().fireChannelRead("d e");
    assertEquals("de", text(channel.readInbound()));
    assertNull(channel.readInbound());
    firstRead.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void aMergedPieceHoldsAtMostFourKibibytesAndALargerChunkPassesAlone() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    String kib = "x".repeat(1024);
    for (int i = 0; i < 3; i++) {
      channel.pipeline().fireChannelRead(chunk(kib));
    }
    channel.pipeline().fireChannelRead(chunk(kib + "y")); // would cross the cap: what is held passes first
    channel.pipeline().fireChannelRead(chunk("z".repeat(6000))); // larger than a piece: alone
    channel.pipeline().fireChannelRead(chunk(kib));
    channel.pipeline().fireChannelReadComplete();
    List<Integer> sizes = new ArrayList<>();
    for (HttpContent piece; (piece = channel.readInbound()) != null; ) {
      sizes.add(piece.content().readableBytes());
      piece.release();
    }
    assertEquals(List.of(3 * 1024, 1025, 6000, 1024), sizes);
    channel.finishAndReleaseAll();
  }

  @Test
  void aFailurePassesAfterTheChunksThatCameBeforeIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    List<Object> seen = new ArrayList<>();
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        seen.add(text(msg));
        ((HttpContent) msg).release();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        seen.add(cause.getMessage());
      }
    });
    channel.pipeline().fireChannelRead(chunk("a")).fireChannelRead(chunk("b"));
    channel.pipeline().fireExceptionCaught(new IllegalStateException("broken"));
    assertEquals(List.of("ab", "broken"), seen);
    channel.finishAndReleaseAll();
  }

  @Test
  void aPieceTheDecoderFailedOnPassesAfterWhatCameBeforeIt() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    HttpContent broken = chunk("?");
    broken.setDecoderResult(DecoderResult.failure(new IllegalStateException("bad chunk size")));
    channel.writeInbound(chunk("x"), chunk("y"), broken, chunk("z"));

    assertEquals("xy", text(channel.readInbound()));
    assertSame(broken, channel.readInbound());
    assertEquals("z", text(channel.readInbound()));
    channel.finishAndReleaseAll();
  }

  @Test
  void chunksHeldWhenTheConnectionClosesStillPassAndNothingLeaks() {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkCoalescer());
    HttpContent a = chunk("a");
    HttpContent b = chunk("b");
    channel.pipeline().fireChannelRead(a).fireChannelRead(b); // no read complete yet
    channel.close();
    HttpContent passed = channel.readInbound();
    assertEquals("ab", text(passed));
    passed.release();
    assertEquals(0, a.refCnt() + b.refCnt());

    EmbeddedChannel removed = new EmbeddedChannel(new ChunkCoalescer());
    HttpContent held = chunk("held");
    removed.pipeline().fireChannelRead(held);
    removed.pipeline().removeFirst(); // taken out with a piece held: released, not leaked
    assertEquals(0, held.refCnt());
  }

  @Test
  void aVertxClientReceivesAStreamOfManyChunksInOneWriteAsOnePiece() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(request ->
        socket.write(Buffer.buffer(TWENTY_CHUNKS)))).listen(0, "127.0.0.1").await();
      assertEquals(List.of(TWENTY_EVENTS), pieces(vertx, server.actualPort(), true, false).stream()
        .map(Buffer::toString).toList(), "one read, one piece");
      assertEquals(20, pieces(vertx, server.actualPort(), false, false).size(), "without it: a piece per chunk");
    } finally {
      vertx.close().await();
    }
  }

  /** Over TLS the read marker sits before the TLS handler: the chunks a read's records decrypt to merge the same. */
  @Test
  void aTlsUpstreamsChunksOfOneReadPassAsOnePiece() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
      NetServer server = vertx.createNetServer(new NetServerOptions().setSsl(true)
          .setKeyCertOptions(certificate.keyCertOptions()))
        .connectHandler(socket -> socket.handler(request -> socket.write(Buffer.buffer(TWENTY_CHUNKS))))
        .listen(0, "127.0.0.1").await();
      assertEquals(List.of(TWENTY_EVENTS), pieces(vertx, server.actualPort(), true, true).stream()
        .map(Buffer::toString).toList(), "one read, one piece");
      assertEquals(20, pieces(vertx, server.actualPort(), false, true).size(), "without it: a piece per chunk");
    } finally {
      vertx.close().await();
    }
  }

  private static List<Buffer> pieces(Vertx vertx, int port, boolean coalesce, boolean tls) {
    HttpClientOptions options = new HttpClientOptions().setSsl(tls).setTrustAll(tls).setVerifyHost(false);
    HttpClientAgent client = coalesce
      ? vertx.httpClientBuilder().with(options).withConnectHandler(ChunkCoalescer::install).build()
      : vertx.createHttpClient(options);
    List<Buffer> pieces = new ArrayList<>();
    client.request(HttpMethod.GET, port, "127.0.0.1", "/").compose(request -> request.send())
      .compose(response -> {
        response.handler(pieces::add);
        return response.end();
      }).await();
    client.close().await();
    return pieces;
  }
}
