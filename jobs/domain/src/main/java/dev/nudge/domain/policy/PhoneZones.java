package dev.nudge.domain.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a time zone (and, for US numbers, the state) from an E.164 phone number: NANP (+1) numbers by area
 * code from {@code phone-area-codes.csv}, a handful of other countries by country code. Anything else, including
 * toll-free and unknown area codes, yields nothing rather than a guess.
 */
public final class PhoneZones {

    static final String AREA_CODES_RESOURCE = "phone-area-codes.csv";

    /** Country code → region; where a country spans zones, its most populous one. */
    private static final Map<String, PhoneRegion> COUNTRY_CODES = Map.ofEntries(
            country("27", "ZA", "Africa/Johannesburg"),
            country("30", "GR", "Europe/Athens"),
            country("31", "NL", "Europe/Amsterdam"),
            country("32", "BE", "Europe/Brussels"),
            country("33", "FR", "Europe/Paris"),
            country("34", "ES", "Europe/Madrid"),
            country("353", "IE", "Europe/Dublin"),
            country("351", "PT", "Europe/Lisbon"),
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
            country("52", "MX", "America/Mexico_City"),
            country("55", "BR", "America/Sao_Paulo"),
            country("61", "AU", "Australia/Sydney"),
            country("64", "NZ", "Pacific/Auckland"),
            country("65", "SG", "Asia/Singapore"),
            country("81", "JP", "Asia/Tokyo"),
            country("82", "KR", "Asia/Seoul"),
            country("852", "HK", "Asia/Hong_Kong"),
            country("91", "IN", "Asia/Kolkata"),
            country("971", "AE", "Asia/Dubai"),
            country("972", "IL", "Asia/Jerusalem"));

    private static final int NANP_DIGITS = 11;

    private final Map<String, PhoneRegion> areaCodes;

    private PhoneZones(Map<String, PhoneRegion> areaCodes) {
        this.areaCodes = Map.copyOf(areaCodes);
    }

    /** The table shipped with Nudge, loaded once. */
    public static PhoneZones standard() {
        return Standard.INSTANCE;
    }

    /** Reads a table in the format of {@code phone-area-codes.csv}: '#' comments, a header, then rows. */
    static PhoneZones fromCsv(Reader csv) throws IOException {
        Map<String, PhoneRegion> areaCodes = new HashMap<>();
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
            PhoneRegion previous = areaCodes.put(cells[0].trim(),
                    new PhoneRegion(cells[1].trim(), region, ZoneId.of(cells[3].trim())));
            if (previous != null) {
                throw new IllegalArgumentException("area code listed twice: " + cells[0]);
            }
        }
        return new PhoneZones(areaCodes);
    }

    /** The region of an E.164 number ("+14155550123"; spaces, dashes, dots and parentheses are ignored). */
    public Optional<PhoneRegion> locate(String phoneE164) {
        if (phoneE164 == null) {
            return Optional.empty();
        }
        String digits = phoneE164.replaceAll("[\\s().-]", "");
        if (!digits.matches("\\+\\d{6,15}")) {
            return Optional.empty();
        }
        digits = digits.substring(1);
        if (digits.startsWith("1")) {
            return digits.length() == NANP_DIGITS ? Optional.ofNullable(areaCodes.get(digits.substring(1, 4)))
                                                  : Optional.empty();
        }
        // Country codes are prefix-free, so at most one of the 1-3 digit prefixes can match.
        for (int length = 1; length <= 3; length++) {
            PhoneRegion region = COUNTRY_CODES.get(digits.substring(0, length));
            if (region != null) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    public Optional<ZoneId> zoneOf(String phoneE164) {
        return locate(phoneE164).map(PhoneRegion::zone);
    }

    public Optional<String> usStateOf(String phoneE164) {
        return locate(phoneE164).map(PhoneRegion::usState);
    }

    private static Map.Entry<String, PhoneRegion> country(String code, String iso, String zone) {
        return Map.entry(code, new PhoneRegion(iso, null, ZoneId.of(zone)));
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
