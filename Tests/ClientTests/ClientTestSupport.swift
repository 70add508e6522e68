import AWSCore
import ConnectClient
import Foundation
import LocalStack
import S3Client
import TestSupport

/// The stack's default key pair, region and the endpoint override the product reads.
enum TestAWS {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let region = AWSRegion("us-east-1")!

    /// An `AWSClient` for `service` at `endpointURL` (as `AWS_ENDPOINT_URL`), over `transport`.
    /// Retries wait on an immediate clock (starting at the real time, which the stack checks
    /// signatures against), so a retried call costs no real time.
    static func client(_ service: AWSService, endpointURL: String = "http://127.0.0.1:4566", transport: any HTTPTransport,
                       credentials: AWSCredentials = credentials, maxRetries: Int = 3) throws -> AWSClient {
        let endpoint = try AWSEndpoint.resolve(
            service: service, region: region, environment: Environment(["AWS_ENDPOINT_URL": endpointURL]))
        return AWSClient(service: service, region: region, endpoint: endpoint, credentials: credentials,
                         transport: transport, retryPolicy: RetryPolicy(maxRetries: maxRetries), time: ImmediateClock(startMs: SystemTime().nowMs),
                         traceID: { nil })
    }
}

/// A local stack in this process with clients wired to it.
struct InProcessStack {
    let app: LocalStackApp
    let connect: ConnectHTTPClient
    let s3: S3HTTPClient

    /// The default seed's Connect-managed instance.
    static let instanceID = ConnectSeed.instanceID(alias: "agents-managed")

    /// - Parameters:
    ///   - unthrottled: raise the Connect throttle far above what a test spends.
    init(seed: ConnectSeed = .defaultSeed, unthrottled: Bool = true, maxRetries: Int = 3,
         configure: (inout LocalStackConfiguration) -> Void = { _ in }) throws {
        var configuration = LocalStackConfiguration()
        if unthrottled { configuration.throttle = TokenBucket.Settings(ratePerSecond: 100_000, burst: 100_000) }
        configure(&configuration)
        app = try LocalStackApp(configuration: configuration, seed: seed)
        let transport = InProcessStackTransport(app: app)
        connect = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, maxRetries: maxRetries))
        s3 = S3HTTPClient(client: try TestAWS.client(.s3, transport: transport, maxRetries: maxRetries))
    }

    /// The call log's operations for one service, in order.
    func calls(_ service: String) -> [CallLog.Entry] {
        app.callLog.all.filter { $0.service == service }
    }

    func count(_ operation: String) -> Int {
        app.callLog.all.filter { $0.operation == operation }.count
    }

    static func securityProfileID(_ name: String) -> String {
        ConnectSeed.securityProfileID(instanceID: instanceID, name: name)
    }

    static func routingProfileID(_ name: String) -> String {
        ConnectSeed.routingProfileID(instanceID: instanceID, name: name)
    }

    static func groupID(_ path: String) -> String {
        ConnectSeed.hierarchyGroupID(instanceID: instanceID, path: path)
    }

    static func userID(_ username: String) -> String {
        ConnectSeed.userID(instanceID: instanceID, username: username)
    }
}
