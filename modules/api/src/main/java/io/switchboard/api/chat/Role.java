package io.switchboard.api.chat;

/** Who said a message. Tool results travel as {@link Part.ToolResult} parts of a {@code USER} message. */
public enum Role {
  USER, ASSISTANT
}
