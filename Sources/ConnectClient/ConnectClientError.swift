/// A 2xx answer from Amazon Connect that the client could not read (not the JSON the model
/// describes, or a required member missing), or a request it could not build.
///
/// An unreadable answer to a read (a list, a search, a describe) is retried by the client, as
/// a 5xx is; one to a mutating call is not (see `AWSClient.send(_:operation:retryUnreadable:read:)`):
/// its 2xx says the work was done, so the caller reads the state to learn what it was.
package struct ConnectClientError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, Equatable {
        /// The body is not JSON of the expected shape.
        case malformedResponse
        /// A member the product needs (an id, an ARN) is absent.
        case missingMember
        /// The request could not be encoded (nothing was sent).
        case unencodableRequest
    }

    package var code: Code
    /// The operation, as the model names it: `SearchUsers`.
    package var operation: String
    /// What was wrong, for people. Never contains a request body.
    package var message: String
    /// How many times the request was sent, this answer's attempt included.
    package var attempts: Int

    package init(code: Code, operation: String, message: String, attempts: Int = 1) {
        self.code = code
        self.operation = operation
        self.message = message
        self.attempts = attempts
    }

    /// Whether Amazon Connect answered 2xx and the answer could not be read: the call may have
    /// done its work.
    package var isUnreadableAnswer: Bool { code == .malformedResponse || code == .missingMember }

    package var description: String {
        "Connect \(operation): \(code.rawValue): \(message)"
    }
}
