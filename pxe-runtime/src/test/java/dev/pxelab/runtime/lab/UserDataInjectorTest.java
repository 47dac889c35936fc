package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What the lab adds to a user's autoinstall data so that it can follow and reach the installed
 * machine, and that it leaves everything else as the user wrote it.
 */
class UserDataInjectorTest {

    static final String KEY = "ecdsa-sha2-nistp256 AAAAE2VjZHNh pxelab@lab";
    static final String EVENTS = "http://192.168.105.1/52:54:00:00:00:11/events";

    @Test
    void addsTheLabsKeyWebhookAndHostnameNextToWhatTheUserWrote() {
        String injected = UserDataInjector.inject(Document.inline("web.yaml", """
                #cloud-config
                autoinstall:
                  version: 1
                  identity: {username: ops, password: "$6$x$y"}
                  ssh:
                    authorized-keys: [ssh-ed25519 AAAAC3 ops@laptop]
                  reporting:
                    mine: {type: print}
                  network:
                    ethernets:
                      nic: {match: {macaddress: 52:54:00:00:00:11}, dhcp4: yes}
                """), KEY, "web-1", EVENTS);

        // Values stay as written (the MAC stays a plain scalar, yes stays yes); layout becomes block style.
        assertThat(injected).isEqualTo("""
                #cloud-config
                autoinstall:
                  version: 1
                  identity:
                    username: ops
                    password: "$6$x$y"
                    hostname: web-1
                  ssh:
                    authorized-keys:
                    - ssh-ed25519 AAAAC3 ops@laptop
                    - ecdsa-sha2-nistp256 AAAAE2VjZHNh pxelab@lab
                    install-server: true
                  reporting:
                    mine:
                      type: print
                    pxelab:
                      type: webhook
                      endpoint: http://192.168.105.1/52:54:00:00:00:11/events
                  network:
                    ethernets:
                      nic:
                        match:
                          macaddress: 52:54:00:00:00:11
                        dhcp4: yes
                """);
    }

    @Test
    void keepsTheUsersHostnameAndServerChoiceWhenTheTargetDeclaresNoName() {
        String injected = UserDataInjector.inject(Document.inline("bare.yaml", """
                version: 1
                identity: {hostname: db-1, username: ops, password: "$6$x$y"}
                ssh: {install-server: false}
                """), KEY, null, null);

        assertThat(injected).contains("hostname: db-1", "install-server: false", KEY).doesNotContain("reporting");
        assertThat(UserDataInjector.hostname(Document.inline("bare.yaml", injected))).contains("db-1");
        assertThat(UserDataInjector.username(Document.inline("bare.yaml", injected))).contains("ops");
    }

    @Test
    void forRootTheLabAddsOneLateCommandAfterTheUsersOwn() {
        String injected = UserDataInjector.inject(Document.inline("web.yaml", """
                version: 1
                identity: {hostname: web-1, username: ops, password: "$6$x$y"}
                late-commands: ['echo mine > /target/etc/mine']
                """), KEY, null, EVENTS, true);

        assertThat(injected).contains("""
                late-commands:
                - 'echo mine > /target/etc/mine'
                - - curtin
                  - in-target
                  - --target=/target
                  - --
                  - sh
                  - -c
                  - mkdir -p /root/.ssh && chmod 700 /root/.ssh && echo 'ecdsa-sha2-nistp256 AAAAE2VjZHNh pxelab@lab' >> /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys
                """);
    }

    @Test
    void aDeclaredHostnameReplacesTheOneInSharedUserData() {
        String injected = UserDataInjector.inject(Document.inline("generic.yaml", """
                #cloud-config
                autoinstall:
                  version: 1
                  identity: {hostname: generic-host, username: ops, password: "$6$x$y"}
                """), KEY, "cache-1", null);

        assertThat(UserDataInjector.hostname(Document.inline("generic.yaml", injected))).contains("cache-1");
        assertThat(injected).doesNotContain("generic-host");
    }

    @Test
    void cloudConfigWithoutAnAutoinstallSectionCannotCarryTheKey() {
        assertThatThrownBy(() -> UserDataInjector.inject(Document.inline("plain.yaml", "#cloud-config\npackages: [vim]\n"),
                KEY, null, EVENTS))
                .hasMessage("plain.yaml: user-data has no autoinstall section, so pxelab cannot give the installed"
                        + " system its SSH key");
    }
}
