/// A 2xx answer from Service Quotas that the client could not read, or paging that does not end.
public struct ServiceQuotasClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ListServiceQuotas` or `ListAWSDefaultServiceQuotas`.
    public var operation: String
    /// What was wrong, for people.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "Service Quotas \(operation): \(message)" }
}
