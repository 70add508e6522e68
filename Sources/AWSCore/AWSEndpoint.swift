/// The services this product calls, with the names AWS uses for each.
public struct AWSService: Sendable, Hashable {
    /// The service id, as in `AWS_ENDPOINT_URL_<ID>` and error messages: `Connect`, `S3`, `Service Quotas`.
    public let id: String
    /// The SigV4 signing name and endpoint prefix: `connect`, `s3`.
    public let signingName: String

    public static let connect = AWSService(id: "Connect", signingName: "connect")
    public static let s3 = AWSService(id: "S3", signingName: "s3")
    /// AWS JSON 1.1; its endpoint variable is `AWS_ENDPOINT_URL_SERVICE_QUOTAS`, as the SDKs name it.
    public static let serviceQuotas = AWSService(id: "Service Quotas", signingName: "servicequotas")

    /// `AWS_ENDPOINT_URL_` + the service id upper-cased, spaces as underscores.
    var endpointVariable: String {
        "AWS_ENDPOINT_URL_" + id.uppercased().replacingSpaces(with: "_")
    }
}

/// Where a service's requests go: scheme, host (and port), and for S3 how buckets are addressed.
public struct AWSEndpoint: Sendable, Hashable {
    /// `scheme://host[:port]` with an optional base path, no trailing slash.
    public let baseURL: String
    /// For S3: `true` puts the bucket in the path (`/bucket/key`), `false` in the host.
    public let pathStyle: Bool
    /// Whether the endpoint came from an `AWS_ENDPOINT_URL*` override.
    public let isOverride: Bool

    init(baseURL: String, pathStyle: Bool, isOverride: Bool) {
        self.baseURL = baseURL
        self.pathStyle = pathStyle
        self.isOverride = isOverride
    }

    /// The endpoint for `service` in `region`, as the AWS SDKs and CLI choose it: the
    /// service-specific `AWS_ENDPOINT_URL_<ID>`, then the global `AWS_ENDPOINT_URL`, unless
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true; otherwise AWS's public endpoint.
    /// An override uses path-style S3 addressing; plain `http://` is accepted for loopback
    /// hosts only, so credentials never cross a network unencrypted.
    public static func resolve(
        service: AWSService, region: AWSRegion, environment: EnvironmentVariables
    ) throws(ConfigurationError) -> AWSEndpoint {
        if environment.bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != true {
            for variable in [service.endpointVariable, "AWS_ENDPOINT_URL"] {
                if let value = environment[variable] {
                    return try override(value, variable: variable)
                }
            }
        }
        let host = "\(service.signingName).\(region.name).\(region.dnsSuffix)"
        return AWSEndpoint(baseURL: "https://\(host)", pathStyle: false, isOverride: false)
    }

    static func override(_ value: String, variable: String) throws(ConfigurationError) -> AWSEndpoint {
        guard let url = EndpointURL(value) else {
            throw ConfigurationError("\(variable) is '\(value)', which is not an http:// or https:// URL")
        }
        if url.scheme == "http" && !url.isLoopback {
            throw ConfigurationError("\(variable) is '\(value)': plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, [::1]); use https://")
        }
        return AWSEndpoint(baseURL: url.normalized, pathStyle: true, isOverride: true)
    }

    /// The URL of `path` (already percent-encoded, starting with `/`) with `query` encoded.
    public func url(path: String, query: [(name: String, value: String)] = []) -> String {
        let joined = baseURL + path
        return query.isEmpty ? joined : joined + "?" + AWSURIEncoding.queryString(query)
    }

    /// The URL of an S3 object (or of the bucket when `key` is empty), virtual-hosted unless
    /// the endpoint is path-style or the bucket name cannot be a TLS host label (dots).
    public func s3URL(bucket: String, key: String = "", query: [(name: String, value: String)] = []) -> String {
        let keyPath = "/" + AWSURIEncoding.greedyLabel(key)
        if pathStyle || bucket.contains(".") {
            return url(path: "/" + AWSURIEncoding.label(bucket) + (key.isEmpty ? "" : keyPath), query: query)
        }
        let virtualHosted = baseURL.replacingFirst("://", with: "://\(bucket).")
        return AWSEndpoint(baseURL: virtualHosted, pathStyle: false, isOverride: isOverride)
            .url(path: keyPath, query: query)
    }
}

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

extension String {
    func replacingSpaces(with replacement: String) -> String {
        split(separator: " ", omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
