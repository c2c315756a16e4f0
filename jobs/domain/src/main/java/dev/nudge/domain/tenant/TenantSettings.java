package dev.nudge.domain.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nudge.domain.definition.LocaleTags;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.policy.ContactCaps;
import dev.nudge.domain.policy.AllowedHours;
import dev.nudge.domain.policy.QuietHoursPolicy;
import dev.nudge.domain.text.KeywordReplies;
import dev.nudge.domain.text.ReplyKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-tenant policy from one YAML file (see {@code deploy/tenants.example.yaml}): quiet hours, caps and home time
 * zone per brand and location, stricter windows per US state, each brand's sender for the dispatcher, and what the
 * webhook service answers to HELP, STOP and START for each brand ({@link KeywordReplies}). Anything
 * left out keeps the defaults of {@link EngineSettings#defaults()}. Every problem is reported with its path.
 */
public final class TenantSettings {

    private static final Set<String> TOP_LEVEL = Set.of("defaults", "stateQuietHours", "tenants");
    private static final Set<String> TENANT_KEYS = Set.of("timeZone", "quietHours", "caps", "sender", "locations",
            "keywordReplies");
    private static final Map<String, ReplyKind> REPLY_KINDS = Map.of("help", ReplyKind.HELP, "optOut",
            ReplyKind.OPT_OUT, "optIn", ReplyKind.OPT_IN);

    private final EngineSettings engine;
    private final Map<String, String> senders;
    private final KeywordReplies keywordReplies;

    private TenantSettings(EngineSettings engine, Map<String, String> senders, KeywordReplies keywordReplies) {
        this.engine = engine;
        this.senders = Map.copyOf(senders);
        this.keywordReplies = keywordReplies;
    }

    public EngineSettings engine() {
        return engine;
    }

    /** brandId → Twilio sender (an E.164 number or a Messaging Service SID). */
    public Map<String, String> senders() {
        return senders;
    }

    /** What the webhook service answers to HELP, STOP and START, per brand. */
    public KeywordReplies keywordReplies() {
        return keywordReplies;
    }

    /** Reads the settings file the services are pointed at (the sequencer's --tenants, the webhooks' NUDGE_TENANTS). */
    public static TenantSettings readFile(Path file) {
        try {
            return read(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tenant settings " + file, e);
        }
    }

    public static TenantSettings read(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new InvalidTenantSettingsException(List.of("not valid YAML: " + e.getMessage()));
        }
        return new Reader().read(root == null ? new ObjectMapper().createObjectNode() : root);
    }

    /** Reads the whole document, collecting every problem before failing. */
    private static final class Reader {
        private final List<String> problems = new ArrayList<>();

        TenantSettings read(JsonNode root) {
            onlyKeys(root, "", TOP_LEVEL);
            EngineSettings defaults = EngineSettings.defaults();
            JsonNode defaultsNode = root.path("defaults");
            onlyKeys(defaultsNode, "defaults.", Set.of("timeZone", "quietHours", "caps"));
            ZoneId defaultZone = zone(defaultsNode.get("timeZone"), "defaults.timeZone", defaults.defaultZone());
            ContactCaps defaultCaps = caps(defaultsNode.get("caps"), "defaults.caps", defaults.defaultCaps());
            AllowedHours defaultWindow = window(defaultsNode.get("quietHours"), "defaults.quietHours",
                    defaults.quietHours().defaultWindow());

            Map<String, AllowedHours> states = new HashMap<>(defaults.quietHours().stateWindows());
            root.path("stateQuietHours").fields().forEachRemaining(state -> states.put(state.getKey(),
                    window(state.getValue(), "stateQuietHours." + state.getKey(), null)));

            QuietHoursPolicy quietHours = new QuietHoursPolicy(defaultWindow, states, List.of());
            Map<String, ContactCaps> capsByBrand = new HashMap<>();
            Map<String, ZoneId> zoneByBrand = new HashMap<>();
            Map<String, String> senders = new HashMap<>();
            Map<String, KeywordReplies.Brand> replies = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("tenants").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tenant = it.next();
                String brand = tenant.getKey();
                String path = "tenants." + brand + ".";
                JsonNode node = tenant.getValue();
                onlyKeys(node, path, TENANT_KEYS);
                if (node.has("timeZone")) {
                    zoneByBrand.put(brand, zone(node.get("timeZone"), path + "timeZone", null));
                }
                if (node.has("caps")) {
                    capsByBrand.put(brand, caps(node.get("caps"), path + "caps", defaultCaps));
                }
                if (node.has("sender")) {
                    senders.put(brand, node.get("sender").asText());
                }
                if (node.has("keywordReplies")) {
                    replies.put(brand, keywordReplies(node.get("keywordReplies"), path + "keywordReplies."));
                }
                if (node.has("quietHours")) {
                    quietHours = quietHours.withTenantWindow(brand, null, window(node.get("quietHours"), path + "quietHours", null));
                }
                for (Iterator<Map.Entry<String, JsonNode>> locations = node.path("locations").fields(); locations.hasNext(); ) {
                    Map.Entry<String, JsonNode> location = locations.next();
                    String locationPath = path + "locations." + location.getKey() + ".";
                    onlyKeys(location.getValue(), locationPath, Set.of("quietHours"));
                    AllowedHours window = window(location.getValue().get("quietHours"), locationPath + "quietHours", null);
                    if (window != null) {
                        quietHours = quietHours.withTenantWindow(brand, location.getKey(), window);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidTenantSettingsException(problems);
            }
            EngineSettings engine = new EngineSettings(quietHours, defaultCaps, capsByBrand, defaults.fatigue(),
                    defaultZone, zoneByBrand, defaults.retention(), defaults.ownedWindow(), defaults.maxOwned(),
                    defaults.intentTtl(), defaults.optOutNotice(), defaults.trackedLinkBase(), defaults.trackedLinks());
            return new TenantSettings(engine, senders, new KeywordReplies(replies));
        }

        private KeywordReplies.Brand keywordReplies(JsonNode node, String path) {
            onlyKeys(node, path, Set.of("brandName", "contact", "locale", "optOutInstructions", "replies"));
            String name = node.path("brandName").asText("");
            if (name.isBlank()) {
                problems.add(path + "brandName: required, every answer names the brand");
            }
            String locale = node.path("locale").asText(KeywordReplies.FALLBACK_LANGUAGE);
            Optional<String> language = LocaleTags.lenient(locale).map(LocaleTags::language);
            if (language.isEmpty()) {
                problems.add(path + "locale: \"" + locale + "\" is not a language tag");
            }
            Map<String, String> optOutInstructions = new HashMap<>();
            node.path("optOutInstructions").fields().forEachRemaining(text ->
                    optOutInstructions.put(text.getKey(), text.getValue().asText()));
            Map<String, Map<ReplyKind, String>> replies = new HashMap<>();
            node.path("replies").fields().forEachRemaining(perLanguage -> {
                String languagePath = path + "replies." + perLanguage.getKey() + ".";
                onlyKeys(perLanguage.getValue(), languagePath, REPLY_KINDS.keySet());
                Map<ReplyKind, String> texts = new EnumMap<>(ReplyKind.class);
                perLanguage.getValue().fields().forEachRemaining(text -> {
                    if (REPLY_KINDS.containsKey(text.getKey())) {
                        texts.put(REPLY_KINDS.get(text.getKey()), text.getValue().asText());
                    }
                });
                if (!KeywordReplies.hasBuiltInTexts(perLanguage.getKey()) && texts.size() < REPLY_KINDS.size()) {
                    problems.add(languagePath.substring(0, languagePath.length() - 1) + ": no built-in texts in \""
                            + perLanguage.getKey() + "\", so it needs help, optOut and optIn");
                }
                replies.put(perLanguage.getKey(), texts);
            });
            language.filter(tag -> !KeywordReplies.hasBuiltInTexts(tag) && !replies.containsKey(tag))
                    .ifPresent(tag -> problems.add(path + "locale: no texts in \"" + tag
                            + "\" (built in: en, es, fr); give them under replies." + tag));
            return new KeywordReplies.Brand(name, node.has("contact") ? node.get("contact").asText() : null, locale,
                    optOutInstructions, replies);
        }

        private void onlyKeys(JsonNode node, String path, Set<String> allowed) {
            node.fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    problems.add(path + name + ": unknown key (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            });
        }

        private ZoneId zone(JsonNode node, String path, ZoneId fallback) {
            if (node == null) {
                return fallback;
            }
            try {
                return ZoneId.of(node.asText());
            } catch (DateTimeException e) {
                problems.add(path + ": \"" + node.asText() + "\" is not a time zone id");
                return fallback;
            }
        }

        private AllowedHours window(JsonNode node, String path, AllowedHours fallback) {
            if (node == null) {
                return fallback;
            }
            try {
                return AllowedHours.of(node.path("start").asText(), node.path("end").asText());
            } catch (RuntimeException e) {
                problems.add(path + ": needs start and end as HH:MM (" + e.getMessage() + ")");
                return fallback;
            }
        }

        private ContactCaps caps(JsonNode node, String path, ContactCaps fallback) {
            if (node == null) {
                return fallback;
            }
            onlyKeys(node, path + ".", Set.of("minGap", "maxPerDay", "maxPerWeek", "maxPerSubjectPerDay"));
            try {
                Duration minGap = node.has("minGap") ? Duration.parse(node.get("minGap").asText()) : fallback.minGap();
                int perDay = node.path("maxPerDay").asInt(fallback.maxPerDay());
                int perWeek = node.path("maxPerWeek").asInt(fallback.maxPerWeek());
                Integer perSubject = node.has("maxPerSubjectPerDay") ? Integer.valueOf(node.get("maxPerSubjectPerDay").asInt())
                        : fallback.maxPerSubjectPerDay();
                return new ContactCaps(minGap, perDay, perWeek, perSubject);
            } catch (DateTimeParseException e) {
                problems.add(path + ".minGap: \"" + node.get("minGap").asText() + "\" is not an ISO-8601 duration");
                return fallback;
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
                return fallback;
            }
        }
    }
}
