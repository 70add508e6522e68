/// A transport that knows how many requests it has put on the wire, which can be more than it
/// was asked to send (see `CurlHTTPClient.requestsSent`).
public protocol CountsRequestsSent: HTTPTransport {
    var requestsSent: Int { get }
}
