import ConnectClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONLog

/// One kind of job: what a row of its folder means and how it is carried out. Each kind is one
/// file in this folder; the event, the ledger and its lease, parts and the outputs are the
/// shared run's (`OwnedJob`), the same for every kind.
///
/// The run calls `plan` once per part, then `carryOut` for each row it takes, in file order,
/// and records each outcome in the ledger. A kind must be safe to carry out again for a row
/// whose outcome was not recorded (a restart re-sends at most the rows since the last write).
protocol JobKind: Sendable {
    /// What a valid row comes to: the call or calls it will make.
    associatedtype Step: Sendable
    /// What the kind keeps across the parts and restarts of one job (`JobContext.checkpoint`,
    /// `savedState`); the run stores it in the ledger and never reads it.
    associatedtype SavedState: Codable & Sendable = NoSavedState
    /// What `carryOut` may ask of Amazon Connect: every operation, or only the reads (a plan's),
    /// so that a kind that must change nothing cannot compile a change.
    associatedtype Connect: Sendable = any ConnectAPI

    /// The run's Connect API as this kind may use it.
    static func narrow(_ connect: any ConnectAPI) -> Connect

    /// Looks up what the rows need and plans every row of `sheet`: its step, or the problem
    /// that keeps it from costing a call. Rows before `start` were settled by an earlier
    /// invocation; a kind need not read anything for them.
    /// - Throws: when the look-ups fail; every row not settled yet then fails with the reason.
    func plan(_ sheet: AgentSheet, from start: Int, in job: ReadingContext) async throws -> [Result<Step, RowProblem>]

    /// Carries out one row's step; the outcome is the row's.
    func carryOut(_ step: Step, row: AgentRow, in job: JobContext<Connect>) async -> RowOutcome
}

extension JobKind where Connect == any ConnectAPI {
    static func narrow(_ connect: any ConnectAPI) -> any ConnectAPI { connect }
}

/// The saved state of a kind that keeps none.
struct NoSavedState: Codable, Sendable {}

/// Thrown by a kind's `plan`, before any call, to refuse the whole file: the run keeps it
/// unchanged under `failed/`, and the summary says `description` (why, and how to proceed).
struct JobRefused: Error, CustomStringConvertible {
    let description: String
}

/// What a kind works with: the instance and its API (`Connect`: every operation, or the
/// reads only), the invocation's logger, and the notes it may add to the job's summary.
struct JobContext<Connect: Sendable>: Sendable {
    let connect: Connect
    let instanceID: String
    let logger: Logger
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

/// A context whose Connect API only reads: every kind's look-ups (`plan`), a plan job's rows,
/// an export.
typealias ReadingContext = JobContext<any ConnectReading>
/// A context whose Connect API changes the instance: a real job's rows.
typealias WritingContext = JobContext<any ConnectAPI>

extension JobContext where Connect == any ConnectAPI {
    /// The same context, reading only.
    var reading: ReadingContext { with(connect as any ConnectReading) }
}
