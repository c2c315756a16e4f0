package dev.nudge.domain.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Derives the places (time zone and, for US numbers, the state) an E.164 phone number may be in: NANP (+1) numbers
 * by area code from {@code phone-area-codes.csv}, a handful of other countries by country code. A prefix that
 * spans several zones yields all of them, the most populous first. Anything else, including toll-free and unknown
 * area codes, yields nothing rather than a guess.
 */
public final class PhoneZones {

    static final String AREA_CODES_RESOURCE = "phone-area-codes.csv";
    /** Compiled once: the engine asks for a recipient's zone on every fired step. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern E164 = Pattern.compile("\\+\\d{6,15}");

    /** Country code → its regions, one per time zone of the country, the most populous first. */
    private static final Map<String, List<PhoneRegion>> COUNTRY_CODES = Map.ofEntries(
            country("27", "ZA", "Africa/Johannesburg"),
            country("30", "GR", "Europe/Athens"),
            country("31", "NL", "Europe/Amsterdam"),
            country("32", "BE", "Europe/Brussels"),
            country("33", "FR", "Europe/Paris"),
            country("34", "ES", "Europe/Madrid", "Atlantic/Canary"),
            country("353", "IE", "Europe/Dublin"),
            country("351", "PT", "Europe/Lisbon", "Atlantic/Azores"),
            country("358", "FI", "Europe/Helsinki"),
            country("39", "IT", "Europe/Rome"),
            country("41", "CH", "Europe/Zurich"),
            country("43", "AT", "Europe/Vienna"),
            country("44", "GB", "Europe/London"),
            country("45", "DK", "Europe/Copenhagen"),
            country("46", "SE", "Europe/Stockholm"),
            country("47", "NO", "Europe/Oslo"),
            country("48", "PL", "Europe/Warsaw"),
            country("49", "DE", "Europe/Berlin"),
            country("52", "MX", "America/Mexico_City", "America/Cancun", "America/Chihuahua",
                    "America/Hermosillo", "America/Mazatlan", "America/Tijuana"),
            country("55", "BR", "America/Sao_Paulo", "America/Manaus", "America/Rio_Branco",
                    "America/Noronha"),
            country("61", "AU", "Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide",
                    "Australia/Darwin", "Australia/Perth"),
            country("64", "NZ", "Pacific/Auckland", "Pacific/Chatham"),
            country("65", "SG", "Asia/Singapore"),
            country("81", "JP", "Asia/Tokyo"),
            country("82", "KR", "Asia/Seoul"),
            country("852", "HK", "Asia/Hong_Kong"),
            country("91", "IN", "Asia/Kolkata"),
            country("971", "AE", "Asia/Dubai"),
            country("972", "IL", "Asia/Jerusalem"));

    private static final int NANP_DIGITS = 11;

    /** Area code → its regions, in table order (the most populous first). */
    private final Map<String, List<PhoneRegion>> areaCodes;

    private PhoneZones(Map<String, List<PhoneRegion>> areaCodes) {
        Map<String, List<PhoneRegion>> copy = new LinkedHashMap<>();
        areaCodes.forEach((code, regions) -> copy.put(code, List.copyOf(regions)));
        this.areaCodes = copy;
    }

    /** The table shipped with Nudge, loaded once. */
    public static PhoneZones standard() {
        return Standard.INSTANCE;
    }

    /**
     * Reads a table in the format of {@code phone-area-codes.csv}: '#' comments, a header, then rows; an area code
     * may have several rows (one per zone or region), never the same one twice.
     */
    static PhoneZones fromCsv(Reader csv) throws IOException {
        Map<String, List<PhoneRegion>> areaCodes = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(csv);
        boolean headerSeen = false;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                headerSeen = true;
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                throw new IllegalArgumentException("expected area_code,country,region,time_zone but got: " + line);
            }
            String region = cells[2].isBlank() ? null : cells[2].trim();
            PhoneRegion place = new PhoneRegion(cells[1].trim(), region, ZoneId.of(cells[3].trim()));
            List<PhoneRegion> places = areaCodes.computeIfAbsent(cells[0].trim(), code -> new ArrayList<>());
            if (places.contains(place)) {
                throw new IllegalArgumentException("area code listed twice: " + line);
            }
            places.add(place);
        }
        return new PhoneZones(areaCodes);
    }

    /**
     * Every region an E.164 number ("+14155550123"; spaces, dashes, dots and parentheses are ignored) may be in,
     * the most populous first; empty when the number tells nothing.
     */
    public List<PhoneRegion> regionsOf(String phoneE164) {
        if (phoneE164 == null) {
            return List.of();
        }
        String digits = SEPARATORS.matcher(phoneE164).replaceAll("");
        if (!E164.matcher(digits).matches()) {
            return List.of();
        }
        digits = digits.substring(1);
        if (digits.startsWith("1")) {
            return digits.length() == NANP_DIGITS ? areaCodes.getOrDefault(digits.substring(1, 4), List.of())
                                                  : List.of();
        }
        // Country codes are prefix-free, so at most one of the 1-3 digit prefixes can match.
        for (int length = 1; length <= 3; length++) {
            List<PhoneRegion> regions = COUNTRY_CODES.get(digits.substring(0, length));
            if (regions != null) {
                return regions;
            }
        }
        return List.of();
    }

    /** The most populous region the number may be in. */
    public Optional<PhoneRegion> locate(String phoneE164) {
        return regionsOf(phoneE164).stream().findFirst();
    }

    /** Every region of a country (ISO 3166 code) this table knows, each once. */
    public List<PhoneRegion> regionsIn(String country) {
        return allRegions().filter(region -> region.country().equals(country)).distinct().toList();
    }

    /** The country a time zone belongs to, as far as this table tells (the first country listing it). */
    public Optional<String> countryOf(ZoneId zone) {
        return allRegions().filter(region -> region.zone().equals(zone)).map(PhoneRegion::country).findFirst();
    }

    public Optional<ZoneId> zoneOf(String phoneE164) {
        return locate(phoneE164).map(PhoneRegion::zone);
    }

    public Optional<String> usStateOf(String phoneE164) {
        return locate(phoneE164).map(PhoneRegion::usState);
    }

    private Stream<PhoneRegion> allRegions() {
        return Stream.concat(areaCodes.values().stream(), COUNTRY_CODES.values().stream())
                .flatMap(List::stream);
    }

    private static Map.Entry<String, List<PhoneRegion>> country(String code, String iso, String... zones) {
        return Map.entry(code, Arrays.stream(zones).map(zone -> new PhoneRegion(iso, null, ZoneId.of(zone))).toList());
    }

    private static final class Standard {
        static final PhoneZones INSTANCE = load();

        private static PhoneZones load() {
            try (InputStream in = PhoneZones.class.getResourceAsStream(AREA_CODES_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(AREA_CODES_RESOURCE + " is missing from the classpath");
                }
                return fromCsv(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
