package io.switchboard.admin;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A CSV download: chosen columns of JSON rows, quoted per RFC 4180 and defused against spreadsheet formulas. */
final class CsvExport {
  private CsvExport() {
  }

  /** The rows as an attachment named {@code filename}; a missing value is an empty cell. */
  static Answer of(Call call, String filename, List<String> columns, List<JsonObject> rows) {
    StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\r\n");
    for (JsonObject row : rows) {
      List<String> cells = new ArrayList<>(columns.size());
      for (String column : columns) {
        Object value = row.getValue(column);
        cells.add(cell(value == null ? "" : String.valueOf(value))); // a JSON value prints as its encoding
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    call.ctx().response().putHeader("content-disposition", "attachment; filename=\"" + filename + "\"");
    return new Answer(200, csv.toString(), "text/csv; charset=utf-8");
  }

  /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
  static String cell(String value) {
    String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
