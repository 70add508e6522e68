import AWSCore
import JSONLog
import S3Client
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The lease on one job's ledger, held by this invocation: the ledger in memory, written back
/// every `heartbeat` while rows are processed and at each step of the outputs.
///
/// Writes go out one at a time, in the order asked (the heartbeat's and `save()`'s alike: each
/// waits for the one before it), so a checkpoint never races a beat. Each write is conditional
/// on the version this keeper wrote last; one that finds another version means someone took
/// the lease over, and `isLost` turns true: the caller stops taking rows and writes no outputs.
/// The heartbeat lasts exactly as long as the work it is given (`withHeartbeat`).
package final class LedgerKeeper: Sendable {
    /// How often the owner rewrites the ledger while it works.
    package static let heartbeat: Duration = .seconds(2)
    /// How old a ledger must be before another invocation may take it over: five missed
    /// heartbeats, so a slow write or a long retry never loses a live owner its lease.
    package static let leaseTimeout: Duration = .seconds(10)
    package static var leaseTimeoutMs: Int64 { Int64(leaseTimeout / .milliseconds(1)) }

    struct State {
        var ledger: JobLedger
        var eTag: String
        var lost = false
        var stopping = false
    }

    let store: any ObjectStore
    let bucket: String
    let owner: String
    let time: any TimeSource
    let logger: JSONLogger
    private let state: Mutex<State>
    private let heartbeatTask = Mutex<Task<Void, Never>?>(nil)
    /// The last write asked for: the next one starts when it has ended.
    private let lastWrite = Mutex<Task<Void, Never>?>(nil)

    init(store: any ObjectStore, bucket: String, ledger: JobLedger, eTag: String, owner: String,
         time: any TimeSource, logger: JSONLogger) {
        self.store = store
        self.bucket = bucket
        self.owner = owner
        self.time = time
        self.logger = logger
        state = Mutex(State(ledger: ledger, eTag: eTag))
    }

    package var ledger: JobLedger { state.withLock { $0.ledger } }
    package var isLost: Bool { state.withLock { $0.lost } }

    package func update(_ change: (inout JobLedger) -> Void) {
        state.withLock { change(&$0.ledger) }
    }

    // MARK: Reading and claiming

    package struct LeaseLost: Error, CustomStringConvertible {
        package var description: String { "another invocation took over this file's ledger; this one stopped" }
    }

    static func read(store: any ObjectStore, bucket: String, job: String) async throws -> (JobLedger, eTag: String)? {
        let stored: StoredObject
        do {
            stored = try await store.object(bucket: bucket, key: JobLedger.key(job: job))
        } catch where error.isNoSuchKey {
            return nil
        }
        do {
            return (try JSONDecoder().decode(JobLedger.self, from: Data(stored.body)), stored.eTag)
        } catch {
            throw LedgerUnreadable(key: JobLedger.key(job: job))
        }
    }

    struct LedgerUnreadable: Error, CustomStringConvertible {
        let key: String
        var description: String {
            "the progress object \(key) is not a ledger this function wrote; delete it and drop the file again"
        }
    }

    /// Creates the ledger of a new job; nil when one exists already.
    static func create(_ ledger: JobLedger, store: any ObjectStore, bucket: String, owner: String,
                       time: any TimeSource, logger: JSONLogger) async throws -> LedgerKeeper? {
        let keeper = LedgerKeeper(store: store, bucket: bucket, ledger: ledger, eTag: "", owner: owner, time: time, logger: logger)
        return try await keeper.write(condition: .ifAbsent) ? keeper : nil
    }

    /// Takes over an existing ledger (read as version `eTag`); nil when someone else wrote it
    /// in the meantime.
    static func takeOver(_ ledger: JobLedger, eTag: String, store: any ObjectStore, bucket: String, owner: String,
                         time: any TimeSource, logger: JSONLogger) async throws -> LedgerKeeper? {
        var ledger = ledger
        ledger.owner = owner
        let keeper = LedgerKeeper(store: store, bucket: bucket, ledger: ledger, eTag: eTag, owner: owner, time: time, logger: logger)
        return try await keeper.write(condition: .ifMatch(eTag: eTag)) ? keeper : nil
    }

    // MARK: Writing

    /// Writes the ledger as it is now, after any write already under way. Throws `LeaseLost`
    /// when another invocation owns it.
    package func save() async throws {
        let write: Task<Void, any Error> = lastWrite.withLock { last in
            let previous = last
            let write = Task {
                await previous?.value
                let eTag = self.state.withLock { $0.eTag }
                guard try await self.write(condition: .ifMatch(eTag: eTag)) else {
                    self.state.withLock { $0.lost = true }
                    throw LeaseLost()
                }
            }
            last = Task { _ = try? await write.value }
            return write
        }
        // Never cancelled half-way: a write that was sent ends, whoever waits for it.
        try await write.value
    }

    /// Writes the current ledger under `condition`; false when the condition failed and what
    /// is there is not this write landing twice (a retry after a lost answer).
    private func write(condition: WriteCondition) async throws -> Bool {
        let now = time.nowMs
        let snapshot = state.withLock { state -> JobLedger in
            state.ledger.heartbeatMs = now
            return state.ledger
        }
        let body = Self.encode(snapshot)
        do {
            let eTag = try await store.putObject(bucket: bucket, key: JobLedger.key(job: snapshot.job), body: body,
                                                 contentType: "application/json", condition: condition)
            state.withLock { $0.eTag = eTag }
            return true
        } catch where error.isNoSuchKey {
            // Replacing a ledger that is gone: whoever took the lease over finished the job.
            return false
        } catch where error.isPreconditionFailed || error.isConditionalConflict {
            // The first attempt may have landed and its answer been lost.
            guard let stored = try? await store.object(bucket: bucket, key: JobLedger.key(job: snapshot.job)),
                  stored.body == body else { return false }
            state.withLock { $0.eTag = stored.eTag }
            return true
        }
    }

    /// Deletes the ledger: the job is over.
    package func finish() async throws {
        try await store.deleteObject(bucket: bucket, key: JobLedger.key(job: ledger.job))
    }

    static func encode(_ ledger: JobLedger) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(ledger)) ?? Data())
    }

    // MARK: Heartbeat

    /// `work`, with the ledger rewritten every `heartbeat` meanwhile (keeping the lease and the
    /// progress fresh); the heartbeat ends with it, its last write ended too, whatever `work`
    /// throws.
    package func withHeartbeat<Result>(_ work: () async throws -> Result) async rethrows -> Result {
        startHeartbeat()
        do {
            let result = try await work()
            await stopHeartbeat()
            return result
        } catch {
            await stopHeartbeat()
            throw error
        }
    }

    private func startHeartbeat() {
        state.withLock { $0.stopping = false }
        let task = Task {
            while true {
                do {
                    try await self.time.sleep(for: Self.heartbeat)
                } catch {
                    return  // stopped while asleep
                }
                if self.state.withLock({ $0.stopping || $0.lost }) { return }
                do {
                    try await self.save()
                } catch is LeaseLost {
                    self.logger.warn("lease lost", ["job": .string(self.ledger.job)])
                    return
                } catch {
                    // S3 failed past its retries: try again at the next beat; the lease lasts
                    // five beats.
                    self.logger.warn("ledger not written", ["job": .string(self.ledger.job), "error": .string("\(error)")])
                }
            }
        }
        heartbeatTask.withLock { $0 = task }
    }

    /// Stops the heartbeat and waits for its current write (if any) to end.
    private func stopHeartbeat() async {
        state.withLock { $0.stopping = true }
        let task = heartbeatTask.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }
}
