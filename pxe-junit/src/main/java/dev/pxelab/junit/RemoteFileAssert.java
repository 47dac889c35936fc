package dev.pxelab.junit;

/** The content of a file on a target, read once over SSH by {@link TargetAssert#hasFile(String)}. */
public class RemoteFileAssert {

    private final TargetAssert target;
    private final String path;
    private final String content;

    RemoteFileAssert(TargetAssert target, String path, String content) {
        this.target = target;
        this.path = path;
        this.content = content;
    }

    /** The file holds exactly {@code expected}, ignoring a trailing newline on either side. */
    public RemoteFileAssert withContent(String expected) {
        if (!strip(content).equals(strip(expected))) {
            target.fail("Expected " + path + " on " + target.who() + " to contain exactly:\n" + expected
                    + "\nbut it contains:\n" + content);
        }
        return this;
    }

    public RemoteFileAssert containing(String text) {
        if (!content.contains(text)) {
            target.fail("Expected " + path + " on " + target.who() + " to contain '" + text + "', but it contains:\n"
                    + content);
        }
        return this;
    }

    /** Back to the target, for more assertions on it. */
    public TargetAssert and() {
        return target;
    }

    private static String strip(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
