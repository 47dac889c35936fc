package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.lab.TargetDefinition;
import dev.pxelab.runtime.net.MacAddress;
import dev.pxelab.runtime.boot.Firmware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/** How @TargetVm declarations anywhere in a class become the targets of its one lab. */
class TargetDeclarationsTest {

    static class FieldsAndParameters {
        @TargetVm(mac = "52:54:00:00:00:01", hostname = "web-1", userData = "userdata/web.yaml")
        static Target web;

        @TargetVm(mac = "52:54:00:00:00:02", firmware = Firmware.UEFI, memory = 768, address = "192.168.105.20")
        Target db;

        void usesWebAgain(@TargetVm(mac = "52:54:00:00:00:01", hostname = "web-1", userData = "userdata/web.yaml")
                          Target sameWeb) {
        }

        void usesAThirdOne(@TargetVm(mac = "52-54-00-00-00-03") Target cache) {
        }
    }

    @Test
    void staticFieldsInstanceFieldsAndParametersAllBelongToTheOneLab() {
        TargetDeclarations declarations = TargetDeclarations.scan(FieldsAndParameters.class);

        assertThat(declarations.targets()).extracting(TargetDefinition::mac).containsExactlyInAnyOrder(
                MacAddress.of("52:54:00:00:00:01"), MacAddress.of("52:54:00:00:00:02"),
                MacAddress.of("52:54:00:00:00:03"));
        assertThat(declarations.fields()).extracting("name").containsExactlyInAnyOrder("web", "db");
    }

    @Test
    void attributesBecomeTheTargetsSettingsAndResourcesAreRead() {
        TargetDeclarations declarations = TargetDeclarations.scan(FieldsAndParameters.class);
        TargetDefinition web = config(declarations, "52:54:00:00:00:01");
        TargetDefinition db = config(declarations, "52:54:00:00:00:02");

        assertThat(web.hostname()).isEqualTo("web-1");
        assertThat(web.userData().origin()).isEqualTo("classpath:userdata/web.yaml");
        assertThat(web.userData().content()).contains("hostname: web-1");
        assertThat(db.machine().firmware()).isEqualTo(Firmware.UEFI);
        assertThat(db.machine().memoryMib()).isEqualTo(768);
        assertThat(db.address()).isEqualTo("192.168.105.20");
        assertThat(db.userData()).as("no user-data of its own: the lab's generic one").isNull();
    }

    private static TargetDefinition config(TargetDeclarations declarations, String mac) {
        return declarations.targets().stream().filter(t -> t.mac().equals(MacAddress.of(mac))).findFirst().orElseThrow();
    }

    @Test
    void aParameterDeclaredLikeTheFieldRefersToTheFieldsTarget() throws Exception {
        TargetDeclarations declarations = TargetDeclarations.scan(FieldsAndParameters.class);
        var parameter = FieldsAndParameters.class.getDeclaredMethod("usesWebAgain", Target.class).getParameters()[0];

        MacAddress mac = declarations.targetFor(parameter.getAnnotation(TargetVm.class),
                TargetDeclarations.describe(parameter), ParameterResolutionException::new);

        assertThat(mac).isEqualTo(MacAddress.of("52:54:00:00:00:01"));
    }

    static class MacOnlyParameter {
        @TargetVm(mac = "52:54:00:00:00:01", hostname = "web-1", userData = "userdata/web.yaml")
        static Target web;

        void test(@TargetVm(mac = "52:54:00:00:00:01") Target sameWeb) {
        }
    }

    @Test
    void aParameterNamingOnlyTheMacOfAFieldRefersToThatMachineWithoutRepeatingItsUserData() throws Exception {
        TargetDeclarations declarations = TargetDeclarations.scan(MacOnlyParameter.class);
        var parameter = MacOnlyParameter.class.getDeclaredMethod("test", Target.class).getParameters()[0];

        assertThat(declarations.targets()).singleElement().satisfies(web -> {
            assertThat(web.hostname()).isEqualTo("web-1");
            assertThat(web.userData().origin()).isEqualTo("classpath:userdata/web.yaml");
        });
        assertThat(declarations.targetFor(parameter.getAnnotation(TargetVm.class), TargetDeclarations.describe(parameter),
                ParameterResolutionException::new)).isEqualTo(MacAddress.of("52:54:00:00:00:01"));
    }

