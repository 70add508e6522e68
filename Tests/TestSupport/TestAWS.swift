import AWSCore

/// The local stack's default key pair and region, and AWS clients for it.
public enum TestAWS {
    public static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    public static let region = AWSRegion("us-east-1")!

    /// An `AWSClient` for `service` at `endpointURL` (as `AWS_ENDPOINT_URL`), over `transport`.
    /// Retries wait on `time`: by default an immediate clock starting at the real time (which
    /// the stack checks signatures against), so a retried call costs no real time.
    public static func client(_ service: AWSService, endpointURL: String = "http://127.0.0.1:4566", transport: any HTTPTransport,
                              credentials: AWSCredentials = credentials, maxRetries: Int = 3,
                              time: any TimeSource = ImmediateClock(startMs: SystemTime().nowMs)) throws -> AWSClient {
        let endpoint = try AWSEndpoint.resolve(
            service: service, region: region, environment: EnvironmentVariables(["AWS_ENDPOINT_URL": endpointURL]))
        return AWSClient(service: service, region: region, endpoint: endpoint, credentials: credentials,
                         transport: transport, retryPolicy: RetryPolicy(maxRetries: maxRetries), time: time,
                         traceID: { nil })
    }
}
