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
            throw ConfigurationError("""
                \(variable) is '\(value)': plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, [::1]); use https://
                """)
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
