package io.tracepipe.anomaly.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file of stored expectations from the test resources: {@code #} lines are comments,
 * the first other line names the columns, fields may be quoted with {@code "}.
 */
public final class ExpectationTable {

    /** One row, by column name, with the line it came from for failure messages. */
    public record Row(int line, Map<String, String> values) {
        public String get(String column) {
            String value = values.get(column);
            if (value == null) {
                throw new IllegalArgumentException("no column '" + column + "' in " + values.keySet());
            }
            return value;
        }

        public int integer(String column) {
            return Integer.parseInt(get(column));
        }

        public long longValue(String column) {
            return Long.parseLong(get(column));
        }

        public double number(String column) {
            return Double.parseDouble(get(column));
        }

        @Override
        public String toString() {
            return "line " + line + " " + values;
        }
    }

    private ExpectationTable() {}

    public static List<Row> read(String resource) {
        InputStream in = ExpectationTable.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Row> rows = new ArrayList<>();
            List<String> header = null;
            String text;
            int line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(text, line);
                if (header == null) {
                    header = fields;
                    continue;
                }
                if (fields.size() != header.size()) {
                    throw new IllegalArgumentException(resource + " line " + line + ": " + fields.size()
                            + " fields, the header has " + header.size());
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), fields.get(i));
                }
                rows.add(new Row(line, values));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String text, int line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + line + ": unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
