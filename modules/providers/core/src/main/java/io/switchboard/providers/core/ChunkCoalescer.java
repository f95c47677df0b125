package io.switchboard.providers.core;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Hands an upstream HTTP/1.1 connection's body to Vert.x one piece per read, however many HTTP chunks that read held.
 * An upstream stream sends each event as a chunk of its own, and every chunk was a message of its own through Vert.x'
 * client and the provider's relay; the bytes are the same, in the same order, at the same moment (the end of the
 * read's decoding). Heads, the body's last part and anything the decoder failed on pass as they come, after what was
 * merged before them, and so does a failure. A piece holds at most {@link #MAX_PIECE_BYTES}, and a marker first in
 * the pipeline ends each socket read's pieces once TLS and the codec are through with it: Vert.x sees every read's
 * bytes before the next read and can pause the connection as before (merging to the end of a read loop, up to 16
 * reads, let a slow client's upstream run a mebibyte ahead of its window).
 */
final class ChunkCoalescer extends ChannelInboundHandlerAdapter {
  private static final String NAME = "sb-chunk-coalescer";
  /**
   * A merged piece holds at most this much (a chunk larger alone passes alone): Vert.x holds up to 16 pieces of a
   * paused stream before it stops reading, so the bytes a paused stream holds there stay about what they were.
   */
  static final int MAX_PIECE_BYTES = 4 * 1024;
  private ChannelHandlerContext context;
  private HttpContent first;
  private CompositeByteBuf merged;

  /** Installs one on a new upstream connection: HTTP/1.1 only (an HTTP/2 connection has no codec of this kind). */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get("codec") instanceof HttpClientCodec && pipeline.get(NAME) == null
        && pipeline.get("handler") != null) {
        ChunkCoalescer coalescer = new ChunkCoalescer();
        pipeline.addBefore("handler", NAME, coalescer);
        pipeline.addFirst(NAME + "-read", coalescer.readEnds()); // before TLS too: a socket read, all its records
      }
    }
  }

  /** The marker that goes first: once a socket read's bytes are decrypted and decoded, its chunks pass. */
  ChannelInboundHandlerAdapter readEnds() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg); // the codec decodes the read and passes each of its chunks on, here and now
        if (context != null) {
          pass(context);
        }
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpContent content) || msg instanceof LastHttpContent || msg instanceof HttpMessage
      || !content.decoderResult().isSuccess()) {
      pass(ctx);
      ctx.fireChannelRead(msg);
    } else {
      if (held() + content.content().readableBytes() > MAX_PIECE_BYTES) {
        pass(ctx);
      }
      if (first == null) {
        first = content; // a piece of one chunk passes as it came
      } else {
        if (merged == null) {
          merged = ctx.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, first.content());
        }
        merged.addComponent(true, content.content()); // the composite owns the chunk from now on
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    pass(ctx); // what came before the failure first
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    pass(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    pass(ctx);
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    context = null;
    if (merged != null) {
      merged.release();
    } else if (first != null) {
      first.release();
    }
    first = null;
    merged = null;
  }

  /** The bytes held for the next piece. */
  private int held() {
    return merged != null ? merged.readableBytes() : first != null ? first.content().readableBytes() : 0;
  }

  private void pass(ChannelHandlerContext ctx) {
    if (first == null) {
      return;
    }
    Object piece = merged == null ? first : new DefaultHttpContent(merged);
    first = null;
    merged = null;
    ctx.fireChannelRead(piece);
  }
}
