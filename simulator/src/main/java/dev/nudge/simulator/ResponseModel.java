package dev.nudge.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.ReplyIntent;
import dev.nudge.events.SalesChannel;
import dev.nudge.events.SmsIntent;
import org.apache.avro.specific.SpecificRecord;

/**
 * How simulated customers react to the texts the engine sends, by the true {@link ResponseParameters}: clicks,
 * replies, opt-outs, and purchases of the offered sku.
 *
 * <p>A reaction is drawn from a random stream derived from the given source's seed and the intent id alone, so
 * the same text to the same customer view always gets the same reaction, in whatever order texts are processed.
 * All draws are made up front in a fixed order, so a customer view that makes converting likelier never turns a
 * conversion into none: effects show clearly even in small samples.
 *
 * <p>The baseline, what customers buy without any text, is the {@link ActivityGenerator}'s stream; the
 * purchases returned here come on top of it.
 */
public final class ResponseModel {

    private static final double MILLIS_PER_MINUTE = 60_000;

    private final SimCatalog catalog;
    private final ResponseParameters parameters;

    public ResponseModel(SimCatalog catalog, ResponseParameters parameters) {
        this.catalog = catalog;
        this.parameters = parameters;
    }

    public ResponseParameters parameters() {
        return parameters;
    }

    /**
     * The true chance that this text makes the customer buy the offered sku within the window: the best variant
     * and a text at the best delay after the last purchase (when the view knows it) convert best.
     */
    public double conversionProbability(SmsIntent intent, Instant deliveredAt, CustomerView customer) {
        Optional<Product> offer = offer(intent);
        if (offer.isEmpty()) {
            return 0;
        }
        double p = parameters.baseConversion()
                * (isRelevant(offer.get(), customer) ? parameters.relevanceBoost() : 1.0)
                * parameters.timingFactor(deliveredAt.atZone(customer.zone()).getHour())
                * parameters.variantFactor(intent.getVariant())
                * (customer.lastPurchaseAt() == null || customer.lastPurchaseAt().isAfter(deliveredAt) ? 1.0
                   : parameters.delayFactor(Duration.between(customer.lastPurchaseAt(), deliveredAt)))
                * Math.pow(parameters.fatigueDecay(), customer.textsInLast7Days());
        return Math.min(1.0, p);
    }

    /** The true chance that this text makes the customer opt out. */
    public double optOutProbability(CustomerView customer) {
        return Math.min(parameters.maxOptOut(),
                parameters.optOutBase() + parameters.optOutPerRecentText() * customer.textsInLast7Days());
    }

    /** In a category the customer likes, or an add-on or complement of something they bought. */
    public boolean isRelevant(Product offer, CustomerView customer) {
        if (customer.likedCategories().contains(offer.category().code())) {
            return true;
        }
        return customer.boughtSkus().stream()
                .map(catalog::find)
                .flatMap(Optional::stream)
                .anyMatch(bought -> bought.addOns().contains(offer.sku()) || bought.complements().contains(offer.sku()));
    }

