import AWSCore
@testable import BulkEngine
import ConnectClient
import Foundation
import JSONLog
import LocalStack
import S3Client
import Synchronization
import TestSupport
import Testing

/// The real run layer over the in-process local stack, on a manual clock: a heartbeat, a lease
/// wait or a deadline happens exactly when a test moves the time.
///
/// Connect and S3 go through the real clients, signing and JSON/XML; S3 can be given faults
/// (`S3Faults`), and each invocation can be given its own gates (`Gate`) to freeze it.
final class RunHarness: Sendable {
    static let bucket = "agents"
    static let instanceID = ConnectSeed.instanceID(alias: "agents-managed")

    let clock: ManualClock
    let app: LocalStackApp
    let transport: InProcessStackTransport
    /// The clients' retries wait on this one, so that a retried call costs no time.
    let retryClock: ImmediateClock
    let logs = Recorder<String>()

    /// - Parameter configure: changes to the stack's configuration (its Service Quotas, say).
    init(configure: (inout LocalStackConfiguration) -> Void = { _ in }) throws {
        let start = SystemTime().nowMs
        clock = ManualClock(startMs: start)
        retryClock = ImmediateClock(startMs: start)
        var configuration = LocalStackConfiguration()
        configuration.throttle = TokenBucket.Settings(ratePerSecond: 100_000, burst: 100_000)
        configuration.notifications = []
        configure(&configuration)
        let clock = self.clock
        app = try LocalStackApp(configuration: configuration, now: { clock.now })
        transport = InProcessStackTransport(app: app)
    }

    var logger: JSONLogger {
        let logs = self.logs
        return JSONLogger(minimumLevel: .debug, time: clock, sink: { logs.append($0) })
    }

    func s3(_ transport: any HTTPTransport) throws -> S3HTTPClient {
        S3HTTPClient(client: try TestAWS.client(.s3, transport: transport, time: retryClock))
    }

    func connect(_ transport: any HTTPTransport) throws -> ConnectHTTPClient {
        ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, time: retryClock))
    }

    /// A runner, as one Lambda execution environment has it: S3 and Connect through the given
    /// transports (the stack's own by default).
    func runner(s3 s3Transport: (any HTTPTransport)? = nil, connect connectTransport: (any HTTPTransport)? = nil,
                window: Int = JobRunner.defaultWindow) throws -> JobRunner {
        JobRunner(connect: try connect(connectTransport ?? transport), store: try s3(s3Transport ?? transport),
                  instanceID: Self.instanceID, metrics: RunMetrics(), time: clock, window: window,
                  consistency: ConsistencyWindow(time: retryClock))
    }

    /// Uploads `csv` as `key` and returns the event S3 would send for it.
    func upload(_ csv: String, as key: String = "create/agents.csv") async throws -> S3Event.Record {
        let eTag = try await s3(transport).putObject(bucket: Self.bucket, key: key, body: Array(csv.utf8), contentType: "text/csv",
                                                     condition: .none)
        return S3Event.Record(eventName: "ObjectCreated:Put", bucket: Self.bucket, key: key, size: csv.utf8.count,
                              eTag: eTag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    }

    /// An invocation of 15 minutes (or `seconds`) from now.
    func invocation(_ id: String, seconds: Int64 = 900) -> InvocationBudget {
        InvocationBudget(requestID: id, deadlineMs: clock.nowMs + seconds * 1000, time: clock)
    }

    // MARK: Faults

    /// A new harness whose job (the event `upload` returns) ran once with its S3 writes failing
    /// after the first `allowed` (`mode`), which must fail the invocation, and then again from
    /// the same event once the lease is stale, as Lambda's retry does, which must end the job
    /// (or find it ended). The test then compares what it left with a clean run.
    static func afterWriteFailure(allowed: Int, mode: S3Faults.Mode, sourceLocation: SourceLocation = #_sourceLocation,
                                  upload: (RunHarness) async throws -> S3Event.Record) async throws -> RunHarness {
        let harness = try RunHarness()
        let record = try await upload(harness)
        let faulty = try harness.runner(s3: S3Faults(harness.transport, allowed: allowed, mode: mode))
        await #expect(throws: (any Error).self, "write \(allowed + 1) failed: the invocation must fail", sourceLocation: sourceLocation) {
            _ = try await faulty.handle(record, invocation: harness.invocation("first"), logger: harness.logger)
        }
        harness.clock.advance(by: .seconds(11))  // Lambda's retry comes once the lease is stale
        let report = try await harness.runner().handle(record, invocation: harness.invocation("retry"), logger: harness.logger)
        #expect([.completed, .missing].contains(report.status), "after \(allowed) writes (\(mode)): \(report.status)",
                sourceLocation: sourceLocation)
        return harness
    }

    // MARK: What a run leaves

    /// Everything a run leaves, with the moments in names replaced by `<T>`: the keys in the
    /// bucket, the failure files' bytes, each summary's outcome and counts of rows (not of
    /// calls or parts, which depend on how the run went), and the users.
    struct State: Equatable, CustomStringConvertible {
        var keys: [String]
        var failureFiles: [String]
        var summaries: [String]
        var users: [String]

        var description: String {
            "keys: \(keys)\nfailure files: \(failureFiles)\nsummaries: \(summaries)\nusers: \(users)"
        }
    }

    func state() async throws -> State {
        let s3 = try s3(transport)
        let objects = try await s3.listObjects(bucket: Self.bucket, prefix: "").map(\.key).sorted()
        var failures: [String] = []
        var summaries: [String] = []
        for key in objects where key.hasPrefix("failed/") {
            failures.append(String(decoding: try await s3.getObject(bucket: Self.bucket, key: key), as: UTF8.self))
        }
        for key in objects where key.hasPrefix("results/") && key.hasSuffix(".json") {
            let report = try JSONDecoder().decode(RunReport.self, from: Data(try await s3.getObject(bucket: Self.bucket, key: key)))
            summaries.append("\(report.input) \(report.status) rows \(report.rows) created \(report.created) updated \(report.updated) "
                             + "unchanged \(report.unchanged) failed \(report.failed)")
        }
        let users = app.connect.users(instanceID: Self.instanceID).map { user in
            "\(user.username) \(user.firstName ?? "-") \(user.lastName ?? "-") \(user.email ?? "-") \(user.phoneType) \(user.autoAccept) "
                + "\(user.afterContactWorkTimeLimit) \(user.deskPhoneNumber ?? "-") \(user.routingProfileID) "
                + "\(user.securityProfileIDs.sorted()) \(user.hierarchyGroupID ?? "-")"
        }.sorted()
        return State(keys: objects.map(Self.timeless), failureFiles: failures, summaries: summaries, users: users)
    }

    /// `failed/failedActions-20261201T093000.123Z.csv.bak` → `failed/failedActions-<T>.csv.bak`.
    static func timeless(_ key: String) -> String {
        key.replacing(/\d{8}T\d{6}\.\d{3}Z/, with: "<T>")
    }

    /// Five rows: three valid, one invalid (a misspelt profile), one a login that exists already.
    static let agents = """
        first name,last name,email address,password,user login,routing profile name,security_profile_name_1|security_profile_name_2,phone type (soft/desk),phone number,soft phone auto accept (yes/no),ACW timeout (seconds),UserHierarchy
        Roe,Richard,rroe@example.com,F@keP@ssw0rd,rroe,Basic Routing Profile,CallCenterManager,SOFT_PHONE,,yes,30,technical support/IT/Eastern
        Jackson,Mateo,mjackson@example.com,F@keP@ssw0rd,mjackson,Basic Routing Profile,Agent,DESK_PHONE,+12145550198,no,0,technical support/IT/Australia
        Typo,Profile,typo@example.com,F@keP@ssw0rd,typo,Basic Routing Profile,Agnet,soft,,no,0,
        Major,Mary,mmajor@example.com,F@keP@ssw0rd,mmajor,Basic Routing Profile,Agent|CallCenterManager,desk,+19725550120,no,0,general inquiries
        Again,Jane,jane@example.com,F@keP@ssw0rd,jdoe,Basic Routing Profile,Agent,soft,,no,0,

        """
}

