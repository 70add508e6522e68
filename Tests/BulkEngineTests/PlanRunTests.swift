@testable import BulkEngine
import ConnectClient
import Foundation
import LocalStack
import S3Client
import TestSupport
import Testing

/// `plan/...`: the real run layer over the in-process local stack. A plan makes no mutating
/// call, writes a plan file of every row, and predicts row by row the calls the real run then
/// makes.
@Suite(.timeLimit(.minutes(1)))
struct PlanRunTests {
    /// Reads of the Connect API: everything else is a change.
    static let reads: Set<String> = [
        "DescribeInstance", "ListSecurityProfiles", "ListRoutingProfiles", "SearchUserHierarchyGroups", "SearchUsers", "ListUsers",
        "DescribeUser", "ListUserProficiencies", "SearchPredefinedAttributes",
    ]

    /// Three updates of every kind of setting, one row already as asked, one unknown login,
    /// one invalid row, and a password cell (ignored on update).
    static let file = """
        user login,first name,routing profile name,security_profile_name_1|security_profile_name_2,UserHierarchy,tags,proficiencies,chat ACW timeout (seconds),phone type (soft/desk),phone number,password
        jdoe,,Basic Routing Profile,,,team=blue|site=austin,Language:English:5|Technology:Billing:2,45,,,
        asmith,,Sales Routing Profile,,,,,,,,
        nobody,,Basic Routing Profile,,,,,,,,
        admin,Adam,,Admin|Agent,general inquiries,,,,desk,+12145550198,S3cretPassw0rd
        typo,,,Agnet,,,,,,,

        """

