/// An error response from an AWS service, decoded from either protocol this product speaks.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service id: `Connect`, `S3`.
    public var service: String
    /// The operation that failed: `CreateUser`, `PutObject`.
    public var operation: String
    public var statusCode: Int
    /// AWS's error code without namespace or URL: `ResourceNotFoundException`, `NoSuchKey`.
    /// When the response names none (S3 HEAD), the status code as text, as botocore does.
    public var code: String
    public var message: String
    public var requestID: String?
    /// The server's `Retry-After`, as sent.
    public var retryAfter: String?

    public init(
        service: String, operation: String, statusCode: Int, code: String, message: String,
        requestID: String? = nil, retryAfter: String? = nil
    ) {
        self.service = service
        self.operation = operation
        self.statusCode = statusCode
        self.code = code
        self.message = message
        self.requestID = requestID
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code) (HTTP \(statusCode))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
