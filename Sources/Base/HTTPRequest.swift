/// The HTTP methods the AWS APIs used here need.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case GET, HEAD, PUT, POST, DELETE, PATCH
}

/// One HTTP request, fully formed: the URL is already percent-encoded as it goes on the wire.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Overrides the transport's total timeout for this request; `nil` keeps the transport's.
    public var timeout: Duration?
    /// The API operation the request is an attempt of (`CreateUser`), set by the AWS client: a
    /// pacing transport keeps a lane per operation, so each API is paced at its own quota.
    /// Never sent on the wire.
    public var operation: String?

    public init(
        method: HTTPMethod,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A complete HTTP response: status, header fields (names compared case-insensitively), body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text, with invalid sequences repaired.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends one request and returns the whole response.
///
/// The seam between the AWS layer and the network: `CurlHTTPClient` is the real one, tests pass
/// scripted ones. A response with any status is a success here; only a failure to exchange the
/// request (DNS, refused, timeout, reset, TLS) throws, as a `TransportError`.
public protocol HTTPTransport: Sendable {
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A transport that knows how many requests it has put on the wire, which can be more than it
/// was asked to send (see `CurlHTTPClient.requestsSent`).
public protocol CountsRequestsSent: HTTPTransport {
    var requestsSent: Int { get }
}
