import AWSCore
@testable import BulkEngine
import ConnectClient
import Foundation
import Synchronization
import TestSupport
import Testing

/// `delete/` over the real run layer and the in-process local stack: the resume after a kill
/// between DeleteUser and the outcome's record, the guard, and the rows that name no user.
@Suite(.timeLimit(.minutes(1)))
struct DeleteKindTests {
    static let header = "first name,last name,user login,routing profile name"

    /// Seeds users `del0...` and, for each login in `quickFor`, a USER quick connect to it;
    /// plus one QUEUE quick connect that must stay. Returns the users' ids by login.
    static func seed(_ harness: RunHarness, count: Int, quickFor: [String]) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for index in 0..<count {
            ids["del\(index)"] = try await createUser(harness, index: index)
        }
        for login in quickFor {
            try await createQuickConnect(harness, name: "To \(login)",
                                         config: #"{"QuickConnectType":"USER","UserConfig":{"UserId":"\#(ids[login]!)","ContactFlowId":"flow-1"}}"#)
        }
        try await createQuickConnect(harness, name: "Sales queue",
                                     config: #"{"QuickConnectType":"QUEUE","QueueConfig":{"QueueId":"queue-1","ContactFlowId":"flow-1"}}"#)
        return ids
    }

    /// Creates user `del<index>`; returns its id.
    static func createUser(_ harness: RunHarness, index: Int) async throws -> String {
        let connect = try harness.connect(harness.transport)
        let instance = RunHarness.instanceID
        let agent = try #require(try await connect.listSecurityProfiles(instance).first { $0.name == "Agent" }).id
        let basic = try #require(try await connect.listRoutingProfiles(instance).first { $0.name == "Basic Routing Profile" }).id
        let user = ConnectNewUser(username: "del\(index)", password: "F@keP@ssw0rd",
                                  identityInfo: ConnectIdentityInfo(firstName: "F\(index)", lastName: "L\(index)"),
                                  phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: [agent],
                                  routingProfileID: basic)
        return try await connect.createUser(instance, user).userID
    }

    static func createQuickConnect(_ harness: RunHarness, name: String, config: String) async throws {
        let client = try TestAWS.client(.connect, transport: harness.transport)
        let body = #"{"Name":"\#(name)","QuickConnectConfig":\#(config)}"#
        let request = TransportRequest(method: .PUT, url: client.endpoint.url(path: "/quick-connects/\(RunHarness.instanceID)"),
                                  headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        let response = try await client.send(request, operation: "CreateQuickConnect")
        #expect(response.status == 200)
    }

    static func quickConnectNames(_ harness: RunHarness) -> [String] {
        harness.app.connect.quickConnects(instanceID: RunHarness.instanceID).map(\.name).sorted()
    }

    /// The seeded users still there (the instance's own seed users aside).
    static func logins(_ harness: RunHarness) -> [String] {
        harness.app.connect.users(instanceID: RunHarness.instanceID).map(\.username).filter { $0.hasPrefix("del") }.sorted()
    }

    static func calls(_ harness: RunHarness, _ operation: String) -> Int {
        harness.app.callLog.all.filter { $0.operation == operation }.count
    }

    /// Runs `record` in an invocation killed right after its first DeleteUser landed (the
    /// answer lost, nothing it writes afterwards getting through). One row at a time: with the
    /// window, the second row's DeleteUser can be on the wire before the kill lands, and which
    /// users are gone then depends on the race.
    static func killedAfterTheFirstDeleteUser(_ harness: RunHarness, _ record: S3Event.Record) async throws {
        let kill = KillSwitch()
        let connect = KilledAfter(harness.transport, kill: kill) { $0.method == .DELETE && $0.url.contains("/users/") }
        let s3 = KilledAfter(harness.transport, kill: kill) { _ in false }
        await #expect(throws: (any Error).self, "the killed invocation must fail") {
            _ = try await harness.runner(s3: s3, connect: connect, window: 1)
                .handle(record, invocation: harness.invocation("killed"), logger: harness.logger)
        }
    }

    /// The invocation is killed right after its first DeleteUser landed, before the outcome was
    /// recorded (the answer is lost, and nothing it writes afterwards gets through). Once the
    /// lease is stale, the re-delivered event resumes the job: the user it deleted counts as
    /// deleted (not "not found"), and its quick connect is still deleted.
    @Test func aResumeAfterAKillBetweenDeleteUserAndItsRecordCountsTheUserDeletedAndCleansItsQuickConnects() async throws {
        let harness = try RunHarness()
        _ = try await Self.seed(harness, count: 3, quickFor: ["del0", "del1"])
        let record = try await harness.upload("\(Self.header)\nA,B,del0,x\nC,D,del1,y\n", as: "delete/leavers.csv")

        try await Self.killedAfterTheFirstDeleteUser(harness, record)
        #expect(Self.logins(harness) == ["del1", "del2"])
        #expect(Self.quickConnectNames(harness) == ["Sales queue", "To del0", "To del1"])

        harness.clock.advance(by: .seconds(11))
        let report = try await harness.runner().handle(record, invocation: harness.invocation("retry"), logger: harness.logger)
        #expect(report.status == .completed)
        #expect((report.rows, report.deleted, report.failed) == (2, 2, 0))
        #expect(report.failureFile == nil)
        #expect(Self.logins(harness) == ["del2"])
        #expect(Self.quickConnectNames(harness) == ["Sales queue"])
        #expect(Self.calls(harness, "DeleteUser") == 2)  // del0 once (before the kill), del1 once
    }

    /// As above, and before the job resumes someone creates a user with the deleted login
    /// again (a new id): the resumed job counts the row deleted by the id it found first and
    /// leaves the new user, which the file did not mean; the old user's quick connect goes.
    @Test func aLoginCreatedAgainBeforeTheResumeIsANewUserAndStays() async throws {
        let harness = try RunHarness()
        let ids = try await Self.seed(harness, count: 3, quickFor: ["del0", "del1"])
        let record = try await harness.upload("\(Self.header)\nA,B,del0,x\nC,D,del1,y\n", as: "delete/leavers.csv")
        try await Self.killedAfterTheFirstDeleteUser(harness, record)
        #expect(Self.logins(harness) == ["del1", "del2"])
        let again = try await Self.createUser(harness, index: 0)
        #expect(again != ids["del0"])

        harness.clock.advance(by: .seconds(11))
        let report = try await harness.runner().handle(record, invocation: harness.invocation("retry"), logger: harness.logger)
        #expect((report.status, report.rows, report.deleted, report.failed) == (.completed, 2, 2, 0))
        #expect(Self.logins(harness) == ["del0", "del2"], "the new del0 stays")
        #expect(harness.app.connect.users(instanceID: RunHarness.instanceID).contains { $0.id == again })
        #expect(Self.quickConnectNames(harness) == ["Sales queue"])
        #expect(Self.calls(harness, "DeleteUser") == 2)
        #expect(harness.logs.all.contains { $0.contains("created again since this job deleted them") })
    }

    /// The user is gone between the plan and its DeleteUser (an earlier attempt of the call
    /// landed, its answer lost): DeleteUser answers ResourceNotFound, and the row is deleted,
    /// its quick connect too.
    @Test func aDeleteUserThatFindsTheUserGoneCountsItDeleted() async throws {
        let harness = try RunHarness()
        _ = try await Self.seed(harness, count: 2, quickFor: ["del0"])
        let record = try await harness.upload("\(Self.header)\nA,B,del0,x\n", as: "delete/gone.csv")
        let early = SentTwice(harness.transport) { $0.method == .DELETE && $0.url.contains("/users/") }
        let report = try await harness.runner(connect: early).handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        #expect((report.status, report.deleted, report.failed) == (.completed, 1, 0))
        #expect(harness.app.callLog.all.filter { $0.operation == "DeleteUser" }.map(\.status) == [200, 404])
        #expect(Self.logins(harness) == ["del1"])
        #expect(Self.quickConnectNames(harness) == ["Sales queue"])
    }

    static let leavers = "\(header)\nA,B,del0,x\nC,D,ghost,y\nE,F,del1,z\nG,H,del0,w\n"

    /// What a delete run leaves: the bucket's state, the seeded users and quick connects left,
    /// and each summary's counts.
    static func outcome(_ harness: RunHarness) async throws -> String {
        let state = try await harness.state()
        let s3 = try harness.s3(harness.transport)
        var counts: [String] = []
        for key in try await s3.listObjects(bucket: RunHarness.bucket, prefix: "results/").map(\.key) {
            let report = try JSONDecoder().decode(RunReport.self, from: Data(try await s3.getObject(bucket: RunHarness.bucket, key: key)))
            counts.append("\(report.status) rows \(report.rows) deleted \(report.deleted) failed \(report.failed)")
        }
        return "\(state.keys)\n\(state.failureFiles)\n\(counts)\n\(logins(harness))\n\(quickConnectNames(harness))"
    }

    /// Every S3 write of a delete job failing in turn (unsent, or landed with its answer
    /// lost), then the event delivered again once the lease is stale: each ends as the clean
    /// run, with each user deleted by one DeleteUser at most once more than needed and never
    /// reported "not found".
    @Test(arguments: [S3Faults.Mode.before, .after])
    func everyWriteFailureThenARedeliveryEndsAsTheCleanRun(_ mode: S3Faults.Mode) async throws {
        let clean = try RunHarness()
        _ = try await Self.seed(clean, count: 3, quickFor: ["del0", "del1"])
        let cleanRecord = try await clean.upload(Self.leavers, as: "delete/leavers.csv")
        let counting = S3Faults(clean.transport, allowed: .max, mode: .before)
        let first = try await clean.runner(s3: counting).handle(cleanRecord, invocation: clean.invocation("clean"), logger: clean.logger)
        #expect((first.status, first.deleted, first.failed) == (.completed, 2, 2))
        let expected = try await Self.outcome(clean)
        #expect(counting.writesSeen >= 9)

        for allowed in 0..<counting.writesSeen {
            let harness = try await RunHarness.afterWriteFailure(allowed: allowed, mode: mode) { harness in
                _ = try await Self.seed(harness, count: 3, quickFor: ["del0", "del1"])
                return try await harness.upload(Self.leavers, as: "delete/leavers.csv")
            }
            let outcome = try await Self.outcome(harness)
            #expect(outcome == expected, "after \(allowed) writes (\(mode)):\n\(outcome)\nclean:\n\(expected)")
        }
    }

    /// A re-delivery of the finished job does nothing: its input was renamed.
    @Test func theSameEventAgainAfterTheJobFinishedDeletesNothing() async throws {
        let harness = try RunHarness()
        _ = try await Self.seed(harness, count: 2, quickFor: ["del0"])
        let record = try await harness.upload("\(Self.header)\nA,B,del0,x\n", as: "delete/one.csv")
        let first = try await harness.runner().handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        #expect((first.status, first.deleted) == (.completed, 1))
        let calls = harness.app.callLog.all.count
        let second = try await harness.runner().handle(record, invocation: harness.invocation("b"), logger: harness.logger)
        #expect(second.status == .missing)
        #expect(harness.app.callLog.all.filter { $0.service == "Connect" }.count
                == harness.app.callLog.all.prefix(calls).filter { $0.service == "Connect" }.count)
    }

