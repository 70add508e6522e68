/// Sends one request and returns the whole response.
///
/// The seam between the AWS layer and the network: `CurlHTTPClient` is the real one, tests pass
/// scripted ones. A response with any status is a success here; only a failure to exchange the
/// request (DNS, refused, timeout, reset, TLS) throws, as a `TransportError`.
public protocol HTTPTransport: Sendable {
    func execute(_ request: TransportRequest) async throws -> TransportResponse
}
