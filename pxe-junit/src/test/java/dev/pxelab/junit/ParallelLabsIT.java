package dev.pxelab.junit;

import static dev.pxelab.junit.PxeAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.provision.HostState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Test classes that JUnit runs in parallel get labs of their own: another bridge, another subnet,
 * their own provisioner, even for the same MAC. Each fixture boots one real machine; both boot at
 * the same time.
 */
class ParallelLabsIT {

    /** What each fixture saw of its machine: its address, and when it got its lease and answered SSH. */
    record Seen(String address, String hostname, Instant leased, Instant booted) {
    }

    static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    static void record(String lab, Target web) {
        SEEN.put(lab, new Seen(web.address().getHostAddress(), web.ssh().run("hostname").stdout().strip(),
                web.status().entered(HostState.DHCP).orElseThrow().time(),
                web.status().entered(HostState.BOOTED).orElseThrow().time()));
    }

    @PxeLab
    static class Blue {
        @TargetVm(mac = "52:54:00:0d:00:01", hostname = "blue")
        static Target web;

        @Test
        void answers() {
            record("blue", web);
        }
    }

    @PxeLab
    static class Green {
        @TargetVm(mac = "52:54:00:0d:00:01", hostname = "green")
        static Target web;

        @Test
        void answers() {
            record("green", web);
        }
    }

    @Test
    void twoClassesAtOnceEachGetALabOfTheirOwnEvenForTheSameMac() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Blue.class), selectClass(Green.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        Seen blue = SEEN.get("blue");
        Seen green = SEEN.get("green");
        assertThat(blue.hostname()).isEqualTo("blue");
        assertThat(green.hostname()).isEqualTo("green");
        assertThat(subnet(blue.address())).as("labs of their own").isNotEqualTo(subnet(green.address()));
        assertThat(blue.leased()).as("both machines were up at once").isBefore(green.booted());
        assertThat(green.leased()).isBefore(blue.booted());
    }

    private static String subnet(String address) {
        return address.substring(0, address.lastIndexOf('.'));
    }
}