/// An S3 transport whose writes (PUT, POST, DELETE) fail once `allowed` of them went through:
/// `before` fails them unsent, `after` sends them and loses the answer (the write landed, the
/// caller does not know). Reads always go through.
final class S3Faults: HTTPTransport {
    enum Mode: Sendable { case before, after }

    let base: any HTTPTransport
    let allowed: Int
    let mode: Mode
    private let writes = Mutex(0)

    init(_ base: any HTTPTransport, allowed: Int, mode: Mode) {
        self.base = base
        self.allowed = allowed
        self.mode = mode
    }

    /// Writes asked for so far (retries included).
    var writesSeen: Int { writes.withLock { $0 } }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        guard request.method != .GET && request.method != .HEAD else { return try await base.execute(request) }
        let number = writes.withLock { count -> Int in
            count += 1
            return count
        }
        guard number > allowed else { return try await base.execute(request) }
        if mode == .after { _ = try await base.execute(request) }
        throw TransportError(kind: .connectionReset, curlCode: 56, message: "injected: write \(number) failed", target: request.url)
    }
}

/// A transport that holds the requests `when` picks at a gate until the test opens it: a
/// frozen Lambda execution environment.
final class GatedTransport: HTTPTransport {
    let base: any HTTPTransport
    let gate: Gate
    let when: @Sendable (TransportRequest) -> Bool

    init(_ base: any HTTPTransport, gate: Gate, when: @escaping @Sendable (TransportRequest) -> Bool) {
        self.base = base
        self.gate = gate
        self.when = when
    }

    func execute(_ request: TransportRequest) async throws -> TransportResponse {
        if when(request) { await gate.pass() }
        return try await base.execute(request)
    }
}

/// Holds whoever passes until `open()`; counts who is waiting.
final class Gate: Sendable {
    private struct State {
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var waiting: Int { state.withLock { $0.waiting.count } }

    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if go { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// Waits (in real time, bounded) until `condition` holds.
func eventually(_ what: String, within limit: Duration = .seconds(20), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw HarnessTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(1))
    }
}

struct HarnessTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
