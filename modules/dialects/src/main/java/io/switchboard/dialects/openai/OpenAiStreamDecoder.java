package io.switchboard.dialects.openai;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.SseParser;
import io.switchboard.dialects.SseStreamDecoder;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a Chat Completions SSE stream into canonical events. Text and reasoning ({@code reasoning_content}, or
 * {@code reasoning} as vLLM and OpenRouter name it) each get a block that closes when another kind starts. Tool
 * calls get one block per OpenAI tool {@code index}; a call's block closes when another block starts once its
 * arguments are whole JSON (so calls come one after another, as Anthropic streams them), else at the
 * finish_reason, because some compatible servers interleave the fragments of parallel calls. Only choice 0 is read
 * ({@link OpenAiChunk}: each chunk is read from its tokens, not built as a tree).
 */
public final class OpenAiStreamDecoder extends SseStreamDecoder {
  private final TreeSet<Integer> openBlocks = new TreeSet<>();
  private final Map<Integer, Integer> toolBlocks = new HashMap<>(); // OpenAI tool index -> canonical block
  private final Map<Integer, StringBuilder> heldArguments = new HashMap<>(); // fragments before id and name
  private final Map<Integer, OpenAiToolArgumentsScanner> toolArguments = new HashMap<>(); // by canonical block
  private int nextBlock;
  private int textBlock = -1;
  private int thinkingBlock = -1;
  private int generatedIds;
  private boolean started;
  private boolean finishSeen;
  private boolean ended;

  @Override
  protected void onEvent(SseParser.Event event, List<StreamEvent> events) {
    data(event.data(), events);
  }

  @Override
  protected void onEnd(List<StreamEvent> events) {
    if (!ended && finishSeen) {
      events.add(new StreamEvent.MessageStop()); // some servers end after the finish_reason without [DONE]
      ended = true;
    } else if (!ended) {
      events.add(new StreamEvent.Failure(ErrorKind.UPSTREAM_ERROR,
        "The upstream stream ended before the answer was complete."));
      ended = true;
    }
  }

  private void data(String data, List<StreamEvent> events) {
    if (ended) {
      return;
    }
    if (data.strip().equals("[DONE]")) {
      start(null, events);
      closeBlocks(events);
      events.add(new StreamEvent.MessageStop());
      ended = true;
      return;
    }
    OpenAiChunk chunk;
    try {
      chunk = OpenAiChunk.read(data);
    } catch (RuntimeException notJson) {
      fail(ErrorKind.UPSTREAM_ERROR, "The upstream sent an unreadable stream event.", events);
      return;
    }
    if (chunk.error() != null) {
      JsonObject error = chunk.error();
      fail(kind(error), error.getValue("message") instanceof String m ? m : "The upstream reported an error.", events);
      return;
    }
    String finish = null;
    OpenAiChunk.Choice choice = chunk.choice();
    if (choice != null) {
      start(chunk, events);
      if (choice.delta() != null) {
        delta(choice.delta(), events);
      }
      if (choice.finishReason() != null) {
        closeBlocks(events);
        finishSeen = true;
        finish = choice.finishReason();
      }
    }
    Usage usage = OpenAiUsage.from(chunk.usage());
    if (usage != null) {
      start(chunk, events);
    }
    if (finish != null || usage != null) {
      StopReason stop = OpenAiFinishReasons.toCanonical(finish);
      events.add(new StreamEvent.MessageDelta(stop, OpenAiFinishReasons.detail(finish), usage));
    }
  }

  private void delta(OpenAiChunk.Delta delta, List<StreamEvent> events) {
    String reasoning = delta.reasoningText();
    if (reasoning != null && !reasoning.isEmpty()) {
      if (thinkingBlock < 0) {
        closeBlock(textBlock, events);
        thinkingBlock = open(StreamEvent.BlockStart.thinking(nextBlock), events);
      }
      events.add(new StreamEvent.ThinkingDelta(thinkingBlock, reasoning));
    }
    // a refusal is the whole answer when it comes: streamed as text so other dialects' clients read it
    String text = delta.text();
    if (text != null && !text.isEmpty()) { // the first chunk's "" opens nothing
      if (textBlock < 0) {
        closeBlock(thinkingBlock, events);
        textBlock = open(StreamEvent.BlockStart.text(nextBlock), events);
      }
      events.add(new StreamEvent.TextDelta(textBlock, text));
    }
    if (delta.toolCalls() != null) {
      for (Object call : delta.toolCalls()) {
        if (call instanceof JsonObject c) {
          toolCall(c, events);
        }
      }
    }
  }