    /// More users than the limit: refused before any Connect call, kept under `failed/`, and
    /// the summary says the number, the limit and how to proceed.
    @Test func aFileAboveTheGuardIsRefusedWholeBeforeAnyCall() async throws {
        let harness = try RunHarness()
        _ = try await Self.seed(harness, count: 4, quickFor: [])
        let before = harness.app.callLog.all.filter { $0.service == "Connect" }.count
        let rows = (0..<4).map { "A,B,del\($0),x" }.joined(separator: "\n")
        let record = try await harness.upload("\(Self.header)\n\(rows)\n", as: "delete/everyone.csv")
        let runner = JobRunner(connect: try harness.connect(harness.transport), store: try harness.s3(harness.transport),
                               instanceID: RunHarness.instanceID, metrics: RunMetrics(), time: harness.clock, maxDeletesPerFile: 3)
        let report = try await runner.handle(record, invocation: harness.invocation("guard"), logger: harness.logger)
        #expect(report.status == .rejected)
        let message = try #require(report.message)
        #expect(message.contains("4 users") && message.contains("3") && message.contains("nothing was deleted"))
        #expect(message.contains("split") && message.contains("MaxDeletesPerFile"))
        #expect(harness.app.callLog.all.filter { $0.service == "Connect" }.count == before)
        #expect(Self.logins(harness).count == 4)
        #expect(try await harness.state().keys.contains { $0.hasPrefix("failed/everyone-") })
    }

