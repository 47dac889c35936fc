package dev.pxelab.runtime.autoinstall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks {@code user-data} for Ubuntu's autoinstall before anything boots, in milliseconds.
 *
 * <p>The file is read the way the installer reads it (YAML 1.1: an unquoted {@code yes} is a
 * boolean), keeping the line and column of every node. Accepted forms:
 * <ul>
 *   <li>{@code #cloud-config} with an {@code autoinstall:} section (what the installer fetches over NoCloud);</li>
 *   <li>an autoinstall file without the header, wrapped in {@code autoinstall:} or bare
 *       ({@code version: 1} at the top level), as subiquity accepts as autoinstall.yaml on the medium;</li>
 *   <li>a {@code #cloud-config} without {@code autoinstall:}: checked as cloud-config, with a warning
 *       that it installs nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * ValidationReport report = AutoinstallValidator.forProfile(ValidationProfile.PXELAB_TEST_OS)
 *         .validate(Path.of("src/test/resources/autoinstall/web.yaml"));
 * if (!report.isValid()) throw new IllegalStateException(String.join("\n", report.lines()));
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class AutoinstallValidator {

    /** Autoinstall keys that cloud-init ignores at the top level of a plain cloud-config. */
    private static final Set<String> AUTOINSTALL_ONLY_KEYS = Set.of("version", "identity", "storage", "early-commands",
            "late-commands", "error-commands", "interactive-sections", "refresh-installer", "shutdown", "user-data",
            "kernel", "codecs", "drivers", "oem", "source");

    /** For problems about the whole file (line and column 0). */
    private static final Mark NOWHERE = null;

    private final ValidationProfile profile;

    private AutoinstallValidator(ValidationProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** Validates for Ubuntu's installer. */
    public static AutoinstallValidator create() {
        return new AutoinstallValidator(ValidationProfile.UBUNTU);
    }

    public static AutoinstallValidator forProfile(ValidationProfile profile) {
        if (profile == ValidationProfile.DEBIAN_PRESEED) {
            throw new IllegalArgumentException("a preseed file is no autoinstall: use PreseedValidator");
        }
        return new AutoinstallValidator(profile);
    }

    public ValidationProfile profile() {
        return profile;
    }

    /**
     * Validates a file; the report names it as given.
     *
     * @throws UncheckedIOException when the file cannot be read (a missing file is the caller's
     *                              mistake, not a problem of the file)
     */
    public ValidationReport validate(Path file) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            Findings findings = new Findings(file.toString());
            findings.add(Severity.ERROR, NOWHERE, "", "not UTF-8 text", "a UTF-8 YAML file", null);
            return new ValidationReport(file.toString(), DocumentKind.UNRECOGNISED, profile, findings.sorted());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return validate(file.toString(), content);
    }

    /** Validates content; {@code name} is what problems call the file (e.g. web.yaml). */
    public ValidationReport validate(String name, String content) {
        Findings findings = new Findings(name);
        DocumentKind kind = check(content, findings);
        return new ValidationReport(name, kind, profile, findings.sorted());
    }

    private DocumentKind check(String content, Findings findings) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        // cloud-init goes by the start of the first line; #cloud-config-archive and -jsonp are other formats.
        boolean cloudConfig = text.startsWith("#cloud-config") && !text.startsWith("#cloud-config-");
        Node root;
        try {
            root = compose(text);
        } catch (MarkedYAMLException e) {
            findings.add(Severity.ERROR, e.getProblemMark(), "", syntaxMessage(e), null, null);
            return DocumentKind.UNRECOGNISED;
        } catch (YAMLException e) {
            findings.add(Severity.ERROR, NOWHERE, "", "not readable as YAML: " + e.getMessage(),
                    "valid YAML", null);
            return DocumentKind.UNRECOGNISED;
        }
        if (root == null && !cloudConfig) {
            findings.add(Severity.ERROR, NOWHERE, "", "the file is empty",
                    "#cloud-config with an autoinstall: section", null);
            return DocumentKind.UNRECOGNISED;
        }
        if (root != null && !(root instanceof MappingNode)) {
            findings.error(root, "", "the document is " + Nodes.describe(root), "a mapping (key: value lines)", null);
            return DocumentKind.UNRECOGNISED;
        }
        MappingNode document = (MappingNode) root;
        Nodes.Entry autoinstall = document == null ? null : Nodes.entries(document).get("autoinstall");
        if (cloudConfig && autoinstall != null) {
            new ShapeChecker(findings).check(CloudConfigModel.CLOUD_CONFIG, document, "", document);
            misplacedAutoinstallKeys(document, findings);
            checkAutoinstall(autoinstall.value(), "autoinstall", autoinstall.key(), findings);
            return DocumentKind.CLOUD_CONFIG_WITH_AUTOINSTALL;
        }
        if (cloudConfig) {
            checkPlainCloudConfig(document, findings);
            return DocumentKind.PLAIN_CLOUD_CONFIG;
        }
        if (autoinstall != null) {
            for (Nodes.Entry other : Nodes.entries(document).values()) {
                if (!other.name().equals("autoinstall")) {
                    // subiquity's server, reading autoinstall.yaml: "No other keys may be present alongside
                    // 'autoinstall' at the top level" (a fatal AutoinstallValidationError).
                    findings.error(other.key(), other.name(), "an autoinstall file with an autoinstall: key may have no"
                            + " other top-level key", "only autoinstall: at the top level",
                            "move it under autoinstall:, or start the file with #cloud-config to make it cloud-config");
                }
            }
            notNoCloud(document, findings);
            checkAutoinstall(autoinstall.value(), "autoinstall", autoinstall.key(), findings);
            return DocumentKind.AUTOINSTALL_FILE;
        }
        if (Nodes.get(document, "version") != null) {
            notNoCloud(document, findings);
            checkAutoinstall(document, "", document, findings);
            return DocumentKind.BARE_AUTOINSTALL;
        }
        findings.error(document, "", "neither #cloud-config nor an autoinstall document",
                "#cloud-config as the first line, or a top-level version: 1 (bare autoinstall)",
                "user-data for the installer starts with the line #cloud-config and has an autoinstall: section");
        return DocumentKind.UNRECOGNISED;
    }

    private void checkAutoinstall(Node autoinstall, String path, Node anchor, Findings findings) {
        new ShapeChecker(findings).check(AutoinstallModel.AUTOINSTALL, autoinstall, path, anchor);
        if (autoinstall instanceof MappingNode mapping) {
            CrossChecks.check(mapping, path, anchor, findings);
            if (profile.testOsFlavour() != null) {
                TestOsSupport.check(mapping, path, profile.testOsFlavour(), findings);
            }
        }
    }

    private void checkPlainCloudConfig(MappingNode document, Findings findings) {
        // For Ubuntu a warning, not an error: the file is fine for an installed system's cloud-init, but
        // given to the installer it installs nothing unattended, which in a CI pipeline is almost always
        // a mistake. The test OS has no interactive mode: there it cannot work at all.
        Severity severity = profile.testOsFlavour() != null ? Severity.ERROR : Severity.WARNING;
        findings.add(severity, NOWHERE, "autoinstall",
                "no autoinstall section: this cloud-config configures an installed system but installs nothing", null,
                "given to the installer it would ask its questions interactively; add autoinstall: with version: 1");
        if (document == null) {
            return;
        }
        new ShapeChecker(findings).check(CloudConfigModel.CLOUD_CONFIG, document, "", document);
        for (Nodes.Entry entry : Nodes.entries(document).values()) {
            if (AUTOINSTALL_ONLY_KEYS.contains(entry.name())) {
                findings.warning(entry.key(), entry.name(), "an autoinstall key at the top level of a cloud-config;"
                        + " cloud-init ignores it", null, "move it under autoinstall:");
            }
        }
    }

    /**
     * Autoinstall keys beside {@code autoinstall:} in a cloud-config: cloud-init does not know them,
     * and the installer (subiquity since 24.04, extracting autoinstall from cloud-config) fails with
     * "Misplaced autoinstall directives" rather than ignore them.
     */
    private static void misplacedAutoinstallKeys(MappingNode document, Findings findings) {
        for (Nodes.Entry entry : Nodes.entries(document).values()) {
            if (AUTOINSTALL_ONLY_KEYS.contains(entry.name())) {
                findings.error(entry.key(), entry.name(), "an autoinstall key outside autoinstall:; the installer rejects"
                        + " misplaced autoinstall keys", "autoinstall keys under autoinstall:", "move it under autoinstall:");
            }
        }
    }

    /** The test OS, like Ubuntu's netboot, reads user-data over NoCloud, where only #cloud-config counts. */
    private void notNoCloud(MappingNode document, Findings findings) {
        if (profile.testOsFlavour() != null) {
            findings.error(document, "", "no #cloud-config header: the pxelab test OS reads user-data over NoCloud,"
                    + " where cloud-init ignores anything else", "#cloud-config as the first line and an autoinstall: section",
                    "start the file with #cloud-config and put the autoinstall keys under autoinstall:");
        }
    }

    /**
     * The node tree with marks, composed but not constructed; the same as {@code new Yaml().compose(..)}
     * without building the constructor and representer that composing never uses (most of the cost).
     */
    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
        return composer.getSingleNode();
    }

    /** SnakeYAML's problem and context without its source excerpt (the location is reported separately). */
    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String context = e.getContext();
        if (context == null) {
            return "YAML syntax error: " + problem;
        }
        Mark start = e.getContextMark();
        String where = start == null ? "" : " (line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1) + ")";
        return "YAML syntax error: " + context + where + ", " + problem;
    }
}
