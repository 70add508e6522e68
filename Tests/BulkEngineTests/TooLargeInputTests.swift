import AWSCore
@testable import BulkEngine
import Foundation
import TestSupport
import Testing

/// A file larger than a job may read (a twentieth of the function's memory) is refused before it
/// is read: kept unchanged under `failed/`, a summary that says its size, the limit and what
/// to do, no Connect call. Without the guard Lambda would stop the function half-way, retry it,
/// and the manager would find nothing in `results/`.
@Suite(.timeLimit(.minutes(1)))
struct TooLargeInputTests {
    static let limit = 1_048_576

    /// A create file of `rows` valid rows (about 100 bytes each).
    static func file(rows: Int) -> String {
        var csv = "first name,last name,user login,password,routing profile name,security_profile_name_1|security_profile_name_2\n"
        for index in 0..<rows { csv += "Agent,Number\(index),agent\(index),F@keP@ssw0rd,Basic Routing Profile,Agent\n" }
        return csv
    }

    static func runner(_ harness: RunHarness) throws -> JobRunner {
        JobRunner(connect: try harness.connect(harness.transport), store: try harness.s3(harness.transport), instanceID: RunHarness.instanceID,
                  metrics: RunMetrics(), time: harness.clock, maxInputBytes: limit)
    }

    /// Refused from the event's size, and from HEAD when the event has none; either way the
    /// file is never downloaded.
    @Test(arguments: [true, false])
    func aFileAboveTheLimitIsRefusedUnreadWithItsSizeAndWhatToDo(_ eventHasSize: Bool) async throws {
        let harness = try RunHarness()
        let body = Self.file(rows: 24_000)
        #expect(body.utf8.count > Self.limit)
        var record = try await harness.upload(body, as: "create/everyone.csv")
        if !eventHasSize { record.size = nil }
        harness.app.callLog.reset()
        let report = try await Self.runner(harness).handle(record, invocation: harness.invocation("big"), logger: harness.logger)
        #expect(report.status == .rejected)
        let message = try #require(report.message)
        #expect(message.hasPrefix("This file is 1.6 MB, more than the 1.0 MB one file may be"), "\(message)")
        #expect(message.contains("nothing was done") && message.contains("failed/") && message.contains("Split it") && message.contains("create/"))
        let calls = harness.app.callLog.all
        #expect(!calls.contains { $0.service == "Connect" }, "no Connect call")
        #expect(!calls.contains { $0.operation == "GetObject" && $0.path?.hasSuffix("/everyone.csv") == true }, "the file is never downloaded")
        let keys = try await harness.state().keys
        #expect(keys == ["failed/everyone-<T>.csv.bak", "results/everyone-<T>.json"], "\(keys)")
        let s3 = try harness.s3(harness.transport)
        let keptKey = try #require(try await s3.listObjects(bucket: RunHarness.bucket, prefix: "failed/").first?.key)
        #expect(try await s3.getObject(bucket: RunHarness.bucket, key: keptKey) == Array(body.utf8), "kept unchanged")
        #expect(harness.app.connect.users(instanceID: RunHarness.instanceID).count == 3, "nobody created")
    }

    /// Just under the limit, the file is read and run as any other.
    @Test func aFileUnderTheLimitRuns() async throws {
        let harness = try RunHarness()
        let body = Self.file(rows: 40)
        let report = try await Self.runner(harness).handle(try await harness.upload(body, as: "create/team.csv"),
                                                           invocation: harness.invocation("small"), logger: harness.logger)
        #expect((report.status, report.created) == (.completed, 40))
    }

    @Test func theLimitIsATwentiethOfTheFunctionsMemory() throws {
        func limit(_ memory: String?) throws -> Int {
            var variables = ["CONNECT_INSTANCE_ARN": "arn:aws:connect:us-east-1:123456789012:instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60"]
            variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory
            return try FunctionConfiguration(environment: EnvironmentVariables(variables)).maxInputBytes
        }
        #expect(try limit("1024") == 53_687_091)
        #expect(try limit(nil) == 13_421_772, "256 MB, the template's, when Lambda does not say")
        #expect(try limit("64") == 13_421_772 && (try limit("lots")) == 13_421_772, "a value Lambda would not set leaves the default")
        #expect(SheetText.megabytes(13_421_772) == "12.8 MB" && SheetText.megabytes(1_700_000) == "1.6 MB")
        #expect(OwnedJob.tooLarge(1_048_577, limit: 1_048_576, input: "create/a.csv")
            .hasPrefix("This file is 1,048,577 bytes, more than the 1,048,576 bytes one file may be"), "sizes that round alike")
    }
}
