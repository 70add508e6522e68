#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// The names of everything a run writes, from the input's key and the moment of the run.
///
/// `<dateTime>` is UTC, sortable and without `:` (`20261125T093000.123Z`). Every output is
/// written with `If-None-Match: *`, so an existing object is never overwritten; when a name is
/// taken, `attempt` adds `-2`, `-3`... before the extension.
package struct OutputNames: Sendable, Equatable {
    /// `create/`, `update/`, `plan/update/`.
    package let folder: String
    /// The input's name without folder and `.csv`: `agents` for `create/team/agents.csv`
    /// (subfolders are kept: `team/agents`).
    package let name: String
    package let dateTime: String

    package init(inputKey: String, at date: Date) {
        // `plan/update/agents.csv` is in the folder `plan/update/`.
        let folderDepth = inputKey.hasPrefix("plan/") ? 2 : 1
        var slash = inputKey.startIndex
        for _ in 0 ..< folderDepth {
            guard let next = inputKey[slash...].firstIndex(of: "/") else { break }
            slash = inputKey.index(after: next)
        }
        folder = String(inputKey[..<slash])
        var rest = String(inputKey[slash...])
        if rest.lowercased().hasSuffix(".csv") { rest.removeLast(4) }
        name = rest
        dateTime = Self.stamp(date)
    }

    /// `failed/failedActions-<dateTime>.csv.bak`
    package func failureFile(attempt: Int = 1) -> String { key("failed/", "failedActions", ".csv.bak", attempt) }

    /// A plan job's plan: `results/<name>-<dateTime>.plan.csv`
    package func planFile(attempt: Int = 1) -> String { key("results/", name, ".plan.csv", attempt) }

    /// `<folder>/<name>-<dateTime>.csv.bak`
    package func processedInput(attempt: Int = 1) -> String { key(folder, name, ".csv.bak", attempt) }

    /// A malformed input, kept untouched: `failed/<name>-<dateTime>.csv.bak`.
    package func rejectedInput(attempt: Int = 1) -> String { key("failed/", name, ".csv.bak", attempt) }

    /// `results/<name>-<dateTime>.json`
    package func summary(attempt: Int = 1) -> String { key("results/", name, ".json", attempt) }

    /// `exports/agents-<dateTime>.csv`
    package func export(attempt: Int = 1) -> String { key("exports/", "agents", ".csv", attempt) }

    /// `<prefix><stem>-<dateTime>[-<attempt>]<ending>`: the first attempt has no number.
    private func key(_ prefix: String, _ stem: String, _ ending: String, _ attempt: Int) -> String {
        "\(prefix)\(stem)-\(dateTime)\(Self.suffix(attempt))\(ending)"
    }

    private static func suffix(_ attempt: Int) -> String { attempt <= 1 ? "" : "-\(attempt)" }

    static func stamp(_ date: Date) -> String {
        let time = UTCDateTime(date)
        let milliseconds = Int(((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1000).rounded(.down))
        let ms = String(min(999, milliseconds))
        return time.sigV4Timestamp.dropLast() + "." + String(repeating: "0", count: 3 - ms.count) + ms + "Z"
    }
}
