import ConnectClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONLog

/// What a kind works with: the instance and its API (`Connect`: every operation, or the
/// reads only), the invocation's logger, and the notes it may add to the job's summary.
struct JobContext<Connect: Sendable>: Sendable {
    let connect: Connect
    let instanceID: String
    let logger: JSONLogger
    let keeper: LedgerKeeper
    /// How long a change just made may take to show (`ConsistencyWindow`).
    var consistency = ConsistencyWindow()

    /// The same context for another view of the same Connect API.
    func with<Other>(_ connect: Other) -> JobContext<Other> {
        JobContext<Other>(connect: connect, instanceID: instanceID, logger: logger, keeper: keeper, consistency: consistency)
    }

    /// Whether the job starts here: its first part, from its first row, with no state saved.
    func startsAfresh(from start: Int) -> Bool {
        let ledger = keeper.ledger
        return ledger.part == 1 && start == 0 && ledger.kindState == nil
    }

    /// The kind's state as its last `checkpoint` in this job (any part, any invocation) saved it.
    func savedState<State: Codable>(_ type: State.Type) throws -> State? {
        guard let text = keeper.ledger.kindState else { return nil }
        do {
            return try JSONDecoder().decode(State.self, from: Data(text.utf8))
        } catch {
            throw LedgerKeeper.LedgerUnreadable(key: JobLedger.key(job: keeper.ledger.job))
        }
    }

    /// Saves `state` for the rest of the job and writes the ledger now (after any write under
    /// way): what a later part, or a restart, finds with `savedState`. Kinds call it before the
    /// changes the state guards.
    func checkpoint<State: Codable>(_ state: State) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(state), as: UTF8.self)
        keeper.update { $0.kindState = text }
        try await keeper.save()
    }

    /// A note for the job's summary, once however often it is made.
    func note(_ text: String) {
        keeper.update { ledger in
            if !ledger.notes.contains(text) { ledger.notes.append(text) }
        }
    }

    /// One more update row whose password cell was ignored (the summary says how many).
    func countIgnoredPassword() {
        keeper.update { $0.passwordsIgnored += 1 }
    }
}

extension JobContext where Connect == any ConnectAPI {
    /// The same context, reading only.
    var reading: ReadingContext { with(connect as any ConnectReading) }
}