  private void toolCall(JsonObject call, List<StreamEvent> events) {
    String id = call.getValue("id") instanceof String s && !s.isEmpty() ? s : null;
    JsonObject function = call.getValue("function") instanceof JsonObject f ? f : new JsonObject();
    String name = function.getValue("name") instanceof String s && !s.isEmpty() ? s : null;
    String arguments = function.getValue("arguments") instanceof String s ? s : null;
    int toolIndex;
    if (call.getValue("index") instanceof Number n) {
      toolIndex = n.intValue();
    } else { // some compatible servers leave the index out: a new id is a new call, else the last one goes on
      int seen = toolBlocks.size() + heldArguments.size();
      toolIndex = id != null || seen == 0 ? seen : seen - 1;
    }
    Integer block = toolBlocks.get(toolIndex);
    if (block == null && (id != null || name != null)) {
      closeBlock(textBlock, events);
      closeBlock(thinkingBlock, events);
      block = open(StreamEvent.BlockStart.toolCall(nextBlock, id != null ? id : "call_" + generatedIds++, name),
        events);
      toolBlocks.put(toolIndex, block);
      toolArguments.put(block, new OpenAiToolArgumentsScanner());
      StringBuilder held = heldArguments.remove(toolIndex);
      if (held != null) {
        arguments(block, held.toString(), events);
      }
    }
    if (arguments == null || arguments.isEmpty()) {
      return;
    }
    if (block == null) {
      heldArguments.computeIfAbsent(toolIndex, i -> new StringBuilder()).append(arguments);
    } else if (openBlocks.contains(block)) {
      arguments(block, arguments, events);
    }
  }

  private void arguments(int block, String fragment, List<StreamEvent> events) {
    toolArguments.get(block).feed(fragment);
    events.add(new StreamEvent.ToolArgsDelta(block, fragment));
  }

  private int open(StreamEvent.BlockStart start, List<StreamEvent> events) {
    // a tool call whose arguments are whole is over: closed before the next block, as Anthropic expects
    for (Integer block : List.copyOf(openBlocks)) {
      OpenAiToolArgumentsScanner scanner = toolArguments.get(block);
      if (scanner != null && scanner.complete()) {
        closeBlock(block, events);
      }
    }
    events.add(start);
    openBlocks.add(start.index());
    return nextBlock++;
  }

  private void closeBlock(int block, List<StreamEvent> events) {
    if (block >= 0 && openBlocks.remove(block)) {
      events.add(new StreamEvent.BlockStop(block));
    }
    if (block == textBlock) {
      textBlock = -1;
    }
    if (block == thinkingBlock) {
      thinkingBlock = -1;
    }
  }

  private void closeBlocks(List<StreamEvent> events) {
    while (!openBlocks.isEmpty()) {
      closeBlock(openBlocks.first(), events);
    }
  }

  private void start(OpenAiChunk chunk, List<StreamEvent> events) {
    if (!started) {
      started = true;
      events.add(new StreamEvent.MessageStart(chunk == null ? null : chunk.id(), chunk == null ? null : chunk.model(),
        null));
    }
  }

  private void fail(ErrorKind kind, String message, List<StreamEvent> events) {
    events.add(new StreamEvent.Failure(kind, message));
    ended = true;
  }

  /** The kind an in-stream error reports, read from its type and code. */
  private static ErrorKind kind(JsonObject error) {
    String said = (error.getValue("type") instanceof String t ? t : "") + " "
      + (error.getValue("code") instanceof String c ? c : "");
    if (said.contains("rate_limit")) {
      return ErrorKind.RATE_LIMITED;
    }
    if (said.contains("overloaded") || said.contains("unavailable")) {
      return ErrorKind.UNAVAILABLE;
    }
    return said.contains("invalid_request") ? ErrorKind.BAD_REQUEST : ErrorKind.UPSTREAM_ERROR;
  }
}