    static class SameMacTwoSettings {
        @TargetVm(mac = "52:54:00:00:00:01", hostname = "web-1")
        static Target web;

        void test(@TargetVm(mac = "52:54:00:00:00:01", hostname = "web-2") Target other) {
        }
    }

    @Test
    void oneMacWithTwoDifferentSettingsIsAnErrorNamingBothPlaces() {
        assertThatThrownBy(() -> TargetDeclarations.scan(SameMacTwoSettings.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("target 52:54:00:00:00:01 is declared twice with different settings: on static field"
                        + " SameMacTwoSettings.web and on parameter 0 of SameMacTwoSettings.test(); one MAC is one"
                        + " machine, so declare it identically or use another MAC");
    }

    static class MalformedMac {
        @TargetVm(mac = "52:54:00:00:01")
        Target web;
    }

    @Test
    void aMalformedMacNamesTheFieldAndSaysWhatAMacLooksLike() {
        assertThatThrownBy(() -> TargetDeclarations.scan(MalformedMac.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@TargetVm on field MalformedMac.web: '52:54:00:00:01' is not a MAC address: expected six"
                        + " hex pairs separated by ':' or '-', e.g. 52:54:00:12:34:56");
    }

    static class MissingUserData {
        @TargetVm(mac = "52:54:00:00:00:01", userData = "userdata/nope.yaml")
        static Target web;
    }

    @Test
    void aMissingResourceNamesTheMacTheFieldAndWhereItLooked() {
        assertThatThrownBy(() -> TargetDeclarations.scan(MissingUserData.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@TargetVm(mac = 52:54:00:00:00:01) on static field MissingUserData.web:"
                        + " userData 'userdata/nope.yaml' is neither a classpath resource nor a file")
                .hasMessageContaining("nope.yaml does not exist");
    }

    static class ClashingAddresses {
        @TargetVm(mac = "52:54:00:00:00:01", address = "192.168.105.20")
        static Target web;

        @TargetVm(mac = "52:54:00:00:00:02", address = "192.168.105.20")
        static Target db;
    }

    @Test
    void twoTargetsWantingOneAddressIsAnError() {
        assertThatThrownBy(() -> TargetDeclarations.scan(ClashingAddresses.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("targets 52:54:00:00:00:0")
                .hasMessageContaining("52:54:00:00:00:01 (static field ClashingAddresses.web)")
                .hasMessageContaining("52:54:00:00:00:02 (static field ClashingAddresses.db)")
                .hasMessageEndingWith("both want address 192.168.105.20");
    }

    static class WrongType {
        void test(@TargetVm(mac = "52:54:00:00:00:01") String web) {
        }
    }

    @Test
    void aTargetVmOnSomethingElseThanATargetIsAnError() {
        assertThatThrownBy(() -> TargetDeclarations.scan(WrongType.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@TargetVm(mac = 52:54:00:00:00:01) on parameter 0 of WrongType.test(): the type must be"
                        + " dev.pxelab.runtime.lab.Target, not java.lang.String");
    }

    static class FinalField {
        @TargetVm(mac = "52:54:00:00:00:01")
        final Target web = null;
    }

    @Test
    void aFinalFieldCannotBeAssigned() {
        assertThatThrownBy(() -> TargetDeclarations.scan(FinalField.class))
                .hasMessage("@TargetVm(mac = 52:54:00:00:00:01) on field FinalField.web: the field must not be final,"
                        + " pxelab assigns it");
    }

    static class Base {
        @TargetVm(mac = "52:54:00:00:00:01")
        static Target inherited;
    }

    static class Sub extends Base {
        @TargetVm(mac = "52:54:00:00:00:02")
        Target own;
    }

    @Test
    void fieldsOfSuperclassesCount() {
        assertThat(TargetDeclarations.scan(Sub.class).targets()).extracting(t -> t.mac().value())
                .containsExactlyInAnyOrder("52:54:00:00:00:01", "52:54:00:00:00:02");
    }
}
