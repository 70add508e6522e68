/// One HTTP request, fully formed: the URL is already percent-encoded as it goes on the wire.
public struct TransportRequest: Sendable {
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
