/// A 2xx answer from Service Quotas that the client could not read, or paging that does not end.
package struct ServiceQuotasClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ListServiceQuotas` or `ListAWSDefaultServiceQuotas`.
    package var operation: String
    /// What was wrong, for people.
    package var message: String

    package init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    package var description: String { "Service Quotas \(operation): \(message)" }
}
