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
