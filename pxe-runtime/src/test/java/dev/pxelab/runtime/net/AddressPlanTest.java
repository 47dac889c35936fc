package dev.pxelab.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPlanTest {

    private final AddressPlan plan = new AddressPlan(Ipv4Subnet.parse("192.168.105.0/24"), 3);

    @Test
    void handsOutConsecutiveSubnetsStartingAtTheSeedPlan() {
        assertThat(plan.allocate()).hasToString("192.168.105.0/24");
        assertThat(plan.allocate()).hasToString("192.168.106.0/24");
        assertThat(plan.allocate()).hasToString("192.168.107.0/24");
    }

    @Test
    void reusesAReleasedSubnetFirst() {
        Ipv4Subnet first = plan.allocate();
        plan.allocate();
        plan.release(first);
        assertThat(plan.allocate()).isEqualTo(first);
    }

    @Test
    void stepsAroundAnExplicitlyReservedSubnet() {
        plan.reserve(Ipv4Subnet.parse("192.168.105.128/25"));
        assertThat(plan.allocate()).hasToString("192.168.106.0/24");
    }

    @Test
    void refusesToReserveASubnetAnotherLabUses() {
        plan.allocate();
        assertThatThrownBy(() -> plan.reserve(Ipv4Subnet.parse("192.168.105.0/16")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("subnet 192.168.0.0/16 overlaps 192.168.105.0/24, which another lab network of this JVM uses");
    }

    @Test
    void saysWhenExhausted() {
        plan.allocate();
        plan.allocate();
        plan.allocate();
        assertThatThrownBy(plan::allocate).hasMessageStartingWith("address plan exhausted: all 3 subnets from 192.168.105.0/24");
    }

    @Test
    void subnetsNormaliseAndNameTheirHosts() {
        Ipv4Subnet s = Ipv4Subnet.parse("192.168.105.77/24");
        assertThat(s).isEqualTo(Ipv4Subnet.parse("192.168.105.0/24"));
        assertThat(s.host(1).getHostAddress()).isEqualTo("192.168.105.1");
        assertThat(s.contains(s.host(254))).isTrue();
        assertThat(s.contains(s.next().host(1))).isFalse();
        assertThatThrownBy(() -> s.host(255)).hasMessage("host 255 is outside 192.168.105.0/24");
        assertThatThrownBy(() -> Ipv4Subnet.parse("192.168.105.1")).hasMessageContaining("expected a.b.c.d/n");
    }
}