    /**
     * The customer's reaction to a text delivered at {@code deliveredAt}: {@link EngagementEvent}s (CLICKED,
     * REPLIED with its intent and text, OPTED_OUT with "STOP" or a revocation in plain words) and at most one
     * {@link PurchaseEvent} of the offered sku, all after {@code deliveredAt}, in time order.
     *
     * @param random the run's source; the reaction uses only a stream derived from its seed and the intent id
     */
    public List<SpecificRecord> reactTo(SmsIntent intent, Instant deliveredAt, CustomerView customer,
                                        RandomSource random) {
        RandomSource draws = random.derive("intent:" + intent.getIntentId());
        double optOutDraw = draws.nextDouble();
        double convertDraw = draws.nextDouble();
        double clickDraw = draws.nextDouble();
        double questionDraw = draws.nextDouble();
        double replyDraw = draws.nextDouble();
        double toneDraw = draws.nextDouble();
        Duration conversionDelay = conversionDelay(draws);
        Duration clickDelay = minutes(10 + draws.exponential(15));
        Duration replyDelay = minutes(1 + draws.exponential(30));
        String text = String.valueOf(draws.nextLong());

        List<Reaction> reactions = new ArrayList<>();
        if (optOutDraw < optOutProbability(customer)) {
            String words = toneDraw < 0.5 ? ReplyTexts.STOP : pick(ReplyTexts.REVOCATIONS, text);
            reactions.add(engagement(intent, deliveredAt.plus(replyDelay), EngagementType.OPTED_OUT, null, words));
            return records(reactions);
        }
        boolean converts = convertDraw < conversionProbability(intent, deliveredAt, customer);
        if (converts) {
            Instant boughtAt = deliveredAt.plus(conversionDelay);
            reactions.add(new Reaction(boughtAt, purchase(intent, boughtAt)));
        }
        if (clickDraw < (converts ? parameters.clickGivenConversion() : parameters.clickWithoutConversion())) {
            Duration delay = converts && clickDelay.compareTo(conversionDelay) >= 0 ? conversionDelay.dividedBy(2) : clickDelay;
            reactions.add(engagement(intent, deliveredAt.plus(delay), EngagementType.CLICKED, null, null));
        }
        if (questionDraw < parameters.questionProbability()) {
            reactions.add(engagement(intent, deliveredAt.plus(replyDelay), EngagementType.REPLIED,
                    ReplyIntent.QUESTION, pick(ReplyTexts.QUESTIONS, text)));
        } else if (replyDraw < parameters.replyProbability()) {
            boolean negative = !converts && toneDraw < parameters.negativeReplyShare();
            reactions.add(engagement(intent, deliveredAt.plus(replyDelay), EngagementType.REPLIED,
                    negative ? ReplyIntent.NEGATIVE : ReplyIntent.POSITIVE,
                    pick(negative ? ReplyTexts.NEGATIVE : ReplyTexts.POSITIVE, text)));
        }
        return records(reactions);
    }

    private Optional<Product> offer(SmsIntent intent) {
        return intent.getOfferSku() == null ? Optional.empty() : catalog.find(intent.getOfferSku());
    }

    /** Log-normal around the median, drawn again while longer than the window (at most a few times). */
    private Duration conversionDelay(RandomSource draws) {
        long window = parameters.conversionWindow().toMillis();
        long median = parameters.medianConversionDelay().toMillis();
        for (int attempt = 0; attempt < 8; attempt++) {
            long delay = (long) draws.logNormal(median, parameters.conversionDelaySigma());
            if (delay > 0 && delay < window) {
                return Duration.ofMillis(delay);
            }
        }
        return Duration.ofMillis(Math.min(median, window - 1));
    }

    private Reaction engagement(SmsIntent intent, Instant at, EngagementType type, ReplyIntent replyIntent,
                                String replyText) {
        return new Reaction(at, EngagementEvent.newBuilder()
                .setEventId(intent.getIntentId() + ":" + type.name().toLowerCase())
                .setTenant(intent.getTenant())
                .setCustomerId(intent.getCustomerId())
                .setEventTime(at)
                .setType(type)
                .setMessageId(intent.getIntentId())
                .setReplyIntent(replyIntent)
                .setReplyText(replyText)
                .setSequenceId(intent.getSequenceId())
                .setSequenceVersion(intent.getSequenceVersion())
                .setStep(intent.getStep())
                .setVariant(intent.getVariant())
                .build());
    }

    private PurchaseEvent purchase(SmsIntent intent, Instant at) {
        Product product = offer(intent).orElseThrow();
        long price = intent.getOfferPriceMinor() != null ? intent.getOfferPriceMinor()
                                                         : catalog.priceAt(product.sku(), at);
        return PurchaseEvent.newBuilder()
                .setEventId(intent.getIntentId() + ":purchase")
                .setTenant(intent.getTenant())
                .setCustomerId(intent.getCustomerId())
                .setEventTime(at)
                .setOrderId("o-" + intent.getIntentId())
                .setLines(List.of(EventFactory.line(product, 1, price)))
                .setTotalMinor(price)
                .setCurrency(Product.CURRENCY)
                .setStoreId(null)
                .setChannel(SalesChannel.ONLINE)
                .build();
    }

    private static List<SpecificRecord> records(List<Reaction> reactions) {
        reactions.sort(Comparator.comparing(Reaction::at));
        return reactions.stream().map(Reaction::record).toList();
    }

    /** A text chosen by a draw that does not move any other draw. */
    private static String pick(List<String> texts, String draw) {
        return texts.get(Math.floorMod(draw.hashCode(), texts.size()));
    }

    private static Duration minutes(double minutes) {
        return Duration.ofMillis((long) (minutes * MILLIS_PER_MINUTE));
    }

    private record Reaction(Instant at, SpecificRecord record) {
    }
}
