@testable import BulkEngine
import TestSupport
import Testing

@Suite struct JobLedgerTests {
    static let job = JobLedger.jobID(key: "create/agents.csv", version: "0055AED6DCD90C5E69")

    @Test func aJobIsTheKeyAndTheWriteThatPutItThere() {
        #expect(Self.job.count == 16)
        #expect(Self.job.allSatisfy { $0.isHexDigit })
        #expect(JobLedger.jobID(key: "create/agents.csv", version: "0055AED6DCD90C5E69") == Self.job)
        #expect(JobLedger.jobID(key: "create/agents.csv", version: "0055AED6DCD90C5E70") != Self.job)
        #expect(JobLedger.jobID(key: "update/agents.csv", version: "0055AED6DCD90C5E69") != Self.job)
    }

    @Test func continuationKeysStayInTheFolderAndNameTheirJob() {
        let second = JobLedger.continuationKey(input: "create/team/agents.csv", part: 2, job: Self.job)
        #expect(second == "create/team/agents.part2-\(Self.job).csv")
        let parsed = JobLedger.parseContinuation(second)
        #expect(parsed?.stem == "create/team/agents" && parsed?.part == 2 && parsed?.job == Self.job)
        // The next part of a part keeps the original stem.
        #expect(JobLedger.continuationKey(input: second, part: 3, job: Self.job) == "create/team/agents.part3-\(Self.job).csv")
        #expect(InputRoute(key: second) == .create)
    }

    @Test(arguments: [
        "create/agents.csv", "create/agents.part2.csv", "create/agents.part1-0123456789abcdef.csv",
        "create/agents.part2-0123456789ABCDEF.csv", "create/agents.part2-0123456789abcde.csv",
        "create/agents-0123456789abcdef.csv", "create/agents.partx-0123456789abcdef.csv",
        "create/agents.part2-0123456789abcdef.csv.bak",
    ])
    func otherNamesAreNotContinuations(_ key: String) {
        #expect(JobLedger.parseContinuation(key) == nil)
    }

    static func ledger(owner: String? = "a", heartbeatMs: Int64 = 100_000) -> JobLedger {
        var ledger = JobLedger(job: job, input: "create/agents.csv", inputETag: "e", startedAtMs: 0, owner: "a")
        ledger.owner = owner
        ledger.heartbeatMs = heartbeatMs
        return ledger
    }

    @Test func theCurrentPartIsClaimedOnlyOnceTheLeaseIsFreeOrStale() {
        let live = Self.ledger()
        #expect(live.decision(for: "create/agents.csv", nowMs: 105_000, leaseTimeoutMs: 10_000) == .wait)
        #expect(live.decision(for: "create/agents.csv", nowMs: 110_000, leaseTimeoutMs: 10_000) == .claim)
        #expect(Self.ledger(owner: nil).decision(for: "create/agents.csv", nowMs: 100_001, leaseTimeoutMs: 10_000) == .claim)
    }

    @Test func aJobThatMovedOnSkipsItsEarlierParts() {
        var ledger = Self.ledger(owner: nil)
        let second = JobLedger.continuationKey(input: ledger.input, part: 2, job: Self.job)
        let third = JobLedger.continuationKey(input: ledger.input, part: 3, job: Self.job)
        ledger.continuations = [second, third]
        ledger.partKey = third
        ledger.part = 3
        #expect(ledger.decision(for: third, nowMs: 100_000, leaseTimeoutMs: 10_000) == .claim)
        guard case .skip = ledger.decision(for: "create/agents.csv", nowMs: 100_000, leaseTimeoutMs: 10_000) else {
            Issue.record("the original input must be skipped once the job moved on")
            return
        }
        guard case .skip = ledger.decision(for: second, nowMs: 100_000, leaseTimeoutMs: 10_000) else {
            Issue.record("an earlier part must be skipped")
            return
        }
        // Once the outputs are being written, any part's event may finish them.
        ledger.phase = .outputs
        #expect(ledger.decision(for: "create/agents.csv", nowMs: 100_000, leaseTimeoutMs: 10_000) == .claim)
        #expect(ledger.decision(for: second, nowMs: 100_000, leaseTimeoutMs: 10_000) == .claim)
    }

