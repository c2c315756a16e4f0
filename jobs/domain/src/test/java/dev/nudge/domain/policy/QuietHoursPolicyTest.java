package dev.nudge.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuietHoursPolicyTest {

    private final QuietHoursPolicy defaults = QuietHoursPolicy.defaults();

    @Test
    void everyoneGetsTheFederalWindowByDefault() {
        assertThat(defaults.forRecipient("acme", "store-1", "NY")).isEqualTo(AllowedHours.of("08:00", "21:00"));
        assertThat(defaults.forRecipient("acme", null, null)).isEqualTo(AllowedHours.DEFAULT);
    }

    @Test
    void statesThatEndAtEightGetTheShorterDay() {
        for (String state : List.of("FL", "MD", "OK", "WA")) {
            assertThat(defaults.forRecipient("acme", null, state)).as(state).isEqualTo(AllowedHours.of("08:00", "20:00"));
        }
    }

    @Test
    void stateCodesAreMatchedIgnoringCaseAndSpaces() {
        assertThat(defaults.forRecipient("acme", null, " fl ")).isEqualTo(AllowedHours.of("08:00", "20:00"));
        QuietHoursPolicy lowerCaseConfig = defaults.withStateWindow("tx", AllowedHours.of("09:00", "21:00"));
        assertThat(lowerCaseConfig.forRecipient("acme", null, "TX")).isEqualTo(AllowedHours.of("09:00", "21:00"));
    }

    @Test
    void aBrandWindowNarrowsTheDefaultForThatBrandOnly() {
        QuietHoursPolicy policy = defaults.withTenantWindow("acme", null, AllowedHours.of("10:00", "19:00"));
        assertThat(policy.forRecipient("acme", "store-1", "NY")).isEqualTo(AllowedHours.of("10:00", "19:00"));
        assertThat(policy.forRecipient("globex", "store-1", "NY")).isEqualTo(AllowedHours.DEFAULT);
    }

    @Test
    void aWiderTenantWindowCannotWidenTheDefault() {
        QuietHoursPolicy policy = defaults.withTenantWindow("acme", null, AllowedHours.of("06:00", "23:00"));
        assertThat(policy.forRecipient("acme", null, null)).isEqualTo(AllowedHours.DEFAULT);
    }

    @Test
    void theStrictestOfBrandLocationAndStateWins() {
        QuietHoursPolicy policy = defaults
                .withTenantWindow("acme", null, AllowedHours.of("09:00", "21:00"))
                .withTenantWindow("acme", "late-store", AllowedHours.of("07:00", "20:30"))
                .withTenantWindow("acme", "early-store", AllowedHours.of("08:00", "18:00"));
        assertThat(policy.forRecipient("acme", "late-store", "NY")).isEqualTo(AllowedHours.of("09:00", "20:30"));
        assertThat(policy.forRecipient("acme", "late-store", "FL")).isEqualTo(AllowedHours.of("09:00", "20:00"));
        assertThat(policy.forRecipient("acme", "early-store", "FL")).isEqualTo(AllowedHours.of("09:00", "18:00"));
        assertThat(policy.forRecipient("acme", "other-store", "WA")).isEqualTo(AllowedHours.of("09:00", "20:00"));
    }

    @Test
    void configurationThatLeavesNoTimeToSendIsRejectedUpFront() {
        assertThatThrownBy(() -> defaults.withTenantWindow("acme", null, AllowedHours.of("20:30", "22:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state");
        assertThatThrownBy(() -> new QuietHoursPolicy(AllowedHours.DEFAULT, Map.of(),
                List.of(new TenantWindow("acme", null, AllowedHours.of("08:00", "10:00")),
                        new TenantWindow("acme", "s1", AllowedHours.of("11:00", "12:00")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme/s1");
    }

    @Test
    void configuredMapsAndListsAreCopied() {
        Map<String, AllowedHours> states = new java.util.HashMap<>(Map.of("FL", AllowedHours.of("08:00", "20:00")));
        QuietHoursPolicy policy = new QuietHoursPolicy(AllowedHours.DEFAULT, states, List.of());
        states.put("NY", AllowedHours.of("12:00", "13:00"));
        assertThat(policy.forRecipient("acme", null, "NY")).isEqualTo(AllowedHours.DEFAULT);
    }

    @Test
    void tenantWindowMatchesItsBrandAndOptionallyItsLocation() {
        TenantWindow brandWide = new TenantWindow("acme", null, AllowedHours.DEFAULT);
        TenantWindow oneStore = new TenantWindow("acme", "s1", AllowedHours.DEFAULT);
        assertThat(brandWide.appliesTo("acme", "s9")).isTrue();
        assertThat(brandWide.appliesTo("acme", null)).isTrue();
        assertThat(brandWide.appliesTo("globex", null)).isFalse();
        assertThat(oneStore.appliesTo("acme", "s1")).isTrue();
        assertThat(oneStore.appliesTo("acme", "s2")).isFalse();
        assertThat(oneStore.appliesTo("acme", null)).isFalse();
        assertThat(oneStore.appliesTo("globex", "s1")).isFalse();
    }
}
