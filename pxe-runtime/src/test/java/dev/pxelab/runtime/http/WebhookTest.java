package dev.pxelab.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.event.InstallerEvent;
import dev.pxelab.runtime.event.PhoneHomeEvent;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What installers post back: subiquity/curtin's webhook reporter (JSON) and cloud-init's
 * phone_home (a form), each turned into an event on the sink.
 */
class WebhookTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:ab:cd:01");
    static final String JSON = "application/json";

    /** A shortened install as subiquity reports it: json.dumps of curtin's ReportingEvent.as_dict(). */
    static final List<String> CURTIN_EVENTS = List.of(
            """
            {"name": "subiquity/Early/run", "description": "running early commands", "event_type": "start", \
            "origin": "curtin", "timestamp": 1732550000.123456, "level": "INFO"}""",
            """
            {"name": "subiquity/Early/run", "description": "running early commands", "event_type": "finish", \
            "origin": "curtin", "timestamp": 1732550001.5, "level": "INFO", "result": "SUCCESS"}""",
            """
            {"name": "cmd-install/stage-partitioning/builtin/cmd-block-meta", "description": "configuring \
            storage \\u00e9 \\ud83d\\ude80", "event_type": "progress", "origin": "curtin", "timestamp": 1732550002.0, \
            "level": "DEBUG"}""",
            """
            {"name": "cmd-install/stage-curthooks/builtin/cmd-curthooks", "description": "curtin command curthooks", \
            "event_type": "finish", "origin": "curtin", "timestamp": 1732550003.25, "level": "WARN", \
            "result": "WARN", "files": [{"path": "\\/var\\/log\\/curtin\\/install.log", "encoding": "base64", \
            "content": "aW5zdGFsbCBsb2cK"}]}""",
            // pretty-printed with tabs, as a Go or jq reporter might send it
            "{\n\t\"name\": \"subiquity/Install/install\",\n\t\"description\": \"final system configuration\",\n"
                    + "\t\"event_type\": \"finish\",\n\t\"origin\": \"curtin\",\n\t\"timestamp\": 1.73255e9,\n"
                    + "\t\"level\": \"INFO\",\n\t\"result\": \"SUCCESS\"\n}");

    @TempDir static Path work;
    static RunningServer http;

    @BeforeAll
    static void start() {
        http = new RunningServer(work, null);
        http.lab.put(new HostBoot(WEB, "web-1", "127.0.0.1", false, 1, Firmware.BIOS, null, null));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void forget() {
        http.events.clear();
    }

    @Test
    void curtinReportingEventsBecomeInstallerEvents() throws Exception {
        for (String event : CURTIN_EVENTS) {
            Curl.Response answer = http.post("/52:54:00:ab:cd:01/events", JSON, event);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        }

        List<InstallerEvent> events = http.events(InstallerEvent.class).toList();
        assertThat(events).extracting(InstallerEvent::mac, InstallerEvent::name, InstallerEvent::eventType,
                InstallerEvent::result, InstallerEvent::origin).containsExactly(
                tuple(WEB, "subiquity/Early/run", "start", null, "curtin"),
                tuple(WEB, "subiquity/Early/run", "finish", "SUCCESS", "curtin"),
                tuple(WEB, "cmd-install/stage-partitioning/builtin/cmd-block-meta", "progress", null, "curtin"),
                tuple(WEB, "cmd-install/stage-curthooks/builtin/cmd-curthooks", "finish", "WARN", "curtin"),
                tuple(WEB, "subiquity/Install/install", "finish", "SUCCESS", "curtin"));
        assertThat(events.get(0).installerTime()).isEqualTo(1732550000.123456);
        assertThat(events.get(0).level()).isEqualTo("INFO");
        assertThat(events.get(2).description()).isEqualTo("configuring storage \u00e9 \ud83d\ude80");
        assertThat(events.get(4).installerTime()).isEqualTo(1.73255e9);
        assertThat(events.get(4).isFinish()).isTrue();
    }

    @Test
    void theMacInTheWebhookUrlMayBeHyphenatedAndUpperCase() throws Exception {
        http.post("/52-54-00-AB-CD-01/events", JSON, CURTIN_EVENTS.get(1));

        assertThat(http.events(InstallerEvent.class)).singleElement().extracting(InstallerEvent::mac).isEqualTo(WEB);
    }

    @Test
    void brokenJsonIs400WithAMessageAndTheServerKeepsServing() throws Exception {
        Curl.Response broken = http.post("/52:54:00:ab:cd:01/events", JSON, "{\"name\": \"x\", \"event_type\": ");

        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.text()).startsWith("installer event for 52:54:00:ab:cd:01 rejected: body is not valid JSON");
        assertThat(http.events(InstallerEvent.class)).isEmpty();
        assertThat(http.get("/boot.ipxe").status()).isEqualTo(200);
        assertThat(http.post("/52:54:00:ab:cd:01/events", JSON, CURTIN_EVENTS.get(0)).status()).isEqualTo(200);
    }

    @Test
    void jsonThatIsNotAReportingEventIs400SayingWhatIsMissing() throws Exception {
        Curl.Response array = http.post("/52:54:00:ab:cd:01/events", JSON, "[1, 2]");
        Curl.Response noName = http.post("/52:54:00:ab:cd:01/events", JSON, "{\"event_type\": \"start\"}");
        Curl.Response empty = http.post("/52:54:00:ab:cd:01/events", JSON, "");

        assertThat(array.status()).isEqualTo(400);
        assertThat(array.text()).contains("expected a JSON object");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.text()).contains("needs \"name\" and \"event_type\"");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(http.events(InstallerEvent.class)).isEmpty();
    }

    @Test
    void eventsForAnUnknownMacAre404() throws Exception {
        Curl.Response unknown = http.post("/52:54:00:99:99:99/events", JSON, CURTIN_EVENTS.get(0));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).contains("MAC 52:54:00:99:99:99 is not a host of this lab");
        assertThat(http.events(InstallerEvent.class)).isEmpty();
    }

    @Test
    void theWebhookOnlyTakesPost() throws Exception {
        Curl.Response get = http.get("/52:54:00:ab:cd:01/events");

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void cloudInitPhoneHomeBecomesAPhoneHomeEvent() throws Exception {
        // cloud-init's phone_home module: requests.post(url, data={...}), i.e. a urlencoded form
        Curl.Response answer = Curl.run(work,
                "--data-urlencode", "instance_id=pxelab-525400abcd01-1",
                "--data-urlencode", "hostname=web-1",
                "--data-urlencode", "fqdn=web-1.lab.test",
                "--data-urlencode", "pub_key_rsa=ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== root@web-1",
                "--data-urlencode", "pub_key_ecdsa=ecdsa-sha2-nistp256 AAAAE2VjZHNh+/= root@web-1",
                "--data-urlencode", "pub_key_ed25519=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 root@web-1",
                http.url("/52:54:00:ab:cd:01/phone-home"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(http.events(PhoneHomeEvent.class)).singleElement().satisfies(event -> {
            assertThat(event.mac()).isEqualTo(WEB);
            assertThat(event.fields()).containsEntry("instance_id", "pxelab-525400abcd01-1")
                    .containsEntry("hostname", "web-1")
                    .containsEntry("fqdn", "web-1.lab.test")
                    .containsEntry("pub_key_ecdsa", "ecdsa-sha2-nistp256 AAAAE2VjZHNh+/= root@web-1")
                    .containsEntry("pub_key_ed25519", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 root@web-1");
        });
    }

    @Test
    void anEmptyPhoneHomeIs400() throws Exception {
        Curl.Response empty = http.post("/52:54:00:ab:cd:01/phone-home", "application/x-www-form-urlencoded", "");

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("expected a form-encoded body");
        assertThat(http.events(PhoneHomeEvent.class)).isEmpty();
    }
}