    @Test func aPartWrittenBeforeItsWriterStoppedWaitsForTheLeaseThenIsSkipped() {
        let ledger = Self.ledger()
        let orphan = JobLedger.continuationKey(input: ledger.input, part: 2, job: Self.job)
        #expect(ledger.decision(for: orphan, nowMs: 101_000, leaseTimeoutMs: 10_000) == .wait)
        guard case .skip = ledger.decision(for: orphan, nowMs: 111_000, leaseTimeoutMs: 10_000) else {
            Issue.record("with the lease stale, the orphan part is left to its writer's retry")
            return
        }
    }

    @Test func settlingCountsEachOutcome() {
        var ledger = Self.ledger()
        ledger.settle(.created, position: 0, record: CSVRecord(line: 2, fields: ["a"]))
        ledger.settle(.updated, position: 1, record: CSVRecord(line: 3, fields: ["b"]))
        ledger.settle(.unchanged, position: 2, record: CSVRecord(line: 4, fields: ["c"]))
        ledger.settle(.failed("no"), position: 3, record: CSVRecord(line: 5, fields: ["d"]))
        #expect((ledger.created, ledger.updated, ledger.unchanged, ledger.failed) == (1, 1, 1, 1))
        #expect(ledger.failures == [JobLedger.Failure(position: 3, line: 5, fields: ["d"], reason: "no")])
    }

    @Test func theMarginIsAFifthOfTheInvocationBetweenTwoSecondsAndAMinute() {
        let zero = ManualClock(startMs: 0)
        #expect(InvocationBudget(requestID: "r", deadlineMs: 900_000, time: zero).marginMs == 60_000)
        #expect(InvocationBudget(requestID: "r", deadlineMs: 20_000, time: zero).marginMs == 4_000)
        #expect(InvocationBudget(requestID: "r", deadlineMs: 3_000, time: zero).marginMs == 2_000)
        let clock = ManualClock(startMs: 0)
        let budget = InvocationBudget(requestID: "r", deadlineMs: 20_000, time: clock)
        clock.advance(by: .milliseconds(15_999))
        #expect(budget.hasTime)
        clock.advance(by: .milliseconds(1))
        #expect(!budget.hasTime)
    }
}

/// The keeper's writes: one at a time, in order, whoever asks (a beat or a checkpoint).
@Suite(.timeLimit(.minutes(1)))
struct LedgerKeeperWriteTests {
    @Test func checkpointsDuringTheHeartbeatNeverRaceItAndTheHeartbeatEndsWithItsWork() async throws {
        let harness = try RunHarness()
        let store = try harness.s3(harness.transport)
        let ledger = JobLedger(job: "j1", input: "delete/a.csv", inputETag: "e", startedAtMs: harness.clock.nowMs, owner: "me")
        let keeper = try #require(try await LedgerKeeper.create(ledger, store: store, bucket: RunHarness.bucket, owner: "me",
                                                                time: harness.clock, logger: harness.logger))
        try await keeper.withHeartbeat {
            // Beats and saves asked for at once: each write waits for the one before it, so
            // every one of them replaces the version the keeper wrote last.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        keeper.update { $0.notes.append("n\(index)") }
                        try await keeper.save()
                    }
                    if index % 5 == 0 { harness.clock.advance(by: LedgerKeeper.heartbeat) }
                }
                try await group.waitForAll()
            }
        }
        #expect(!keeper.isLost)
        let (stored, _) = try #require(try await LedgerKeeper.read(store: store, bucket: RunHarness.bucket, job: "j1"))
        #expect(Set(stored.notes) == Set((0..<20).map { "n\($0)" }))
        // No beat after the work: the clock moves on and nothing more is written.
        let before = try await store.object(bucket: RunHarness.bucket, key: JobLedger.key(job: "j1")).eTag
        harness.clock.advance(by: LedgerKeeper.heartbeat * 3)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await store.object(bucket: RunHarness.bucket, key: JobLedger.key(job: "j1")).eTag == before)
    }
}
