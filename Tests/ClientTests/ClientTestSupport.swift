import AWSCore
import ConnectClient
import Foundation
import LocalStack
import S3Client
import TestSupport

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
