#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Sends signed requests to one AWS service, retrying what the policy calls transient.
///
/// Each attempt is signed afresh (a retry must not reuse a stale `X-Amz-Date`), carries
/// `X-Amzn-Trace-Id` when Lambda has set `_X_AMZN_TRACE_ID` (as the AWS SDKs do, so that
/// Lambda's recursive-loop detection sees our S3 writes), and goes through the transport,
/// so a throttling transport placed there paces retries too; each attempt names its operation
/// (`TransportRequest.operation`), so a transport with a lane per operation paces a retry in its
/// own API's lane. A non-2xx response becomes an
/// `AWSError`; a failed exchange stays a `TransportError`.
public struct AWSClient: Sendable {
    public let service: AWSService
    public let region: AWSRegion
    public let endpoint: AWSEndpoint
    public let retryPolicy: RetryPolicy

    let signer: SigV4Signer
    let errorProtocol: AWSErrorDecoder.ErrorProtocol
    let transport: any HTTPTransport
    /// The signing date and the wait between attempts.
    let time: any TimeSource
    let jitter: @Sendable (Duration) -> Duration
    let traceID: @Sendable () -> String?
    let userAgent: String
    let onRetry: (@Sendable (RetryEvent) -> Void)?

    /// A failed attempt that will be tried again, for logs and counters.
    public struct RetryEvent: Sendable {
        public let operation: String
        /// The attempt that failed, 1 for the first.
        public let attempt: Int
        public let error: any Error
        public let classification: RetryPolicy.Classification
        public let delay: Duration
    }

    public init(
        service: AWSService,
        region: AWSRegion,
        endpoint: AWSEndpoint,
        credentials: AWSCredentials,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(),
        time: any TimeSource = SystemTime(),
        jitter: @escaping @Sendable (Duration) -> Duration = RetryPolicy.uniformJitter,
        traceID: @escaping @Sendable () -> String? = AWSClient.lambdaTraceID,
        userAgent: String = "connect-agents-bulk/1.0",
        onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.service = service
        self.region = region
        self.endpoint = endpoint
        self.retryPolicy = retryPolicy
        self.signer = SigV4Signer(
            credentials: credentials, region: region.name, service: service.signingName,
            flavor: service == .s3 ? .s3 : .standard)
        self.errorProtocol = service == .s3 ? .s3XML : .restJSON
        self.transport = transport
        self.time = time
        self.jitter = jitter
        self.traceID = traceID
        self.userAgent = userAgent
        self.onRetry = onRetry
    }

    /// Sends `request` (its URL built from `endpoint`) and returns the 2xx response.
    /// - Throws: `AWSError` for an error response, `TransportError` when no response came,
    ///   after the retries the policy allows; `CancellationError` when the task is cancelled.
    public func send(_ request: TransportRequest, operation: String) async throws -> TransportResponse {
        try await send(request, operation: operation, retryUnreadable: false) { response, _ in response }
    }

    /// Sends `request` and reads its 2xx response with `read` (given the attempt's number, 1
    /// for the first), whose error is the call's when the answer cannot be read.
    ///
    /// An unreadable 2xx (empty where the model has members, a web page, JSON cut short) is
    /// retried like a 5xx only with `retryUnreadable`, which is for reads: sending a read
    /// again is harmless, and a garbled answer (a proxy's page, a gateway's cut) is most often
    /// a passing one. A mutating call is not retried: its 2xx says the work was done, and
    /// sending it again would at best do it again (an update) or meet its own result (a create
    /// answered "already exists"); the caller reads the state instead, which costs one call
    /// and answers the question a retry cannot.
    public func send<Output>(_ request: TransportRequest, operation: String, retryUnreadable: Bool,
                             read: (TransportResponse, _ attempt: Int) throws -> Output) async throws -> Output {
        var attempt = 1
        while true {
            let error: any Error
            var classification: RetryPolicy.Classification
            do {
                let response = try await transport.execute(prepared(request, operation: operation))
                if (200..<300).contains(response.status) {
                    do {
                        return try read(response, attempt)
                    } catch let unreadable {
                        guard retryUnreadable else { throw unreadable }
                        error = unreadable
                    }
                    classification = .transient
                } else {
                    error = AWSErrorDecoder.decode(
                        response, protocol: errorProtocol, service: service.id, operation: operation)
                    classification = retryPolicy.classify(error)
                }
            } catch let transportError as TransportError {
                error = transportError
                classification = retryPolicy.classify(error)
            }
            guard retryPolicy.allowsRetry(after: attempt, classification) else { throw error }
            let delay = retryPolicy.delay(beforeRetry: attempt, after: error, now: time.now, jitter: jitter)
            onRetry?(RetryEvent(operation: operation, attempt: attempt, error: error,
                                classification: classification, delay: delay))
            try await time.sleep(for: delay)
            attempt += 1
        }
    }

    /// The request as it goes on the wire: common headers added, then signed for this moment.
    func prepared(_ request: TransportRequest, operation: String? = nil) -> TransportRequest {
        var request = request
        request.operation = operation
        request.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        if let trace = traceID() {
            request.headers.replaceOrAdd(name: "X-Amzn-Trace-Id", value: trace)
        } else {
            request.headers.remove(name: "X-Amzn-Trace-Id")
        }
        return signer.signed(request, date: time.now)
    }

    /// `_X_AMZN_TRACE_ID` as it is now: the runtime loop sets it anew for each invocation.
    @Sendable public static func lambdaTraceID() -> String? {
        guard let value = getenv("_X_AMZN_TRACE_ID") else { return nil }
        let trace = String(cString: value)
        return trace.isEmpty ? nil : trace
    }
}
