package dev.pxelab.runtime.autoinstall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One file per case under src/test/resources/autoinstall/rules: each states the rule it is about,
 * the verdict Ubuntu's installer gives ({@code # installer: accepts|rejects}), why (the schema path
 * or installer code path), and for a rejected file where the error is. pxelab must reach the same
 * verdict, and every rule needs a case on each side of it.
 */
class InstallerRulesCorpusTest {

    /** The installer's rules and where each comes from: autoinstall-schema.json paths, or subiquity code. */
    static final Map<String, String> RULES = rules(
            "version", "version: integer, minimum 1, maximum 1; required [version]",
            "null-sections", "controller.setup_autoinstall: a section is validated only when not null (base schema keys always)",
            "top-level-keys", "server _enforce_top_level_keys: unknown top-level keys warn in version 1, fail in 2",
            "identity-closed", "identity.additionalProperties: false",
            "identity-required", "identity.required: [username, hostname, password]",
            "identity-needed", "identity controller: identity unless user-data, a non-server source, reset-partition-only or interactive",
            "keyboard-closed", "keyboard.additionalProperties: false",
            "keyboard-layout", "keyboard.required: [layout]",
            "refresh-installer-closed", "refresh-installer.additionalProperties: false",
            "kernel-crash-dumps", "kernel-crash-dumps.required: [enabled], additionalProperties: false, enabled: [boolean, null]",
            "snaps-items", "snaps.items.required: [name], additionalProperties: false",
            "active-directory-closed", "active-directory.additionalProperties: false (admin-name, domain-name)",
            "netplan-match-closed", "network.ethernets.match.additionalProperties: false (name, macaddress, driver)",
            "network-version", "network.oneOf: version integer, minimum 2, maximum 2 (or wrapped in network:)",
            "apt-preferences", "apt.preferences.items.required: [package, pin, pin-priority]; pin-priority: integer",
            "apt-enums", "apt.fallback.enum, apt.disable_components.items.enum",
            "apt-mirror-selection", "apt.mirror-selection.primary.items.anyOf: const country-mirror, or required [uri]",
            "oem-install", "oem.required: [install]; oem.install.oneOf: boolean, const auto",
            "kernel-one-of", "kernel.oneOf: required [package], required [flavor]",
            "updates-enum", "updates.enum: [security, all]",
            "shutdown-enum", "shutdown.enum: [reboot, poweroff]",
            "commands", "early-commands, late-commands, error-commands: array of string or array of strings",
            "reporting-type", "reporting.additionalProperties.required: [type]",
            "interactive-sections", "interactive-sections: array of strings (server base schema)",
            "ubuntu-pro-token", "ubuntu-pro.token: minLength 24, maxLength 30, pattern ^C[1-9A-HJ-NP-Za-km-z]+$",
            "proxy", "proxy.type: [string, null]",
            "zdevs", "zdevs: array; items properties id, enabled (none required)",
            "user-data-type", "user-data.type: object",
            "user-data-cloud-init", "userdata controller: user-data validated with cloud-init's schema",
            "ssh-types", "ssh: install-server, allow-pw boolean; authorized-keys array of strings",
            "codecs-drivers", "codecs.install, drivers.install: boolean",
            "packages", "packages: array of strings",
            "storage-layout-name", "filesystem controller: guided layout names; layout.reset-partition-only is read",
            "autoinstall-file-alone", "server _read_config: no other top-level key beside autoinstall:",
            "misplaced-autoinstall-keys", "server _extract_autoinstall_from_cloud_config: misplaced autoinstall directives",
            "whole-file", "realistic files, several rules at once");

    /** pxelab's own advice: a warning by definition, so it has only accepted cases. */
    static final String ADVICE = "advice";

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pxelabGivesTheInstallersVerdict(String name) throws IOException {
        Case c = Case.read(rules().resolve(name));

        ValidationReport report = c.validate();

        assertThat(c.rule()).as("%s names a known rule", name).isIn(Stream.concat(RULES.keySet().stream(), Stream.of(ADVICE)).toList());
        assertThat(c.because()).as("%s says why", name).isNotBlank();
        if (c.installerAccepts()) {
            assertThat(report.errors()).as("%s is accepted by the installer: %s", name, c.because()).isEmpty();
            c.warningAt().ifPresent(keyPath -> assertThat(report.warnings()).as("%s: pxelab warns at %s", name, keyPath)
                    .extracting(Problem::keyPath).contains(keyPath));
        } else {
            assertThat(report.isValid()).as("%s is rejected by the installer: %s", name, c.because()).isFalse();
            c.errorAt().ifPresent(keyPath -> assertThat(report.errors()).as("%s: the error is at %s", name, keyPath)
                    .extracting(Problem::keyPath).contains(keyPath));
        }
    }

    @Test
    void everyRuleHasACaseOnEachSide() throws IOException {
        Map<String, int[]> sides = counts();

        assertThat(sides.keySet()).as("rules with cases").containsAll(RULES.keySet());
        RULES.keySet().forEach(rule -> assertThat(sides.get(rule)).as("accepted and rejected cases of %s", rule)
                .satisfies(n -> assertThat(n[0]).isPositive(), n -> assertThat(n[1]).isPositive()));
        assertThat(sides.values().stream().mapToInt(n -> n[0] + n[1]).sum()).as("cases in all").isGreaterThanOrEqualTo(60);
        // The table in docs/validate.md and the closing note of issue 12 come from this line.
        sides.forEach((rule, n) -> System.out.printf("rule %-28s accepted %2d  rejected %2d  %s%n", rule, n[0], n[1],
                RULES.getOrDefault(rule, "pxelab's advice (warnings)")));
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(rules())) {
            return files.map(path -> path.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static Map<String, int[]> counts() throws IOException {
        Map<String, int[]> sides = new TreeMap<>();
        for (String name : cases().toList()) {
            Case c = Case.read(rules().resolve(name));
            sides.computeIfAbsent(c.rule(), r -> new int[2])[c.installerAccepts() ? 0 : 1]++;
        }
        return sides;
    }

    static Path rules() {
        return AutoinstallCorpusTest.corpus().resolve("rules");
    }

    private static Map<String, String> rules(String... idsAndSources) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (int i = 0; i < idsAndSources.length; i += 2) {
            rules.put(idsAndSources[i], idsAndSources[i + 1]);
        }
        return rules;
    }

    /** A case file and the statements in its header comments. */
    record Case(Path path, String content) {

        static Case read(Path path) throws IOException {
            return new Case(path, Files.readString(path, StandardCharsets.UTF_8));
        }

        ValidationReport validate() {
            return AutoinstallValidator.create().validate(path.getFileName().toString(), content);
        }

        String rule() {
            return directive("# rule: ").orElseThrow(() -> new IllegalStateException(path + " names no rule"));
        }

        boolean installerAccepts() {
            String verdict = directive("# installer: ").orElseThrow(() -> new IllegalStateException(path + " has no verdict"));
            assertThat(verdict).as("%s: installer verdict", path.getFileName()).isIn("accepts", "rejects");
            return verdict.equals("accepts");
        }

        String because() {
            return directive("# because: ").orElse("");
        }

        Optional<String> errorAt() {
            return directive("# error at: ");
        }

        Optional<String> warningAt() {
            return directive("# warning at: ");
        }

        private Optional<String> directive(String prefix) {
            List<String> lines = content.lines().filter(line -> line.startsWith(prefix)).toList();
            return lines.stream().map(line -> line.substring(prefix.length()).strip()).findFirst();
        }
    }
}
