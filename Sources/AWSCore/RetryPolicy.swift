#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which failures are worth another attempt, and how long to wait before it.
///
/// Retryable: throttling (HTTP 429 and the throttling codes), server errors 500/502/503/504,
/// and transport failures that a new attempt can cure (timeouts, resets, refused or failed
/// connections, DNS hiccups). Final: every other 4xx, quota errors that come as 429
/// (`LimitExceededException`, `ServiceQuotaExceededException`: no wait makes room), TLS
/// failures, malformed requests, cancellation.
///
/// A 2xx whose body cannot be read is not an error response, so not classified here: the
/// client retries it like a transient failure for reads only, never for a mutating call,
/// whose 2xx says the work was done (see `AWSClient.send(_:operation:retryUnreadable:read:)`).
///
/// The wait is exponential backoff with full jitter, capped (AWS's "standard" retry mode):
/// `random(0 ... min(maxDelay, baseDelay × 2^(retry-1)))`, but never shorter than a
/// `Retry-After` the server sent (up to `maxRetryAfter`).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first; `NUMBER_OF_RETRIES`.
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    public var maxRetryAfter: Duration
    /// The backoff's ceiling after a throttling answer, without growth, when it is not the
    /// exponential one: a transport that paces each operation and slows its lane down on each
    /// 429 spaces the retry already, and a long sleep on top would only hold the row (and the
    /// rows settled after it) back.
    public var throttledBaseDelay: Duration?
    /// Attempts beyond `maxRetries` that a throttling answer may still have, for a transport
    /// that slows down on each 429 (each such attempt goes at a lower rate, so they converge
    /// instead of retrying blindly); 0 otherwise.
    public var extraThrottledRetries = 0

    /// Whether a failure classified `classification` on attempt `attempt` (1 for the first)
    /// is tried again.
    public func allowsRetry(after attempt: Int, _ classification: Classification) -> Bool {
        guard classification != .final else { return false }
        return attempt <= maxRetries || (classification == .throttled && maxRetries > 0 && attempt <= maxRetries + extraThrottledRetries)
    }

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(60), throttledBaseDelay: Duration? = nil
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.throttledBaseDelay = throttledBaseDelay
    }

    /// How a failure is treated.
    public enum Classification: String, Sendable, Equatable {
        /// The service asked us to slow down.
        case throttled
        /// A server error or a broken exchange: worth another attempt.
        case transient
        /// Another attempt would fail the same way.
        case final
    }

    static let throttlingCodes: Set<String> = [
        "ThrottlingException", "TooManyRequestsException", "SlowDown", "Throttling", "ThrottledException",
        "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded", "EC2ThrottledException", "TransactionInProgressException", "PriorRequestNotComplete",
    ]
    static let quotaCodes: Set<String> = ["LimitExceededException", "ServiceQuotaExceededException"]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    public func classify(_ error: any Error) -> Classification {
        switch error {
        case let error as AWSError:
            if Self.quotaCodes.contains(error.code) { return .final }
            if Self.throttlingCodes.contains(error.code) || error.statusCode == 429 { return .throttled }
            if Self.transientStatuses.contains(error.statusCode) || Self.transientCodes.contains(error.code) {
                return .transient
            }
            return .final
        case let error as TransportError:
            switch error.kind {
            case .timedOut, .connectionReset, .connectionRefused, .connectFailed, .nameResolution: return .transient
            case .tls, .invalidRequest, .other: return .final
            }
        default:
            return .final
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    /// - Parameters:
    ///   - jitter: picks a duration in `0 ... cap`; uniform random in production.
    ///   - now: the current time, for a `Retry-After` given as an HTTP date.
    public func delay(
        beforeRetry retry: Int, after error: any Error, now: Date,
        jitter: (Duration) -> Duration = RetryPolicy.uniformJitter
    ) -> Duration {
        let exponent = Swift.min(max(retry - 1, 0), 62)
        var ceiling = Swift.min(maxDelay, baseDelay * Double(sign: .plus, exponent: exponent, significand: 1))
        if let throttledBaseDelay, classify(error) == .throttled {
            // The pacing transport's lane spaces the retry, slower after each 429: no growth here.
            ceiling = Swift.min(maxDelay, throttledBaseDelay)
        }
        var delay = Swift.min(max(jitter(ceiling), .zero), ceiling)
        if let header = (error as? AWSError)?.retryAfter, let requested = Self.parseRetryAfter(header, now: now) {
            delay = max(delay, Swift.min(requested, maxRetryAfter))
        }
        return delay
    }

    /// A uniformly random duration in `0 ... cap`.
    public static func uniformJitter(_ cap: Duration) -> Duration {
        let nanoseconds = max(Int64(0), Int64(cap / .nanoseconds(1)))
        return .nanoseconds(Int64.random(in: 0...nanoseconds))
    }

    /// `Retry-After` as delta-seconds (`120`, `1.5`) or as an HTTP date
    /// (`Wed, 21 Oct 2015 07:28:00 GMT`); `nil` when it is neither.
    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingWhitespace()
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded())) : .zero
    }

}