    /// Only `user login` counts: a row without one, a repeated login and an unknown login fail
    /// with their reasons; the repeated login is deleted once, by its first row.
    @Test func rowsThatNameNoUserFailWithTheirReasonAndARepeatedLoginIsDeletedOnce() async throws {
        let harness = try RunHarness()
        _ = try await Self.seed(harness, count: 2, quickFor: [])
        let record = try await harness.upload("\(Self.header)\nA,B,del0,Agnet\nC,D,,x\nE,F,del0,y\nG,H,ghost,z\n", as: "delete/mixed.csv")
        let report = try await harness.runner().handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        #expect((report.rows, report.deleted, report.failed) == (4, 1, 3))
        #expect(Self.logins(harness) == ["del1"])
        #expect(Self.calls(harness, "DeleteUser") == 1)
        #expect(Self.calls(harness, "SearchQuickConnects") == 1)
        let failure = try #require(try await harness.state().failureFiles.first)
        #expect(failure.contains("user login is empty"))
        #expect(failure.contains("first on line 2, which deletes it"))
        #expect(failure.contains("'ghost' not found in the instance"))
    }
}

/// Trips once.
final class KillSwitch: Sendable {
    private let tripped = Mutex(false)
    var isTripped: Bool { tripped.withLock { $0 } }
    func trip() { tripped.withLock { $0 = true } }
}

