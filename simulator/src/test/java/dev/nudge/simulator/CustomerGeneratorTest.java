package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.simulator.CustomerGenerator.Population;
import org.junit.jupiter.api.Test;

class CustomerGeneratorTest {

    /** The engine's own area-code table: the simulator's phones must mean there what the simulator thinks. */
    private static final Path AREA_CODES = Path.of(System.getProperty("nudge.root", ".."),
            "jobs/domain/src/main/resources/dev/nudge/domain/policy/phone-area-codes.csv");

    private static final SimulationConfig CONFIG = SimulationConfig.defaults();
    private final Population population = CustomerGenerator.generate(CONFIG);
    private final List<SimCustomer> customers = population.customers();

    @Test
    void phonesAreUniqueE164NumbersInTheFictionalRangeWhoseAreaCodeZoneIsTheOneTheEngineDerives() throws IOException {
        Map<String, ZoneId> engineZones = engineAreaCodeZones();

        assertThat(customers).hasSize(CONFIG.customers());
        assertThat(customers.stream().map(SimCustomer::phoneE164).distinct().count()).isEqualTo(customers.size());
        assertThat(customers).allSatisfy(customer -> {
            assertThat(customer.phoneE164()).matches("\\+1\\d{3}555\\d{4}");
            assertThat(engineZones).containsKey(areaCode(customer));
        });
        List<SimCustomer> phoneOnly = customers.stream().filter(c -> c.profileTimeZone() == null).toList();
        assertThat(phoneOnly).allSatisfy(customer ->
                assertThat(engineZones.get(areaCode(customer))).isEqualTo(customer.zone()));
    }

    @Test
    void customersLiveInEveryUsZoneIncludingAlaskaAndHawaiiMostlyInTheEast() {
        Map<String, Long> byZone = customers.stream()
                .collect(Collectors.groupingBy(c -> c.zone().getId(), Collectors.counting()));
        assertThat(byZone.keySet()).contains("America/New_York", "America/Chicago", "America/Denver",
                "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu");
        assertThat(byZone.get("America/New_York")).isGreaterThan(byZone.get("America/Los_Angeles"));
    }

    @Test
    void sharesOfConsentProfileZonesLocalesAndNewcomersFollowTheConfig() {
        assertThat(share(SimCustomer::consentAtSignUp)).isBetween(0.71, 0.79);
        assertThat(share(c -> c.profileTimeZone() != null)).isBetween(0.55, 0.65);
        assertThat(share(c -> c.locale().equals("es-US"))).isBetween(0.12, 0.18);
        assertThat(share(c -> c.locale().equals("en-US"))).isBetween(0.82, 0.88);
        assertThat(share(c -> c.signUpAt().isAfter(CONFIG.start().plus(Duration.ofHours(1))))).isBetween(0.12, 0.18);
        assertThat(share(c -> c.planSku() != null)).isBetween(0.07, 0.15);
        assertThat(customers).extracting(SimCustomer::tier).containsOnly(null, "basic", "plus", "premium");
    }

    @Test
    void aFewCustomersMovedAndKeptAPhoneFromAnotherZoneTheirProfileSaysWhereTheyAre() throws IOException {
        Map<String, ZoneId> engineZones = engineAreaCodeZones();
        long moved = customers.stream()
                .filter(c -> c.profileTimeZone() != null)
                .peek(c -> assertThat(c.profileTimeZone()).isEqualTo(c.zone().getId()))
                .filter(c -> !engineZones.get(areaCode(c)).equals(c.zone()))
                .count();
        assertThat(moved).isBetween(40L, 160L);
    }

    @Test
    void activityIsSkewedAFewHeavyCustomersManyLight() {
        double[] weights = customers.stream().mapToDouble(SimCustomer::activityWeight).sorted().toArray();
        double total = Arrays.stream(weights).sum();
        double topTenth = Arrays.stream(weights, weights.length * 9 / 10, weights.length).sum();

        assertThat(total / weights.length).isBetween(0.8, 1.05);
        assertThat(topTenth / total).isGreaterThan(0.4);
        assertThat(weights[weights.length / 2]).isLessThan(0.6);
        assertThat(weights[weights.length - 1]).isEqualTo(CustomerGenerator.MAX_ACTIVITY_WEIGHT);
    }

