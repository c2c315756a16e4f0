package dev.nudge.devstack.twilio;

import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code GET /2010-04-01/Accounts/{AccountSid}/Messages.json}: newest first, filtered by To, From and DateSent, in
 * pages linked the way Twilio links them. A {@code PageToken} of {@code PA<sid>} continues after that message and
 * {@code PB<sid>} goes back before it, so pages stay stable while new messages arrive.
 */
final class ListMessagesHandler implements Endpoint {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;
    private static final List<String> FILTERS = List.of("To", "From", "DateSent", "DateSent<", "DateSent>");

    private final MessageStore store;

    ListMessagesHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public ApiResponse handle(ApiRequest request, List<String> pathParams) {
        String accountSid = pathParams.get(0);
        int pageSize;
        int page;
        Predicate<FakeMessage> dateFilter;
        try {
            pageSize = intParam(request, "PageSize", DEFAULT_PAGE_SIZE);
            page = intParam(request, "Page", 0);
            dateFilter = DateSentFilter.of(request);
        } catch (NumberFormatException | DateTimeParseException e) {
            return TwilioErrors.badRequest(20001, "Invalid list parameter: " + e.getMessage());
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE || page < 0) {
            return TwilioErrors.badRequest(20001, "PageSize must be 1.." + MAX_PAGE_SIZE + " and Page >= 0");
        }
        List<FakeMessage> matching = store.newestFirst().stream()
                .filter(message -> message.accountSid().equals(accountSid))
                .filter(matches(request, "To", FakeMessage::to))
                .filter(matches(request, "From", FakeMessage::from))
                .filter(dateFilter)
                .toList();

        String pageToken = request.queryParam("PageToken");
        Optional<Integer> start = pageToken == null
                ? Optional.of((int) Math.min(matching.size(), (long) page * pageSize))
                : startAtToken(pageToken, matching, pageSize);
        if (start.isEmpty()) {
            return TwilioErrors.badRequest(20001, "Invalid PageToken: " + pageToken);
        }
        int from = start.get();
        List<FakeMessage> records = matching.subList(from, Math.min(from + pageSize, matching.size()));
        return ApiResponse.json(200, pageJson(request, accountSid, pageSize, page, pageToken, records,
                from + records.size() < matching.size()));
    }

    private Optional<Integer> startAtToken(String token, List<FakeMessage> matching, int pageSize) {
        if (token.length() < 3 || !(token.startsWith("PA") || token.startsWith("PB"))) {
            return Optional.empty();
        }
        Optional<FakeMessage> anchor = store.get(token.substring(2));
        if (anchor.isEmpty()) {
            return Optional.empty();
        }
        long newerThanAnchor = matching.stream()
                .filter(message -> MessageStore.NEWEST_FIRST.compare(message, anchor.get()) < 0)
                .count();
        if (token.startsWith("PA")) {
            boolean anchorListed = matching.stream().anyMatch(message -> message.sid().equals(anchor.get().sid()));
            return Optional.of((int) newerThanAnchor + (anchorListed ? 1 : 0));
        }
        return Optional.of((int) Math.max(0, newerThanAnchor - pageSize));
    }

    private static Map<String, Object> pageJson(ApiRequest request, String accountSid, int pageSize, int page,
            String pageToken, List<FakeMessage> records, boolean more) {
        Map<String, String> query = new LinkedHashMap<>();
        FILTERS.forEach(name -> {
            String value = request.queryParam(name);
            if (value != null) {
                query.put(name, value);
            }
        });
        query.put("PageSize", Integer.toString(pageSize));
        String listUri = "/2010-04-01/Accounts/" + accountSid + "/Messages.json?" + FormEncoding.encode(query);
        int start = page * pageSize;

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("first_page_uri", listUri + "&Page=0");
        json.put("end", records.isEmpty() ? start : start + records.size() - 1);
        json.put("previous_page_uri", page > 0 && !records.isEmpty()
                ? listUri + "&Page=" + (page - 1) + "&PageToken=PB" + records.get(0).sid() : null);
        json.put("messages", records.stream().map(MessageJson::render).toList());
        json.put("uri", listUri + "&Page=" + page
                + (pageToken == null ? "" : "&PageToken=" + FormEncoding.encode(pageToken)));
        json.put("page_size", pageSize);
        json.put("start", start);
        json.put("next_page_uri", more && !records.isEmpty()
                ? listUri + "&Page=" + (page + 1) + "&PageToken=PA" + records.get(records.size() - 1).sid() : null);
        json.put("page", page);
        return json;
    }

    private static Predicate<FakeMessage> matches(ApiRequest request, String param,
            Function<FakeMessage, String> field) {
        String wanted = request.queryParam(param);
        return message -> wanted == null || wanted.equals(field.apply(message));
    }

    private static int intParam(ApiRequest request, String name, int defaultValue) {
        String value = request.queryParam(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }
}
