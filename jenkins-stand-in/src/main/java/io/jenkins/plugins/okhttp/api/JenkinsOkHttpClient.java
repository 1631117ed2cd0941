package io.jenkins.plugins.okhttp.api;

import okhttp3.OkHttpClient;

/** Stand-in (test double) of okhttp-api's {@code JenkinsOkHttpClient}: no Jenkins proxy offline, the client as given. */
public class JenkinsOkHttpClient {
    public static OkHttpClient.Builder newClientBuilder(OkHttpClient httpClient) {
        return httpClient.newBuilder();
    }
}
