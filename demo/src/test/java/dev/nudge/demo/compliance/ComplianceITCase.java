package dev.nudge.demo.compliance;

import dev.nudge.devstack.kafka.KafkaExtension;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import dev.nudge.events.ZoneWindow;
import dev.nudge.platform.topics.Topic;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.nudge.demo.compliance.ComplianceHarness.ALPHA;
import static dev.nudge.demo.compliance.ComplianceHarness.ALPHA_NUMBER;
import static dev.nudge.demo.compliance.ComplianceHarness.BETA;
import static dev.nudge.demo.compliance.ComplianceHarness.BETA_POOL;
import static dev.nudge.demo.compliance.ComplianceHarness.BETA_SERVICE;
import static dev.nudge.demo.compliance.ComplianceHarness.GAMMA;
import static dev.nudge.demo.compliance.ComplianceHarness.RETENTION;
import static dev.nudge.demo.compliance.ComplianceHarness.SHARED_NUMBER;
import static dev.nudge.demo.compliance.ComplianceHarness.STEP_0_DELAY;
import static dev.nudge.demo.compliance.ComplianceHarness.STEP_1_DELAY;
import static dev.nudge.demo.compliance.ComplianceHarness.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each history of issue 10 as a scripted case on the real sequencer, dispatcher and webhook service
 * ({@link ComplianceHarness}); every case asserts exactly which texts reached the Twilio server, counted there, and
 * where a rule is the engine's, also which texts the sequencer decided. Expectations come from the script: a case
 * says how many texts each phone must get, never asks the production code.
 *
 * <p>Cases share one broker, MiniCluster and clock (each starts on a later day with its own customers and phones),
 * so the suite pays the start-up once.
 */
class ComplianceITCase {

