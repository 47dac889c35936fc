package dev.pxelab.runtime.event;

/**
 * Client-supplied text made fit for a log line or an event summary: control characters and
 * Unicode line breaks escaped (a newline in an installer's description must not forge a log
 * line), and anything longer than asked cut, saying how much was left out.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with control characters escaped and at most {@code max} characters of it kept; null stays null. */
    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        int keep = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > keep) {
            out.append("...(").append(text.length() - keep).append(" more characters)");
        }
        return out.toString();
    }
}
