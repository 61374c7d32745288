package mamori.onvif;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/// What to ask a recorder for and how patiently (FindRecordings, then GetRecordingSearchResults
/// until the search is completed).
///
/// @param recordingTokens   only these recordings (empty: all); with `sourceTokens`, their union
/// @param sourceTokens      only recordings of these sources (empty: all)
/// @param maxMatches        the device completes the search after this many recordings
/// @param keepAlive         how long the device keeps the search session between two requests
/// @param resultsPerRequest MaxResults of one GetRecordingSearchResults
/// @param waitPerRequest    WaitTime: how long the device may hold one request for results to arrive
/// @param timeLimit         the whole search, after which it is ended and reported as timed out
public record RecordingSearch(List<String> recordingTokens, List<String> sourceTokens, OptionalInt maxMatches,
        Duration keepAlive, int resultsPerRequest, Duration waitPerRequest, Duration timeLimit) {

    public RecordingSearch {
        recordingTokens = List.copyOf(recordingTokens);
        sourceTokens = List.copyOf(sourceTokens);
        Objects.requireNonNull(maxMatches, "maxMatches");
        if (maxMatches.isPresent() && maxMatches.getAsInt() < 1) {
            throw new IllegalArgumentException("maxMatches must be at least 1: " + maxMatches);
        }
        if (resultsPerRequest < 1) {
            throw new IllegalArgumentException("resultsPerRequest must be at least 1: " + resultsPerRequest);
        }
        if (keepAlive.isNegative() || keepAlive.isZero() || waitPerRequest.isNegative() || timeLimit.isNegative()
                || timeLimit.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    /// All recordings; a ten-second session (the least every device must support), 100 results and
    /// at most one second of waiting per request, 30 seconds for the whole search.
    public static RecordingSearch allRecordings() {
        return new RecordingSearch(List.of(), List.of(), OptionalInt.empty(), Duration.ofSeconds(10), 100,
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public RecordingSearch onlyRecordings(List<String> tokens) {
        return new RecordingSearch(tokens, sourceTokens, maxMatches, keepAlive, resultsPerRequest, waitPerRequest, timeLimit);
    }

    public RecordingSearch withMaxMatches(int matches) {
        return new RecordingSearch(recordingTokens, sourceTokens, OptionalInt.of(matches), keepAlive, resultsPerRequest,
                waitPerRequest, timeLimit);
    }

    public RecordingSearch withResultsPerRequest(int results) {
        return new RecordingSearch(recordingTokens, sourceTokens, maxMatches, keepAlive, results, waitPerRequest, timeLimit);
    }

    public RecordingSearch withTimeLimit(Duration limit) {
        return new RecordingSearch(recordingTokens, sourceTokens, maxMatches, keepAlive, resultsPerRequest, waitPerRequest, limit);
    }
}
