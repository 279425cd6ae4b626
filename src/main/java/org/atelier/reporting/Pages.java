package org.atelier.reporting;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Locale;
import org.atelier.util.Stylesheet;

/**
 * Atelier's HTML pages, made by jte templates (src/main/jte) compiled with the build, which escape
 * every value they are given; the one stylesheet they all share; and numbers as the pages write
 * them, in one locale whatever the machine's (a German default must not turn 91.04% into 91,04%).
 */
public final class Pages {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Pages() {}

    /** The page the template {@code name} (e.g. "reporting/run.jte") makes of {@code model}. */
    public static String render(String name, Object model) {
        StringOutput out = new StringOutput();
        ENGINE.render(name, model, out);
        return out.toString();
    }

    /** The stylesheet every page inlines, the server's pages' own. */
    public static String css() {
        return Stylesheet.text();
    }

    /** A share as a percentage with two decimals, "91.04%"; "-" where not measured. */
    public static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    /** A whole number with thousands separators, "225,034". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Compute in TFLOP as pages show it: two decimals below 10 (0.05, 7.58), whole above (8,573). */
    public static String tflop(double v) {
        return number(v, v < 10 ? 2 : 0);
    }

    /** A number with {@code decimals} decimals and thousands separators; "-" where not measured. */
    public static String number(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** A small or large number to three significant digits, as a learning rate is read: "0.002", "1.56e-05". */
    public static String rate(double v) {
        // trailing zeros of the fraction only: 100 stays 100, 0.00100 is 0.001
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
    }
}
