package dev.nudge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** 20,000 simulated texts: the effects the true parameters describe show, in their direction and size. */
class ResponseModelTest {

    private static final int TEXTS = 20_000;
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** 19:00 in Chicago: evening. */
    private static final Instant EVENING = Instant.parse("2025-11-05T01:00:00Z");

    private final Simulation simulation = Simulation.of(SimulationConfig.defaults());
    private final ResponseModel model = simulation.responseModel(ResponseParameters.defaults());
    private final RandomSource random = simulation.responseRandom();
    private final List<Product> offers = simulation.catalog().products().stream()
            .filter(p -> p.category() == Category.EQUIPMENT).toList();

    @Test
    void relevantOffersConvertAboutRelevanceBoostTimesAsOften() {
        int relevant = 0;
        int irrelevant = 0;
        for (int i = 0; i < TEXTS; i++) {
            SmsIntent intent = intent(i, offers.get(i % offers.size()));
            boolean convertsIrrelevant = converts(model.reactTo(intent, EVENING, view(Set.of("tea"), 0), random));
            boolean convertsRelevant = converts(model.reactTo(intent, EVENING, view(Set.of("equipment"), 0), random));
            assertThat(convertsRelevant || !convertsIrrelevant).as("a relevant offer never converts less").isTrue();
            relevant += convertsRelevant ? 1 : 0;
            irrelevant += convertsIrrelevant ? 1 : 0;
        }
        double ratio = relevant / (double) irrelevant;
        System.out.printf("conversions: relevant %d, irrelevant %d (ratio %.2f)%n", relevant, irrelevant, ratio);
        assertThat(ratio).isCloseTo(ResponseParameters.defaults().relevanceBoost(), within(0.5));
        // base 0.03 x evening 1.4, less the few who opt out
        assertThat(irrelevant / (double) TEXTS).isCloseTo(0.042, within(0.006));
    }

    @Test
    void anAddOnOfSomethingBoughtIsRelevantToo() {
        Product grinder = simulation.catalog().product("gear-grinder-hand");
        CustomerView boughtHouseBlend = new CustomerView("c1", CHICAGO, Set.of("tea"), Set.of("cof-house-12"), 0);
        CustomerView boughtNothing = new CustomerView("c1", CHICAGO, Set.of("tea"), Set.of(), 0);

        assertThat(model.isRelevant(grinder, boughtHouseBlend)).isTrue();
        assertThat(model.isRelevant(grinder, boughtNothing)).isFalse();
        assertThat(model.conversionProbability(intent(1, grinder), EVENING, boughtHouseBlend))
                .isCloseTo(0.03 * 2.5 * 1.4, within(1e-9));
    }

    @Test
    void eachRecentTextWearsConversionDownAndPushesOptOutsUp() {
        int[] conversions = new int[5];
        int[] optOuts = new int[5];
        for (int i = 0; i < TEXTS; i++) {
            SmsIntent intent = intent(i, offers.get(i % offers.size()));
            for (int recent = 0; recent < 5; recent++) {
                List<SpecificRecord> reaction = model.reactTo(intent, EVENING, view(Set.of("equipment"), recent), random);
                conversions[recent] += converts(reaction) ? 1 : 0;
                optOuts[recent] += has(reaction, EngagementType.OPTED_OUT) ? 1 : 0;
            }
        }
        System.out.printf("by texts in the last 7 days 0..4: conversions %s, opt-outs %s%n",
                Arrays.toString(conversions), Arrays.toString(optOuts));
        for (int recent = 1; recent < 5; recent++) {
            assertThat(conversions[recent]).isLessThan(conversions[recent - 1]);
            assertThat(optOuts[recent]).isGreaterThan(optOuts[recent - 1]);
        }
        assertThat(conversions[4] / (double) conversions[0]).isCloseTo(Math.pow(0.75, 4), within(0.08));
        assertThat(optOuts[0] / (double) TEXTS).isCloseTo(0.004, within(0.002));
        assertThat(optOuts[4] / (double) TEXTS).isCloseTo(0.004 + 4 * 0.012, within(0.008));
    }

    @Test
    void eveningTextsConvertBetterThanNightTexts() {
        Instant night = EVENING.plus(Duration.ofHours(8)); // 03:00 in Chicago
        int evening = 0;
        int atNight = 0;
        for (int i = 0; i < TEXTS; i++) {
            SmsIntent intent = intent(i, offers.get(i % offers.size()));
            evening += converts(model.reactTo(intent, EVENING, view(Set.of("equipment"), 0), random)) ? 1 : 0;
            atNight += converts(model.reactTo(intent, night, view(Set.of("equipment"), 0), random)) ? 1 : 0;
        }
        assertThat(atNight / (double) evening).isCloseTo(0.4 / 1.4, within(0.08));
    }

