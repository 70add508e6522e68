import AWSCore
@testable import BulkEngine
import ConnectClient
import Foundation
import JSONLog
import LocalStack
import S3Client
import Synchronization
import Testing
import TestSupport

/// A job against the local stack in this process (real SigV4, JSON, XML; no sockets), with a
/// hook that sees each request first: to answer in the service's place (a proxy's page that
/// never reached it) or to act in the middle of a job (an upload under the same name).
final class JobBench: Sendable {
    static let header = """
        first name,last name,email address,password,user login,routing profile name,security_profile_name_1|security_profile_name_2,phone type \
        (soft/desk),phone number,soft phone auto accept (yes/no),ACW timeout (seconds),UserHierarchy
        """

    /// Sees a request before the stack: returns an answer to give instead, or nil to pass it on.
    typealias Hook = @Sendable (_ operation: String, _ request: TransportRequest) async -> TransportResponse?

    final class HookedTransport: HTTPTransport {
        let inner: InProcessStackTransport
        let hook: Mutex<Hook?>
        init(_ inner: InProcessStackTransport) { self.inner = inner; hook = Mutex(nil) }
        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            let operation = Self.operation(of: request)
            if let hook = hook.withLock({ $0 }), let answer = await hook(operation, request) { return answer }
            return try await inner.execute(request)
        }
        /// The few operations the tests hook, told apart as the stack does.
        static func operation(of request: TransportRequest) -> String {
            if request.headers.contains(name: "x-amz-copy-source") { return "CopyObject" }
            if request.method == .DELETE { return "DeleteObject" }
            if request.method == .PUT, request.url.contains("/users/") { return "CreateUser" }
            if request.method == .POST, request.url.hasSuffix("/routing-profile") { return "UpdateUserRoutingProfile" }
            return "\(request.method.rawValue) \(request.url)"
        }
    }

    let app: LocalStackApp
    let transport: HookedTransport
    let job: JobRunner
    let logs = Recorder<String>()
    let instanceID: String

    init() throws {
        var configuration = LocalStackConfiguration()
        configuration.throttle = TokenBucket.Settings(ratePerSecond: 100_000, burst: 100_000)
        app = try LocalStackApp(configuration: configuration)
        instanceID = app.instances.first { $0.identityManagementType == "CONNECT_MANAGED" }!.id
        let transport = HookedTransport(InProcessStackTransport(app: app))
        self.transport = transport
        job = JobRunner(connect: ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport)),
                        store: S3HTTPClient(client: try TestAWS.client(.s3, transport: transport)),
                        instanceID: instanceID, metrics: RunMetrics(),
                        consistency: ConsistencyWindow(time: ImmediateClock(startMs: SystemTime().nowMs)))
    }

    func hook(_ hook: Hook?) { transport.hook.withLock { $0 = hook } }

    /// Writes an object as a manager's upload would (through the stack, unsigned checks aside).
    @discardableResult
    func upload(_ key: String, _ body: String) async -> String {
        let request = LocalRequest(method: "PUT", path: "/agents/\(key)", headers: ["Content-Type": "text/csv"], body: Array(body.utf8))
        let response = await app.s3.handle(request, operation: "PutObject", requestID: "upload")
        return (response.headers.first(name: "ETag") ?? "").replacingOccurrences(of: "\"", with: "")
    }

    /// The job for the upload of `key` with this ETag, as its S3 event starts it.
    func run(_ key: String, eTag: String, sequencer: String) async throws -> RunReport {
        let logs = self.logs
        let logger = JSONLogger(minimumLevel: .debug, sink: { line in logs.append(line) })
        let time = SystemTime()
        let record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: "agents", key: key, eTag: eTag, sequencer: sequencer)
        return try await job.handle(record, invocation: InvocationBudget(requestID: "req-\(sequencer)", deadlineMs: time.nowMs + 600_000, time: time),
                                    logger: logger)
    }

    func object(_ key: String) -> String? { app.s3.objectBody(bucket: "agents", key: key).map { String(decoding: $0, as: UTF8.self) } }
    func keys(_ prefix: String) -> [String] { (app.s3.keys(in: "agents") ?? []).filter { $0.hasPrefix(prefix) } }
    func user(_ username: String) -> ConnectUserState? { app.connect.users(instanceID: instanceID).first { $0.username == username } }
    func count(_ operation: String) -> Int { app.callLog.all.filter { $0.operation == operation }.count }

    static func createRow(_ login: String) -> String {
        "First,Last,\(login)@example.com,F@keP@ssw0rd1,\(login),Basic Routing Profile,Agent,soft,,no,0,"
    }

    static func csv(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    static let html = TransportResponse(status: 200, headers: ["Content-Type": "text/html"],
                                   body: Array("<html><body>Request received</body></html>".utf8))
}

