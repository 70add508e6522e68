import AWSCore
import LocalStack

/// An `HTTPTransport` that hands each request to a `LocalStackApp` in this process.
///
/// Clients go through real SigV4 signing and real JSON/XML against the faithful stand-ins,
/// without sockets: the URL becomes the path, raw query and `Host` header a server would see;
/// an injected connection reset becomes the `TransportError` curl would report.
public final class InProcessStackTransport: HTTPTransport {
    public let app: LocalStackApp

    public init(app: LocalStackApp) {
        self.app = app
    }

    public func execute(_ request: TransportRequest) async throws -> TransportResponse {
        guard let parts = Self.split(request.url) else {
            throw TransportError(kind: .invalidRequest, curlCode: 0, message: "not an http(s) URL", target: request.url)
        }
        var headers = request.headers
        if !headers.contains(name: "Host") { headers.add(name: "Host", value: parts.host) }
        let local = LocalRequest(method: request.method.rawValue, path: parts.path, rawQuery: parts.query,
                                 headers: headers, body: request.body)
        switch await app.respond(to: local) {
        case .respond(var response):
            if request.method == .HEAD { response.body = [] }
            return response
        case .reset:
            throw TransportError(kind: .connectionReset, curlCode: 56, message: "Connection reset by peer (in-process stack)",
                                 target: parts.target)
        }
    }

    /// `scheme://authority/path?query#fragment` → the `Host` header (port only when not the
    /// scheme's default), the path as sent (at least `/`), the raw query, and the target
    /// without the query, as `TransportError` names it.
    static func split(_ url: String) -> (host: String, path: String, query: String, target: String)? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var host = rest[..<authorityEnd].lowercased()
        let defaultPort = scheme == "http" ? ":80" : ":443"
        if host.hasSuffix(defaultPort) { host.removeLast(defaultPort.count) }
        let afterAuthority = rest[authorityEnd...]
        let queryStart = afterAuthority.firstIndex(of: "?")
        var path = String(afterAuthority[..<(queryStart ?? afterAuthority.endIndex)])
        if path.isEmpty { path = "/" }
        let query = queryStart.map { String(afterAuthority[afterAuthority.index(after: $0)...]) } ?? ""
        return (host, path, query, "\(scheme)://\(host)\(path)")
    }
}
