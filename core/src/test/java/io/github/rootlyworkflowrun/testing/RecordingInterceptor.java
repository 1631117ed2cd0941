package io.github.rootlyworkflowrun.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/** Records every exchange as it crosses the wire, so tests can check requests and responses against a spec. */
public final class RecordingInterceptor implements Interceptor {
    /** One request and its answer as sent and received. */
    public record Exchange(Request request, String requestBody, int status, String contentType, String responseBody) {}

    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String body = null;
        if (request.body() != null) {
            Buffer buffer = new Buffer();
            request.body().writeTo(buffer);
            body = buffer.readUtf8();
        }
        Response response = chain.proceed(request);
        exchanges.add(new Exchange(
                request,
                body,
                response.code(),
                response.header("Content-Type"),
                response.peekBody(Long.MAX_VALUE).string()));
        return response;
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    public void clear() {
        exchanges.clear();
    }
}
