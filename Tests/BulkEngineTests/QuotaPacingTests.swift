import AWSCore
@testable import BulkEngine
import ConnectClient
import Foundation
import LocalStack
import ServiceQuotasClient
import Synchronization
import TestSupport
import Testing

/// Each lane at the account's quota (issue 20, point 3): how a quota is taken for an
/// operation, the precedence API_RATES > quota > default quota > API_INTERVAL_MS, one reading
/// per job kept in the ledger for its later parts, and a job whose quotas cannot be read.
@Suite(.timeLimit(.minutes(1)))
struct QuotaPacingTests {
    /// Service Quotas in memory: the quotas it lists, and how many times each listing was asked.
    final class ScriptedQuotas: ServiceQuotasAPI {
        let applied: [ServiceQuota]
        let defaults: [ServiceQuota]
        let failure: (any Error)?
        private let asked = Mutex([String]())

        init(applied: [ServiceQuota] = [], defaults: [ServiceQuota] = [], failure: (any Error)? = nil) {
            self.applied = applied
            self.defaults = defaults
            self.failure = failure
        }

        var calls: [String] { asked.withLock { $0 } }

        func listServiceQuotas(serviceCode: String) async throws -> [ServiceQuota] {
            asked.withLock { $0.append("ListServiceQuotas \(serviceCode)") }
            if let failure { throw failure }
            return applied
        }

        func listAWSDefaultServiceQuotas(serviceCode: String) async throws -> [ServiceQuota] {
            asked.withLock { $0.append("ListAWSDefaultServiceQuotas \(serviceCode)") }
            if let failure { throw failure }
            return defaults
        }
    }

    /// A rate quota as AWS lists an API's: named after it, measured by its usage metric.
    static func apiRate(_ operation: String, _ value: Double, metric: Bool = true) -> ServiceQuota {
        ServiceQuota(serviceCode: "connect", quotaName: "Rate of \(operation) API requests", value: value,
                     usageMetric: metric ? .init(metricDimensions: ["Type": "API", "Resource": operation]) : nil,
                     period: .init(periodValue: 1, periodUnit: "SECOND"))
    }

    // MARK: Which quota is which operation's

    @Test func aQuotaIsAnOperationsByItsMetricElseByItsNameAsAWholeWord() async throws {
        let source = ScriptedQuotas(applied: [
            Self.apiRate("CreateUser", 5),
            // By the name alone; "DescribeUserHierarchyGroup" is not DescribeUser.
            Self.apiRate("DescribeUserHierarchyGroup", 50, metric: false),
            Self.apiRate("ListUsers", 12, metric: false),
            // Another API's metric, although the name says UpdateUserConfig: the metric wins.
            ServiceQuota(quotaName: "Rate of UpdateUserConfig API requests", value: 99,
                         usageMetric: .init(metricDimensions: ["Type": "API", "Resource": "StartChatContact"])),
            // Not an API rate; a burst; a rate per minute.
            ServiceQuota(quotaName: "Users per instance", value: 500),
            ServiceQuota(quotaName: "Burst of SearchUsers API requests", value: 8),
            ServiceQuota(quotaName: "Rate of SearchUsers API requests", value: 180, period: .init(periodValue: 1, periodUnit: "MINUTE")),
        ], defaults: [Self.apiRate("DescribeUser", 10), Self.apiRate("CreateUser", 2), Self.apiRate("UpdateUserConfig", 2)])
        let quotas = try await ConnectQuotas.read(from: source)
        #expect(quotas["CreateUser"] == LaneQuota(ratePerSecond: 5, burst: 5, source: .quota))
        #expect(quotas["ListUsers"] == LaneQuota(ratePerSecond: 12, burst: 5, source: .quota))
        #expect(quotas["SearchUsers"] == LaneQuota(ratePerSecond: 3, burst: 8, source: .quota))
        #expect(quotas["DescribeUser"] == LaneQuota(ratePerSecond: 10, burst: 5, source: .defaultQuota), "not 50: no whole word")
        #expect(quotas["UpdateUserConfig"] == LaneQuota(ratePerSecond: 2, burst: 5, source: .defaultQuota))
        #expect(quotas["TagResource"] == nil, "no quota listed: API_INTERVAL_MS")
        #expect(source.calls == ["ListServiceQuotas connect", "ListAWSDefaultServiceQuotas connect"])
    }

    @Test func everyOperationAppliedNeedsNoDefaults() async throws {
        let source = ScriptedQuotas(applied: ConnectOperation.allCases.map { Self.apiRate($0.rawValue, 3) })
        let quotas = try await ConnectQuotas.read(from: source)
        #expect(quotas.count == ConnectOperation.allCases.count && quotas.values.allSatisfy { $0.source == .quota })
        #expect(source.calls == ["ListServiceQuotas connect"])
    }

    // MARK: Precedence