@Suite struct UnreadableAnswerAndReUploadTests {
    /// Issue 12.3: CreateUser done but answered 200 with an empty body, a page, or JSON cut short:
    /// each row is looked for and counts created, and the counts equal the stack's state.
    @Test(arguments: FaultPlan.UnreadableBody.allCases)
    func aCreateWhoseAnswerCannotBeReadIsConfirmedBySearch(_ body: FaultPlan.UnreadableBody) async throws {
        let bench = try JobBench()
        bench.app.faults.reconfigure(.init(unreadableRate: 1, unreadableBodies: [body], operations: ["CreateUser"]))
        let logins = (1...3).map { "unread\($0)" }
        let eTag = await bench.upload("create/agents.csv", JobBench.csv(logins.map(JobBench.createRow)))
        let report = try await bench.run("create/agents.csv", eTag: eTag, sequencer: "1")
        #expect(report.status == .completed)
        #expect(report.created == 3 && report.failed == 0)
        #expect(logins.allSatisfy { bench.user($0) != nil })
        #expect(report.failureFile == nil)
        // Each create sent once, answered unreadably; the user looked for.
        let creates = bench.app.callLog.all.filter { $0.operation == "CreateUser" }
        #expect(creates.map(\.fault) == Array(repeating: "unreadable.\(body.rawValue)", count: 3))
        #expect(bench.count("SearchUsers") >= 3)
        let confirmed = bench.logs.all.filter { $0.contains(#""confirmedAfter""#) }
        #expect(confirmed.count == 3)
        #expect(confirmed.allSatisfy { $0.contains(body == .empty ? "missingMember" : "malformedResponse") })
    }

    /// An unreadable 200 that never reached Amazon Connect (a proxy's page): the user is not
    /// there, and the row says so in words, not codes.
    @Test func aCreateWhoseAnswerCannotBeReadAndWhoseUserIsNotThereFailsInWords() async throws {
        let bench = try JobBench()
        bench.hook { operation, _ in operation == "CreateUser" ? JobBench.html : nil }
        let eTag = await bench.upload("create/agents.csv", JobBench.csv([JobBench.createRow("proxied")]))
        let report = try await bench.run("create/agents.csv", eTag: eTag, sequencer: "1")
        #expect(report.created == 0 && report.failed == 1)
        #expect(bench.user("proxied") == nil)
        let failure = try #require(report.failureFile.flatMap(bench.object))
        #expect(failure.contains("Amazon Connect's answer could not be read (after 1 try); the user was not found afterwards"))
        for word in ["malformedResponse", "missingMember", "ConnectClientError", "CreateUser"] {
            #expect(!failure.contains(word))
            #expect(!(report.message ?? "").contains(word))
        }
    }

    /// An update whose mutating call is answered with an unreadable 200: the user is read back;
    /// done, the setting counts applied; not done (never reached Connect), the row fails in words.
    @Test func anUpdateWhoseAnswerCannotBeReadIsReadBack() async throws {
        let bench = try JobBench()
        let row = { (login: String) in ",,,,\(login),Basic Routing Profile,,,,,," }
        bench.app.faults.reconfigure(.init(unreadableRate: 1, unreadableBodies: [.html, .truncated], operations: ["UpdateUserRoutingProfile"]))
        var eTag = await bench.upload("update/agents.csv", JobBench.csv([row("jdoe")]))
        let done = try await bench.run("update/agents.csv", eTag: eTag, sequencer: "1")
        #expect(done.updated == 1 && done.failed == 0)
        #expect(bench.count("UpdateUserRoutingProfile") == 1)
        #expect(bench.count("DescribeUser") >= 1)
        let basic = ConnectSeed.routingProfileID(instanceID: bench.instanceID, name: "Basic Routing Profile")
        #expect(bench.user("jdoe")?.routingProfileID == basic)

        bench.app.faults.reconfigure(.init())
        bench.hook { operation, _ in operation == "UpdateUserRoutingProfile" ? JobBench.html : nil }
        eTag = await bench.upload("update/agents.csv", JobBench.csv([row("asmith")]))
        let notDone = try await bench.run("update/agents.csv", eTag: eTag, sequencer: "2")
        #expect(notDone.updated == 0 && notDone.failed == 1)
        let failure = try #require(notDone.failureFile.flatMap(bench.object))
        #expect(failure.contains("""
            routing profile: Amazon Connect's answer could not be read (after 1 try); read back afterwards, it is not as the row asks
            """))
        #expect(!failure.contains("malformedResponse") && !failure.contains("ConnectClientError"))
    }

    @Test func reasonsNameNoCodeAndNoType() {
        let unreadable = ConnectClientError(code: .malformedResponse, operation: "SearchUsers", message: "not JSON", attempts: 4)
        let reason = FailureReason.reason(for: unreadable, userLogin: nil)
        #expect(reason == "Amazon Connect's answer could not be read (after 4 tries); drop this file back to try again")
        #expect(FailureReason.code(of: unreadable) == "malformedResponse")
        let missing = ConnectClientError(code: .missingMember, operation: "CreateUser", message: "the response has no UserId")
        #expect(CreateKind.reason(missing, .absent, userLogin: "x")
            == "Amazon Connect's answer could not be read (after 1 try); the user was not found afterwards; drop this file back to try again")
        #expect(CreateKind.reason(missing, .different, userLogin: "x").contains("user login 'x' exists now, but not as this row asks"))
        #expect(CreateKind.reason(missing, .unknown, userLogin: "x").contains("whether the user exists could not be checked"))
        for error: any Error in [unreadable, missing, CancellationError(), JobBench.Oddity()] {
            let text = FailureReason.reason(for: error, userLogin: "x")
            for word in ["malformedResponse", "missingMember", "ConnectClientError", "CancellationError", "Oddity"] {
                #expect(!text.contains(word), "\(text)")
            }
        }
    }

    /// Issue 12.4: an upload under the same name while the job runs is not the job's: the job
    /// finishes (failure file, summary) without renaming it, and its own event processes it.
    @Test func aReUploadDuringTheJobIsLeftForItsOwnEvent() async throws {
        let bench = try JobBench()
        let second = JobBench.csv([JobBench.createRow("second1"), JobBench.createRow("second2")])
        let newETag = Mutex("")
        bench.hook { operation, _ in
            guard operation == "CreateUser", newETag.withLock({ $0.isEmpty }) else { return nil }
            let eTag = await bench.upload("create/agents.csv", second)
            newETag.withLock { $0 = eTag }
            return nil
        }
        let firstETag = await bench.upload("create/agents.csv", JobBench.csv([JobBench.createRow("first1"), """
            x,y,bad,,first2,Nope,Agent,soft,,no,0,
            """]))
        let first = try await bench.run("create/agents.csv", eTag: firstETag, sequencer: "1")
        bench.hook(nil)
        #expect(first.status == .completed)
        #expect(first.created == 1 && first.failed == 1)
        #expect(first.failureFile != nil && first.summary != nil)
        #expect(first.processedInput == nil)
        #expect(first.message?.contains(JobOutputs.replacedNote) == true)
        #expect(bench.object("create/agents.csv") == second, "the new upload is in place")
        #expect(bench.keys("progress/") == [])

        let eTag = newETag.withLock { $0 }
        #expect(!eTag.isEmpty && eTag != firstETag)
        let then = try await bench.run("create/agents.csv", eTag: eTag, sequencer: "2")
        #expect(then.status == .completed && then.created == 2)
        #expect(then.processedInput != nil)
        #expect(then.processedInput.flatMap(bench.object) == second)
        #expect(bench.object("create/agents.csv") == nil)
        #expect(["first1", "second1", "second2"].allSatisfy { bench.user($0) != nil })
        #expect(bench.keys("results/").count == 2)
    }

    /// Uploaded again after the copy and before the delete: the delete (If-Match on the copied
    /// version) leaves the new upload.
    @Test func aReUploadBetweenCopyAndDeleteIsKept() async throws {
        let bench = try JobBench()
        let second = JobBench.csv([JobBench.createRow("late1")])
        bench.hook { operation, request in
            guard operation == "CopyObject" else { return nil }
            let answer = try? await bench.transport.inner.execute(request)
            await bench.upload("create/agents.csv", second)
            return answer
        }
        let firstETag = await bench.upload("create/agents.csv", JobBench.csv([JobBench.createRow("early1")]))
        let first = try await bench.run("create/agents.csv", eTag: firstETag, sequencer: "1")
        bench.hook(nil)
        #expect(first.status == .completed && first.created == 1)
        let processed = try #require(first.processedInput)
        #expect(bench.object(processed)?.contains("early1") == true)
        #expect(bench.object("create/agents.csv") == second)
    }

    /// A job resumed after its invocation died, when the file was uploaded again meanwhile:
    /// the new upload is not read as the rest of the old one (its own event processes it).
    @Test func aResumedJobDoesNotReadANewUploadAsItsOwn() async throws {
        let bench = try JobBench()
        let firstBody = JobBench.csv([JobBench.createRow("old1"), JobBench.createRow("old2")])
        let firstETag = await bench.upload("create/agents.csv", firstBody)
        // The dead invocation's ledger: one row settled, its lease long stale.
        let job = JobLedger.jobID(key: "create/agents.csv", version: "1")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var ledger = JobLedger(job: job, input: "create/agents.csv", inputETag: firstETag, startedAtMs: now - 60_000, owner: "dead")
        ledger.rows = 2
        ledger.next = 1
        ledger.created = 1
        ledger.header = JobBench.header.split(separator: ",").map(String.init)
        await bench.upload(JobLedger.key(job: job), String(decoding: LedgerKeeper.encode(ledger), as: UTF8.self))
        let second = JobBench.csv([JobBench.createRow("new1"), JobBench.createRow("new2")])
        await bench.upload("create/agents.csv", second)

        let report = try await bench.run("create/agents.csv", eTag: firstETag, sequencer: "1")
        #expect(report.status == .completed)
        #expect(report.created == 1)
        #expect(report.message?.contains("was uploaded again while it was being processed: 1 of the first upload's rows were not processed") == true)
        #expect(report.processedInput == nil)
        #expect(bench.user("new2") == nil && bench.user("old2") == nil)
        #expect(bench.object("create/agents.csv") == second)
        #expect(bench.keys("progress/") == [])
    }
}

extension JobBench {
    struct Oddity: Error {}
}