    /// A runner whose Connect calls are counted as the function counts them (the paced
    /// transport), so that a plan's look-ups are in its summary.
    static func countingRunner(_ harness: RunHarness) throws -> JobRunner {
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .zero), time: harness.clock)
        let counted = PacedTransport(harness.transport, lanes: lanes, metrics: metrics)
        return JobRunner(connect: try harness.connect(counted), store: try harness.s3(harness.transport), instanceID: RunHarness.instanceID,
                         metrics: metrics, time: harness.clock)
    }

    static func connectCalls(_ app: LocalStackApp) -> [CallLog.Entry] {
        app.callLog.all.filter { $0.service == "Connect" }
    }

    @Test func aPlanChangesNothingAndPredictsTheRealRunRowByRow() async throws {
        let harness = try RunHarness()
        let instance = RunHarness.instanceID
        let users = { harness.app.connect.users(instanceID: instance) }
        let before = try await harness.state().users
        let record = try await harness.upload(Self.file, as: "plan/update/agents.csv")
        harness.app.callLog.reset()

        let report = try await Self.countingRunner(harness).handle(record, invocation: harness.invocation("plan"), logger: harness.logger)
        #expect(report.status == .completed)
        #expect((report.rows, report.planned, report.failed, report.updated) == (5, 3, 2, 0))
        let plan = try #require(report.plan)
        #expect((plan.update, plan.unchanged, plan.fail, plan.create, plan.delete) == (2, 1, 2, 0, 0))
        let planCalls = Self.connectCalls(harness.app)
        #expect(planCalls.filter { !Self.reads.contains($0.operation) }.map(\.operation) == [], "a plan makes no change")
        #expect(try await harness.state().users == before)
        #expect(report.message?.contains("1 password cell was ignored") == true)

        // The plan file: every row in file order, the input's columns and `plan`.
        let s3 = try harness.s3(harness.transport)
        let planKey = try #require(report.planFile)
        #expect(RunHarness.timeless(planKey) == "results/agents-<T>.plan.csv")
        #expect(RunHarness.timeless(try #require(report.processedInput)) == "plan/update/agents-<T>.csv.bak")
        #expect(report.failureFile == nil)
        let sheet = try AgentSheet(CSVReader.read(try await s3.getObject(bucket: RunHarness.bucket, key: planKey)))
        let planColumn = try #require(sheet.table.header.firstIndex(of: "plan"))
        let planned = sheet.rows.map { ($0.cell(.userLogin) ?? "", $0.record.fields[planColumn]) }
        #expect(planned.map(\.0) == ["jdoe", "asmith", "nobody", "admin", "typo"])
        #expect(planned[0].1.hasPrefix("update: "), "\(planned[0].1)")
        #expect(planned[0].1.contains("routing profile 'Support Routing Profile' -> 'Basic Routing Profile'"), "\(planned[0].1)")
        #expect(planned[0].1.contains("tags +site=austin +team=blue"), "\(planned[0].1)")
        #expect(planned[0].1.contains("proficiencies "), "\(planned[0].1)")
        #expect(planned[0].1.contains("chat ACW timeout"), "\(planned[0].1)")
        #expect(planned[1].1 == "unchanged")
        #expect(planned[2].1.contains("not found"))
        #expect(planned[3].1.contains("first name 'Ada' -> 'Adam'") && planned[3].1.contains("security profiles 'Admin' -> 'Admin|Agent'"),
                "\(planned[3].1)")
        #expect(planned[3].1.contains("hierarchy (none) -> 'general inquiries'") && planned[3].1.contains("voice phone type soft -> desk"),
                "\(planned[3].1)")
        #expect(planned[4].1.contains("Agnet"))
        #expect(String(decoding: try await s3.getObject(bucket: RunHarness.bucket, key: planKey), as: UTF8.self).contains("S3cretPassw0rd"),
                "the plan file keeps the input's cells, as a failure file does, so that it drops back as it is")

        // The plan file dropped into update/ as it is: the plan column is ignored, and the
        // real run makes the calls the plan predicted, row by row, and as many in all.
        let planBytes = try await s3.getObject(bucket: RunHarness.bucket, key: planKey)
        let real = try await harness.upload(String(decoding: planBytes, as: UTF8.self), as: "update/agents.csv")
        harness.app.callLog.reset()
        let done = try await Self.countingRunner(harness).handle(real, invocation: harness.invocation("real"), logger: harness.logger)
        #expect((done.updated, done.unchanged, done.failed) == (2, 1, 2))
        #expect(done.message?.contains("does not know") != true, "the plan column is not reported as unknown: \(done.message ?? "")")
        #expect(done.apiCalls == plan.apiCalls, "the plan predicted \(plan.apiCalls) calls; the run made \(done.apiCalls)")
        let ids = Dictionary(uniqueKeysWithValues: users().map { ($0.id, $0.username) })
        var made: [String: [String]] = [:]
        for call in Self.connectCalls(harness.app) where !Self.reads.contains(call.operation) {
            let user = ids.first { call.path?.contains($0.key) == true }?.value ?? "?"
            made[user, default: []].append(call.operation)
        }
        for (login, text) in planned {
            #expect((made[login] ?? []).sorted() == Self.operations(text).sorted(), "\(login): plan \(text)")
        }
    }

    /// A plan too long for one invocation continues in parts like a real file: one plan file
    /// with every row once, in file order, the same as a plan made in one go.
    @Test func aPlanInPartsIsThePlanInOneGo() async throws {
        func planFile(seconds: Int64) async throws -> (body: String, parts: Int) {
            let harness = try RunHarness()
            var record = try await harness.upload(Self.file, as: "plan/update/agents.csv")
            for part in 1...10 {
                let report = try await harness.runner().handle(record, invocation: harness.invocation("part\(part)", seconds: seconds),
                                                              logger: harness.logger)
                guard report.status == .continued, let continuation = report.continuation else {
                    #expect(report.status == .completed)
                    #expect(harness.app.callLog.all.allSatisfy { Self.reads.contains($0.operation) || $0.service != "Connect" })
                    let key = try #require(report.planFile)
                    return (String(decoding: try await harness.s3(harness.transport).getObject(bucket: RunHarness.bucket, key: key), as: UTF8.self),
                            report.parts)
                }
                record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
            }
            throw HarnessTimeout(what: "the plan to end in 10 parts")
        }
        let whole = try await planFile(seconds: 900)
        let inParts = try await planFile(seconds: 2)
        #expect(whole.parts == 1 && inParts.parts >= 3)
        #expect(inParts.body == whole.body)
    }

    @Test func aCreatePlanSaysWhichLoginsExistAlready() async throws {
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents, as: "plan/create/agents.csv")
        harness.app.callLog.reset()
        let report = try await Self.countingRunner(harness).handle(record, invocation: harness.invocation("plan"), logger: harness.logger)
        let plan = try #require(report.plan)
        #expect((plan.create, plan.fail) == (3, 2))
        #expect(plan.calls == ["CreateUser": 3])
        #expect(Self.connectCalls(harness.app).allSatisfy { Self.reads.contains($0.operation) })
        #expect(harness.app.connect.users(instanceID: RunHarness.instanceID).count == 3, "nothing was created")
        let body = String(decoding: try await harness.s3(harness.transport).getObject(bucket: RunHarness.bucket, key: try #require(report.planFile)),
                          as: UTF8.self)
        #expect(body.contains("already exists") && body.contains("Agnet") && body.contains(",create\r\n"))
        // 5 rows' pace at 600 ms: the look-ups one after another, then 3 CreateUser.
        #expect(plan.seconds == Double(plan.lookUps) * 0.6 + 3 * 0.6)
        #expect(plan.lookUps == Self.connectCalls(harness.app).count && plan.lookUps > 0)
        #expect(plan.apiCalls == plan.lookUps + 3)
    }

    /// A plan's time is taken from the lanes' own settings: `API_RATES` overrides included.
    @Test func aPlansTimeIsAtTheLanesSettings() {
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(600)), overrides: ["CreateUser": LaneSettings(ratePerSecond: 10)],
                          time: ImmediateClock())
        let pace = CallPace(lanes)
        #expect(pace == CallPace(defaults: lanes.defaults, overrides: lanes.overrides))
        // The look-ups one after another at the default pace, then the slowest lane: 30
        // CreateUser at 10/s (3 s) against 4 AssociateUserProficiencies at 600 ms (2.4 s).
        let seconds = pace.seconds(lookUps: 2, calls: ["CreateUser": 30, "AssociateUserProficiencies": 4])
        #expect(abs(seconds - (1.2 + 3.0)) < 1e-9, "\(seconds)")
        #expect(CallPace(defaults: LaneSettings(interval: .zero)).seconds(lookUps: 5, calls: ["CreateUser": 9]) == 0, "no pace, no time")
    }

    /// A plan cannot reach a change: what its kind may call is the read protocol, a fact the
    /// compiler checks (`PlanKind.Connect == any ConnectReading`; a call of `updateUserConfig`
    /// in a preview does not compile), and every kind's look-ups read only.
    @Test func aPlanIsGivenTheReadsOnly() {
        func connect<Kind: JobKind>(of kind: Kind.Type) -> ObjectIdentifier { ObjectIdentifier(Kind.Connect.self) }
        let reads = ObjectIdentifier((any ConnectReading).self)
        #expect(connect(of: PlanKind<UpdateKind>.self) == reads)
        #expect(connect(of: PlanKind<CreateKind>.self) == reads)
        #expect(connect(of: PlanKind<DeleteKind>.self) == reads)
        #expect(connect(of: UpdateKind.self) == ObjectIdentifier((any ConnectAPI).self))
    }

    /// The mutating operations a plan cell names: one UpdateUserIdentityInfo for any identity
    /// change, one UpdateUserConfig for any channel change, a TagResource for added tags and an
    /// UntagResource for removed ones, and so on.
    static func operations(_ plan: String) -> [String] {
        guard plan.hasPrefix("update: ") else { return [] }
        var out: Set<String> = []
        var tagAndProficiency: [String] = []
        for piece in plan.dropFirst("update: ".count).split(separator: "; ").map(String.init) {
            if ["first name", "last name", "email address", "secondary email address", "mobile"].contains(where: piece.hasPrefix) {
                out.insert("UpdateUserIdentityInfo")
            } else if ["voice ", "chat ", "task ", "email "].contains(where: piece.hasPrefix) {
                out.insert("UpdateUserConfig")
            } else if piece.hasPrefix("routing profile") {
                out.insert("UpdateUserRoutingProfile")
            } else if piece.hasPrefix("security profiles") {
                out.insert("UpdateUserSecurityProfiles")
            } else if piece.hasPrefix("hierarchy") {
                out.insert("UpdateUserHierarchy")
            } else if piece.hasPrefix("tags ") {
                let words = piece.dropFirst(5).split(separator: " ")
                if words.contains(where: { $0.hasPrefix("+") }) { tagAndProficiency.append("TagResource") }
                if words.contains(where: { $0.hasPrefix("-") }) { tagAndProficiency.append("UntagResource") }
            } else if piece.hasPrefix("proficiencies ") {
                let words = piece.dropFirst(14).split(separator: " ")
                if words.contains(where: { $0.hasPrefix("-") }) { tagAndProficiency.append("DisassociateUserProficiencies") }
                if words.contains(where: { $0.hasPrefix("+") }) { tagAndProficiency.append("AssociateUserProficiencies") }
                if words.contains("level") { tagAndProficiency.append("UpdateUserProficiencies") }
            }
        }
        return Array(out) + tagAndProficiency
    }
}
