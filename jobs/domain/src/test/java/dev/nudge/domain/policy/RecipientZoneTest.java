package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientZoneTest {

    private static final ZoneId TENANT_DEFAULT = ZoneId.of("America/Chicago");
    private static final String NEW_YORK_PHONE = "+12125550123";

    @Test
    void profileZoneBeatsThePhone() {
        assertThat(RecipientZone.resolve("Europe/Paris", NEW_YORK_PHONE, TENANT_DEFAULT))
                .isEqualTo(new RecipientZone(ZoneId.of("Europe/Paris"), ZoneSource.PROFILE));
    }

    @Test
    void phoneBeatsTheTenantDefault() {
        assertThat(RecipientZone.resolve(null, NEW_YORK_PHONE, TENANT_DEFAULT))
                .isEqualTo(new RecipientZone(ZoneId.of("America/New_York"), ZoneSource.PHONE));
        assertThat(RecipientZone.resolve(null, "+447700900123", TENANT_DEFAULT))
                .isEqualTo(new RecipientZone(ZoneId.of("Europe/London"), ZoneSource.PHONE));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "Mars/Olympus_Mons", "EST5EDT-not-a-zone"})
    void unusableProfileZonesAreIgnored(String profileZone) {
        assertThat(RecipientZone.resolve(profileZone, NEW_YORK_PHONE, TENANT_DEFAULT).source())
                .isEqualTo(ZoneSource.PHONE);
    }

    @Test
    void profileZoneIsTrimmed() {
        assertThat(RecipientZone.resolve(" Asia/Tokyo ", null, TENANT_DEFAULT).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"+18005550123", "+79161234567", "garbage"})
    void withoutProfileOrKnownPhoneTheTenantDefaultApplies(String phone) {
        assertThat(RecipientZone.resolve(null, phone, TENANT_DEFAULT))
                .isEqualTo(new RecipientZone(TENANT_DEFAULT, ZoneSource.TENANT_DEFAULT));
    }
}
