@testable import BulkEngine
import Foundation
import LocalStack
import TestSupport
import Testing

/// The run layer's invariants, fast: the real `JobRunner` over the in-process local stack on a
/// manual clock. Each test drives faults, re-deliveries, parts and lost leases and compares
/// what is left with a clean run: the users, the failure file, one summary, one `.bak`, no
/// ledger.
@Suite(.timeLimit(.minutes(1)))
struct RunInvariantTests {
    /// A clean run of `RunHarness.agents`, and how many S3 writes it made.
    static func cleanRun() async throws -> (state: RunHarness.State, writes: Int) {
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)
        let counting = S3Faults(harness.transport, allowed: .max, mode: .before)
        let report = try await harness.runner(s3: counting).handle(record, invocation: harness.invocation("clean"), logger: harness.logger)
        #expect(report.status == .completed)
        #expect((report.rows, report.created, report.failed) == (5, 3, 2))
        return (try await harness.state(), counting.writesSeen)
    }

    @Test func theCleanRunLeavesOneSummaryOneBakAFailureFileAndNoLedger() async throws {
        let clean = try await Self.cleanRun()
        #expect(clean.state.keys == [
            "create/agents-<T>.csv.bak", "failed/failedActions-<T>.csv.bak", "results/agents-<T>.json",
        ])
        #expect(clean.state.failureFiles.count == 1)
        #expect(clean.state.failureFiles[0].contains("Agnet"))
        #expect(clean.state.failureFiles[0].contains("already exists"))
        #expect(clean.state.summaries == ["create/agents.csv completed rows 5 created 3 updated 0 unchanged 0 failed 2"])
        #expect(clean.writes == 9)  // ledger, freeze, failure file, save, copy, save, delete input, summary, delete ledger
    }

    /// For every N up to the run's write count, and for writes that fail unsent and writes that
    /// land but lose their answer: every write after the Nth fails (the invocation dies), then
    /// the event is delivered again to a healthy environment after the lease has gone stale.
    @Test(arguments: [S3Faults.Mode.before, .after])
    func everyWriteFailureThenARedeliveryEndsAsTheCleanRun(_ mode: S3Faults.Mode) async throws {
        let clean = try await Self.cleanRun()
        for allowed in 0..<clean.writes {
            let harness = try await RunHarness.afterWriteFailure(allowed: allowed, mode: mode) { try await $0.upload(RunHarness.agents) }
            let state = try await harness.state()
            #expect(state == clean.state, "after \(allowed) writes (\(mode)):\n\(state)\nclean:\n\(clean.state)")
        }
    }

    @Test func theSameEventTwiceInARowGivesTheStateOfOnce() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)
        let first = try await harness.runner().handle(record, invocation: harness.invocation("a"), logger: harness.logger)
        let second = try await harness.runner().handle(record, invocation: harness.invocation("b"), logger: harness.logger)
        #expect(first.status == .completed)
        #expect(second.status == .missing)
        #expect(try await harness.state() == clean.state)
    }

    @Test func theSameEventTwiceAtOnceGivesTheStateOfOnce() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)
        let a = Task { try await harness.runner().handle(record, invocation: harness.invocation("a"), logger: harness.logger) }
        let b = Task { try await harness.runner().handle(record, invocation: harness.invocation("b"), logger: harness.logger) }
        // Whoever waits for the lease sleeps a second at a time: move the time while they run.
        let ticker = Task {
            for _ in 0..<2_000 where !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(1))
                harness.clock.advance(by: .milliseconds(500))
            }
        }
        let reports = [try await a.value, try await b.value]
        ticker.cancel()
        #expect(reports.filter { $0.status == .completed }.count == 1)
        #expect(reports.filter { $0.status == .duplicate || $0.status == .missing }.count == 1)
        #expect(try await harness.state() == clean.state)
    }

    /// An invocation with little time works one row, then hands the rest to a continuation
    /// object; S3's event for it starts the next part, until the last writes the outputs once.
    @Test func aShortInvocationContinuesInPartsAndEndsAsTheCleanRun() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        var record = try await harness.upload(RunHarness.agents)
        var parts: [RunReport] = []
        for part in 1...10 {
            // 2 s left: the margin (2 s at the least) is reached after the first row.
            let report = try await harness.runner().handle(record, invocation: harness.invocation("part\(part)", seconds: 2),
                                                          logger: harness.logger)
            parts.append(report)
            guard report.status == .continued, let continuation = report.continuation else { break }
            let listed = try await harness.s3(harness.transport).listObjects(bucket: RunHarness.bucket, prefix: continuation)
            #expect(listed.map(\.key) == [continuation])
            record = S3Event.Record(eventName: "ObjectCreated:Put", bucket: RunHarness.bucket, key: continuation)
        }
        #expect(parts.count >= 3)
        #expect(parts.dropLast().allSatisfy { $0.status == .continued })
        #expect(parts.last?.status == .completed)
        #expect(parts.last?.parts == parts.count)
        let state = try await harness.state()
        #expect(state == clean.state, "\(state)\nclean:\n\(clean.state)")
        #expect(harness.app.callLog.all.filter { $0.operation == "CreateUser" }.count == 4)  // each valid row once (jdoe's is refused)
    }

    /// The owner freezes (its S3 writes and its CreateUser held), its lease goes stale, another
    /// invocation takes the job over and finishes it; when the first wakes it stops, writing
    /// nothing.
    @Test func aLostLeaseStopsTheLoserWithNoOutput() async throws {
        let clean = try await Self.cleanRun()
        let harness = try RunHarness()
        let record = try await harness.upload(RunHarness.agents)

        let frozen = Gate()
        let writes = S3Faults(harness.transport, allowed: .max, mode: .before)
        let loserS3 = GatedTransport(writes, gate: frozen) { $0.method != .GET && $0.method != .HEAD && writes.writesSeen >= 1 }
        let loserConnect = GatedTransport(harness.transport, gate: frozen) { $0.method == .PUT && $0.url.contains("/users/") }
        let loser = Task {
            try await harness.runner(s3: loserS3, connect: loserConnect)
                .handle(record, invocation: harness.invocation("loser"), logger: harness.logger)
        }
        // Rows are worked on side by side: every row's CreateUser (4) is in the window, frozen.
        try await eventually("the loser to freeze in its CreateUser calls") { frozen.waiting == 4 }
        try await eventually("the loser's heartbeat to sleep") { harness.clock.sleeping == 1 }
        harness.clock.advance(by: .seconds(11))  // its heartbeat wakes and freezes too; the lease goes stale
        try await eventually("the loser's heartbeat to freeze") { frozen.waiting == 5 }
        let winner = try await harness.runner().handle(record, invocation: harness.invocation("winner"), logger: harness.logger)
        #expect(winner.status == .completed)
        let before = writes.writesSeen

        frozen.open()
        let lost = try await loser.value
        #expect(lost.status == .duplicate)
        #expect(writes.writesSeen - before <= 1, "only the heartbeat that finds the lease gone may be tried")
        #expect(try await harness.state() == clean.state)
    }
}
