package org.atelier.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import org.atelier.util.Choice;

/**
 * How a setting's value is written by users and read back: the text on a command line or in a
 * grid file, parsed and shown the same way everywhere.
 */
public final class ValueType<T> {
    /** A text that is no value of the type; its message says what was expected, e.g. "'x' is not a whole number". */
    public static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message);
        }
    }

    public static final ValueType<Integer> WHOLE = new ValueType<>("a whole number", text -> {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }, String::valueOf, Kind.VALUE);

    /** What {@link #COUNT_OR_ALL} holds for "all": more than any dataset holds, so a limit of it limits nothing. */
    public static final int ALL = Integer.MAX_VALUE;

    /** A count kept as an int, where "all" means no limit ({@link #ALL}). */
    public static final ValueType<Integer> COUNT_OR_ALL = new ValueType<>("a whole number or all",
            text -> text.strip().equals("all") ? (Integer) ALL : WHOLE.parser.apply(text),
            v -> v == ALL ? "all" : String.valueOf(v), Kind.VALUE);

    public static final ValueType<Long> LONG = new ValueType<>("a whole number", text -> {
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }, String::valueOf, Kind.VALUE);

    public static final ValueType<Double> NUMBER = new ValueType<>("a number", text -> {
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }, ValueType::number, Kind.VALUE);

    /** On or off: help and a run's page say on/off; files may say true/false too (YAML reads an unquoted on as true). */
    public static final ValueType<Boolean> SWITCH = new ValueType<>("on or off (or true or false)", ValueType::bool,
            ValueType::onOff, Kind.SWITCH);

    public static final ValueType<Boolean> NEGATABLE = new ValueType<>("on or off (or true or false)", ValueType::bool,
            ValueType::onOff, Kind.NEGATABLE);

    public static final ValueType<String> WORD = new ValueType<>("a word", text -> text.isBlank() ? null : text.strip(),
            Function.identity(), Kind.VALUE);

    public static final ValueType<Path> PATH = new ValueType<>("a path", text -> {
        try {
            return text.isBlank() ? null : Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }, Path::toString, Kind.VALUE);

    enum Kind { VALUE, SWITCH, NEGATABLE }

    private final String expected;
    private final Function<String, T> parser;
    private final Function<T, String> shower;
    private final Kind kind;

    ValueType(String expected, Function<String, T> parser, Function<T, String> shower, Kind kind) {
        this.expected = expected;
        this.parser = parser;
        this.shower = shower;
        this.kind = kind;
    }

    /** One of a {@link Choice}'s ids. */
    public static <E extends Enum<E> & Choice> ValueType<E> choice(Class<E> type) {
        return new ValueType<>("one of " + Choice.ids(type), text -> Choice.find(type, text.strip()).orElse(null), Choice::id,
                Kind.VALUE);
    }

    public T parse(String text) {
        T value = text == null ? null : parser.apply(text);
        if (value == null) {
            throw new BadValue(kind == Kind.VALUE && expected.startsWith("one of") ? "expected " + expected + ", got '" + text + "'"
                    : "'" + text + "' is not " + expected);
        }
        return value;
    }

    public String show(T value) {
        return shower.apply(value);
    }

    public boolean isSwitch() {
        return kind != Kind.VALUE;
    }

    public boolean negatable() {
        return kind == Kind.NEGATABLE;
    }

    /** What a value of this type is, e.g. "a whole number". */
    public String expected() {
        return expected;
    }

    private static Boolean bool(String text) {
        return switch (text.strip()) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> null;
        };
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** A number as users type it: 0.001, 1e-05 for the small ones, 10 rather than 10.0. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6) {
            return exact.toPlainString();
        }
        // 5e-4 rather than 0.0005: the digits, then the power of ten of the first
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        return (v < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "") + "e" + exponent;
    }
}
