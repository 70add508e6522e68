import AWSCore

/// One of the services the local stack stands in for.
///
/// The server shell finds the service and operation for a request (`operation(for:)`), then
/// applies what is common to all of them (signature check, throttle, faults, call log) before
/// `handle` runs. A service never sees a request that is not its own.
public protocol LocalService: Sendable {
    /// The operation name as in AWS's service model (`CreateUser`, `PutObject`), or `nil`
    /// when no operation of this service matches the method and path.
    func operation(for request: LocalRequest) -> String?

    /// Carries out the operation and returns the response AWS would send, errors included.
    func handle(_ request: LocalRequest, operation: String, requestID: String) async -> TransportResponse
}
