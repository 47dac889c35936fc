package dev.pxelab.runtime.lab;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One poll of cloud-init on an installed system, cheap enough to repeat while cloud-init runs.
 *
 * <p>{@code cloud-init status} is a Python process that imports most of cloud-init: 3-4 s of CPU
 * under TCG, on a one-CPU guest whose cloud-init stages are themselves such processes. Asked every
 * two seconds it took about half the guest's CPU from the stages it waited for. So the poll asks
 * the shell for cloud-init's own marker files, and cloud-init itself only when they cannot decide:
 *
 * <ul>
 *   <li>{@code /run/cloud-init/result.json} is written once, by the last stage, with every
 *       stage's errors; it is what {@code cloud-init status --wait} waits for. Its errors decide
 *       done or error.</li>
 *   <li>While it is missing and the generator marked cloud-init enabled for this boot
 *       ({@code /run/cloud-init/enabled}, no {@code /etc/cloud/cloud-init.disabled}), cloud-init
 *       is still to run or running.</li>
 *   <li>Anything else (disabled by the kernel command line or the generator, a system without
 *       systemd's generator) goes to {@code cloud-init status}, which knows its own rules.</li>
 * </ul>
 */
record CloudInitPoll(State state, List<String> errors) {

    enum State { ABSENT, RUNNING, DONE, DISABLED, ERROR }

    /** Prints one of: "status: absent", "status: running", "result.json:" + the file, or cloud-init's status. */
    static final String COMMAND = "if ! command -v cloud-init >/dev/null 2>&1; then echo 'status: absent';"
            + " elif [ -e /run/cloud-init/result.json ]; then echo 'result.json:'; cat /run/cloud-init/result.json;"
            + " elif [ -e /run/cloud-init/enabled ] && [ ! -e /etc/cloud/cloud-init.disabled ]; then echo 'status: running';"
            + " else cloud-init status 2>&1; fi";

    CloudInitPoll {
        errors = List.copyOf(errors);
    }

    boolean finished() {
        return state != State.RUNNING;
    }

    static CloudInitPoll parse(String output) {
        int result = output.indexOf("result.json:");
        if (result >= 0) {
            return fromResultJson(output.substring(result + "result.json:".length()));
        }
        String status = output.lines().filter(l -> l.startsWith("status:"))
                .map(l -> l.substring("status:".length()).strip()).findFirst().orElse("");
        return switch (status) {
            case "absent" -> new CloudInitPoll(State.ABSENT, List.of());
            case "done" -> new CloudInitPoll(State.DONE, List.of());
            case "disabled" -> new CloudInitPoll(State.DISABLED, List.of());
            case "error" -> new CloudInitPoll(State.ERROR, List.of());
            default -> new CloudInitPoll(State.RUNNING, List.of()); // "running", "not run", or no answer yet
        };
    }

    /** {@code {"v1": {"datasource": ..., "errors": [...]}}}: JSON, which SnakeYAML reads as YAML. */
    private static CloudInitPoll fromResultJson(String json) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        } catch (RuntimeException e) {
            // Read while cloud-init replaces it: atomic in cloud-init, but a half-read stream is not.
            return new CloudInitPoll(State.RUNNING, List.of());
        }
        if (document instanceof Map<?, ?> top && top.get("v1") instanceof Map<?, ?> v1) {
            List<String> errors = v1.get("errors") instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of();
            return new CloudInitPoll(errors.isEmpty() ? State.DONE : State.ERROR, errors);
        }
        return new CloudInitPoll(State.RUNNING, List.of());
    }
}
