package io.switchboard.providers.bedrock;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Reads an InvokeModelWithResponseStream body (AWS event-stream framing, {@code application/vnd.amazon.eventstream})
 * read by read, into the Anthropic events and the exceptions it carries. Stateful: one instance per stream.
 * A corrupt or truncated stream raises a {@link GatewayException} of kind {@link ErrorKind#UPSTREAM_ERROR}.
 */
public final class BedrockEventStreamDecoder {

  // Event-stream framing: total length, headers length, prelude CRC; then headers, payload and message CRC.
  private static final int PRELUDE = 12;
  private static final int MIN_MESSAGE = PRELUDE + 4;
  // The limits the eventstream library enforces: 128 KiB of headers, 24 MiB of payload.
  private static final long MAX_MESSAGE = MIN_MESSAGE + 128L * 1024 + 24L * 1024 * 1024;

  // Frames are cut here and handed whole to the library's Message.decode (which checks both CRCs), rather than
  // fed to its MessageDecoder: that one allocates a 2 MiB buffer up front, per instance, i.e. per open stream.
  private Buffer pending = Buffer.buffer();

  /**
   * The events completed by this read, in order; a message split across reads comes out with the read that
   * completes it. Messages of other types (e.g. a future event type) are skipped.
   */
  public List<BedrockEvent> decode(Buffer read) {
    pending.appendBuffer(read);
    List<BedrockEvent> events = new ArrayList<>();
    int offset = 0;
    while (pending.length() - offset >= PRELUDE) {
      long total = checkedLength(offset);
      if (pending.length() - offset < total) {
        break;
      }
      BedrockEvent event = event(decodeMessage(offset, (int) total));
      if (event != null) {
        events.add(event);
      }
      offset += (int) total;
    }
    if (offset > 0) {
      // keep only the unfinished message, so a long stream does not grow the buffer
      pending = offset == pending.length() ? Buffer.buffer() : pending.getBuffer(offset, pending.length());
    }
    return events;
  }

  /** Called when the upstream ends: a stream must not stop inside a message. */
  public void finish() {
    if (pending.length() > 0) {
      throw corrupt("ended inside a message (" + pending.length() + " bytes of it received)");
    }
  }

  /**
   * The message length from the prelude at {@code offset}, once the prelude's own CRC holds: a damaged length
   * is caught here instead of waiting for bytes that will never come.
   */
  private long checkedLength(int offset) {
    CRC32 crc = new CRC32();
    crc.update(pending.getBytes(offset, offset + 8));
    long expected = pending.getUnsignedInt(offset + 8);
    if (crc.getValue() != expected) {
      throw corrupt(String.format("prelude checksum failure: expected 0x%x, computed 0x%x", expected, crc.getValue()));
    }
    long total = pending.getUnsignedInt(offset);
    if (total < MIN_MESSAGE || total > MAX_MESSAGE) {
      throw corrupt("message length " + total + " is out of range");
    }
    return total;
  }

  /** The library's decoder checks both CRCs again and parses the headers. */
  private Message decodeMessage(int offset, int total) {
    try {
      return Message.decode(ByteBuffer.wrap(pending.getBytes(offset, offset + total)));
    } catch (RuntimeException invalid) {
      throw corrupt(invalid.getMessage());
    }
  }

  private static BedrockEvent event(Message message) {
    Map<String, HeaderValue> headers = message.getHeaders();
    String messageType = string(headers, ":message-type");
    if ("event".equals(messageType)) {
      return "chunk".equals(string(headers, ":event-type")) ? BedrockEvent.chunk(chunkEvent(message)) : null;
    }
    if ("exception".equals(messageType)) {
      return BedrockEvent.exception(string(headers, ":exception-type"), payloadMessage(message));
    }
    if ("error".equals(messageType)) {
      // the event-stream protocol's own errors carry code and message in headers, not in a payload
      return BedrockEvent.exception(string(headers, ":error-code"), string(headers, ":error-message"));
    }
    return null;
  }

  /** A chunk's payload is {"bytes":"<base64 of one Anthropic event JSON>"} (Bedrock may add a padding field "p"). */
  private static JsonObject chunkEvent(Message message) {
    try {
      String bytes = payloadJson(message).getString("bytes");
      if (bytes == null) {
        throw corrupt("chunk without \"bytes\"");
      }
      return new JsonObject(Buffer.buffer(Base64.getDecoder().decode(bytes)));
    } catch (GatewayException e) {
      throw e;
    } catch (RuntimeException invalid) {
      throw corrupt("chunk is not base64 of a JSON object");
    }
  }

  private static String payloadMessage(Message message) {
    try {
      JsonObject payload = payloadJson(message);
      Object text = payload.getValue("message", payload.getValue("Message"));
      return text instanceof String string ? string : payload.encode();
    } catch (RuntimeException notJson) {
      return new String(message.getPayload(), StandardCharsets.UTF_8);
    }
  }

  private static JsonObject payloadJson(Message message) {
    return new JsonObject(Buffer.buffer(message.getPayload()));
  }

  private static String string(Map<String, HeaderValue> headers, String name) {
    HeaderValue value = headers.get(name);
    try {
      return value == null ? null : value.getString();
    } catch (RuntimeException notAString) {
      return null;
    }
  }

  private static GatewayException corrupt(String why) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR, "Bedrock event stream is corrupt: " + why);
  }

  /** The bytes of one {@code chunk} message carrying this Anthropic event, as Bedrock frames it (for mocks). */
  public static Buffer encodeChunk(JsonObject anthropicEvent) {
    String bytes = Base64.getEncoder().encodeToString(anthropicEvent.toBuffer().getBytes());
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString("chunk"));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return frame(headers, new JsonObject().put("bytes", bytes));
  }

  /** The bytes of one exception message, e.g. {@code throttlingException}, as Bedrock frames it (for mocks). */
  public static Buffer encodeException(String exceptionType, String message) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(exceptionType));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return frame(headers, new JsonObject().put("message", message));
  }

  private static Buffer frame(Map<String, HeaderValue> headers, JsonObject payload) {
    ByteBuffer encoded = new Message(headers, payload.toBuffer().getBytes()).toByteBuffer();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return Buffer.buffer(bytes);
  }
}
