/// A request that could not be exchanged with the server: no HTTP response exists.
///
/// Keeps libcurl's own code and message (as swift-nio's `IOError` keeps errno), plus a kind
/// that the retry policy and people can act on.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The host name did not resolve (wrong region or endpoint, or no DNS).
        case nameResolution
        /// Nothing listens on the port, or the host refused the connection.
        case connectionRefused
        /// The connection could not be made for another reason (unreachable network, ...).
        case connectFailed
        /// The connect or total timeout passed.
        case timedOut
        /// The connection broke while sending or receiving (reset, closed, nothing received).
        case connectionReset
        /// The TLS handshake or the certificate check failed.
        case tls
        /// The request itself is unusable (a malformed URL, an unsupported scheme).
        case invalidRequest
        /// Anything else libcurl reports.
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`, or 0 where the error did not come from libcurl.
    public var curlCode: Int32
    /// libcurl's own words (its error buffer, or `curl_easy_strerror`).
    public var message: String
    /// Where the request went: scheme, host and path, without the query.
    public var target: String

    public init(kind: Kind, curlCode: Int32, message: String, target: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.target = target
    }

    public var description: String {
        "\(kind.rawValue) sending to \(target): \(message) (curl code \(curlCode))"
    }
}