/// A transport of an invocation that is killed once `trigger` picks a request: that request
/// lands (its answer is lost), and every request after it, on any transport sharing the
/// switch, fails unsent.
final class KilledAfter: HTTPTransport {
    let base: any HTTPTransport
    let kill: KillSwitch
    let trigger: @Sendable (TransportRequest) -> Bool

    init(_ base: any HTTPTransport, kill: KillSwitch, trigger: @escaping @Sendable (TransportRequest) -> Bool) {
        self.base = base
        self.kill = kill
        self.trigger = trigger
    }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        let dead = TransportError(kind: .connectionReset, curlCode: 56, message: "injected: the invocation was killed", target: request.url)
        guard !kill.isTripped else { throw dead }
        guard trigger(request) else { return try await base.execute(request) }
        _ = try await base.execute(request)
        kill.trip()
        throw dead
    }
}

/// Sends the first request `when` picks once more before it is sent: the second meets what
/// the first did (an earlier attempt that landed).
final class SentTwice: HTTPTransport {
    let base: any HTTPTransport
    let when: @Sendable (TransportRequest) -> Bool
    private let done = Mutex(false)

    init(_ base: any HTTPTransport, when: @escaping @Sendable (TransportRequest) -> Bool) {
        self.base = base
        self.when = when
    }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        let first = when(request) && done.withLock { done in
            defer { done = true }
            return !done
        }
        if first { _ = try await base.execute(request) }
        return try await base.execute(request)
    }
}
