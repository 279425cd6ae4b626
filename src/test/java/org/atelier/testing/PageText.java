package org.atelier.testing;

/** A page's text as a reader sees it: the stylesheet and tags gone, whitespace as single spaces. */
public final class PageText {
    private PageText() {}

    public static String of(String html) {
        return html.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("(?s)<[^>]*>", " ").replace("&minus;", "-")
                .replace("&darr;", "↓").replace("&rarr;", "→").replace("&amp;", "&").replace("&#39;", "'")
                .replace("&quot;", "\"").replaceAll("\\s+", " ").strip();
    }
}