    @Test
    void reactionsFollowDeliveryInTimeOrderAndBuyTheOfferAtTheOfferedPriceWithinTheWindow() {
        ResponseParameters parameters = ResponseParameters.defaults();
        ResponseModel eager = simulation.responseModel(parameters.withBaseConversion(0.3));
        int purchases = 0;
        int clicks = 0;
        int replies = 0;
        for (int i = 0; i < 2_000; i++) {
            Product offer = offers.get(i % offers.size());
            SmsIntent intent = intent(i, offer);
            List<SpecificRecord> reaction = eager.reactTo(intent, EVENING, view(Set.of("equipment"), 1), random);
            Instant previous = EVENING;
            for (SpecificRecord record : reaction) {
                Instant at = (Instant) ((GenericRecord) record).get("eventTime");
                assertThat(at).isAfter(EVENING).isAfterOrEqualTo(previous)
                        .isBefore(EVENING.plus(parameters.conversionWindow()));
                previous = at;
                assertThat(((GenericRecord) record).get("customerId")).isEqualTo(intent.getCustomerId());
                if (record instanceof PurchaseEvent purchase) {
                    purchases++;
                    assertThat(purchase.getLines()).singleElement().satisfies(line -> {
                        assertThat(line.getSku()).isEqualTo(offer.sku());
                        assertThat(line.getUnitPriceMinor()).isEqualTo(intent.getOfferPriceMinor());
                    });
                    assertThat(purchase.getTenant()).isEqualTo(intent.getTenant());
                } else {
                    EngagementEvent engagement = (EngagementEvent) record;
                    assertThat(engagement.getMessageId()).isEqualTo(intent.getIntentId());
                    assertThat(engagement.getSequenceId()).isEqualTo(intent.getSequenceId());
                    assertThat(engagement.getStep()).isEqualTo(intent.getStep());
                    clicks += engagement.getType() == EngagementType.CLICKED ? 1 : 0;
                    replies += engagement.getType() == EngagementType.REPLIED ? 1 : 0;
                }
            }
        }
        // 0.3 x relevance 2.5 x evening 1.4 x one recent text 0.75, for the 98.4% who do not opt out
        assertThat(purchases).isCloseTo(1_550, within(90));
        assertThat(clicks).isGreaterThan(purchases / 2);
        assertThat(replies).isPositive();
    }

