#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parts of a request URL that signing needs: `scheme://host[:port]/path?query#fragment`.
struct RequestURL {
    let scheme: Substring
    let host: Substring
    let port: Int?
    let path: Substring
    let query: Substring

    init(_ url: String) {
        let afterScheme = url.firstRange(of: "://")
        scheme = afterScheme.map { url[..<$0.lowerBound] } ?? ""
        let rest = afterScheme.map { url[$0.upperBound...] } ?? url[...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) : nil
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = Int(authority[authority.index(after: colon)...])
        } else {
            host = authority
            port = nil
        }
        let tail = rest[authorityEnd...]
        let fragmentStart = tail.firstIndex(of: "#") ?? tail.endIndex
        let beforeFragment = tail[..<fragmentStart]
        if let questionMark = beforeFragment.firstIndex(of: "?") {
            path = beforeFragment[..<questionMark]
            query = beforeFragment[beforeFragment.index(after: questionMark)...]
        } else {
            path = beforeFragment
            query = ""
        }
    }

    /// The `Host` header an HTTP client sends: lower case, the port only when not the default.
    var hostHeader: String {
        let name = host.lowercased()
        guard let port else { return name }
        let isDefault = (scheme.lowercased() == "http" && port == 80) || (scheme.lowercased() == "https" && port == 443)
        return isDefault ? name : "\(name):\(port)"
    }
}
