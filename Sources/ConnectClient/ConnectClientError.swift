/// A 2xx answer from Amazon Connect that the client could not read (not the JSON the model
/// describes, or a required member missing), or a request it could not build. Not retried:
/// the same request would get the same.
public struct ConnectClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The body is not JSON of the expected shape.
        case malformedResponse
        /// A member the product needs (an id, an ARN) is absent.
        case missingMember
        /// The request could not be encoded (nothing was sent).
        case unencodableRequest
    }

    public var code: Code
    /// The operation, as the model names it: `SearchUsers`.
    public var operation: String
    /// What was wrong, for people. Never contains a request body.
    public var message: String

    public init(code: Code, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    public var description: String {
        "Connect \(operation): \(code.rawValue): \(message)"
    }
}
