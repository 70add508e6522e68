/// Just enough URL parsing to validate an endpoint override.
struct EndpointURL {
    let scheme: String
    let host: String
    let normalized: String

    init?(_ text: String) {
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.startIndex...close]).lowercased()
        } else {
            host = String(authority.prefix { $0 != ":" }).lowercased()
        }
        guard !host.isEmpty else { return nil }
        var path = String(rest[authority.endIndex...].prefix { $0 != "?" && $0 != "#" })
        while path.hasSuffix("/") { path.removeLast() }
        normalized = "\(scheme)://\(authority.lowercased())\(path)"
    }

    var isLoopback: Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.")
    }
}
