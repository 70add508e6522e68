import AWSCore
import ConnectClient
import JSONLog

/// How long a job waits for Amazon Connect to show what was just done.
///
/// AWS documents the whole Connect API as eventually consistent: a change "typically"
/// propagates in "less than a few seconds", "in some cases it can take several minutes", and
/// the symptom is `ResourceNotFoundException` (or `InvalidRequestException`), AWS's own example
/// being DescribeUser right after CreateUser. So a call on a user just created (or just found)
/// that meets those is tried again, and a user that must exist (a create answered "already
/// exists") is looked for again, with waits that double, for at most `span`: a row that is
/// still not visible then fails with its reason, and dropping the failure file back is safe.
package struct ConsistencyWindow: Sendable {
    /// The longest a row waits, from its first attempt.
    package var span: Duration
    package var firstWait: Duration
    package var longestWait: Duration
    let time: any TimeSource

    package static let defaultSpan = Duration.seconds(60)

    package init(span: Duration = ConsistencyWindow.defaultSpan, firstWait: Duration = .milliseconds(500),
                longestWait: Duration = .seconds(8), time: any TimeSource = SystemTime()) {
        self.span = span
        self.firstWait = firstWait
        self.longestWait = longestWait
        self.time = time
    }

    /// The errors a change not visible yet answers: ResourceNotFoundException, and where
    /// `invalidRequestToo`, InvalidRequestException (what AWS says a call on a user created a
    /// moment ago may meet).
    static func isLag(_ error: any Error, invalidRequestToo: Bool) -> Bool {
        switch error.connectCode {
        case .resourceNotFound: true
        case .invalidRequest: invalidRequestToo
        default: false
        }
    }

    /// `call`, again while it fails as a change not visible yet would (`isLag`), until `span`
    /// has passed since the first attempt; then its last error.
    func retrying<Value>(_ operation: String, invalidRequestToo: Bool = true, logger: JSONLogger,
                         _ call: () async throws -> Value) async throws -> Value {
        var lag: (any Error)?
        let value = try await waiting(onWait: { wait in
            logger.info("not visible yet", ["operation": .string(operation), "code": .string(lag.map(FailureReason.code) ?? ""),
                                            "waitMs": .int(Int(wait.wholeMilliseconds))])
        }) { () async throws -> Value? in
            do {
                return try await call()
            } catch where Self.isLag(error, invalidRequestToo: invalidRequestToo) {
                lag = error
                return nil
            }
        }
        if let value { return value }
        throw lag!  // nil comes only from the catch above, which sets it
    }

    /// `retrying` for one Connect operation.
    func retrying<Value>(_ operation: ConnectOperation, invalidRequestToo: Bool = true, logger: JSONLogger,
                         _ call: () async throws -> Value) async throws -> Value {
        try await retrying(operation.rawValue, invalidRequestToo: invalidRequestToo, logger: logger, call)
    }

    /// `look`'s first answer that is not nil, asking again after a wait while it is nil, until
    /// `span` has passed; nil then.
    func waiting<Value>(for what: String, logger: JSONLogger, _ look: () async throws -> Value?) async throws -> Value? {
        try await waiting(onWait: { wait in
            logger.info("not visible yet", ["looking for": .string(what), "waitMs": .int(Int(wait.wholeMilliseconds))])
        }, look)
    }

    /// The one loop: `look` again after waits that double, while its answer is nil and the next
    /// wait still ends within `span` of the first look.
    private func waiting<Value>(onWait: (Duration) -> Void, _ look: () async throws -> Value?) async throws -> Value? {
        let start = time.uptime
        var wait = firstWait
        while true {
            if let value = try await look() { return value }
            guard time.uptime - start + wait <= span else { return nil }
            onWait(wait)
            try await time.sleep(for: wait)
            wait = min(wait * 2, longestWait)
        }
    }
}
