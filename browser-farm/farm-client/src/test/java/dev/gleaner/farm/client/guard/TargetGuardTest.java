package dev.gleaner.farm.client.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class TargetGuardTest {

    private static TargetGuard resolvingTo(boolean allowLoopback, String... addresses) {
        return new TargetGuard(allowLoopback, host -> {
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
        });
    }

    @Test
    void aPublicAddressIsAllowed() {
        assertThat(resolvingTo(false, "93.184.216.34").check("https://example.com/page").allowed()).isTrue();
    }

    @Test
    void loopbackIsRefusedByDefaultAndAllowedOnlyWhenConfigured() {
        assertThat(new TargetGuard(false).check("http://127.0.0.1:8080/"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("loopback"));
        assertThat(new TargetGuard(false).check("http://[::1]/").allowed()).isFalse();
        assertThat(new TargetGuard(true).check("http://127.0.0.1:8080/").allowed()).isTrue();
    }

    @Test
    void privateLinkLocalAndMetadataAddressesAreRefusedEvenWhenLoopbackIsAllowed() {
        for (String address : new String[] {"10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "fd00::1", "fe80::1"}) {
            assertThat(resolvingTo(true, address).check("http://somewhere.test/").allowed())
                    .as(address).isFalse();
        }
    }

    @Test
    void aNameWithOnePrivateAnswerAmongPublicOnesIsRefused() {
        assertThat(resolvingTo(false, "93.184.216.34", "10.0.0.5").check("http://mixed.test/").allowed()).isFalse();
    }

    @Test
    void ipv4MappedIpv6LoopbackIsStillLoopback() {
        assertThat(resolvingTo(false, "::ffff:127.0.0.1").check("http://mapped.test/").allowed()).isFalse();
    }

    @Test
    void schemesOtherThanHttpAreRefused() {
        assertThat(new TargetGuard(true).check("file:///etc/passwd"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("scheme"));
        assertThat(new TargetGuard(true).check("ftp://example.com/").allowed()).isFalse();
        assertThat(new TargetGuard(true).check("javascript:alert(1)").allowed()).isFalse();
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        TargetGuard guard = new TargetGuard(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThat(guard.check("http://nowhere.invalid/"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("does not resolve"));
    }
}
