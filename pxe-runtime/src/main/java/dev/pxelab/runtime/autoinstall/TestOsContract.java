package dev.pxelab.runtime.autoinstall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What pxelab's test OS does with each autoinstall section, read from the contract its installer
 * reads too ({@code assets/src/testos/initrd/usr/lib/testos/contract.yaml}, on the classpath as
 * {@value #RESOURCE}): the validator and the installer cannot disagree about a section.
 */
final class TestOsContract {

    static final String RESOURCE = "dev/pxelab/testos/contract.yaml";

    /** What happens to a section. */
    enum Fate { HONOURED, IGNORED, REFUSED }

    /**
     * @param keys        the sub-keys the test OS understands, or empty when it does not narrow them
     * @param ignoredKeys those of {@code keys} accepted without effect (a warning each)
     * @param flavours    the flavours that honour or ignore the section, or empty for all of them;
     *                    the others refuse it
     * @param why         shown to the user: what the fate means for this section
     */
    record Section(String name, Fate fate, List<String> keys, List<String> ignoredKeys, List<String> flavours,
                   String why) {

        /** The fate on one flavour: a section only some flavours honour is refused by the others. */
        Fate fate(String flavour) {
            return fate != Fate.REFUSED && !flavours.isEmpty() && !flavours.contains(flavour) ? Fate.REFUSED : fate;
        }
    }

    private static final TestOsContract LOADED = load();

    private final Map<String, Section> sections;
    private final Map<String, List<String>> userDataKeys;

    private TestOsContract(Map<String, Section> sections, Map<String, List<String>> userDataKeys) {
        this.sections = sections;
        this.userDataKeys = userDataKeys;
    }

    static TestOsContract get() {
        return LOADED;
    }

    Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** The sections {@code flavour} honours, in the contract's order. */
    List<String> honoured(String flavour) {
        return sections.values().stream().filter(s -> s.fate(flavour) == Fate.HONOURED).map(Section::name).toList();
    }

    /** The cloud-config keys a flavour's first boot applies, or empty when it runs the real cloud-init. */
    Optional<List<String>> userDataKeys(String flavour) {
        return Optional.ofNullable(userDataKeys.get(flavour));
    }

    @SuppressWarnings("unchecked")
    private static TestOsContract load() {
        try (InputStream in = TestOsContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the test OS contract " + RESOURCE + " is not on the classpath");
            }
            Map<String, Object> root = new Yaml(new LoaderOptions()).load(in);
            Map<String, Section> sections = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) root.get("sections")).forEach((name, fields) -> sections.put(name,
                    new Section(name, Fate.valueOf(String.valueOf(fields.get("fate")).toUpperCase()),
                            List.copyOf((List<String>) fields.getOrDefault("keys", List.of())),
                            List.copyOf((List<String>) fields.getOrDefault("ignored-keys", List.of())),
                            List.copyOf((List<String>) fields.getOrDefault("flavours", List.of())),
                            (String) fields.get("why"))));
            Map<String, List<String>> userData = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) root.getOrDefault("flavours", Map.of())).forEach((flavour, fields) -> {
                if (fields.get("user-data") instanceof List<?> keys) {
                    userData.put(flavour, List.copyOf((List<String>) keys));
                }
            });
            return new TestOsContract(Collections.unmodifiableMap(sections), Map.copyOf(userData));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test OS contract " + RESOURCE, e);
        }
    }
}