    @Test
    void everyoneSignsUpConsentingCustomersGrantWithEvidenceAndAFewRevokeOrChangeTheirProfile() {
        Map<CustomerEventType, List<CustomerEvent>> byType = population.lifecycle().stream()
                .map(e -> (CustomerEvent) e.value())
                .collect(Collectors.groupingBy(CustomerEvent::getType));
        Map<String, SimCustomer> byId = customers.stream()
                .collect(Collectors.toMap(SimCustomer::customerId, c -> c));

        assertThat(byType.get(CustomerEventType.SIGN_UP)).hasSize(customers.size()).allSatisfy(signUp -> {
            SimCustomer customer = byId.get(signUp.getCustomerId());
            assertThat(signUp.getPhoneE164()).isEqualTo(customer.phoneE164());
            assertThat(signUp.getTimeZone()).isEqualTo(customer.profileTimeZone());
            assertThat(signUp.getFirstName()).isNotBlank();
            assertThat(signUp.getPlanSku()).isEqualTo(customer.planSku());
            assertThat(signUp.getEventTime()).isEqualTo(customer.signUpAt());
        });
        assertThat(byType.get(CustomerEventType.CONSENT_GRANTED))
                .hasSize((int) customers.stream().filter(SimCustomer::consentAtSignUp).count())
                .allSatisfy(grant -> {
                    assertThat(grant.getConsent().getSource()).isIn("import", "checkout_form");
                    assertThat(grant.getConsent().getEvidence()).isNotBlank();
                    assertThat(grant.getConsent().getChangedAt()).isBeforeOrEqualTo(grant.getEventTime());
                });
        Set<String> consenting = byType.get(CustomerEventType.CONSENT_GRANTED).stream()
                .map(CustomerEvent::getCustomerId).collect(Collectors.toSet());
        assertThat(byType.get(CustomerEventType.CONSENT_REVOKED)).hasSizeBetween(5, 50).allSatisfy(revocation -> {
            assertThat(consenting).contains(revocation.getCustomerId());
            assertThat(revocation.getConsent().getEvidence()).matches("(ticket|prefs)-\\d+");
            assertThat(revocation.getEventTime()).isAfter(byId.get(revocation.getCustomerId()).signUpAt());
        });
        assertThat(byType.get(CustomerEventType.PROFILE_CHANGED)).hasSizeBetween(25, 100);
    }

    @Test
    void firstNamesFollowTheLocale() {
        Map<String, Long> spanishNamesByLocale = new HashMap<>();
        Set<String> spanishNames = Set.of("José", "María", "Juan", "Guadalupe", "Luis", "Carmen", "Carlos", "Ana",
                "Jorge", "Rosa", "Miguel", "Elena", "Alejandro", "Sofía", "Diego", "Lucía", "Javier", "Valentina",
                "Fernando", "Isabella", "Andrés", "Camila", "Ricardo", "Gabriela", "Mateo", "Daniela", "Santiago",
                "Ximena");
        customers.stream().filter(c -> spanishNames.contains(c.firstName()))
                .forEach(c -> spanishNamesByLocale.merge(c.locale(), 1L, Long::sum));
        long esUs = customers.stream().filter(c -> c.locale().equals("es-US")).count();
        assertThat(spanishNamesByLocale.get("es-US") / (double) esUs).isGreaterThan(0.6);
    }

    private double share(Predicate<SimCustomer> predicate) {
        return customers.stream().filter(predicate).count() / (double) customers.size();
    }

    private static String areaCode(SimCustomer customer) {
        return customer.phoneE164().substring(2, 5);
    }

    private static Map<String, ZoneId> engineAreaCodeZones() throws IOException {
        return Files.readAllLines(AREA_CODES).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("area_code") && !line.isBlank())
                .map(line -> line.split(","))
                // An area code spanning several zones has a row per zone; its first is the main one.
                .collect(Collectors.toMap(cells -> cells[0], cells -> ZoneId.of(cells[3]), (main, other) -> main));
    }
}