    /** How far past a step's due time the script runs, so the step has fired and been dispatched. */
    private static final Duration FIRE = Duration.ofSeconds(10);

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension()
            .withTopics(TOPICS.all().stream().map(Topic::toNewTopic).toList());

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(noRestarts()).build());

    private static ComplianceHarness harness;

    @BeforeAll
    static void startTheStack() throws Exception {
        harness = ComplianceHarness.start(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A consent given before a STOP but arriving after it does not undo the STOP. */
    @Test
    void staleConsentAfterStop() {
        String phone = "+12125550101";
        Instant day = harness.nextDay();
        textedOnce(ALPHA, "stale", phone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.textIn(phone, ALPHA_NUMBER, "STOP");
        harness.settle();
        harness.moveTo(day.plus(Duration.ofMinutes(6)));
        harness.grantConsent(ALPHA, "stale", day.plus(Duration.ofMinutes(2)), phone);
        harness.settle();
        checkoutAgainIsNotTexted(ALPHA, "stale", phone, day);
    }

    /** YES after a revocation lifts no STOP and creates no consent. */
    @Test
    void yesWithoutConsent() {
        String phone = "+12125550102";
        Instant day = harness.nextDay();
        textedOnce(ALPHA, "yes", phone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.revokeConsent(ALPHA, "yes", harness.clock().instant());
        harness.moveTo(day.plus(Duration.ofMinutes(6)));
        harness.textIn(phone, ALPHA_NUMBER, "YES");
        harness.settle();
        checkoutAgainIsNotTexted(ALPHA, "yes", phone, day);
    }

    /** A START delivered again (another replica, a restart, an evicted dedupe cache) after a newer STOP changes nothing. */
    @Test
    void replayedStart() {
        String phone = "+12125550103";
        Instant day = harness.nextDay();
        textedOnce(ALPHA, "replay", phone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.textIn(phone, ALPHA_NUMBER, "STOP");
        harness.moveTo(day.plus(Duration.ofMinutes(6)));
        harness.textIn(phone, ALPHA_NUMBER, "START");
        harness.moveTo(day.plus(Duration.ofMinutes(7)));
        harness.textIn(phone, ALPHA_NUMBER, "STOP");
        harness.settle();
        EngagementEvent start = harness.readAll(TOPICS.engagements()).stream()
                .filter(e -> "replay".equals(e.getCustomerId()) && e.getType() == EngagementType.OPTED_IN)
                .findFirst().orElseThrow();
        harness.engagement(start);
        checkoutAgainIsNotTexted(ALPHA, "replay", phone, day);
    }

    /**
     * A customer who comes back after the retention period is texted again with the consent they had; one who had
     * opted out stays suppressed, also after the engagements' topic has expired and the dispatcher restarted.
     */
    @Test
    void customerReturningAfterTheRetentionPeriod() {
        String phone = "+12125550104";
        String stoppedPhone = "+12125550105";
        Instant day = harness.nextDay();
        consentedCustomer(ALPHA, "back", phone, day);
        consentedCustomer(ALPHA, "back-stopped", stoppedPhone, day);
        harness.checkout(ALPHA, "back");
        harness.checkout(ALPHA, "back-stopped");
        harness.runUntil(day.plus(STEP_0_DELAY).plus(FIRE));
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.textIn(stoppedPhone, ALPHA_NUMBER, "STOP");
        harness.runUntil(day.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));
        assertThat(harness.textsTo(phone)).as("both steps to the customer who stayed").hasSize(2);

        Instant back = day.plus(RETENTION).plus(Duration.ofDays(10));
        harness.runUntil(back);
        harness.expireEngagements();
        harness.restartDispatcher();
        harness.checkout(ALPHA, "back");
        harness.checkout(ALPHA, "back-stopped");
        harness.runUntil(harness.clock().instant().plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.textsTo(phone)).as("texts at Twilio to the returning customer").hasSize(3);
        assertThat(harness.decidedTo(stoppedPhone)).as("texts the engine decided for the one who opted out").hasSize(1);
        assertThat(harness.textsTo(stoppedPhone)).as("texts at Twilio to the one who opted out").hasSize(1);
    }

    /** A new number has no consent until a consent event names it. */
    @Test
    void phoneChange() {
        String oldPhone = "+12125550106";
        String newPhone = "+12125550107";
        Instant day = harness.nextDay();
        textedOnce(ALPHA, "mover", oldPhone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.changePhone(ALPHA, "mover", newPhone);
        harness.runUntil(day.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));
        assertThat(harness.decidedTo(newPhone)).as("step 1 decided for the new number without its consent").isEmpty();

        Instant consented = harness.clock().instant().plus(Duration.ofMinutes(1));
        harness.moveTo(consented);
        harness.grantConsent(ALPHA, "mover", consented, newPhone);
        harness.settle();
        harness.checkout(ALPHA, "mover");
        harness.runUntil(harness.clock().instant().plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.textsTo(oldPhone)).as("texts at Twilio to the old number").hasSize(1);
        assertThat(harness.textsTo(newPhone)).as("texts at Twilio to the new number, once it has consent").hasSize(1);
    }

    /**
     * A STOP to a Messaging Service's pool number lands on the service's brand, even when another brand texted the
     * phone last.
     */
    @Test
    void messagingServiceStop() {
        String phone = "+12125550108";
        Instant day = harness.nextDay();
        consentedCustomer(BETA, "pool-b", phone, day);
        consentedCustomer(GAMMA, "pool-g", phone, day);
        harness.checkout(BETA, "pool-b");
        harness.runUntil(day.plus(STEP_0_DELAY).plus(FIRE));
        Instant later = day.plus(Duration.ofMinutes(2));
        harness.moveTo(later);
        harness.checkout(GAMMA, "pool-g");
        harness.runUntil(later.plus(STEP_0_DELAY).plus(FIRE));
        assertThat(harness.textsTo(phone)).as("step 0 of both brands, the other brand's last").hasSize(2);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.textIn(phone, BETA_POOL.get(1), BETA_SERVICE, "STOP");
        harness.runUntil(later.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.textsTo(phone, BETA)).as("texts at Twilio from the brand told STOP").hasSize(1);
        assertThat(harness.textsTo(phone, GAMMA)).as("texts at Twilio from the other brand").hasSize(2);
    }

    /**
     * A STOP to a number several brands share, from a phone none of them texted: the phone is suppressed for each of
     * them. The STOP was tied to no customer of theirs, so the engine's check by (brand, phone) stops the texts
     * before the outbox, and the dispatcher's would stop them again.
     */
    @Test
    void aStopThatMatchesNoBrandSuppressesEveryBrandSharingTheNumber() {
        String phone = "+12125550110";
        Instant day = harness.nextDay();
        harness.textIn(phone, SHARED_NUMBER, "STOP");
        harness.settle();
        harness.moveTo(day.plus(Duration.ofMinutes(1)));
        consentedCustomer(ALPHA, "shared-a", phone, day.minus(Duration.ofDays(1)));
        consentedCustomer(GAMMA, "shared-g", phone, day.minus(Duration.ofDays(1)));
        consentedCustomer(BETA, "shared-b", phone, day.minus(Duration.ofDays(1)));
        harness.checkout(ALPHA, "shared-a");
        harness.checkout(GAMMA, "shared-g");
        harness.checkout(BETA, "shared-b");
        harness.runUntil(harness.clock().instant().plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.decidedTo(phone)).as("texts the engines decided: only the brand not sharing the number")
                .extracting(intent -> intent.getTenant().getBrandId()).containsExactly(BETA);
        assertThat(harness.textsTo(phone, ALPHA)).as("texts at Twilio from a brand sharing the number").isEmpty();
        assertThat(harness.textsTo(phone, GAMMA)).as("texts at Twilio from the other brand sharing it").isEmpty();
        assertThat(harness.textsTo(phone, BETA)).as("texts at Twilio from a brand not sharing it").hasSize(1);
    }

    /**
     * Two customer ids of one brand hold the same phone (a family, a number given twice). The phone texts STOP after
     * the first one's text: the second one's engine never heard of it, yet it is not texted, not even after the
     * retention period, with the engagements' topic expired and the dispatcher restarted.
     */
    @Test
    void aStopFromAnotherCustomerHoldingThePhone() {
        String phone = "+12125550113";
        Instant day = harness.nextDay();
        consentedCustomer(ALPHA, "family-b", phone, day);
        textedOnce(ALPHA, "family-a", phone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.textIn(phone, ALPHA_NUMBER, "STOP");
        harness.settle();
        Instant again = day.plus(Duration.ofMinutes(10));
        harness.moveTo(again);
        harness.checkout(ALPHA, "family-b");
        harness.runUntil(again.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));
        assertThat(harness.decidedTo(phone)).as("texts the engines decided").hasSize(1);
        assertThat(harness.textsTo(phone)).as("texts at Twilio").hasSize(1);

        Instant back = day.plus(RETENTION).plus(Duration.ofDays(10));
        harness.runUntil(back);
        harness.expireEngagements();
        harness.restartDispatcher();
        harness.checkout(ALPHA, "family-b");
        harness.runUntil(back.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.decidedTo(phone)).as("texts the engines decided after the retention period").hasSize(1);
        assertThat(harness.textsTo(phone)).as("texts at Twilio after the retention period").hasSize(1);
        assertThat(harness.decisionsAbout(ALPHA, "family-b")).as("the second customer's texts, stopped by the number")
                .contains("SKIPPED SUPPRESSED");
    }

    /** An erased customer: the pending step is not sent, and a later checkout finds nobody to text. */
    @Test
    void anErasedCustomer() {
        String phone = "+12125550111";
        Instant day = harness.nextDay();
        textedOnce(ALPHA, "erased", phone, day);
        harness.moveTo(day.plus(Duration.ofMinutes(5)));
        harness.erase(ALPHA, "erased");
        harness.settle();
        harness.checkout(ALPHA, "erased");
        harness.runUntil(day.plus(STEP_1_DELAY).plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.decidedTo(phone)).as("texts the engine decided").hasSize(1);
        assertThat(harness.textsTo(phone)).as("texts at Twilio").hasSize(1);
        assertThat(harness.decisionsAbout(ALPHA, "erased")).contains("EXITED ERASED", "SKIPPED NO_PHONE");
    }

    /** A consent revoked while its text waits in the outbox: the dispatcher does not send it. */
    @Test
    void revokedConsentAtSendTime() {
        String phone = "+12125550109";
        Instant day = harness.nextDay();
        consentedCustomer(ALPHA, "revoker", phone, day);
        harness.stopDispatcher();
        harness.checkout(ALPHA, "revoker");
        harness.runSequencerUntil(day.plus(STEP_0_DELAY).plus(FIRE));
        harness.kafka().readUntil(TOPICS.outbox(), all -> all.stream()
                .anyMatch(intent -> phone.equals(intent.getToPhone())), "the text waiting in the outbox");
        harness.moveTo(day.plus(STEP_0_DELAY).plus(FIRE).plusSeconds(5));
        harness.revokeConsent(ALPHA, "revoker", harness.clock().instant());
        harness.settle();
        harness.restartDispatcher();
        harness.settle();

        assertThat(harness.decidedTo(phone)).as("texts the engine decided before the revocation").hasSize(1);
        assertThat(harness.textsTo(phone)).as("texts at Twilio").isEmpty();
    }

    /**
     * Two-zone area codes at the edges of their windows. 812 (Indianapolis and Central time): a checkout at 07:58
     * Eastern makes step 0 due at 07:59 Eastern, 06:59 in Evansville; it goes at 08:00 Central (09:00 Eastern),
     * step 1 an hour later. 850 (Central and Eastern time, all Florida, 08:00–20:00): a checkout at 19:58 Eastern
     * makes step 0 due at 19:59 Eastern, still inside; step 1 due at 20:59 Eastern waits for 08:00 Central the next
     * morning (09:00 Eastern).
     */
    @Test
    void twoZoneAreaCodesAtTheEdgesOfTheirWindows() {
        String evansville = "+18125550110";
        String tallahassee = "+18505550111";
        Instant day = harness.nextDay();
        customerWithoutZone(ALPHA, "evansville", evansville, day);
        customerWithoutZone(ALPHA, "tallahassee", tallahassee, day);
        Instant early = eastern(day.plus(Duration.ofDays(1)), "07:58");
        harness.moveTo(early);
        harness.checkout(ALPHA, "evansville");
        harness.runUntil(eastern(early, "08:59"));
        assertThat(harness.textsTo(evansville)).as("texts at Twilio before 08:00 in Evansville").isEmpty();
        harness.runUntil(eastern(early, "09:00").plus(FIRE));
        assertThat(sentAt(evansville)).as("step 0 at 08:00 Central").containsExactly(eastern(early, "09:00"));
        harness.runUntil(eastern(early, "10:00").plus(FIRE));
        assertThat(sentAt(evansville)).as("both steps").containsExactly(eastern(early, "09:00"), eastern(early, "10:00"));

        Instant late = eastern(early, "19:58");
        harness.moveTo(late);
        harness.checkout(ALPHA, "tallahassee");
        harness.runUntil(eastern(late, "19:59").plus(FIRE));
        assertThat(sentAt(tallahassee)).as("step 0 before 20:00 in Tallahassee").containsExactly(eastern(late, "19:59"));
        harness.runUntil(eastern(late, "20:59").plus(FIRE));
        assertThat(harness.textsTo(tallahassee)).as("step 1 held after 20:00 in Tallahassee").hasSize(1);
        Instant nextMorning = eastern(late.plus(Duration.ofDays(1)), "09:00");
        harness.runUntil(eastern(nextMorning, "08:59"));
        assertThat(harness.textsTo(tallahassee)).as("step 1 held before 08:00 in Pensacola").hasSize(1);
        harness.runUntil(nextMorning.plus(FIRE));
        assertThat(sentAt(tallahassee)).as("both steps").containsExactly(eastern(late, "19:59"), nextMorning);
        assertThat(harness.decidedTo(evansville).get(0).getSendWindows()).as("the places the dispatcher checks")
                .extracting(ZoneWindow::getTimeZone).containsExactly("America/Indiana/Indianapolis", "America/Chicago");
    }

    /**
     * A number whose place is unknown (area code 999 is unassigned) waits for the strictest window of the brand's
     * country (the US): due at 08:59 Eastern, it goes at the first minute inside every US zone's strictest state
     * hours, worked out here from the script.
     */
    @Test
    void unknownZone() {
        String nowhere = "+19995550112";
        Instant day = harness.nextDay();
        customerWithoutZone(ALPHA, "nowhere", nowhere, day);
        Instant checkout = eastern(day.plus(Duration.ofDays(1)), "08:58");
        harness.moveTo(checkout);
        harness.checkout(ALPHA, "nowhere");
        Instant step0 = firstMinuteInsideTheStrictestUsWindow(checkout.plus(STEP_0_DELAY));
        Instant step1 = firstMinuteInsideTheStrictestUsWindow(step0.plus(STEP_1_DELAY));
        harness.runUntil(checkout.plus(STEP_0_DELAY).plus(FIRE));
        assertThat(harness.textsTo(nowhere)).as("texts at Twilio when due, 05:59 in Los Angeles").isEmpty();
        harness.runUntil(step0.minus(Duration.ofMinutes(1)));
        assertThat(harness.textsTo(nowhere)).as("texts at Twilio before the strictest window opens").isEmpty();
        harness.runUntil(step0.plus(FIRE));
        assertThat(sentAt(nowhere)).as("step 0 at Twilio").containsExactly(step0);
        harness.runUntil(step1.plus(FIRE));
        assertThat(sentAt(nowhere)).as("texts at Twilio").containsExactly(step0, step1);
        assertThat(harness.decidedTo(nowhere)).as("texts decided").extracting(SmsIntent::getCreatedAt)
                .containsExactly(step0, step1);
    }

    // ---- script helpers -----------------------------------------------------------------------------------------

    /** A consented customer checks out at {@code day} and gets step 0 of the sequence. */
    private static void textedOnce(String brand, String customerId, String phone, Instant day) {
        consentedCustomer(brand, customerId, phone, day);
        harness.checkout(brand, customerId);
        harness.runUntil(day.plus(STEP_0_DELAY).plus(FIRE));
    }

    /** The customer checks out again ten minutes into the day; the phone still has only its first text. */
    private static void checkoutAgainIsNotTexted(String brand, String customerId, String phone, Instant day) {
        Instant again = day.plus(Duration.ofMinutes(10));
        harness.moveTo(again);
        harness.checkout(brand, customerId);
        harness.runUntil(again.plus(STEP_0_DELAY).plus(FIRE));

        assertThat(harness.decidedTo(phone)).as("texts the engine decided").hasSize(1);
        assertThat(harness.textsTo(phone)).as("texts at Twilio").hasSize(1);
    }

    /** Signs the customer up with {@code phone} and consent for it, both at {@code at}, and lets both land. */
    private static void consentedCustomer(String brand, String customerId, String phone, Instant at) {
        harness.signUp(brand, customerId, phone);
        harness.grantConsent(brand, customerId, at, phone);
        harness.settle();
    }

    /** Signs the customer up with {@code phone} and no zone of their own, with consent, and lets both land. */
    private static void customerWithoutZone(String brand, String customerId, String phone, Instant at) {
        harness.customerEvent(CustomerEvent.newBuilder().setEventId(customerId + ":sign-up")
                .setTenant(new Tenant(brand, null)).setCustomerId(customerId).setEventTime(at)
                .setType(CustomerEventType.SIGN_UP).setPhoneE164(phone).setLocale("en-US").setFirstName("Pat").build());
        harness.grantConsent(brand, customerId, at, phone);
        harness.settle();
    }

    /** {@code hhmm} in New York on the day of {@code day}. */
    private static Instant eastern(Instant day, String hhmm) {
        return day.atZone(ComplianceHarness.NEW_YORK).toLocalDate().atTime(LocalTime.parse(hhmm))
                .atZone(ComplianceHarness.NEW_YORK).toInstant();
    }

    /** When each text to {@code phone} reached Twilio, to the minute (the dispatcher sends within seconds). */
    private static List<Instant> sentAt(String phone) {
        return harness.textsTo(phone).stream().map(text -> text.dateCreated().truncatedTo(ChronoUnit.MINUTES)).toList();
    }

    /**
     * The strictest window of the US, by zone: the strictest hours of a state with land in it (Kentucky from 10:00
     * in Eastern and Central time, Rhode Island until 18:00 Eastern, Nevada 09:00–20:00 Pacific, New Mexico from
     * 09:00 and Nevada until 20:00 Mountain), federal 08:00–21:00 in Alaska and Hawaii.
     */
    private static Instant firstMinuteInsideTheStrictestUsWindow(Instant from) {
        Map<String, int[]> hours = Map.of("America/New_York", new int[] {10, 18}, "America/Chicago", new int[] {10, 20},
                "America/Denver", new int[] {9, 20}, "America/Phoenix", new int[] {8, 21},
                "America/Los_Angeles", new int[] {9, 20}, "America/Anchorage", new int[] {8, 21},
                "America/Adak", new int[] {8, 21}, "Pacific/Honolulu", new int[] {8, 21});
        for (Instant at = from.truncatedTo(ChronoUnit.MINUTES); ; at = at.plus(Duration.ofMinutes(1))) {
            Instant candidate = at;
            if (!candidate.isBefore(from) && hours.entrySet().stream().allMatch(zone -> {
                int hour = candidate.atZone(ZoneId.of(zone.getKey())).getHour();
                return hour >= zone.getValue()[0] && hour < zone.getValue()[1];
            })) {
                return candidate;
            }
        }
    }

    private static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
