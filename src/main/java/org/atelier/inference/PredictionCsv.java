package org.atelier.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.atelier.data.FashionClass;

/**
 * The CSV that `predict` writes, in one process or on Spark, so that the two files join on id and
 * compare value for value: RFC 4180 (comma-separated, a field with a comma, quote, carriage return
 * or line feed is quoted, and a quote inside it doubled), `\n` line ends, probabilities with six
 * decimals in a locale-free format.
 */
public final class PredictionCsv {
    private PredictionCsv() {}

    /** id, label, class, probability, the ten class names, then any further columns; lines come without their line end. */
    public static String header(String... more) {
        List<String> columns = new ArrayList<>(List.of("id", "label", "class", "probability"));
        columns.addAll(FashionClass.displayNames());
        columns.addAll(Arrays.asList(more));
        return line(columns);
    }

    /** A predicted input's row, then the further columns' values (null for an empty field). */
    public static String row(Prediction p, String... more) {
        List<String> fields = new ArrayList<>(List.of(p.id(), String.valueOf(p.label()), p.className(), number(p.probability())));
        for (float v : p.probabilities()) {
            fields.add(number(v));
        }
        fields.addAll(Arrays.asList(more));
        return line(fields);
    }

    /** The row of an input with no prediction: its id, empty prediction fields, then the further columns' values. */
    public static String unpredicted(String id, String... more) {
        List<String> fields = new ArrayList<>();
        fields.add(id);
        for (int i = 0; i < 3 + FashionClass.COUNT; i++) {
            fields.add(null);
        }
        fields.addAll(Arrays.asList(more));
        return line(fields);
    }

    /** The header and one row for each prediction. */
    public static String of(List<Prediction> predictions) {
        StringBuilder csv = new StringBuilder(header()).append('\n');
        for (Prediction p : predictions) {
            csv.append(row(p)).append('\n');
        }
        return csv.toString();
    }

    /** A probability as the CSV writes it: six decimals, a point, never an exponent (1.5E-7 is 0.000000). */
    public static String number(float v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** One field, quoted when RFC 4180 asks for it; null is an empty field. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            line.append(i == 0 ? "" : ",").append(field(fields.get(i)));
        }
        return line.toString();
    }
}
