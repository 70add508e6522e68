import AWSCore

/// A request as the local stack's services see it, independent of the HTTP server library.
public struct LocalRequest: Sendable {
    public var method: String
    /// The path as received: percent-encoded, without the query.
    public var path: String
    /// The query as received, percent-encoded (`a=1&b=2`), or empty.
    public var rawQuery: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String, path: String, rawQuery: String = "", headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The path's segments, percent-decoded (`/users/i-1/a%2Fb` → `["users", "i-1", "a/b"]`).
    /// Empty segments are kept, except the one before the leading `/`.
    public var pathSegments: [String] {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.first == "" { segments.removeFirst() }
        return segments.map { String(decoding: AWSURIEncoding.percentDecode($0), as: UTF8.self) }
    }

    /// The query's pairs, percent-decoded, in order. `+` stays `+`, as AWS reads it.
    public var query: [(name: String, value: String)] {
        guard !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&").map { pair in
            let equals = pair.firstIndex(of: "=")
            let name = equals.map { pair[..<$0] } ?? pair
            let value = equals.map { pair[pair.index(after: $0)...] } ?? ""
            return (String(decoding: AWSURIEncoding.percentDecode(name), as: UTF8.self),
                    String(decoding: AWSURIEncoding.percentDecode(value), as: UTF8.self))
        }
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