    @Test func aQuotaSetsTheLanesBelowAPIRatesAndAboveAPIIntervalMS() {
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(600)), overrides: ["DescribeUser": LaneSettings(ratePerSecond: 7)],
                          time: ImmediateClock())
        let create = lanes.lane("CreateUser")  // made before the job's quotas: set again
        let describe = lanes.lane("DescribeUser")
        #expect(create.settings == LaneSettings(interval: .milliseconds(600)))
        lanes.apply(quotas: ["CreateUser": LaneQuota(ratePerSecond: 5, burst: 5, source: .quota),
                             "DescribeUser": LaneQuota(ratePerSecond: 10, burst: 5, source: .quota),
                             "ListUsers": LaneQuota(ratePerSecond: 10, burst: 5, source: .defaultQuota)])
        #expect(create.settings == LaneSettings(ratePerSecond: 5, burst: 4) && create.rate == 5)
        #expect(describe.settings == LaneSettings(ratePerSecond: 7), "API_RATES, a person's word, wins over the quota")
        #expect(lanes.lane("ListUsers").settings == LaneSettings(ratePerSecond: 10, burst: 4), "a lane made later starts at its quota")
        #expect(lanes.pace(of: "CreateUser").source == .quota)
        #expect(lanes.pace(of: "DescribeUser").source == .apiRates)
        #expect(lanes.pace(of: "ListUsers").source == .defaultQuota)
        #expect(lanes.pace(of: "SearchUsers") == LanePace(operation: "SearchUsers", settings: LaneSettings(interval: .milliseconds(600)),
                                                          source: .apiInterval))
        // The next job's quotas could not be read: every lane back at API_INTERVAL_MS (or API_RATES).
        lanes.apply(quotas: [:])
        #expect(create.settings == LaneSettings(interval: .milliseconds(600)))
        #expect(describe.settings == LaneSettings(ratePerSecond: 7))
    }

    // MARK: A job

    static let agents: String = {
        var csv = "first name,last name,user login,password,routing profile name,security_profile_name_1|security_profile_name_2\n"
        for index in 1...6 { csv += "Quota,Number\(index),quota\(index),F@keP@ssw0rd,Basic Routing Profile,Agent\n" }
        return csv
    }()

    /// A runner as the bootstrap wires it: lanes at 600 ms (on a clock whose sleeps take no
    /// time), and `source` for the quotas.
    static func runner(_ harness: RunHarness, source: any ServiceQuotasAPI, rates: [String: LaneSettings] = [:]) throws -> JobRunner {
        let metrics = RunMetrics()
        let lanes = Lanes(defaults: LaneSettings(interval: .milliseconds(600)), overrides: rates, time: ImmediateClock(startMs: harness.clock.nowMs))
        return JobRunner(connect: try harness.connect(PacedTransport(harness.transport, lanes: lanes, metrics: metrics)),
                         store: try harness.s3(harness.transport), instanceID: RunHarness.instanceID, metrics: metrics,
                         time: harness.clock, quotas: QuotaPacing(source: source, lanes: lanes))
    }

    /// Runs `record`'s job part after part (each invocation 2 s long: one row a part) to its end.
    static func runInParts(_ harness: RunHarness, _ runner: JobRunner, from first: S3Event.Record) async throws -> RunReport {
        var record = first
        for part in 1...20 {
            let done = try await runner.handle(record, invocation: harness.invocation("part\(part)", seconds: 2), logger: harness.logger)
            guard done.status == .continued, let continuation = done.continuation else { return done }
            record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
        }
        Issue.record("the job did not end in 20 parts")
        return RunReport(bucket: RunHarness.bucket, input: first.key, status: .continued)
    }

    @Test func aJobReadsItsQuotasOnceAndItsLaterPartsPaceByTheLedgers() async throws {
        let harness = try RunHarness()
        let source = ScriptedQuotas(applied: [Self.apiRate("CreateUser", 5)],
                                    defaults: [Self.apiRate("CreateUser", 2), Self.apiRate("ListRoutingProfiles", 10)])
        let report = try await Self.runInParts(harness, try Self.runner(harness, source: source,
            rates: ["DescribeInstance": LaneSettings(ratePerSecond: 3)]),
                                               from: try await harness.upload(Self.agents, as: "create/quotas.csv"))
        #expect(report.status == .completed && report.created == 6 && report.parts >= 3, "\(report)")
        #expect(source.calls == ["ListServiceQuotas connect", "ListAWSDefaultServiceQuotas connect"], "read once, at the job's start")
        let pace = Dictionary(uniqueKeysWithValues: (report.pace ?? []).map { ($0.operation, $0) })
        #expect(pace["CreateUser"] == LanePace(operation: "CreateUser", settings: LaneSettings(ratePerSecond: 5, burst: 4), source: .quota))
        #expect(pace["ListRoutingProfiles"]?.source == .defaultQuota && pace["ListRoutingProfiles"]?.ratePerSecond == 10)
        #expect(pace["DescribeInstance"]?.source == .apiRates)
        #expect(pace["ListSecurityProfiles"]?.source == .apiInterval && pace["ListSecurityProfiles"]?.ratePerSecond == 1.667)
        #expect(Set(pace.keys) == Set((report.lanes ?? []).map(\.operation)), "each lane the job used, and only those")
        #expect(report.quotasNotRead == nil)
        let summary = try #require(harness.logs.all.first { $0.contains(#""message":"summary""#) })
        #expect(summary.contains("CreateUser 5/s burst 4 (quota)") && summary.contains("ListRoutingProfiles 10/s burst 4 (default quota)"))
    }

    /// A plan's time is at the rates the real run would go at: CreateUser's quota, not 600 ms.
    @Test func aPlansTimeIsAtTheQuotasRead() async throws {
        let harness = try RunHarness()
        let source = ScriptedQuotas(applied: [Self.apiRate("CreateUser", 5)])
        let report = try await Self.runInParts(harness, try Self.runner(harness, source: source),
                                               from: try await harness.upload(Self.agents, as: "plan/create/quotas.csv"))
        let plan = try #require(report.plan)
        #expect(plan.create == 6)
        // The look-ups at API_INTERVAL_MS one after another, then 6 CreateUser at 5/s: 1.2 s.
        #expect(abs(plan.seconds - (Double(plan.lookUps) * 0.6 + 1.2)) < 0.001, "\(plan)")
    }

    @Test func aLaterPartUsesTheLedgersQuotasEvenInAnotherExecutionEnvironment() async throws {
        let harness = try RunHarness()
        let first = ScriptedQuotas(applied: [Self.apiRate("CreateUser", 5)])
        let record = try await harness.upload(Self.agents, as: "create/two.csv")
        let part1 = try await Self.runner(harness, source: first).handle(record, invocation: harness.invocation("p1", seconds: 2),
            logger: harness.logger)
        let continuation = try #require(part1.continuation)
        // A fresh environment, whose Service Quotas would now say otherwise: the ledger's stand.
        let second = ScriptedQuotas(applied: [Self.apiRate("CreateUser", 9)])
        let next = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
        let report = try await Self.runInParts(harness, try Self.runner(harness, source: second), from: next)
        #expect(second.calls.isEmpty, "the job's later parts read nothing: \(second.calls)")
        #expect(report.pace?.first { $0.operation == "CreateUser" }?.ratePerSecond == 5)
    }

    /// Service Quotas denied (the in-process stack answering AccessDeniedException): the job
    /// completes at API_INTERVAL_MS, with one WARN line, 0 429s, and the reason in its summary.
    @Test func quotasDeniedTheJobGoesAtTheDefaultPaceAndSaysWhy() async throws {
        let harness = try RunHarness { $0.serviceQuotas.denied = true }
        let quotas = ServiceQuotasHTTPClient(client: try TestAWS.client(.serviceQuotas, transport: harness.transport, time: harness.retryClock))
        let report = try await Self.runInParts(harness, try Self.runner(harness, source: quotas), from: try await harness.upload(Self.agents,
            as: "create/denied.csv"))
        #expect(report.status == .completed && report.created == 6 && report.throttled == 0, "\(report)")
        let reason = try #require(report.quotasNotRead)
        #expect(reason.contains("ListServiceQuotas answered AccessDeniedException"))
        #expect(reason.contains("grant the function's role servicequotas:ListServiceQuotas and servicequotas:ListAWSDefaultServiceQuotas"))
        #expect(report.pace?.allSatisfy { $0.source == .apiInterval && $0.ratePerSecond == 1.667 } == true)
        #expect(harness.logs.all.filter { $0.contains("Service Quotas not read:") }.count == 1, "one WARN line for the job, not one a part")
        let summary = try #require(harness.logs.all.first { $0.contains(#""message":"summary""#) })
        #expect(summary.contains("""
            Service Quotas not read (ListServiceQuotas answered AccessDeniedException
            """) && summary.contains("CreateUser 1.667/s burst 1 (API_INTERVAL_MS)"))
        #expect(harness.app.callLog.all.filter { $0.service == "ServiceQuotas" }.map(\.status) == [400], "read once, never retried")
    }

    /// The in-process stack's own quotas, read through the real client: AWS's defaults.
    @Test func theStacksDefaultsAreRead() async throws {
        let harness = try RunHarness()
        let quotas = ServiceQuotasHTTPClient(client: try TestAWS.client(.serviceQuotas, transport: harness.transport, time: harness.retryClock))
        let read = try await ConnectQuotas.read(from: quotas)
        #expect(read.count == ConnectOperation.allCases.count)
        // The harness's throttle is 100,000/s, so the stack's account is 50,000 times AWS's.
        #expect(read["DescribeUser"] == LaneQuota(ratePerSecond: 500_000, burst: 5, source: .defaultQuota))
        #expect(read["CreateUser"] == LaneQuota(ratePerSecond: 100_000, burst: 5, source: .defaultQuota))
    }
}
