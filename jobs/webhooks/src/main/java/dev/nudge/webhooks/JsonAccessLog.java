package dev.nudge.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * One JSON line per request. It names the route, never the link token in its path, and leaves out the query string
 * and the body, where Twilio puts phone numbers and texts; the agent is kept to tell link previews from taps.
 */
final class JsonAccessLog implements RequestLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_AGENT = 200;

    private final Consumer<String> sink;

    JsonAccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void log(Request request, Response response) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(request.getTimeStamp()).toString());
        line.put("method", request.getMethod());
        line.put("route", route(request.getRequestURI()));
        line.put("status", response.getCommittedMetaData() == null ? response.getStatus()
                : response.getCommittedMetaData().getStatus());
        line.put("ms", System.currentTimeMillis() - request.getTimeStamp());
        line.put("bytesOut", response.getHttpChannel().getBytesWritten());
        line.put("remote", request.getRemoteAddr());
        String agent = request.getHeader("User-Agent");
        if (agent != null) {
            line.put("agent", agent.length() > MAX_AGENT ? agent.substring(0, MAX_AGENT) : agent);
            line.put("preview", LinkPreviews.isPreview(agent));
        }
        try {
            sink.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings and numbers is always JSON", e);
        }
    }

    /** The path with anything after {@code /l/} (a link token) replaced. */
    static String route(String path) {
        if (path == null) {
            return "";
        }
        return path.startsWith("/l/") ? "/l/{token}" : path;
    }
}
