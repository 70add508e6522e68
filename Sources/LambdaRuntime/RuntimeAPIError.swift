/// The Runtime API, or the way to reach it, is not as it should be.
///
/// `shouldExit` tells the loop what to do: a broken environment (a 5xx, an unexpected status on
/// `next`, no usable address) ends the process so Lambda can replace it; a refused report (4xx
/// on a response or error post) loses that one report and the loop goes on.
/// Failures to exchange a request at all are `TransportError`s, not this type.
package struct RuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, Equatable {
        /// `AWS_LAMBDA_RUNTIME_API` is missing or is not `host:port`.
        case invalidConfiguration
        /// `next` answered 200 without a usable request id or deadline.
        case invalidInvocation
        /// A 5xx: Lambda says the execution environment is broken and the runtime must exit.
        case containerError
        /// A 4xx to a response or error post: the report was refused.
        case rejected
        /// Any other status where none was expected (a 4xx or 3xx on `next`, ...).
        case unexpectedStatus
    }

    package var code: Code
    /// The HTTP status, where one was received.
    package var status: Int?
    /// The invocation concerned, where known.
    package var requestID: String?
    /// What went wrong, in words (with the Runtime API's own message, where it sent one).
    package var message: String

    package init(code: Code, status: Int? = nil, requestID: String? = nil, message: String) {
        self.code = code
        self.status = status
        self.requestID = requestID
        self.message = message
    }

    /// Whether the runtime loop must stop and the process exit non-zero.
    package var shouldExit: Bool {
        switch code {
        case .invalidConfiguration, .containerError, .unexpectedStatus: true
        case .invalidInvocation, .rejected: false
        }
    }

    package var description: String {
        var text = "Lambda Runtime API \(code.rawValue)"
        if let status { text += " (HTTP \(status))" }
        if let requestID { text += " for \(requestID)" }
        return text + ": " + message
    }
}