    @Test
    void repliesAndOptOutsCarryTextsThatSayWhatTheirIntentSays() {
        List<EngagementEvent> texts = new ArrayList<>();
        for (int i = 0; i < TEXTS; i++) {
            model.reactTo(intent(i, offers.get(0)), EVENING, view(Set.of("tea"), 6), random).stream()
                    .filter(record -> record instanceof EngagementEvent e && e.getReplyText() != null)
                    .forEach(record -> texts.add((EngagementEvent) record));
        }
        assertThat(texts).filteredOn(e -> e.getType() == EngagementType.OPTED_OUT).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getReplyText()).isIn(allOf(List.of(ReplyTexts.STOP), ReplyTexts.REVOCATIONS)))
                .anySatisfy(e -> assertThat(e.getReplyText()).isEqualTo("STOP"))
                .anySatisfy(e -> assertThat(e.getReplyText()).isNotEqualTo("STOP"));
        assertThat(texts).filteredOn(e -> e.getReplyIntent() == ReplyIntent.QUESTION).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getReplyText()).endsWith("?"));
        assertThat(texts).filteredOn(e -> e.getReplyIntent() == ReplyIntent.NEGATIVE).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getReplyText()).isIn(ReplyTexts.NEGATIVE));
        assertThat(texts).filteredOn(e -> e.getReplyIntent() == ReplyIntent.POSITIVE).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getReplyText()).isIn(ReplyTexts.POSITIVE));
    }

    @Test
    void aReactionDependsOnSeedAndIntentOnlyNotOnProcessingOrder() {
        List<List<SpecificRecord>> forwards = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            forwards.add(model.reactTo(intent(i, offers.get(i % offers.size())), EVENING, view(Set.of("equipment"), 2), random));
        }
        RandomSource sameSeed = Simulation.of(SimulationConfig.defaults()).responseRandom();
        for (int i = 499; i >= 0; i--) {
            assertThat(model.reactTo(intent(i, offers.get(i % offers.size())), EVENING, view(Set.of("equipment"), 2), sameSeed))
                    .isEqualTo(forwards.get(i));
        }
        RandomSource otherSeed = Simulation.of(SimulationConfig.defaults().withSeed(43)).responseRandom();
        long differing = 0;
        for (int i = 0; i < 500; i++) {
            differing += model.reactTo(intent(i, offers.get(i % offers.size())), EVENING, view(Set.of("equipment"), 2),
                    otherSeed).equals(forwards.get(i)) ? 0 : 1;
        }
        assertThat(differing).isPositive();
    }

    @Test
    void theBestVariantConvertsBestVariantLiftTimesAsOften() {
        int best = 0;
        int other = 0;
        for (int i = 0; i < TEXTS; i++) {
            SmsIntent intent = intent(i, offers.get(i % offers.size()));
            SmsIntent asBest = SmsIntent.newBuilder(intent).setVariant("B").build();
            other += converts(model.reactTo(intent, EVENING, view(Set.of("equipment"), 0), random)) ? 1 : 0;
            best += converts(model.reactTo(asBest, EVENING, view(Set.of("equipment"), 0), random)) ? 1 : 0;
        }
        assertThat(ResponseParameters.defaults().bestVariant()).isEqualTo("B");
        assertThat(best / (double) other).isCloseTo(1.5, within(0.12));
    }

    @Test
    void aTextConvertsBestAtTheBestDelayAfterTheLastPurchase() {
        Duration bestDelay = ResponseParameters.defaults().bestDelay();
        Duration[] delays = {bestDelay.dividedBy(4), bestDelay.dividedBy(2), bestDelay, bestDelay.multipliedBy(2),
                bestDelay.multipliedBy(4)};
        int[] conversions = new int[delays.length];
        for (int i = 0; i < TEXTS; i++) {
            SmsIntent intent = intent(i, offers.get(i % offers.size()));
            for (int d = 0; d < delays.length; d++) {
                CustomerView view = new CustomerView("c00001", CHICAGO, Set.of("equipment"), Set.of(), 0,
                        EVENING.minus(delays[d]));
                conversions[d] += converts(model.reactTo(intent, EVENING, view, random)) ? 1 : 0;
            }
        }
        System.out.printf("conversions at 1/4, 1/2, 1, 2, 4 times the best delay: %s%n", Arrays.toString(conversions));
        assertThat(conversions[2]).isGreaterThan(conversions[1]).isGreaterThan(conversions[3]);
        assertThat(conversions[1]).isGreaterThan(conversions[0]);
        assertThat(conversions[3]).isGreaterThan(conversions[4]);
        // exp(-ln(2)^2 / (2 * 0.8^2)) = 0.687 at half or twice the best delay
        assertThat(conversions[3] / (double) conversions[2]).isCloseTo(0.687, within(0.06));
        CustomerView unknown = view(Set.of("equipment"), 0);
        CustomerView atBest = new CustomerView("c00001", CHICAGO, Set.of("equipment"), Set.of(), 0, EVENING.minus(bestDelay));
        assertThat(model.conversionProbability(intent(1, offers.get(0)), EVENING, atBest))
                .isEqualTo(model.conversionProbability(intent(1, offers.get(0)), EVENING, unknown));
    }

    @Test
    void aTextWithoutAnOfferNeverConverts() {
        SmsIntent noOffer = SmsIntent.newBuilder(intent(1, offers.get(0))).setOfferSku(null).setOfferPriceMinor(null).build();
        assertThat(model.conversionProbability(noOffer, EVENING, view(Set.of("equipment"), 0))).isZero();
    }

    private static CustomerView view(Set<String> likes, int recentTexts) {
        return new CustomerView("c00001", CHICAGO, likes, Set.of(), recentTexts);
    }

    private static SmsIntent intent(int i, Product offer) {
        return SmsIntent.newBuilder()
                .setIntentId("acme-coffee:c00001:coffee-checkout-addon@1:1:trigger-" + i)
                .setTenant(new Tenant("acme-coffee", null))
                .setCustomerId("c00001")
                .setCreatedAt(EVENING.minusSeconds(60))
                .setNotAfter(EVENING.plus(Duration.ofHours(12)))
                .setToPhone("+13125550100")
                .setBody("Hi!")
                .setLocale("en-US")
                .setTimeZone(CHICAGO.getId())
                .setQuietStartMinute(1260)
                .setQuietEndMinute(480)
                .setSequenceId("coffee-checkout-addon")
                .setSequenceVersion(1)
                .setStep(1)
                .setTriggerId("trigger-" + i)
                .setVariant("A")
                .setOfferSku(offer.sku())
                .setOfferPriceMinor(offer.priceMinor() - 100)
                .setCurrency("USD")
                .build();
    }

    private static boolean converts(List<SpecificRecord> reaction) {
        return reaction.stream().anyMatch(record -> record instanceof PurchaseEvent);
    }

    private static boolean has(List<SpecificRecord> reaction, EngagementType type) {
        return reaction.stream().anyMatch(record -> record instanceof EngagementEvent e && e.getType() == type);
    }

    private static List<String> allOf(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
