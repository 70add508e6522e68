@testable import AWSCore
import FoundationEssentials
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000))
    let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT

    static func aws(_ status: Int, _ code: String, retryAfter: String? = nil) -> AWSError {
        AWSError(service: "Connect", operation: "CreateUser", statusCode: status, code: code, message: "", retryAfter: retryAfter)
    }

    static func transport(_ kind: TransportError.Kind) -> TransportError {
        TransportError(kind: kind, curlCode: 0, message: "", target: "https://x/")
    }

    @Test func classification() {
        #expect(policy.classify(Self.aws(429, "ThrottlingException")) == .throttled)
        #expect(policy.classify(Self.aws(400, "TooManyRequestsException")) == .throttled)
        #expect(policy.classify(Self.aws(503, "SlowDown")) == .throttled)
        #expect(policy.classify(Self.aws(429, "429")) == .throttled)
        for status in [500, 502, 503, 504] { #expect(policy.classify(Self.aws(status, "InternalServiceException")) == .transient) }
        // A quota is not a throttle: waiting does not make room.
        #expect(policy.classify(Self.aws(429, "LimitExceededException")) == .final)
        for (status, code) in [(400, "InvalidParameterException"), (400, "InvalidRequestException"), (403, "AccessDeniedException"),
                               (404, "ResourceNotFoundException"), (409, "DuplicateResourceException"), (403, "InvalidSignatureException")] {
            #expect(policy.classify(Self.aws(status, code)) == .final, "\(code)")
        }
        for kind in [TransportError.Kind.timedOut, .connectionReset, .connectionRefused, .connectFailed, .nameResolution] {
            #expect(policy.classify(Self.transport(kind)) == .transient, "\(kind)")
        }
        for kind in [TransportError.Kind.tls, .invalidRequest, .other] { #expect(policy.classify(Self.transport(kind)) == .final) }
        #expect(policy.classify(CancellationError()) == .final)
    }

    @Test func exponentialBackoffCappedWithFullJitter() {
        let error = Self.aws(503, "ServiceUnavailable")
        let ceilings = (1...6).map { policy.delay(beforeRetry: $0, after: error, now: now) { $0 } }
        #expect(ceilings == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1000),
            .milliseconds(1000)])
        let halves = (1...3).map { policy.delay(beforeRetry: $0, after: error, now: now) { $0 / 2 } }
        #expect(halves == [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
        // Whatever the randomness says, the wait stays within 0 ... ceiling.
        #expect(policy.delay(beforeRetry: 2, after: error, now: now) { _ in .seconds(99) } == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 2, after: error, now: now) { _ in .seconds(-1) } == .zero)
        for _ in 0..<200 {
            let delay = policy.delay(beforeRetry: 3, after: error, now: now)
            #expect(delay >= .zero && delay <= .milliseconds(400))
        }
        // Huge retry numbers do not overflow.
        #expect(policy.delay(beforeRetry: 500, after: error, now: now) { $0 } == .milliseconds(1000))
    }

    @Test func retryAfterIsHonoured() {
        let seconds = Self.aws(429, "ThrottlingException", retryAfter: "3")
        #expect(policy.delay(beforeRetry: 1, after: seconds, now: now) { $0 } == .seconds(3))
        let fraction = Self.aws(503, "SlowDown", retryAfter: " 0.25 ")
        #expect(policy.delay(beforeRetry: 1, after: fraction, now: now) { _ in .zero } == .milliseconds(250))
        // Never shorter than the backoff would be...
        #expect(policy.delay(beforeRetry: 4, after: fraction, now: now) { $0 } == .milliseconds(800))
        // ...an HTTP date counts from now...
        let date = Self.aws(503, "SlowDown", retryAfter: "Wed, 21 Oct 2015 07:28:07 GMT")
        #expect(policy.delay(beforeRetry: 1, after: date, now: now) { _ in .zero } == .seconds(7))
        let past = Self.aws(503, "SlowDown", retryAfter: "Wed, 21 Oct 2015 07:27:00 GMT")
        #expect(policy.delay(beforeRetry: 1, after: past, now: now) { _ in .zero } == .zero)
        // ...and an absurd one is cut to maxRetryAfter.
        let long = Self.aws(429, "ThrottlingException", retryAfter: "86400")
        #expect(policy.delay(beforeRetry: 1, after: long, now: now) { _ in .zero } == .seconds(60))
        let garbage = Self.aws(429, "ThrottlingException", retryAfter: "soon")
        #expect(policy.delay(beforeRetry: 1, after: garbage, now: now) { $0 } == .milliseconds(100))
    }

    @Test func httpDates() {
        #expect(HTTPDate.parse("Wed, 21 Oct 2015 07:28:00 GMT") == now)
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
        #expect(HTTPDate.parse("Tue, 29 Feb 2028 23:59:59 GMT") == Date(timeIntervalSince1970: 1_835_481_599))
        #expect(HTTPDate.parse("21 Oct 2015 07:28:00") == nil)
        #expect(HTTPDate.parse("Wed, 21 Foo 2015 07:28:00 GMT") == nil)
    }

    /// Under a pacing transport (lanes): a throttled retry waits at most `throttledBaseDelay`,
    /// with no growth, and may have `extraThrottledRetries` attempts more; other failures keep
    /// the exponential backoff and `maxRetries`.
    @Test func pacedThrottlingRetriesSoonAndAFewMoreTimes() {
        var paced = RetryPolicy(maxRetries: 3, baseDelay: .seconds(1), maxDelay: .seconds(20), throttledBaseDelay: .milliseconds(100))
        paced.extraThrottledRetries = 6
        let full: (Duration) -> Duration = { $0 }
        let throttled = Self.aws(429, "ThrottlingException")
        #expect(paced.delay(beforeRetry: 1, after: throttled, now: now, jitter: full) == .milliseconds(100))
        #expect(paced.delay(beforeRetry: 8, after: throttled, now: now, jitter: full) == .milliseconds(100))
        #expect(paced.delay(beforeRetry: 3, after: Self.aws(500, "InternalServiceException"), now: now, jitter: full) == .seconds(4))
        // Retry-After still wins.
        #expect(paced.delay(beforeRetry: 1, after: Self.aws(429, "ThrottlingException", retryAfter: "2"), now: now, jitter: full) == .seconds(2))
        #expect(paced.allowsRetry(after: 9, .throttled) && !paced.allowsRetry(after: 10, .throttled))
        #expect(paced.allowsRetry(after: 3, .transient) && !paced.allowsRetry(after: 4, .transient))
        #expect(!paced.allowsRetry(after: 1, .final))
        // NUMBER_OF_RETRIES=0 means no retry at all, throttled or not.
        var none = paced
        none.maxRetries = 0
        #expect(!none.allowsRetry(after: 1, .throttled))
        // The default policy is unchanged.
        #expect(policy.allowsRetry(after: 5, .throttled) && !policy.allowsRetry(after: 6, .throttled))
    }
}
