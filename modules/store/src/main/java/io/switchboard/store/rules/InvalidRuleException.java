package io.switchboard.store.rules;

import java.util.List;

/** A rule definition that does not parse; {@link #errors()} name each bad part ("condition.all[1].regex: ..."). */
public final class InvalidRuleException extends IllegalArgumentException {
  private final List<String> errors;

  public InvalidRuleException(List<String> errors) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
